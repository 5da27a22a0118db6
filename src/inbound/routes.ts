import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { ADMINS, type ApiRouter, apiRouter, READERS } from '../kit/router.js';
import { InboundCreate, InboundUpdate, ListQuery } from './schema.js';
import type { InboundService } from './service.js';

export function inboundRoutes(
  service: InboundService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      { summary: 'List inbound routes in the order Asterisk tries them', access: READERS, query: ListQuery },
      ({ query }) => service.list(query),
    )
    .route(
      'post',
      '/',
      {
        summary: 'Create an inbound route (DID, caller ID → destination)',
        access: ADMINS,
        body: InboundCreate,
        status: 201,
      },
      ({ body, actor }) => service.create(body, actor()),
    )
    .route('get', '/:id', { summary: 'One inbound route with its rank', access: READERS }, ({ id }) =>
      service.get(id()),
    )
    .route(
      'patch',
      '/:id',
      { summary: 'Change an inbound route', access: ADMINS, body: InboundUpdate },
      ({ id, body, actor }) => service.update(id(), body, actor()),
    )
    .route(
      'delete',
      '/:id',
      { summary: 'Delete an inbound route', access: ADMINS, status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    );
}
