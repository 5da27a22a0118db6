import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import type { QueueService } from '../queues/service.js';
import { staffingRoutes } from './routes.js';
import { createStaffingService, type StaffingService } from './service.js';

export type { StaffingService } from './service.js';

/** Staffing: Erlang C what-if and a per-half-hour forecast of agents needed, from the calls history. */
export function createStaffing(
  core: Core,
  deps: { queues: QueueService; requireRole: RequireRole },
): HotlineModule<StaffingService> {
  const service = createStaffingService({ reader: core.reader, queues: deps.queues });
  return {
    name: 'staffing',
    service,
    routes: [mount('/staffing', staffingRoutes(service, deps.requireRole))],
  };
}
