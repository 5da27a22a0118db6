import type { AgentService } from '../agents/index.js';
import type { CallsService } from '../calls/index.js';
import type { Core } from '../core.js';
import type { CustomerService } from '../customers/service.js';
import type { PreviewOffer } from '../dialer/index.js';
import type { CallClass } from '../dialplan/call-class.js';
import type { RequireRole } from '../kit/router.js';
import type { LiveModel } from '../live/model.js';
import { type HotlineModule, mount } from '../module.js';
import type { OutboundService } from '../outbound/service.js';
import type { QueueService } from '../queues/index.js';
import type { Visibility as TicketVisibility } from '../tickets/service.js';
import type { ContextSources } from './context.js';
import { deskRoutes } from './routes.js';
import { createDeskService, type DeskService } from './service.js';
import { ALL_SEATS, DeskStreams, type StreamViewer } from './streams.js';
import { createDeskTelephony } from './telephony.js';
import { DeskTracker } from './tracker.js';

export type { DeskContext } from './schema.js';

import type { DeskNotification, OpenTicket } from './schema.js';

export type { DeskService } from './service.js';

/**
 * The agent's desk (/api/v1/desk): a per-seat event stream with the
 * screen-pop of each call that rings, the agent's own state changes and
 * calls (AMI: login/pause through the agents domain, click-to-call,
 * transfers, conference), and the wrap-up stored on the call.
 */
export function createDesk(
  core: Pick<Core, 'ami' | 'bus' | 'change' | 'log'>,
  deps: {
    live: LiveModel;
    agents: AgentService;
    calls: CallsService;
    queues: QueueService;
    customers: CustomerService;
    seats: {
      findByExtension(ext: string): { callClass: CallClass } | undefined;
      all(): { extension: string; name: string; enabled: boolean }[];
    };
    /** Outside numbers are checked against the deny list and the seat's class before a call is touched. */
    outbound: Pick<OutboundService, 'match'>;
    seatOfUser(userId: number): string | null;
    requireRole: RequireRole;
    /** Open tickets of a caller's number for the screen-pop (the tickets domain, 工单). */
    openTicketsOf(number: string): Promise<OpenTicket[]>;
    /** Whether a user may see a ticket (the tickets domain's role rules): who gets its `ticket` events. */
    ticketVisible(t: TicketVisibility, viewer: StreamViewer): boolean;
    /** The queue callback behind a caller channel (the card shows "callback"). */
    callbackOf?: ContextSources['callbackOf'];
    /** The notification behind a call the box placed (the notify domain), for the screen-pop. */
    notificationOf?(uniqueid: string): DeskNotification | null;
    /** The preview campaigns a seat works (the dialer domain): the desk's `preview` events. */
    previewOffers?(seat: string): PreviewOffer[];
  },
): HotlineModule<DeskService> {
  const log = core.log.child({ component: 'desk' });
  const streams = new DeskStreams();
  const { queues } = deps;
  const tracker = new DeskTracker(
    core.bus,
    'desk',
    streams,
    {
      live: deps.live,
      customers: deps.customers,
      queues: { byId: (id) => (queues.exists(id) ? queues.get(id) : undefined) },
      calls: deps.calls,
      openTicketsOf: deps.openTicketsOf,
      callbackOf: deps.callbackOf ?? (() => undefined),
      notificationOf: deps.notificationOf,
    },
    log,
  );
  // the assignee (and whoever else may see the ticket) learns of new, changed and overdue tickets at once;
  // those who saw it under its assignee before an update learn it left them
  core.bus.on('desk', 'ticket.changed', (e) =>
    streams.sendScoped('ticket', e, (v) => {
      if (deps.ticketVisible(e, v)) return true;
      return e.before !== undefined && deps.ticketVisible({ ...e, ...e.before }, v);
    }),
  );
  // a preview campaign started, paused or stopped, or a contact taken or settled: every open desk's offers again
  const previewOffers = deps.previewOffers ?? (() => []);
  const pushOffers = () => {
    for (const seat of streams.seats())
      if (seat !== ALL_SEATS) streams.send(seat, 'preview', { offers: previewOffers(seat) });
  };
  core.bus.on('desk', 'dialer.campaign.changed', pushOffers);
  core.bus.on('desk', 'dialer.preview.changed', pushOffers);
  const service = createDeskService({
    tracker,
    telephony: createDeskTelephony(core.ami),
    agents: deps.agents,
    calls: deps.calls,
    queues,
    seats: deps.seats,
    outbound: deps.outbound,
    seatOfUser: deps.seatOfUser,
    change: core.change,
  });
  const routes = deskRoutes({
    service,
    streams,
    tracker,
    requireRole: deps.requireRole,
    seatOfUser: deps.seatOfUser,
    previewOffers,
    directory: () => ({
      seats: deps.seats
        .all()
        .filter((s) => s.enabled)
        .map((s) => ({ extension: s.extension, name: s.name })),
      queues: queues.all().map((q) => ({ id: q.id, name: q.name })),
    }),
  });
  return {
    name: 'desk',
    service,
    routes: [mount('/desk', routes)],
    publishes: ['call.wrapup.changed'],
    stop() {
      tracker.stop();
      streams.stop();
    },
  };
}
