import { type RequestHandler, Router } from 'express';
import type { Role } from '../http/principal.js';
import { CdrListQuery } from './schema.js';
import type { CdrService } from './service.js';

/** Mounted at /api/v1/cdrs. Call records carry every caller's number: supervisors and admins only. */
export function createCdrRouter(
  service: CdrService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const router = Router();
  router.get('/', requireRole('admin', 'supervisor'), async (req, res) => {
    res.json(await service.list(CdrListQuery.parse(req.query)));
  });
  return router;
}
