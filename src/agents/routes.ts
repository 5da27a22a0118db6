import { type Request, type RequestHandler, Router } from 'express';
import { AppError } from '../errors.js';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { AgentCreate, AgentUpdate, EventsQuery, ListQuery, PauseBody, PauseReasonCreate } from './schema.js';
import type { AgentService } from './service.js';

/**
 * Admins configure agents and pause reasons; supervisors read and change
 * any agent's state; an agent changes only their own (the seat of their user).
 */
export function agentRoutes(
  service: AgentService,
  requireRole: (...roles: Role[]) => RequestHandler,
  seatOfUser: (userId: number) => string | null,
): Router {
  const r = Router();
  const read = requireRole('admin', 'supervisor');
  const write = requireRole('admin');
  const anyone = requireRole('admin', 'supervisor', 'agent');

  const stateTarget = (req: Request) => {
    const id = idParam(req.params.id);
    const p = req.principal!;
    if (p.role === 'agent' && seatOfUser(p.userId) !== service.get(id).extension)
      throw new AppError('forbidden', 'agents may change only their own state');
    return id;
  };
  const stateAnswer = (x: { agent: Parameters<AgentService['view']>[0]; applied: boolean }) => ({
    ...service.view(x.agent),
    applied: x.applied,
  });

  r.get('/', read, (req, res) => {
    const q = ListQuery.parse(req.query);
    res.json(service.list(q.limit, q.offset));
  });
  r.post('/', write, async (req, res) => {
    res.status(201).json(service.view(await service.create(AgentCreate.parse(req.body ?? {}), actorOf(req))));
  });

  r.get('/pause-reasons', anyone, (_req, res) => {
    res.json({ items: service.reasons() });
  });
  r.post('/pause-reasons', write, async (req, res) => {
    res.status(201).json(await service.addReason(PauseReasonCreate.parse(req.body ?? {}), actorOf(req)));
  });
  r.delete('/pause-reasons/:id', write, async (req, res) => {
    await service.removeReason(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  r.get('/events', read, (req, res) => {
    const q = EventsQuery.parse(req.query);
    const agentId = q.agentId ?? null;
    const from = q.from?.getTime() ?? 0;
    const to = q.to?.getTime() ?? Date.now() + 1;
    res.json({ items: service.events(agentId, from, to, q.limit) });
  });

  r.get('/:id', anyone, (req, res) => {
    res.json(service.view(service.get(idParam(req.params.id))));
  });
  r.patch('/:id', write, async (req, res) => {
    const id = idParam(req.params.id);
    res.json(service.view(await service.update(id, AgentUpdate.parse(req.body ?? {}), actorOf(req))));
  });
  r.delete('/:id', write, async (req, res) => {
    await service.remove(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  r.post('/:id/login', anyone, async (req, res) => {
    res.json(stateAnswer(await service.login(stateTarget(req))));
  });
  r.post('/:id/logout', anyone, async (req, res) => {
    res.json(stateAnswer(await service.logout(stateTarget(req))));
  });
  r.post('/:id/pause', anyone, async (req, res) => {
    const id = stateTarget(req);
    res.json(stateAnswer(await service.pause(id, PauseBody.parse(req.body ?? {}).reason)));
  });
  r.post('/:id/unpause', anyone, async (req, res) => {
    res.json(stateAnswer(await service.unpause(stateTarget(req))));
  });

  return r;
}
