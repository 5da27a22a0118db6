import { PauseBody } from '../agents/schema.js';
import type { PreviewOffer } from '../dialer/index.js';
import type { Principal } from '../http/principal.js';
import { type ApiRouter, apiRouter, type RequireRole, STAFF } from '../kit/router.js';
import { STREAMS_PER_USER, streamHolder } from '../live/stream-cap.js';
import {
  AgentQuery,
  ConferenceBody,
  ContextQuery,
  DialBody,
  EventsQuery,
  TransferBody,
  WrapUpBody,
} from './schema.js';
import type { DeskService } from './service.js';
import { ALL_SEATS, type DeskStreams } from './streams.js';
import type { DeskTracker } from './tracker.js';

const OWN = 'For the signed-in agent’s own seat; supervisors and admins may name another with `?agent=`.';

/**
 * Mounted at /api/v1/desk: the agent's desk. Every route acts on one seat:
 * an agent's own (naming another → 403), or for supervisors and admins the
 * seat named by `agent` (their own when they have one).
 */
export function deskRoutes(deps: {
  service: DeskService;
  streams: DeskStreams;
  tracker: DeskTracker;
  requireRole: RequireRole;
  seatOfUser(userId: number): string | null;
  /** The preview campaigns a seat works: its first `preview` event. */
  previewOffers(seat: string): PreviewOffer[];
  /** Where a desk may transfer or conference to: every enabled seat and every queue, by name. */
  directory(): { seats: { extension: string; name: string }[]; queues: { id: number; name: string }[] };
}): ApiRouter {
  const { service, streams, tracker } = deps;
  const seat = (p: Principal | undefined, query: { agent?: string }) => service.seatFor(p!, query.agent);

  /** The seat actions without a body: the desk's agent, nothing else named. */
  const simple: [string, string, (seat: string) => Promise<unknown>, number?][] = [
    ['/login', 'Log the desk’s agent in', service.login],
    ['/logout', 'Log the desk’s agent out', service.logout],
    ['/unpause', 'Unpause the desk’s agent', service.unpause],
    [
      '/transfer/cancel',
      'Abandon an attended transfer and return to the caller',
      service.cancelTransfer,
      204,
    ],
    ['/hangup', 'Hang up the seat’s call (completes an attended transfer)', service.hangup, 204],
  ];
  const api = apiRouter(deps.requireRole)
    .raw(
      'get',
      '/events',
      {
        summary:
          'The desk’s event stream (server-sent events): state, ringing with the screen-pop, answered, hungup, ticket, preview',
        description:
          `${OWN} The first events are the agent’s state, when a call rings or is on its ringing context, and ` +
          '`preview`: the preview campaigns the seat works (`offers`: campaign, contacts due, the lead it holds), ' +
          'sent again whenever one starts, stops, or has a contact taken or settled. ' +
          'A supervisor or admin without a seat who names none watches every seat (each event names its seat). ' +
          '`ticket` events (a ticket created, changed, commented, given a file, deleted or become overdue) go to ' +
          'whoever may see that ticket; `?only=tickets` carries only those. ' +
          `A user has at most ${STREAMS_PER_USER} desk streams open; one more closes the oldest after an \`evicted\` event.`,
        access: STAFF,
        query: EventsQuery,
        produces: 'text/event-stream',
      },
      async (req, res) => {
        const q = EventsQuery.parse(req.query);
        const viewer = req.principal!;
        if (q.only === 'tickets') {
          streams.attach(res, null, [], viewer);
          return;
        }
        const s = service.streamSeat(viewer, q.agent);
        const hello = await tracker.hello(s);
        streams.attach(
          res,
          s,
          [
            ...(hello.state ? [{ event: 'state' as const, data: hello.state }] : []),
            ...(hello.call ? [{ event: 'ringing' as const, data: hello.call }] : []),
            ...(s === ALL_SEATS
              ? []
              : [{ event: 'preview' as const, data: { offers: deps.previewOffers(s) } }]),
          ],
          viewer,
          streamHolder(req.principal!),
        );
      },
    )
    .route(
      'get',
      '/context',
      {
        summary:
          'The screen-pop of a call: caller, customer, IVR path, queue and wait, recent calls, open tickets',
        description: `${OWN} Agents only for calls that rang or were answered at their seat.`,
        access: STAFF,
        query: ContextQuery,
      },
      ({ req, query }) => service.context(seat(req.principal, query), query.callId, req.principal!),
    )
    .route(
      'get',
      '/directory',
      {
        summary: 'The seats and queues a desk may transfer or conference a call to',
        description:
          'Extensions and names of the enabled seats, ids and names of the queues: what the transfer form ' +
          'offers an agent, who may not list seats or queues.',
        access: STAFF,
      },
      () => deps.directory(),
    )
    .route(
      'post',
      '/pause',
      {
        summary: 'Pause the desk’s agent with a reason',
        description: OWN,
        access: STAFF,
        query: AgentQuery,
        body: PauseBody,
      },
      ({ req, query, body }) => service.pause(seat(req.principal, query), body.reason),
    )
    .route(
      'post',
      '/dial',
      {
        summary: 'Click-to-call: the seat’s phone rings, then calls the number',
        description: `${OWN} The number is dialled in the seats’ own dialplan, so the seat’s outbound class and the deny list apply.`,
        access: STAFF,
        query: AgentQuery,
        body: DialBody,
      },
      ({ req, query, body }) => service.dial(seat(req.principal, query), body.number),
    )
    .route(
      'post',
      '/transfer',
      {
        summary: 'Transfer the current call to a seat, a queue or a number (blind or attended)',
        description:
          `${OWN} Blind: the caller goes at once (AMI BlindTransfer). Attended (AMI Atxfer): the caller holds while the ` +
          'seat calls the target; the agent hangs up (or POST /desk/hangup) to complete, POST /desk/transfer/cancel to return. ' +
          'Outside numbers run with the agent’s outbound class.',
        access: STAFF,
        query: AgentQuery,
        body: TransferBody,
      },
      ({ req, query, body }) => service.transfer(seat(req.principal, query), body.mode, body.target),
    )
    .route(
      'post',
      '/conference',
      {
        summary: 'Three-party conference: the caller, the agent and an expert seat',
        description: `${OWN} Caller and agent are moved into a ConfBridge room of the call and the expert’s seat is called into it.`,
        access: STAFF,
        query: AgentQuery,
        body: ConferenceBody,
      },
      ({ req, query, body }) => service.conference(seat(req.principal, query), body.extension),
    )
    .route(
      'post',
      '/wrapup',
      {
        summary: 'Wrap up a call: a disposition code of its queue and notes, stored on the call',
        description:
          'Only the agent whose seat took the call (403 otherwise); shown as `wrapUp` on /api/v1/calls.',
        access: STAFF,
        body: WrapUpBody,
      },
      ({ req, body, actor }) => service.wrapUp(deps.seatOfUser(req.principal!.userId), body, actor()),
    );
  for (const [path, summary, act, status] of simple)
    api.route(
      'post',
      path,
      { summary, description: OWN, access: STAFF, query: AgentQuery, ...(status ? { status } : {}) },
      ({ req, query }) => act(seat(req.principal, query)),
    );
  return api;
}
