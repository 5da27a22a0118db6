import { type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { ScheduleCreate, ScheduleListQuery, ScheduleUpdate } from './schema.js';
import type { ScheduleService } from './service.js';

/**
 * /api/v1/reports/schedules: supervisors and admins set which reports are
 * mailed to whom and when, as they read the reports themselves.
 */
export function scheduleRoutes(service: ScheduleService, requireRole: RequireRole): ApiRouter {
  const api = apiRouter(requireRole).route(
    'post',
    '/:id/send',
    {
      summary: 'Run the schedule now: build the report and mail it',
      description:
        'Whether the schedule is enabled or not. Answers how the run ended (`result` sent or failed, `error`), ' +
        'as it is recorded on the schedule.',
      access: READERS,
    },
    ({ id, actor }) => service.sendNow(id(), actor()),
  );
  return api.crud({
    noun: 'a report schedule',
    service,
    schemas: { list: ScheduleListQuery, create: ScheduleCreate, update: ScheduleUpdate },
    read: READERS,
    write: READERS,
  });
}
