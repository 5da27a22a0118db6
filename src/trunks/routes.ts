import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { ConfirmQuery, E1TrunkUpdate, SipTrunkUpdate, TrunkCreate, TrunkListQuery } from './schema.js';
import type { TrunkService } from './service.js';

/** /api/v1/trunks: SIP and E1 trunks; secrets only to admins, live status always. */
export function trunkRoutes(service: TrunkService, requireRole: RequireRole): ApiRouter {
  const confirm = (q: ConfirmQuery) => ({ confirm: q.confirm === 'true' });
  const confirmDoc = 'Changes to E1 trunks that would drop live calls answer 409 unless `confirm=true`.';
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      { summary: 'List trunks', access: READERS, query: TrunkListQuery },
      ({ query, isAdmin }) => service.list(query, isAdmin),
    )
    .route(
      'post',
      '/',
      {
        summary: 'Create a SIP or E1 trunk',
        description: confirmDoc,
        access: ADMINS,
        query: ConfirmQuery,
        body: TrunkCreate,
        status: 201,
      },
      async ({ query, body, actor }) =>
        service.view(await service.create(body, actor(), confirm(query)), true),
    )
    .route('get', '/:id', { summary: 'One trunk with its live status', access: READERS }, (c) =>
      service.view(service.get(c.id()), c.isAdmin),
    )
    .route(
      'patch',
      '/:id',
      {
        summary: 'Change a trunk (the fields of its kind)',
        description: confirmDoc,
        access: ADMINS,
        query: ConfirmQuery,
      },
      async (c) => {
        const id = c.id();
        // the body's schema depends on the trunk's kind, so it is parsed here
        const trunk =
          service.get(id).kind === 'e1'
            ? await service.updateE1(id, E1TrunkUpdate.parse(c.req.body ?? {}), c.actor(), confirm(c.query))
            : await service.update(id, SipTrunkUpdate.parse(c.req.body ?? {}), c.actor());
        return service.view(trunk, true);
      },
    )
    .route(
      'delete',
      '/:id',
      {
        summary: 'Delete a trunk',
        description: confirmDoc,
        access: ADMINS,
        query: ConfirmQuery,
        status: 204,
      },
      async (c) => service.remove(c.id(), c.actor(), confirm(c.query)),
    );
}
