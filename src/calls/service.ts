import type { Bus } from '../bus.js';
import type { Reader } from '../db/reader.js';
import type { Logger } from '../log.js';
import { buildCall } from './build.js';
import { type CallRow, callListSql } from './list.js';
import type { Direction, Outcome } from './rows.js';
import type { Call, CallListQuery, CallPage } from './schema.js';
import type { CallsStore } from './store.js';

export const CDR_WATERMARK = 'calls-cdr';
export const EVENTS_WATERMARK = 'calls-queue-events';
/** Source rows looked at per transaction. */
const BATCH = 500;

const iso = (t: number | null): string | null => (t === null ? null : new Date(t * 1000).toISOString());

export type CallsService = ReturnType<typeof createCallsService>;

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
}) {
  const { store, reader, bus } = deps;
  const log = deps.log.child({ component: 'calls' });

  const rebuildAll = (linkedids: Iterable<string>): number => {
    let n = 0;
    for (const linkedid of linkedids) {
      const cdrs = store.cdrsOf(linkedid);
      const callids = new Set([linkedid, ...cdrs.map((c) => c.uniqueid)]);
      const call = buildCall(cdrs, store.eventsOf(callids));
      if (call) {
        store.upsert(call);
        n++;
      }
    }
    return n;
  };

  const fromCdrs = store.transaction((): { more: boolean; linkedids: string[] } => {
    const after = store.getWatermark(CDR_WATERMARK)?.position ?? 0;
    const rows = store.cdrLinkedidsAfter(after, BATCH);
    if (rows.length === 0) return { more: false, linkedids: [] };
    const linkedids = [...new Set(rows.map((r) => r.linkedid).filter((l) => l !== ''))];
    rebuildAll(linkedids);
    store.setWatermark(CDR_WATERMARK, { position: rows[rows.length - 1]!.id, identity: '' });
    return { more: rows.length === BATCH, linkedids };
  });

  const fromEvents = store.transaction((): { more: boolean; linkedids: string[] } => {
    const after = store.getWatermark(EVENTS_WATERMARK)?.position ?? 0;
    const rows = store.eventsAfter(after, BATCH);
    if (rows.length === 0) return { more: false, linkedids: [] };
    const linkedids = new Set<string>();
    for (const r of rows) {
      if (r.callid === 'NONE' || r.callid === 'MANAGER') continue;
      const l = store.linkedidOf(r.callid);
      if (l) linkedids.add(l);
    }
    rebuildAll(linkedids);
    store.setWatermark(EVENTS_WATERMARK, { position: rows[rows.length - 1]!.id, identity: '' });
    return { more: rows.length === BATCH, linkedids: [...linkedids] };
  });

  /** One batch from each source; `more` when either may hold more rows. */
  function step(): { more: boolean; touched: string[] } {
    const a = fromCdrs();
    const b = fromEvents();
    const touched = [...new Set([...a.linkedids, ...b.linkedids])];
    if (touched.length > 0) bus.emit('calls.updated', { linkedids: touched });
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
    outcome: r.outcome as Outcome,
    recording: r.recording !== '' && deps.recordingUrl ? deps.recordingUrl(r.id, r.recording) : null,
  });

  return {
    sync,
    schedule,
    stop() {
      if (pending) clearImmediate(pending);
      pending = null;
    },
    /** By time entered. Runs on the reader worker: a wide range can scan many rows. */
    async list(q: CallListQuery): Promise<CallPage> {
      const sql = callListSql(q);
      const [rows, count] = await Promise.all([
        reader.all<CallRow>(sql.items.sql, sql.items.params),
        reader.get<{ n: number }>(sql.count.sql, sql.count.params),
      ]);
      return { items: rows.map(toCall), total: count?.n ?? 0, limit: q.limit, offset: q.offset };
    },
    /** The facts the recordings domain needs to authorise a download. */
    get: (id: number) => store.callById(id),
  };
}
