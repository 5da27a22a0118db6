import { z } from 'zod';
import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { AddressParam, GuardSettingsInput } from './schema.js';
import type { GuardService } from './service.js';

const HistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

export function guardRoutes(service: GuardService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/bans',
      {
        summary: 'Sources banned now by the brute-force guard',
        description:
          'A source is banned when Asterisk reports `threshold` security failures from it (failed SIP authentications, unknown accounts, ACL refusals) within the window; the ban drops all its packets until it expires or is lifted.',
        access: READERS,
      },
      () => ({ items: service.bans() }),
    )
    .route(
      'get',
      '/bans/history',
      { summary: 'The last bans, lifted and expired ones included', access: READERS, query: HistoryQuery },
      ({ query }) => ({ items: service.history(query.limit) }),
    )
    .route(
      'delete',
      '/bans/:address',
      { summary: 'Lift the ban of a source', access: ADMINS, status: 204 },
      async ({ req, actor }) => {
        const { address } = AddressParam.parse(req.params);
        await service.unban(address, actor());
      },
    )
    .route(
      'get',
      '/settings',
      { summary: 'Threshold, window, ban time and allow-list', access: READERS },
      () => service.settings(),
    )
    .route(
      'put',
      '/settings',
      {
        summary: 'Change the threshold, window, ban time and allow-list',
        description:
          'Addresses in the allow-list (CIDRs) are never banned; the box itself (127.0.0.1, ::1) never is either.',
        access: ADMINS,
        body: GuardSettingsInput,
      },
      ({ body, actor }) => service.updateSettings(body, actor()),
    );
}
