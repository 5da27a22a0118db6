import type { RequestHandler } from 'express';
import { Router } from 'express';
import { validation } from '../errors.js';
import type { Role } from '../http/principal.js';
import { ListQuery, ScheduleCreate, ScheduleUpdate, StatusQuery } from './schema.js';
import type { ScheduleService } from './service.js';

export function scheduleRoutes(
  service: ScheduleService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();
  const actor = (req: Parameters<RequestHandler>[0]) => ({ principal: req.principal!, ip: req.ip });

  r.get('/', requireRole('admin', 'supervisor'), (req, res) => {
    const q = ListQuery.parse(req.query);
    res.json(service.list(q.limit, q.offset));
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    res.status(201).json(await service.create(ScheduleCreate.parse(req.body), actor(req)));
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.get(scheduleId(req.params.id)));
  });

  r.get('/:id/status', requireRole('admin', 'supervisor'), (req, res) => {
    const q = StatusQuery.parse(req.query);
    res.json(service.status(scheduleId(req.params.id), q.at ? new Date(q.at) : undefined));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    res.json(await service.update(scheduleId(req.params.id), ScheduleUpdate.parse(req.body), actor(req)));
  });

  r.delete('/:id', requireRole('admin'), async (req, res) => {
    await service.remove(scheduleId(req.params.id), actor(req));
    res.status(204).end();
  });

  return r;
}

function scheduleId(raw: unknown): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw validation('id', 'id must be a positive integer');
  return id;
}
