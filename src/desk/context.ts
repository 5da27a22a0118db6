import { type Call, CallListQuery, type CallPage } from '../calls/schema.js';
import type { LiveModel } from '../live/model.js';
import { fillScreenPop, queueIdOfSection } from '../queues/schema.js';
import type { DeskContext, DeskNotification, OpenTicket } from './schema.js';

/** How many of a number's earlier calls the screen-pop shows. */
export const RECENT_CALLS = 5;

export interface ContextSources {
  live: LiveModel;
  customers: {
    findByNumber(
      number: string,
    ):
      | { id: number; name: string; company: string; vip: number; boundAgent: string | null; notes: string }
      | undefined;
  };
  queues: {
    byId(
      id: number,
    ): { id: number; name: string; dispositions: string[]; screenPopUrl: string | null } | undefined;
  };
  calls: { list(q: CallListQuery): Promise<CallPage> };
  /** The queue callback whose customer leg is this uniqueid (src/callbacks). */
  callbackOf(uniqueid: string): { id: number; queuedAt: number; attempts: number } | undefined;
  /** Where the caller went through the IVR, by the caller channel's uniqueid. */
  ivrPathOf(uniqueid: string): { ivrId: number; path: string[] } | undefined;
  /**
   * Open tickets of a number. The tickets domain (工单) plugs in here once it
   * exists; until then the desk shows none.
   */
  openTicketsOf(number: string): Promise<OpenTicket[]>;
  /** The notification behind a call the box placed itself (its caller channel's uniqueid), if any. */
  notificationOf?(uniqueid: string): DeskNotification | null;
}

/** What is known when a call rings a seat: the caller's channel, its queue, the seat. */
export interface RingFacts {
  uniqueid: string;
  agent: string;
  /** app_queue section (qN), null for a call that did not come through a queue. */
  queue: string | null;
  at: number;
}

const KEY = /^[0-9*#]$/;

/**
 * The screen-pop of one call at one seat, from the live model (caller,
 * DID, wait), the customer record, the IVR path, the queue's settings and
 * the number's history. Everything but the history is in memory; the
 * history is one indexed read on the reader worker.
 */
export async function buildContext(src: ContextSources, f: RingFacts): Promise<DeskContext> {
  const { live } = src;
  const callId = live.calls.callIdOf(f.uniqueid) ?? f.uniqueid;
  const view = live.calls.view(callId);
  const waiting = f.queue ? live.queues.get(f.queue)?.waiting.get(f.uniqueid) : undefined;
  const number = waiting?.callerIdNum || live.calls.callerIdOf(f.uniqueid) || view?.from || '';
  const customer = number ? src.customers.findByNumber(number) : undefined;
  const queueId = queueIdOfSection(f.queue);
  const queue = queueId === null ? undefined : src.queues.byId(queueId);
  const path = src.ivrPathOf(f.uniqueid);
  const did = view?.to ?? '';
  const callback = src.callbackOf(f.uniqueid);
  const [recent, openTickets] = await Promise.all([
    /^\+?[0-9]{3,20}$/.test(number)
      ? src.calls.list(CallListQuery.parse({ number, limit: RECENT_CALLS + 1 })).then((p) => p.items)
      : Promise.resolve([] as Call[]),
    number ? src.openTicketsOf(number) : Promise.resolve([]),
  ]);
  return {
    callId,
    uniqueid: f.uniqueid,
    agent: f.agent,
    caller: {
      number,
      name: waiting?.callerIdName && waiting.callerIdName !== '<unknown>' ? waiting.callerIdName : '',
    },
    did,
    customer: customer
      ? {
          id: customer.id,
          name: customer.name,
          company: customer.company || null,
          vip: customer.vip,
          boundAgent: customer.boundAgent,
          notes: customer.notes,
        }
      : null,
    ivr: path
      ? { ivrId: path.ivrId, path: path.path, keys: path.path.filter((s) => KEY.test(s)).join('') }
      : null,
    queue: f.queue
      ? {
          id: queue?.id ?? queueId,
          section: f.queue,
          name: queue?.name ?? f.queue,
          waitedSec: waiting ? Math.max(0, Math.round((f.at - waiting.joinedAt) / 1000)) : 0,
          dispositions: queue?.dispositions ?? [],
        }
      : null,
    callback: callback
      ? { id: callback.id, queuedAt: new Date(callback.queuedAt).toISOString(), attempts: callback.attempts }
      : null,
    screenPopUrl: queue?.screenPopUrl
      ? fillScreenPop(queue.screenPopUrl, { caller: number, did, queue: queue.name, callId })
      : null,
    recentCalls: recent.filter((c) => c.linkedid !== callId).slice(0, RECENT_CALLS),
    openTickets,
    notification: src.notificationOf?.(f.uniqueid) ?? null,
    ringingAt: new Date(f.at).toISOString(),
  };
}
