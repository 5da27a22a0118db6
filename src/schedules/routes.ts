import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { ADMINS, type ApiRouter, apiRouter, READERS } from '../kit/router.js';
import { ListQuery, ScheduleCreate, ScheduleUpdate, StatusQuery } from './schema.js';
import type { ScheduleService } from './service.js';

export function scheduleRoutes(
  service: ScheduleService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole)
    .route('get', '/', { summary: 'List schedules', access: READERS, query: ListQuery }, ({ query }) =>
      service.list(query),
    )
    .route(
      'post',
      '/',
      {
        summary: 'Create a schedule (weekly hours, closed and open dates)',
        access: ADMINS,
        body: ScheduleCreate,
        status: 201,
      },
      ({ body, actor }) => service.create(body, actor()),
    )
    .route('get', '/:id', { summary: 'One schedule', access: READERS }, ({ id }) => service.get(id()))
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
    .route(
      'patch',
      '/:id',
      { summary: 'Change a schedule', access: ADMINS, body: ScheduleUpdate },
      ({ id, body, actor }) => service.update(id(), body, actor()),
    )
    .route(
      'delete',
      '/:id',
      {
        summary: 'Delete a schedule (refused while a destination points at it)',
        access: ADMINS,
        status: 204,
      },
      ({ id, actor }) => service.remove(id(), actor()),
    );
}
