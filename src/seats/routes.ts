import type { RequestHandler } from 'express';
import { Router } from 'express';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { SeatCreate, SeatListQuery, SeatUpdate } from './schema.js';
import type { createSeatService } from './service.js';

type Service = ReturnType<typeof createSeatService>;

export function seatRoutes(service: Service, requireRole: (...roles: Role[]) => RequestHandler): Router {
  const r = Router();
  const isAdmin = (req: Parameters<RequestHandler>[0]) => req.principal?.role === 'admin';

  r.get('/', requireRole('admin', 'supervisor'), (req, res) => {
    const q = SeatListQuery.parse(req.query);
    res.json(service.list(q.q ?? '', q.limit, q.offset, isAdmin(req)));
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    const seat = await service.create(SeatCreate.parse(req.body), actorOf(req));
    res.status(201).json(service.view(seat, true));
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.view(service.get(idParam(req.params.id)), isAdmin(req)));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    const seat = await service.update(idParam(req.params.id), SeatUpdate.parse(req.body), actorOf(req));
    res.json(service.view(seat, true));
  });

  r.delete('/:id', requireRole('admin'), async (req, res) => {
    await service.remove(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  return r;
}
