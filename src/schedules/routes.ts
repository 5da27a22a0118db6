import { type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { ListQuery, ScheduleCreate, ScheduleUpdate, StatusQuery } from './schema.js';
import type { ScheduleService } from './service.js';

export function scheduleRoutes(service: ScheduleService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/:id/status',
      {
        summary: 'Whether the schedule is open at an instant (default now)',
        access: READERS,
        query: StatusQuery,
      },
      ({ id, query }) => service.status(id(), query.at ? new Date(query.at) : undefined),
    )
    .crud({
      noun: 'a schedule',
      service,
      schemas: { list: ListQuery, create: ScheduleCreate, update: ScheduleUpdate },
      summaries: {
        create: 'Create a schedule (weekly hours, closed and open dates)',
        remove: 'Delete a schedule (refused while a destination points at it)',
      },
    });
}
