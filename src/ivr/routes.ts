import { type ApiRouter, apiRouter, type RequireRole } from '../kit/router.js';
import { IvrCreate, IvrListQuery, IvrUpdate } from './schema.js';
import type { IvrService } from './service.js';

/** /api/v1/ivrs: admins write, supervisors read. */
export function ivrRoutes(service: IvrService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole).crud({
    noun: 'an IVR',
    service,
    view: service.view,
    schemas: { list: IvrListQuery, create: IvrCreate, update: IvrUpdate },
    summaries: {
      create: 'Create an IVR (its tree and fallback)',
      remove: 'Delete an IVR nothing sends calls to',
    },
  });
}
