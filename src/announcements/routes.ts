import { type RequestHandler, Router } from 'express';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { AnnouncementCreate, AnnouncementListQuery, AnnouncementUpdate } from './schema.js';
import type { AnnouncementService } from './service.js';

export function announcementRoutes(
  service: AnnouncementService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();

  r.get('/', requireRole('admin', 'supervisor'), (req, res) => {
    const q = AnnouncementListQuery.parse(req.query);
    res.json(service.list(q.limit, q.offset));
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    const a = await service.create(AnnouncementCreate.parse(req.body ?? {}), actorOf(req));
    res.status(201).json(service.view(a));
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.view(service.get(idParam(req.params.id))));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    const id = idParam(req.params.id);
    const a = await service.update(id, AnnouncementUpdate.parse(req.body ?? {}), actorOf(req));
    res.json(service.view(a));
  });

  r.delete('/:id', requireRole('admin'), async (req, res) => {
    await service.remove(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  return r;
}
