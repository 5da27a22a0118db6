import { Router } from 'express';
import { AppError } from '../errors.js';
import type { Role } from '../http/principal.js';
import { CdrListQuery } from './schema.js';
import type { CdrService } from './service.js';

/** Call records carry every caller's number: supervisors and admins only. */
const READERS: readonly Role[] = ['admin', 'supervisor'];

/**
 * Mounted at /api/v1/cdrs behind `authenticate` by the composition root. The
 * role check is here because createCdr's deps (fixed by main.ts) carry no requireRole.
 */
export function createCdrRouter(service: CdrService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const p = req.principal;
    if (!p) throw new AppError('unauthorized', 'login required');
    if (!READERS.includes(p.role))
      throw new AppError('forbidden', 'call records need the supervisor or admin role');
    res.json(await service.list(CdrListQuery.parse(req.query)));
  });
  return router;
}
