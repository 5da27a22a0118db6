import { type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { SuperviseBody } from './schema.js';
import type { SuperviseService } from './service.js';

/** /api/v1/supervise: supervisors and admins only (an agent gets 403). */
export function superviseRoutes(service: SuperviseService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      { summary: 'Supervisions going on now (calling the supervisor or spying)', access: READERS },
      () => ({ items: service.active() }),
    )
    .route(
      'post',
      '/',
      {
        summary: "Listen to, whisper to or barge in on an agent's call from your own phone",
        description:
          "The box calls the signed-in user's seat; answered, it joins the agent's call with ChanSpy " +
          '(`listen`: hear both sides; `whisper`: the agent hears you too; `barge`: both sides hear you). ' +
          'The keypad switches modes during the call: 4 listen, 5 whisper, 6 barge. Admins may supervise ' +
          "any agent; a supervisor only one who shares a queue with their own seat's agent (403). " +
          '409 when your seat has no registered phone or the agent is not on a call. Every use is audited ' +
          '(entity `supervise`, a `start` and an `end` row).',
        access: READERS,
        body: SuperviseBody,
        status: 201,
      },
      ({ body, actor }) => service.start(body, actor()),
    )
    .route('get', '/:id', { summary: 'One supervision, ended or not', access: READERS }, ({ id }) =>
      service.get(id()),
    )
    .route(
      'delete',
      '/:id',
      {
        summary: "Ends a supervision (hangs up the supervisor's spy call)",
        access: READERS,
        status: 204,
      },
      async ({ id, actor }) => {
        await service.end(id(), actor());
      },
    );
}
