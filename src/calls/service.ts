import type { Bus } from '../bus.js';
import type { Reader } from '../db/reader.js';
import { readPage } from '../kit/reader-page.js';
import type { Logger } from '../log.js';
import {
  addCounters,
  DEFAULT_SERVICE_LEVEL_SEC,
  emptyCounters,
  type QueueCounters,
  queueFigures,
  SHORT_ABANDON_SEC,
} from '../metrics/queue-figures.js';
import { queueIdOfSection } from '../queues/schema.js';
import { buildCall } from './build.js';
import { type QueueCountersRow, queueCountersSql } from './figures.js';
import { type CallRow, callExportPageSql, callListSql } from './list.js';
import type { Direction, Outcome } from './rows.js';
import type {
  Call,
  CallExportQuery,
  CallListQuery,
  CallPage,
  QueueFiguresItem,
  QueueFiguresQuery,
  QueueFiguresReport,
} from './schema.js';
import type { CallsStore } from './store.js';

export const CDR_WATERMARK = 'calls-cdr';
export const EVENTS_WATERMARK = 'calls-queue-events';
/**
 * Calls per reader round trip of an export: big enough to amortise the trip,
 * small enough that a page's rows (built in the reader, cloned into this
 * thread, turned into cells) die young: at 5,000 a 1,000,000-row CSV grew
 * RSS by 219 MB, at 1,000 by 51 MB, and ran faster (bench/export).
 */
const EXPORT_PAGE = 1000;
/** Source rows looked at per transaction. */
const BATCH = 500;

const iso = (t: number | null): string | null => (t === null ? null : new Date(t * 1000).toISOString());

/** A built call as the recordings and tickets domains see it. */
export interface BuiltCall {
  id: number;
  linkedid: string;
  /** The seat that took it; '' when none did. */
  agent: string;
  /** The recording's path under the monitor tree; '' when none. */
  recording: string;
}

/** Who took a built call, and through which queue. */
export interface CallTaker {
  id: number;
  agent: string;
  queue_id: number | null;
}

/** A wrap-up as stored (the desk's write and what it reads back before it). */
export interface WrapUpRow {
  linkedid: string;
  agent: string;
  disposition: string;
  notes: string;
}

export interface CallsService {
  /** Brings calls up to date with every cdr and queue_events row at once; returns the linkedids touched. */
  sync(): string[];
  /** Rebuilds the calls of newly ingested rows soon, in batches that never hold up AMI and ARI. */
  schedule(): void;
  /** A hold of this call ended: rebuild it soon (its CDRs may already be in). */
  holdChanged(linkedid: string): void;
  /** Drops a scheduled rebuild. */
  stop(): void;
  /** By time entered, on the reader worker. */
  list(q: CallListQuery): Promise<CallPage>;
  /** Every call the filter finds, a page at a time, on the reader worker (exports). */
  exportPages(q: Omit<CallExportQuery, 'format'>, pageSize?: number): AsyncIterable<CallRow[]>;
  /**
   * Each queue's counters of a period (today by default) from queue_events,
   * through the one figures function; runs on the reader worker.
   */
  queueFigures(q: QueueFiguresQuery): Promise<QueueFiguresReport>;
  /** The facts the recordings domain needs to authorise a download. */
  get(id: number): BuiltCall | undefined;
  /** The built call of a linkedid (who took it), once its CDR is in. */
  byLinkedid(linkedid: string): CallTaker | undefined;
  /** The desk's wrap-up of a call; the caller writes it inside its audited change. */
  saveWrapUp(w: WrapUpRow): void;
  wrapUpOf(linkedid: string): (Omit<WrapUpRow, 'linkedid'> & { updated_at: number }) | undefined;
}

/**
 * Keeps calls in step with cdr and queue_events: each has a watermark (the
 * last source row id looked at); every new row names a call (its linkedid,
 * or for a queue event the linkedid of the CDR with that uniqueid), and each
 * named call is rebuilt whole from all its rows. Rebuilding is idempotent, so
 * the order in which CDRs and queue events arrive does not matter, and a
 * call whose CDR has not arrived yet is simply built when it does.
 */
export function createCallsService(deps: {
  store: CallsStore;
  reader: Reader;
  bus: Bus;
  log: Logger;
  /** The download URL of a recording, or null when its file is gone (retention). */
  recordingUrl?: (callId: number, path: string) => string | null;
  /** The configured queues and their service-level seconds (the queues domain). */
  queues?: () => { id: number; name: string; serviceLevelSec: number }[];
}): CallsService {
  const { store, reader, bus } = deps;
  const log = deps.log.child({ component: 'calls' });

  /** Rebuilds the calls; adds each one's entered time before and after to `times` (the reports' rollup buckets). */
  const rebuildAll = (linkedids: Iterable<string>, times: number[]): void => {
    for (const linkedid of linkedids) {
      const cdrs = store.cdrsOf(linkedid);
      const callids = new Set([linkedid, ...cdrs.map((c) => c.uniqueid)]);
      store.closeOrphanHolds(linkedid);
      const call = buildCall(cdrs, store.eventsOf(callids), store.holdsOf(linkedid));
      if (call) {
        const before = store.enteredAtOf(linkedid);
        if (before !== undefined && before !== call.enteredAt) times.push(before);
        times.push(call.enteredAt);
        store.upsert(call);
      }
    }
  };

  type Batch = { more: boolean; linkedids: string[]; times: number[] };
  const fromCdrs = store.transaction((): Batch => {
    const after = store.getWatermark(CDR_WATERMARK)?.position ?? 0;
    const rows = store.cdrLinkedidsAfter(after, BATCH);
    if (rows.length === 0) return { more: false, linkedids: [], times: [] };
    const linkedids = [...new Set(rows.map((r) => r.linkedid).filter((l) => l !== ''))];
    const times: number[] = [];
    rebuildAll(linkedids, times);
    store.setWatermark(CDR_WATERMARK, { position: rows[rows.length - 1]!.id, identity: '' });
    return { more: rows.length === BATCH, linkedids, times };
  });

  const fromEvents = store.transaction((): Batch => {
    const after = store.getWatermark(EVENTS_WATERMARK)?.position ?? 0;
    const rows = store.eventsAfter(after, BATCH);
    if (rows.length === 0) return { more: false, linkedids: [], times: [] };
    const linkedids = new Set<string>();
    for (const r of rows) {
      if (r.callid === 'NONE' || r.callid === 'MANAGER') continue;
      const l = store.linkedidOf(r.callid);
      if (l) linkedids.add(l);
    }
    const times: number[] = [];
    rebuildAll(linkedids, times);
    store.setWatermark(EVENTS_WATERMARK, { position: rows[rows.length - 1]!.id, identity: '' });
    return { more: rows.length === BATCH, linkedids: [...linkedids], times };
  });

  /** Calls whose hold ended since the last step. */
  const heldCalls = new Set<string>();
  const fromHolds = store.transaction((): Batch => {
    const linkedids = [...heldCalls];
    heldCalls.clear();
    const times: number[] = [];
    rebuildAll(linkedids, times);
    return { more: false, linkedids: times.length > 0 ? linkedids : [], times };
  });

  /** One batch from each source; `more` when either may hold more rows. */
  function step(): { more: boolean; touched: string[] } {
    const a = fromCdrs();
    const b = fromEvents();
    const c = fromHolds();
    const touched = [...new Set([...a.linkedids, ...b.linkedids, ...c.linkedids])];
    if (touched.length > 0)
      bus.emit('calls.updated', { linkedids: touched, enteredAt: [...a.times, ...b.times, ...c.times] });
    return { more: a.more || b.more, touched };
  }

  /** Brings calls up to date with every cdr and queue_events row at once; returns the calls touched. */
  function sync(): string[] {
    const touched = new Set<string>();
    for (;;) {
      const r = step();
      for (const l of r.touched) touched.add(l);
      if (!r.more) return [...touched];
    }
  }

  let pending: NodeJS.Immediate | null = null;
  /**
   * Coalesces bursts of ingest events into batches run after the ingest
   * tick; a backlog (catch-up after downtime) is worked off one batch per
   * turn of the event loop, so AMI and ARI handling never wait for all of it.
   */
  function schedule(): void {
    if (pending) return;
    pending = setImmediate(() => {
      pending = null;
      try {
        if (step().more) schedule();
      } catch (err) {
        log.error({ err }, 'rebuilding calls failed; retrying on the next ingest');
      }
    });
  }

  const toCall = (r: CallRow): Call => ({
    id: r.id,
    linkedid: r.linkedid,
    direction: r.direction as Direction,
    caller: r.caller,
    did: r.did,
    enteredAt: new Date(r.entered_at * 1000).toISOString(),
    endedAt: iso(r.ended_at),
    ivrPath: r.ivr_path,
    queueId: r.queue_id,
    waitSeconds: r.wait_seconds,
    agent: r.agent,
    talkSeconds: r.talk_seconds,
    holdSeconds: r.hold_seconds,
    transfers: r.transfers,
    outcome: r.outcome as Outcome,
    recording: r.recording !== '' && deps.recordingUrl ? deps.recordingUrl(r.id, r.recording) : null,
    wrapUp:
      r.wrap_disposition === null
        ? null
        : {
            agent: r.wrap_agent ?? '',
            disposition: r.wrap_disposition,
            notes: r.wrap_notes ?? '',
            at: new Date(r.wrapped_at ?? 0).toISOString(),
          },
  });

  return {
    sync,
    schedule,
    holdChanged(linkedid) {
      heldCalls.add(linkedid);
      schedule();
    },
    stop() {
      if (pending) clearImmediate(pending);
      pending = null;
    },
    list: (q) => readPage(reader, callListSql(q), toCall, q),
    async *exportPages(q, pageSize = EXPORT_PAGE) {
      let after: { enteredAt: number; id: number } | null = null;
      for (;;) {
        const page = callExportPageSql(q, after, pageSize);
        const rows = await reader.all<CallRow>(page.sql, page.params);
        if (rows.length > 0) yield rows;
        if (rows.length < pageSize) return;
        const last = rows[rows.length - 1]!;
        after = { enteredAt: last.entered_at, id: last.id };
      }
    },
    async queueFigures(q) {
      const { from, to } = period(q);
      const configured = (deps.queues?.() ?? []).sort((a, b) => a.id - b.id);
      const slOf = new Map(configured.map((c) => [`q${c.id}`, c.serviceLevelSec]));
      const sql = queueCountersSql({
        from,
        to,
        serviceLevelSec: slOf,
        defaultServiceLevelSec: DEFAULT_SERVICE_LEVEL_SEC,
        shortAbandonSec: SHORT_ABANDON_SEC,
      });
      const rows = await reader.all<QueueCountersRow>(sql.sql, sql.params);
      const counted = new Map(rows.map((r) => [r.queue, countersOfRow(r)]));
      const item = (section: string, id: number | null, name: string): QueueFiguresItem => ({
        section,
        id,
        name,
        serviceLevelSec: slOf.get(section) ?? DEFAULT_SERVICE_LEVEL_SEC,
        ...queueFigures(counted.get(section) ?? emptyCounters()),
      });
      const queues = configured.map((c) => item(`q${c.id}`, c.id, c.name));
      for (const r of rows) {
        if (slOf.has(r.queue)) continue;
        queues.push(item(r.queue, queueIdOfSection(r.queue), r.queue));
      }
      return {
        from: new Date(from * 1000).toISOString(),
        to: new Date(to * 1000).toISOString(),
        shortAbandonSec: SHORT_ABANDON_SEC,
        queues,
        total: queueFigures([...counted.values()].reduce(addCounters, emptyCounters())),
      };
    },
    get: (id) => store.callById(id),
    byLinkedid: (linkedid) => store.callByLinkedid(linkedid),
    saveWrapUp: (w) => store.saveWrapUp(w, Date.now()),
    wrapUpOf: (linkedid) => store.wrapUpOf(linkedid),
  };
}

/** The period asked for, in epoch seconds: a local day when a bound is missing. */
function period(q: QueueFiguresQuery): { from: number; to: number } {
  const day = (ms: number, days: number) => {
    const d = new Date(ms);
    d.setDate(d.getDate() + days);
    return d.getTime() / 1000;
  };
  if (q.from !== undefined && q.to !== undefined) return { from: q.from, to: q.to };
  if (q.from !== undefined) return { from: q.from, to: day(q.from * 1000, 1) };
  if (q.to !== undefined) return { from: day(q.to * 1000, -1), to: q.to };
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  return { from: midnight.getTime() / 1000, to: day(midnight.getTime(), 1) };
}

/** SQLite's SUM of no true rows is NULL; every counter is a whole number. */
function countersOfRow(r: QueueCountersRow): QueueCounters {
  const c = emptyCounters();
  for (const k of Object.keys(c) as (keyof QueueCounters)[]) c[k] = Number(r[k] ?? 0);
  return c;
}
