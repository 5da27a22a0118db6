import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { ADMINS, type ApiRouter, apiRouter, READERS } from '../kit/router.js';
import { DenyList, MatchQuery, RouteCreate, RouteOrder, RouteUpdate } from './schema.js';
import type { OutboundService } from './service.js';

export function outboundRoutes(
  service: OutboundService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      { summary: 'Every outbound route in matching order, with the deny list', access: READERS },
      () => service.list(),
    )
    .route(
      'post',
      '/',
      { summary: 'Create an outbound route', access: ADMINS, body: RouteCreate, status: 201 },
      ({ body, actor }) => service.create(body, actor()),
    )
    .route('get', '/deny-list', { summary: 'The premium-number deny list', access: READERS }, () =>
      service.denyList(),
    )
    .route(
      'put',
      '/deny-list',
      { summary: 'Replace the deny list', access: ADMINS, body: DenyList },
      ({ body, actor }) => service.setDenyList(body.patterns, actor()),
    )
    .route(
      'put',
      '/order',
      { summary: 'Set the matching order (every route id once)', access: ADMINS, body: RouteOrder },
      ({ body, actor }) => service.reorder(body.ids, actor()),
    )
    .route(
      'get',
      '/match',
      { summary: 'Which rule takes a dialled number (a preview)', access: READERS, query: MatchQuery },
      ({ query }) => service.match(query.number),
    )
    .route('get', '/:id', { summary: 'One outbound route', access: READERS }, ({ id }) => service.get(id()))
    .route(
      'patch',
      '/:id',
      { summary: 'Change an outbound route', access: ADMINS, body: RouteUpdate },
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
      { summary: 'Delete an outbound route', access: ADMINS, status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    );
}
