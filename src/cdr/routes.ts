import { type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { CdrListQuery } from './schema.js';
import type { CdrService } from './service.js';

/** Mounted at /api/v1/cdrs. Call records carry every caller's number: supervisors and admins only. */
export function createCdrRouter(service: CdrService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole).route(
    'get',
    '/',
    { summary: 'List call detail records', access: READERS, query: CdrListQuery },
    ({ query }) => service.list(query),
  );
}
