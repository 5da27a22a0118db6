import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import { QueueCreate, QueueListQuery, QueueUpdate } from './schema.js';
import type { QueueService } from './service.js';

const read = ['admin', 'supervisor'] as const;
const write = ['admin'] as const;

/** Admins configure queues; supervisors read them. */
export function queueRoutes(
  service: QueueService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole)
    .route('get', '/', { summary: 'List queues', access: read, query: QueueListQuery }, ({ query }) =>
      service.list(query),
    )
    .route(
      'post',
      '/',
      { summary: 'Create a queue', access: write, body: QueueCreate, status: 201 },
      async ({ body, actor }) => service.view(await service.create(body, actor())),
    )
    .route('get', '/:id', { summary: 'One queue', access: read }, ({ id }) => service.view(service.get(id())))
    .route(
      'patch',
      '/:id',
      { summary: 'Change a queue (settings not named keep their values)', access: write, body: QueueUpdate },
      async ({ id, body, actor }) => service.view(await service.update(id(), body, actor())),
    )
    .route(
      'delete',
      '/:id',
      { summary: 'Delete a queue nothing sends calls to', access: write, status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    );
}
