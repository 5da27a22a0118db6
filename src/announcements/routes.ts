import { type Request, type RequestHandler, Router } from 'express';
import { validation } from '../errors.js';
import type { Role } from '../http/principal.js';
import { AnnouncementCreate, AnnouncementListQuery, AnnouncementUpdate } from './schema.js';
import type { AnnouncementService } from './service.js';

export function announcementRoutes(
  service: AnnouncementService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();
  const actor = (req: Request) => ({ principal: req.principal!, ip: req.ip });

  r.get('/', requireRole('admin', 'supervisor'), (req, res) => {
    const q = AnnouncementListQuery.parse(req.query);
    res.json(service.list(q.limit, q.offset));
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    const a = await service.create(AnnouncementCreate.parse(req.body ?? {}), actor(req));
    res.status(201).json(service.view(a));
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.view(service.get(announcementId(req.params.id))));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    const id = announcementId(req.params.id);
    const a = await service.update(id, AnnouncementUpdate.parse(req.body ?? {}), actor(req));
    res.json(service.view(a));
  });

  r.delete('/:id', requireRole('admin'), async (req, res) => {
    await service.remove(announcementId(req.params.id), actor(req));
    res.status(204).end();
  });

  return r;
}

function announcementId(raw: unknown): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw validation('id', 'id must be a positive integer');
  return id;
}
