import { type RequestHandler, Router } from 'express';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { ListQuery, QueueCreate, QueueUpdate } from './schema.js';
import type { QueueService } from './service.js';

/** Admins configure queues; supervisors read them. */
export function queueRoutes(
  service: QueueService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();
  const read = requireRole('admin', 'supervisor');
  const write = requireRole('admin');

  r.get('/', read, (req, res) => {
    const q = ListQuery.parse(req.query);
    res.json(service.list(q.q?.trim() || undefined, q.limit, q.offset));
  });

  r.post('/', write, async (req, res) => {
    const q = await service.create(QueueCreate.parse(req.body ?? {}), actorOf(req));
    res.status(201).json(service.view(q));
  });

  r.get('/:id', read, (req, res) => {
    res.json(service.view(service.get(idParam(req.params.id))));
  });

  r.patch('/:id', write, async (req, res) => {
    const id = idParam(req.params.id);
    res.json(service.view(await service.update(id, QueueUpdate.parse(req.body ?? {}), actorOf(req))));
  });

  r.delete('/:id', write, async (req, res) => {
    await service.remove(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  return r;
}
