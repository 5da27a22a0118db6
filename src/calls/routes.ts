import { type RequestHandler, Router } from 'express';
import { AppError } from '../errors.js';
import type { Role } from '../http/principal.js';
import { CallListQuery, QueueFiguresQuery } from './schema.js';
import type { CallsService } from './service.js';

/**
 * Mounted at /api/v1/calls. Supervisors and admins see every call; an agent
 * sees only the calls their own seat took (the agent filter is forced).
 */
export function createCallsRouter(
  service: CallsService,
  requireRole: (...roles: Role[]) => RequestHandler,
  seatOfUser: (userId: number) => string | null,
): Router {
  const router = Router();
  router.get('/', requireRole('admin', 'supervisor', 'agent'), async (req, res) => {
    const q = CallListQuery.parse(req.query);
    const p = req.principal!;
    if (p.role === 'agent') {
      const seat = seatOfUser(p.userId);
      if (!seat) throw new AppError('forbidden', 'your user has no seat');
      if (q.agent !== undefined && q.agent !== seat) {
        throw new AppError('forbidden', 'agents see only their own calls', { field: 'agent' });
      }
      q.agent = seat;
    }
    res.json(await service.list(q));
  });
  /** Per-queue service level, abandon rate, ASA and AHT of a period (docs/metrics.md). */
  router.get('/figures', requireRole('admin', 'supervisor'), async (req, res) => {
    res.json(await service.queueFigures(QueueFiguresQuery.parse(req.query)));
  });
  return router;
}
