import { AppError } from '../errors.js';
import { type ApiRouter, apiRouter, READERS, type RequireRole, STAFF } from '../kit/router.js';
import { CallListQuery, QueueFiguresQuery } from './schema.js';
import type { CallsService } from './service.js';

/**
 * Mounted at /api/v1/calls. Supervisors and admins see every call; an agent
 * sees only the calls their own seat took (the agent filter is forced).
 */
export function createCallsRouter(
  service: CallsService,
  requireRole: RequireRole,
  seatOfUser: (userId: number) => string | null,
): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      {
        summary: 'List calls',
        description: 'Agents see only the calls their own seat took.',
        access: STAFF,
        query: CallListQuery,
      },
      ({ req, query: q }) => {
        const p = req.principal!;
        if (p.role === 'agent') {
          const seat = seatOfUser(p.userId);
          if (!seat) throw new AppError('forbidden', 'your user has no seat');
          if (q.agent !== undefined && q.agent !== seat) {
            throw new AppError('forbidden', 'agents see only their own calls', { field: 'agent' });
          }
          q.agent = seat;
        }
        return service.list(q);
      },
    )
    .route(
      'get',
      '/figures',
      {
        summary: 'Per-queue service level, abandon rate, ASA and AHT of a period',
        access: READERS,
        query: QueueFiguresQuery,
      },
      ({ query }) => service.queueFigures(query),
    );
}
