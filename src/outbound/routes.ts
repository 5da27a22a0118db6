import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import { DenyList, MatchQuery, RouteCreate, RouteOrder, RouteUpdate } from './schema.js';
import type { OutboundService } from './service.js';

const READ: Role[] = ['admin', 'supervisor'];
const WRITE: Role[] = ['admin'];

export function outboundRoutes(
  service: OutboundService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      { summary: 'Every outbound route in matching order, with the deny list', access: READ },
      () => service.list(),
    )
    .route(
      'post',
      '/',
      { summary: 'Create an outbound route', access: WRITE, body: RouteCreate, status: 201 },
      ({ body, actor }) => service.create(body, actor()),
    )
    .route('get', '/deny-list', { summary: 'The premium-number deny list', access: READ }, () =>
      service.denyList(),
    )
    .route(
      'put',
      '/deny-list',
      { summary: 'Replace the deny list', access: WRITE, body: DenyList },
      ({ body, actor }) => service.setDenyList(body.patterns, actor()),
    )
    .route(
      'put',
      '/order',
      { summary: 'Set the matching order (every route id once)', access: WRITE, body: RouteOrder },
      ({ body, actor }) => service.reorder(body.ids, actor()),
    )
    .route(
      'get',
      '/match',
      { summary: 'Which rule takes a dialled number (a preview)', access: READ, query: MatchQuery },
      ({ query }) => service.match(query.number),
    )
    .route('get', '/:id', { summary: 'One outbound route', access: READ }, ({ id }) => service.get(id()))
    .route(
      'patch',
      '/:id',
      { summary: 'Change an outbound route', access: WRITE, body: RouteUpdate },
      ({ id, body, actor }) => {
        // an unknown route is a 404 before its body is judged
        const routeId = id();
        service.get(routeId);
        return service.update(routeId, body, actor());
      },
    )
    .route(
      'delete',
      '/:id',
      { summary: 'Delete an outbound route', access: WRITE, status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    );
}
