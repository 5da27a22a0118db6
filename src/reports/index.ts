import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, type Mount, mount } from '../module.js';
import { createRollups } from './rollups.js';
import { createReportsRouter } from './routes.js';
import { createReportsService, type ReportQueue, type ReportsService } from './service.js';
import { createReportsStore } from './store.js';

export type { ReportPeriodQuery } from './period.js';
export type { ReportsService } from './service.js';

/**
 * Reports at /api/v1/reports: queue summary, distribution and heat map from
 * 15-minute rollups kept in step with the calls table (calls.updated), and
 * rebuilt from it when ROLLUP_VERSION changes.
 */
export function createReports(
  core: Pick<Core, 'db' | 'reader' | 'bus' | 'log'>,
  deps: {
    requireRole: RequireRole;
    /** The configured queues with their service-level and wrap-up seconds (the queues domain). */
    queues: () => ReportQueue[];
    /**
     * More report routes on the same mount (agent performance, IVR funnel,
     * lines, callers: src/reports/detail-routes.ts `detailReportRoutes(...)`),
     * handed in by the composition root.
     */
    detailRoutes?: readonly Mount[];
  },
): HotlineModule<ReportsService> {
  const { bus, log } = core;
  const store = createReportsStore(core.db);
  const rollups = createRollups({
    store,
    log,
    serviceLevels: () => new Map(deps.queues().map((q) => [q.id, q.serviceLevelSec])),
  });
  const service = createReportsService({ reader: core.reader, rollups, queues: deps.queues });
  return {
    name: 'reports',
    service,
    routes: [mount('/reports', createReportsRouter(service, deps.requireRole)), ...(deps.detailRoutes ?? [])],
    start() {
      bus.on('reports', 'calls.updated', (e) => rollups.changed(e.enteredAt));
      rollups.rebuildIfStale().catch((err) => log.error({ err }, 'rebuilding report rollups failed'));
    },
    stop() {
      bus.off('reports');
      rollups.stop();
    },
  };
}
