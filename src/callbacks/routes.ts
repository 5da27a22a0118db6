import { type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { iso } from '../kit/view.js';
import { type Callback, CallbackListQuery } from './schema.js';
import type { CallbackService } from './service.js';

/** Supervisors and admins follow callbacks and may cancel one still holding a place. */
export function callbackRoutes(service: CallbackService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      { summary: 'Queue callbacks, newest first', access: READERS, query: CallbackListQuery },
      ({ query }) => {
        const page = service.list(query);
        return { ...page, items: page.items.map(view) };
      },
    )
    .route('get', '/:id', { summary: 'One queue callback', access: READERS }, ({ id }) =>
      view(service.get(id())),
    )
    .route(
      'post',
      '/:id/cancel',
      { summary: 'Cancel a callback that has not reached an agent', access: READERS },
      async ({ id, actor }) => view(await service.cancel(id(), actor())),
    );
}

/** Times as ISO 8601 (the place, the request, the next attempt, the last change). */
const view = (c: Callback) => ({
  ...c,
  queuedAt: iso(c.queuedAt),
  requestedAt: iso(c.requestedAt),
  nextAttemptAt: iso(c.nextAttemptAt),
  updatedAt: iso(c.updatedAt),
});
