import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import { InboundCreate, InboundUpdate, ListQuery } from './schema.js';
import type { InboundService } from './service.js';

const READ: Role[] = ['admin', 'supervisor'];
const WRITE: Role[] = ['admin'];

export function inboundRoutes(
  service: InboundService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      { summary: 'List inbound routes in the order Asterisk tries them', access: READ, query: ListQuery },
      ({ query }) => service.list(query),
    )
    .route(
      'post',
      '/',
      {
        summary: 'Create an inbound route (DID, caller ID → destination)',
        access: WRITE,
        body: InboundCreate,
        status: 201,
      },
      ({ body, actor }) => service.create(body, actor()),
    )
    .route('get', '/:id', { summary: 'One inbound route with its rank', access: READ }, ({ id }) =>
      service.get(id()),
    )
    .route(
      'patch',
      '/:id',
      { summary: 'Change an inbound route', access: WRITE, body: InboundUpdate },
      ({ id, body, actor }) => service.update(id(), body, actor()),
    )
    .route(
      'delete',
      '/:id',
      { summary: 'Delete an inbound route', access: WRITE, status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    );
}
