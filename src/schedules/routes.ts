import type { RequestHandler } from 'express';
import { Router } from 'express';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { ListQuery, ScheduleCreate, ScheduleUpdate, StatusQuery } from './schema.js';
import type { ScheduleService } from './service.js';

export function scheduleRoutes(
  service: ScheduleService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();

  r.get('/', requireRole('admin', 'supervisor'), (req, res) => {
    const q = ListQuery.parse(req.query);
    res.json(service.list(q.limit, q.offset));
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    res.status(201).json(await service.create(ScheduleCreate.parse(req.body), actorOf(req)));
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.get(idParam(req.params.id)));
  });

  r.get('/:id/status', requireRole('admin', 'supervisor'), (req, res) => {
    const q = StatusQuery.parse(req.query);
    res.json(service.status(idParam(req.params.id), q.at ? new Date(q.at) : undefined));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    res.json(await service.update(idParam(req.params.id), ScheduleUpdate.parse(req.body), actorOf(req)));
  });

  r.delete('/:id', requireRole('admin'), async (req, res) => {
    await service.remove(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  return r;
}
