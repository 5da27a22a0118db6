import { type ApiRouter, apiRouter, type RequireRole } from '../kit/router.js';
import { QueueCreate, QueueListQuery, QueueUpdate } from './schema.js';
import type { QueueService } from './service.js';

/** Admins configure queues; supervisors read them. */
export function queueRoutes(service: QueueService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole).crud({
    noun: 'a queue',
    service,
    view: service.view,
    schemas: { list: QueueListQuery, create: QueueCreate, update: QueueUpdate },
    summaries: {
      update: 'Change a queue (settings not named keep their values)',
      remove: 'Delete a queue nothing sends calls to',
    },
  });
}
