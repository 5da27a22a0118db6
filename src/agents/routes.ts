import { AppError } from '../errors.js';
import {
  ADMINS,
  type ApiRouter,
  apiRouter,
  type Call,
  READERS,
  type RequireRole,
  STAFF,
} from '../kit/router.js';
import {
  AgentCreate,
  AgentListQuery,
  AgentUpdate,
  EventsQuery,
  PauseBody,
  PauseReasonCreate,
} from './schema.js';
import type { AgentService, StateChange } from './service.js';

/**
 * Admins configure agents and pause reasons; supervisors read and change
 * any agent's state; an agent changes only their own (the seat of their user).
 */
export function agentRoutes(
  service: AgentService,
  requireRole: RequireRole,
  seatOfUser: (userId: number) => string | null,
): ApiRouter {
  const stateTarget = (call: Call<unknown, unknown>) => {
    const id = call.id();
    const p = call.req.principal!;
    if (p.role === 'agent' && seatOfUser(p.userId) !== service.get(id).extension)
      throw new AppError('forbidden', 'agents may change only their own state');
    return id;
  };
  const stateAnswer = (x: StateChange) => ({ ...service.view(x.agent), applied: x.applied });
  const own = 'agents only their own';

  return (
    apiRouter(requireRole)
      .route('get', '/pause-reasons', { summary: 'List pause reasons', access: STAFF }, () => ({
        items: service.reasons(),
      }))
      .route(
        'post',
        '/pause-reasons',
        { summary: 'Add a pause reason', access: ADMINS, body: PauseReasonCreate, status: 201 },
        ({ body, actor }) => service.addReason(body, actor()),
      )
      .route(
        'delete',
        '/pause-reasons/:id',
        { summary: 'Delete a pause reason (not the one auto-pause uses)', access: ADMINS, status: 204 },
        ({ id, actor }) => service.removeReason(id(), actor()),
      )
      .route(
        'get',
        '/events',
        {
          summary: 'Agent state history (login, logout, pause, unpause)',
          access: READERS,
          query: EventsQuery,
        },
        ({ query }) => ({
          items: service.events(
            query.agentId ?? null,
            query.from?.getTime() ?? 0,
            query.to?.getTime() ?? Date.now() + 1,
            query.limit,
          ),
        }),
      )
      // unlike the list, one agent is open to agents too
      .route('get', '/:id', { summary: 'One agent', access: STAFF }, ({ id }) =>
        service.view(service.get(id())),
      )
      .crud({
        noun: 'an agent',
        service,
        view: service.view,
        except: ['get'],
        schemas: { list: AgentListQuery, create: AgentCreate, update: AgentUpdate },
        summaries: {
          create: 'Make a seat an agent, with its skills',
          update: 'Rename an agent or change its skills',
        },
      })
      .route(
        'post',
        '/:id/login',
        { summary: 'Log an agent in', description: own, access: STAFF },
        async (c) => stateAnswer(await service.login(stateTarget(c))),
      )
      .route(
        'post',
        '/:id/logout',
        { summary: 'Log an agent out', description: own, access: STAFF },
        async (c) => stateAnswer(await service.logout(stateTarget(c))),
      )
      .route(
        'post',
        '/:id/pause',
        { summary: 'Pause an agent with a reason', description: own, access: STAFF, body: PauseBody },
        async (c) => {
          const id = stateTarget(c);
          return stateAnswer(await service.pause(id, c.body.reason));
        },
      )
      .route(
        'post',
        '/:id/unpause',
        { summary: 'Unpause an agent', description: own, access: STAFF },
        async (c) => stateAnswer(await service.unpause(stateTarget(c))),
      )
  );
}
