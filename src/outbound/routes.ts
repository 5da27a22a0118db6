import type { RequestHandler } from 'express';
import { Router } from 'express';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { DenyList, MatchQuery, RouteCreate, RouteOrder, RouteUpdate } from './schema.js';
import type { createOutboundService } from './service.js';

type Service = ReturnType<typeof createOutboundService>;

export function outboundRoutes(service: Service, requireRole: (...roles: Role[]) => RequestHandler): Router {
  const r = Router();

  r.get('/', requireRole('admin', 'supervisor'), (_req, res) => {
    res.json(service.list());
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    res.status(201).json(await service.create(RouteCreate.parse(req.body), actorOf(req)));
  });

  r.get('/deny-list', requireRole('admin', 'supervisor'), (_req, res) => {
    res.json(service.denyList());
  });

  r.put('/deny-list', requireRole('admin'), async (req, res) => {
    res.json(await service.setDenyList(DenyList.parse(req.body).patterns, actorOf(req)));
  });

  r.put('/order', requireRole('admin'), async (req, res) => {
    res.json(await service.reorder(RouteOrder.parse(req.body).ids, actorOf(req)));
  });

  r.get('/match', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.match(MatchQuery.parse(req.query).number));
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.get(idParam(req.params.id)));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    const id = idParam(req.params.id);
    service.get(id);
    res.json(await service.update(id, RouteUpdate.parse(req.body), actorOf(req)));
  });

  r.delete('/:id', requireRole('admin'), async (req, res) => {
    await service.remove(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  return r;
}
