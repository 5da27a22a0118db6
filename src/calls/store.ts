import type { ChannelHold } from '../bus.js';
import type { Db } from '../db/index.js';
import { createWatermarks, type Watermark } from '../db/watermarks.js';
import { seatOfChannel } from './holds.js';
import type { QueueEvent } from './queue-log.js';
import type { CallRecord, CdrForCall, HoldRow, QueueEventRow } from './rows.js';

const CDR_COLUMNS =
  'id, start_at, answer_at, end_at, src, dst, dcontext, channel, dstchannel, lastapp, duration, billsec, ' +
  'disposition, uniqueid, linkedid, sequence, did, ivrpath, recording, afterhours';
const EVENT_COLUMNS = 'id, at, callid, queue, queue_id, agent, event, data1, data2, data3, data4, data5';

export type CallsStore = ReturnType<typeof createCallsStore>;

/** The only SQL for queue_events, call_holds, calls and this domain's watermarks (main connection). */
export function createCallsStore(db: Db) {
  const insertEvent = db.prepare(
    `INSERT INTO queue_events (at, callid, queue, queue_id, agent, event, data, data1, data2, data3, data4, data5)
     VALUES (@at, @callid, @queue, @queueId, @agent, @event, @data, @d1, @d2, @d3, @d4, @d5)
     ON CONFLICT DO NOTHING`,
  );
  const marks = createWatermarks(db);
  const cdrLinkedidsAfter = db.prepare<[number, number], { id: number; linkedid: string }>(
    `SELECT id, linkedid FROM cdr WHERE id > ? ORDER BY id LIMIT ?`,
  );
  const eventsAfter = db.prepare<[number, number], { id: number; callid: string }>(
    'SELECT id, callid FROM queue_events WHERE id > ? ORDER BY id LIMIT ?',
  );
  const linkedidOf = db
    .prepare<[string, string]>('SELECT linkedid FROM cdr WHERE uniqueid = ? OR linkedid = ? LIMIT 1')
    .pluck();
  const cdrsOf = db.prepare<[string], CdrForCall>(
    `SELECT ${CDR_COLUMNS} FROM cdr WHERE linkedid = ? ORDER BY start_at, sequence, id`,
  );
  const eventsOfCallid = db.prepare<[string], QueueEventRow>(
    `SELECT ${EVENT_COLUMNS} FROM queue_events WHERE callid = ? ORDER BY at, id`,
  );
  const upsert = db.prepare(
    `INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds,
       agent, talk_seconds, hold_seconds, transfers, outcome, recording, updated_at)
     VALUES (@linkedid, @direction, @caller, @did, @enteredAt, @endedAt, @ivrPath, @queueId, @waitSeconds,
       @agent, @talkSeconds, @holdSeconds, @transfers, @outcome, @recording, @now)
     ON CONFLICT(linkedid) DO UPDATE SET direction = excluded.direction, caller = excluded.caller,
       did = excluded.did, entered_at = excluded.entered_at, ended_at = excluded.ended_at,
       ivr_path = excluded.ivr_path, queue_id = excluded.queue_id, wait_seconds = excluded.wait_seconds,
       agent = excluded.agent, talk_seconds = excluded.talk_seconds, hold_seconds = excluded.hold_seconds,
       transfers = excluded.transfers,
       outcome = excluded.outcome,
       recording = excluded.recording, updated_at = excluded.updated_at`,
  );

  // one open hold per channel (a partial unique index) and one per start: a repeated Hold adds nothing
  const openHold = db.prepare(
    `INSERT INTO call_holds (linkedid, uniqueid, channel, agent, start_at, end_at)
     VALUES (@linkedid, @uniqueid, @channel, @agent, @at, NULL) ON CONFLICT DO NOTHING`,
  );
  const closeHold = db.prepare(
    'UPDATE call_holds SET end_at = MAX(start_at, @at) WHERE uniqueid = @uniqueid AND end_at IS NULL',
  );
  const holdsOf = db.prepare<[string], HoldRow>(
    'SELECT uniqueid, channel, agent, start_at, end_at FROM call_holds WHERE linkedid = ? ORDER BY start_at, id',
  );
  // An open hold whose channel's CDR leg has ended (hotlined missed the Unhold and the hangup) ends with that leg.
  const LEG_END = `(SELECT MAX(d.end_at) FROM cdr d WHERE d.linkedid = h.linkedid
    AND (d.channel = h.channel OR d.dstchannel = h.channel OR d.uniqueid = h.uniqueid))`;
  const closeOrphans = db.prepare(
    `UPDATE call_holds AS h SET end_at = MAX(h.start_at, ${LEG_END})
     WHERE h.end_at IS NULL AND ${LEG_END} IS NOT NULL`,
  );
  const closeOrphansOf = db.prepare(
    `UPDATE call_holds AS h SET end_at = MAX(h.start_at, ${LEG_END})
     WHERE h.linkedid = ? AND h.end_at IS NULL AND ${LEG_END} IS NOT NULL`,
  );

  const callById = db.prepare<[number], { id: number; linkedid: string; agent: string; recording: string }>(
    'SELECT id, linkedid, agent, recording FROM calls WHERE id = ?',
  );

  const enteredAtOf = db.prepare<[string], number>('SELECT entered_at FROM calls WHERE linkedid = ?').pluck();

  const callByLinkedid = db.prepare<[string], { id: number; agent: string; queue_id: number | null }>(
    'SELECT id, agent, queue_id FROM calls WHERE linkedid = ?',
  );
  const saveWrapUp = db.prepare(
    `INSERT INTO call_wrapups (linkedid, agent, disposition, notes, created_at, updated_at)
     VALUES (@linkedid, @agent, @disposition, @notes, @now, @now)
     ON CONFLICT(linkedid) DO UPDATE SET agent = excluded.agent, disposition = excluded.disposition,
       notes = excluded.notes, updated_at = excluded.updated_at`,
  );
  const wrapUpOf = db.prepare<
    [string],
    { agent: string; disposition: string; notes: string; updated_at: number }
  >('SELECT agent, disposition, notes, updated_at FROM call_wrapups WHERE linkedid = ?');

  return {
    callById: (id: number) => callById.get(id),
    callByLinkedid: (linkedid: string) => callByLinkedid.get(linkedid),
    enteredAtOf: (linkedid: string) => enteredAtOf.get(linkedid) as number | undefined,
    saveWrapUp: (w: { linkedid: string; agent: string; disposition: string; notes: string }, now: number) =>
      saveWrapUp.run({ ...w, now }),
    wrapUpOf: (linkedid: string) => wrapUpOf.get(linkedid),
    /** True if the event was new. */
    insertEvent: (e: QueueEvent): boolean =>
      insertEvent.run({
        at: e.at,
        callid: e.callid,
        queue: e.queue,
        queueId: e.queueId,
        agent: e.agent,
        event: e.event,
        data: e.data,
        d1: e.fields[0],
        d2: e.fields[1],
        d3: e.fields[2],
        d4: e.fields[3],
        d5: e.fields[4],
      }).changes === 1,
    maxEventId: (): number =>
      Number(db.prepare('SELECT COALESCE(MAX(id), 0) FROM queue_events').pluck().get()),
    getWatermark: marks.get,
    setWatermark: (source: string, m: Watermark) => marks.set(source, m, Date.now()),
    cdrLinkedidsAfter: (id: number, limit: number) => cdrLinkedidsAfter.all(id, limit),
    eventsAfter: (id: number, limit: number) => eventsAfter.all(id, limit),
    linkedidOf: (callid: string): string | undefined => linkedidOf.get(callid, callid) as string | undefined,
    cdrsOf: (linkedid: string) => cdrsOf.all(linkedid),
    eventsOf: (callids: Iterable<string>): QueueEventRow[] => {
      const out: QueueEventRow[] = [];
      for (const c of new Set(callids)) out.push(...eventsOfCallid.all(c));
      return out.sort((a, b) => a.at - b.at || a.id - b.id);
    },
    /** A channel went on hold (true) or off it; idempotent. Returns true when a row changed. */
    hold: (e: ChannelHold): boolean => {
      const row = { linkedid: e.linkedid, uniqueid: e.uniqueid, at: e.at / 1000 };
      if (!e.held) return closeHold.run(row).changes > 0;
      return openHold.run({ ...row, channel: e.channel, agent: seatOfChannel(e.channel) }).changes > 0;
    },
    /** The channel hung up: its open hold (if any) ends then. */
    endHold: (uniqueid: string, atMs: number): boolean =>
      closeHold.run({ uniqueid, at: atMs / 1000 }).changes > 0,
    /** Ends open holds whose channel's CDR leg has ended (all calls, or one linkedid's). */
    closeOrphanHolds: (linkedid?: string): number =>
      (linkedid === undefined ? closeOrphans.run() : closeOrphansOf.run(linkedid)).changes,
    holdsOf: (linkedid: string) => holdsOf.all(linkedid),
    upsert: (c: CallRecord) => upsert.run({ ...c, now: Date.now() }),
    transaction: <A extends unknown[], T>(fn: (...args: A) => T): ((...args: A) => T) => db.transaction(fn),
  };
}
