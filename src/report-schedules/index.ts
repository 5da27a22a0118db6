import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import type { MailService } from '../mail/index.js';
import { type HotlineModule, mount } from '../module.js';
import type { ReportSource } from './render.js';
import { scheduleRoutes } from './routes.js';
import { createScheduleService, type ScheduleService } from './service.js';
import { createScheduleStore } from './store.js';

export type { ScheduleService } from './service.js';

/**
 * Reports mailed on a schedule (daily or weekly at HH:MM, box-local) as CSV
 * or XLSX attachments through the site's SMTP server; each run's outcome is
 * kept on the schedule. Jobs run in-process with croner.
 */
export function createReportSchedules(
  core: Pick<Core, 'db' | 'change' | 'log'>,
  deps: { requireRole: RequireRole; mail: Pick<MailService, 'sendNow'>; reports: ReportSource },
): HotlineModule<ScheduleService> {
  const service = createScheduleService({
    store: createScheduleStore(core.db),
    change: core.change,
    log: core.log.child({ component: 'report-schedules' }),
    mail: deps.mail,
    reports: deps.reports,
  });
  return {
    name: 'report-schedules',
    service,
    routes: [mount('/reports/schedules', scheduleRoutes(service, deps.requireRole))],
    start: () => service.start(),
    stop: () => service.stop(),
  };
}
