import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { detailReportRoutes } from './detail-routes.js';

/** The detail reports (agents, IVR funnel, lines, callers) at /api/v1/reports, read on the reader worker. */
export function createReportDetails(
  core: Pick<Core, 'reader'>,
  deps: { requireRole: RequireRole; now?: () => number },
): HotlineModule<null> {
  return {
    name: 'reports',
    service: null,
    routes: [mount('/reports', detailReportRoutes({ reader: core.reader, ...deps }))],
  };
}
