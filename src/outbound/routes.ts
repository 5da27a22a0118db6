import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { GuardLimits } from './guard.js';
import { DenyList, MatchQuery, RouteCreate, RouteOrder, RouteUpdate } from './schema.js';
import type { OutboundService } from './service.js';

export function outboundRoutes(service: OutboundService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
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
      'get',
      '/spend-guard',
      { summary: 'The spend guard: hourly limits and suspensions', access: READERS },
      () => spendGuard(service),
    )
    .route(
      'put',
      '/spend-guard',
      { summary: 'Set the hourly limits (0 switches one off)', access: ADMINS, body: GuardLimits },
      async ({ body, actor }) => {
        await service.guard.setLimits(body, actor());
        return spendGuard(service);
      },
    )
    .route(
      'delete',
      '/spend-guard/suspensions/:id',
      { summary: 'Lift a suspension: the seat or trunk calls out again', access: ADMINS, status: 204 },
      ({ id, actor }) => service.guard.lift(id(), actor()),
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
    .crud({
      noun: 'an outbound route',
      service,
      schemas: { create: RouteCreate, update: RouteUpdate },
      summaries: { list: 'Every outbound route in matching order, with the deny list' },
    });
}

const spendGuard = (service: OutboundService) => ({
  limits: service.guard.limits(),
  suspensions: service.guard.suspensions(),
});
