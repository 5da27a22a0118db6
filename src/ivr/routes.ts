import { type RequestHandler, Router } from 'express';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { IvrCreate, IvrListQuery, IvrUpdate } from './schema.js';
import type { IvrService } from './service.js';

/** /api/v1/ivrs: admins write, supervisors read. */
export function ivrRoutes(service: IvrService, requireRole: (...roles: Role[]) => RequestHandler): Router {
  const r = Router();

  r.get('/', requireRole('admin', 'supervisor'), (req, res) => {
    const q = IvrListQuery.parse(req.query);
    res.json(service.list(q.limit, q.offset));
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    const ivr = await service.create(IvrCreate.parse(req.body ?? {}), actorOf(req));
    res.status(201).json(service.view(ivr));
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.view(service.get(idParam(req.params.id))));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    const id = idParam(req.params.id);
    const ivr = await service.update(id, IvrUpdate.parse(req.body ?? {}), actorOf(req));
    res.json(service.view(ivr));
  });

  r.delete('/:id', requireRole('admin'), async (req, res) => {
    await service.remove(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  return r;
}
