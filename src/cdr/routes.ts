import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import { CdrListQuery } from './schema.js';
import type { CdrService } from './service.js';

/** Mounted at /api/v1/cdrs. Call records carry every caller's number: supervisors and admins only. */
export function createCdrRouter(
  service: CdrService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole).route(
    'get',
    '/',
    { summary: 'List call detail records', access: ['admin', 'supervisor'], query: CdrListQuery },
    ({ query }) => service.list(query),
  );
}
