import type { RequestHandler } from 'express';
import { Router } from 'express';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { E1TrunkUpdate, SipTrunkUpdate, TrunkCreate, TrunkListQuery } from './schema.js';
import type { createTrunkService } from './service.js';

type Service = ReturnType<typeof createTrunkService>;

export function trunkRoutes(service: Service, requireRole: (...roles: Role[]) => RequestHandler): Router {
  const r = Router();
  const isAdmin = (req: Parameters<RequestHandler>[0]) => req.principal?.role === 'admin';
  /** `?confirm=true`: the admin accepts that live E1 calls drop (only E1 changes ask). */
  const confirm = (req: Parameters<RequestHandler>[0]) => ({ confirm: req.query.confirm === 'true' });

  r.get('/', requireRole('admin', 'supervisor'), (req, res) => {
    const q = TrunkListQuery.parse(req.query);
    res.json(service.list(q.limit, q.offset, isAdmin(req)));
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    const trunk = await service.create(TrunkCreate.parse(req.body), actorOf(req), confirm(req));
    res.status(201).json(service.view(trunk, true));
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.view(service.get(idParam(req.params.id)), isAdmin(req)));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    const id = idParam(req.params.id);
    const trunk =
      service.get(id).kind === 'e1'
        ? await service.updateE1(id, E1TrunkUpdate.parse(req.body), actorOf(req), confirm(req))
        : await service.update(id, SipTrunkUpdate.parse(req.body), actorOf(req));
    res.json(service.view(trunk, true));
  });

  r.delete('/:id', requireRole('admin'), async (req, res) => {
    await service.remove(idParam(req.params.id), actorOf(req), confirm(req));
    res.status(204).end();
  });

  return r;
}
