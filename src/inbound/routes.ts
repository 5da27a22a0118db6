import type { RequestHandler } from 'express';
import { Router } from 'express';
import { validation } from '../errors.js';
import type { Role } from '../http/principal.js';
import { InboundCreate, InboundUpdate, ListQuery } from './schema.js';
import type { InboundService } from './service.js';

export function inboundRoutes(
  service: InboundService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();
  const actor = (req: Parameters<RequestHandler>[0]) => ({ principal: req.principal!, ip: req.ip });

  r.get('/', requireRole('admin', 'supervisor'), (req, res) => {
    const q = ListQuery.parse(req.query);
    res.json(service.list(q.limit, q.offset));
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    res.status(201).json(await service.create(InboundCreate.parse(req.body), actor(req)));
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.get(routeId(req.params.id)));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    res.json(await service.update(routeId(req.params.id), InboundUpdate.parse(req.body), actor(req)));
  });

  r.delete('/:id', requireRole('admin'), async (req, res) => {
    await service.remove(routeId(req.params.id), actor(req));
    res.status(204).end();
  });

  return r;
}

function routeId(raw: unknown): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw validation('id', 'id must be a positive integer');
  return id;
}
