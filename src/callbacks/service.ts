import type { Actor } from '../audit/index.js';
import type { Bus } from '../bus.js';
import { AppError, notFound } from '../errors.js';
import type { Change } from '../kit/change.js';
import type { Page } from '../kit/list.js';
import type { Logger } from '../log.js';
import type { OutboundService } from '../outbound/service.js';
import type { Queue } from '../queues/schema.js';
import { queueIdOfSection } from '../queues/schema.js';
import './events.js';
import { type CallbackEvent, dueInQueue, next } from './machine.js';
import { type Callback, type CallbackListQuery, DIGITS, IN_CALL } from './schema.js';
import type { CallbackStore } from './store.js';
import { type CallbackTelephony, callbackChannelId } from './telephony.js';

/** The latest a caller may ask to be called back, in minutes. */
export const MAX_SCHEDULE_MINUTES = 240;

/** How often waiting callbacks are looked at (their turn also comes on queue events). */
export const TICK_MS = 2000;

export interface CallbackService {
  list(q: CallbackListQuery): Page<Callback>;
  get(id: number): Callback;
  cancel(id: number, actor: Actor): Promise<Callback>;
  /** The callback whose customer leg has this uniqueid (the desk's "callback" mark). */
  byChannel(uniqueid: string): Callback | undefined;
  /** Callbacks holding a place, per queue id (the wallboard's "callbacks waiting"). */
  waitingByQueue(): Map<number, number>;
  /** Looks at every queue with waiting callbacks and dials those whose turn it is. */
  tick(): Promise<void>;
  /** After (re)connecting to Asterisk: a call hotlined thought up that Asterisk no longer has is interrupted. */
  reconcile(): Promise<void>;
  start(): void;
  stop(): void;
}

export function createCallbackService(deps: {
  store: CallbackStore;
  telephony: CallbackTelephony;
  queues: { get(id: number): Queue; exists(id: number): boolean };
  outbound: Pick<OutboundService, 'match'>;
  change: Change;
  bus: Bus;
  log: Logger;
  now?: () => number;
  tickMs?: number;
}): CallbackService {
  const { store, telephony, queues, bus, log } = deps;
  const now = deps.now ?? Date.now;
  /** Originate ActionID → callback id: a failed Originate may report no channel. */
  const pendingActions = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;
  let ready = false;

  const apply = (c: Callback, e: CallbackEvent): Callback | null => {
    const after = next(c, e, now());
    if (!after) return null;
    store.save(after);
    log.info({ callback: c.id, from: c.status, to: after.status, result: after.result }, 'callback');
    bus.emit('callback.changed', { action: after.status, id: c.id, queueId: c.queueId });
    return after;
  };

  const request = (e: { queueId: string; number: string; queuedAt: string }) => {
    const queueId = /^[1-9][0-9]{0,9}$/.test(e.queueId) ? Number(e.queueId) : null;
    if (queueId === null || !queues.exists(queueId) || !DIGITS.test(e.number)) {
      log.warn({ event: e }, 'callback request refused: unknown queue or unusable number');
      return;
    }
    const s = queues.get(queueId).settings;
    const at = now();
    // EPOCH seconds from the dialplan; a caller returned to the queue keeps their first time
    const queuedAt = /^[0-9]{9,11}$/.test(e.queuedAt) ? Math.min(Number(e.queuedAt) * 1000, at) : at;
    const id = store.insert(
      {
        queueId,
        number: e.number,
        queuedAt,
        maxAttempts: s.callbackAttempts,
        retrySeconds: s.callbackRetrySeconds,
      },
      at,
    );
    if (id === null) log.info({ queueId, number: e.number }, 'callback already waiting for this number');
    else bus.emit('callback.changed', { action: 'waiting', id, queueId });
    void tick();
  };

  /** The caller keyed in minutes after the key: not called before then, keeping their place after. */
  const schedule = (e: { queueId: string; number: string; minutes: string }) => {
    const minutes = /^[0-9]{1,3}$/.test(e.minutes) ? Number(e.minutes) : 0;
    const c = store.open().find((x) => String(x.queueId) === e.queueId && x.number === e.number);
    if (!c || minutes < 1 || minutes > MAX_SCHEDULE_MINUTES) {
      log.warn({ event: e }, 'callback schedule ignored: no such waiting callback, or minutes out of range');
      return;
    }
    apply(c, { type: 'schedule', at: now() + minutes * 60_000 });
  };

  const dial = async (c: Callback) => {
    const match = deps.outbound.match(c.number);
    if (match.result !== 'route' || match.emergency) {
      apply(c, { type: 'no-route', result: match.result === 'route' ? 'emergency number' : match.result });
      return;
    }
    // stored before the call is placed: killed in between, the callback is interrupted, never dialled twice
    const channelId = callbackChannelId(c.id, c.attempts + 1);
    if (!apply(c, { type: 'dialled', channelId })) return;
    try {
      const actionId = await telephony.originate({
        callbackId: c.id,
        channelId,
        queueId: c.queueId,
        number: c.number,
      });
      pendingActions.set(actionId, c.id);
    } catch (err) {
      log.warn({ err, callback: c.id }, 'callback originate refused');
      const current = store.get(c.id);
      if (current) apply(current, { type: 'originate', answered: false, result: 'failed' });
    }
  };

  const tick = async () => {
    if (ticking || !ready) return;
    ticking = true;
    try {
      const open = store.open();
      const byQueue = new Map<number, Callback[]>();
      for (const c of open) byQueue.set(c.queueId, [...(byQueue.get(c.queueId) ?? []), c]);
      for (const [queueId, list] of byQueue) {
        if (!queues.exists(queueId)) {
          for (const c of list) apply(c, { type: 'cancel' });
          continue;
        }
        if (list.some((c) => IN_CALL.includes(c.status))) continue;
        const due = dueInQueue(list, await telephony.queueNow(queueId, now()), now());
        if (due) await dial(due);
      }
    } catch (err) {
      log.warn({ err }, 'callback round failed');
    } finally {
      ticking = false;
    }
  };

  const onChannel = (uniqueid: string, e: CallbackEvent) => {
    const c = store.byChannel(uniqueid);
    if (c) apply(c, e);
  };

  const ORIGINATE_RESULTS: Record<string, string> = {
    '0': 'failed',
    '1': 'hung up',
    '3': 'no answer',
    '4': 'answered',
    '5': 'busy',
    '8': 'congestion',
  };

  const reconcile = async () => {
    const up = await telephony.channelIds();
    for (const c of store.inCall()) if (!c.channelId || !up.has(c.channelId)) apply(c, { type: 'lost' });
    ready = true;
    await tick();
  };

  return {
    list: (q) => ({ ...store.page(q), limit: q.limit, offset: q.offset }),
    get(id) {
      const c = store.get(id);
      if (!c) throw notFound(`callback ${id}`);
      return c;
    },
    async cancel(id, actor) {
      const before = this.get(id);
      const after = next(before, { type: 'cancel' }, now());
      if (!after) throw new AppError('conflict', `callback ${id} is ${before.status}: nothing to cancel`);
      await deps.change({
        actor,
        entity: 'callback',
        action: 'cancel',
        id,
        before,
        config: false,
        mutate: () => store.save(after),
        after: () => after,
      });
      bus.emit('callback.changed', { action: 'cancelled', id, queueId: before.queueId });
      return after;
    },
    byChannel: (uniqueid) => (uniqueid.startsWith('cb-') ? store.byChannel(uniqueid) : undefined),
    waitingByQueue() {
      const m = new Map<number, number>();
      for (const c of store.open()) m.set(c.queueId, (m.get(c.queueId) ?? 0) + 1);
      return m;
    },
    tick,
    reconcile,
    start() {
      bus.on('callbacks', 'callback.dialplan', (e) => {
        if (e.action === 'requested') return request(e);
        if (e.action === 'scheduled') return schedule(e);
        const c = /^[1-9][0-9]{0,11}$/.test(e.callbackId) ? store.get(Number(e.callbackId)) : undefined;
        if (c) apply(c, { type: e.action });
      });
      bus.on('callbacks', 'originate.response', (e) => {
        const id = pendingActions.get(e.actionId);
        pendingActions.delete(e.actionId);
        const c = e.uniqueid.startsWith('cb-') ? store.byChannel(e.uniqueid) : id ? store.get(id) : undefined;
        if (c)
          apply(c, {
            type: 'originate',
            answered: e.answered,
            result: ORIGINATE_RESULTS[String(e.reason)] ?? 'failed',
          });
        void tick();
      });
      bus.on('callbacks', 'queue.agent.connected', (e) => {
        if (e.uniqueid.startsWith('cb-')) onChannel(e.uniqueid, { type: 'agent', member: e.member });
      });
      bus.on('callbacks', 'channel.hungup', (e) => {
        if (e.uniqueid.startsWith('cb-')) onChannel(e.uniqueid, { type: 'hangup' });
        void tick();
      });
      // a caller leaving or an agent freeing up may make a callback's turn come
      bus.on('callbacks', 'queue.caller.left', () => void tick());
      bus.on('callbacks', 'queue.member', (e) => {
        if (queueIdOfSection(e.member.queue) !== null) void tick();
      });
      bus.on('callbacks', 'ami.state', (e) => {
        if (e.state !== 'connected') ready = false;
      });
      bus.on('callbacks', 'asterisk.ready', () => {
        reconcile().catch((err) => log.warn({ err }, 'callback reconcile failed'));
      });
      timer = setInterval(() => void tick(), deps.tickMs ?? TICK_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      bus.off('callbacks');
    },
  };
}
