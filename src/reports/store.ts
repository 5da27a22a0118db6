import type { Db } from '../db/index.js';
import { createWatermarks } from '../db/watermarks.js';

/** Seconds per rollup bucket: every time zone's offset is a whole number of quarter hours. */
export const BUCKET_SEC = 900;

/** The counter columns of both rollup tables, in order. */
export const COUNTER_COLUMNS = [
  'calls',
  'inbound',
  'offered',
  'answered',
  'answered_in_sl',
  'abandoned',
  'short_abandoned',
  'exited',
  'overflow',
  'wait_answered',
  'talk',
  'max_wait',
  'transfers',
  'hold',
] as const;
export type CounterColumn = (typeof COUNTER_COLUMNS)[number];
export type RollupCounters = Record<CounterColumn, number>;

/** The rollup's thresholds: per queue id its service-level seconds, and the rest. */
export interface RollupThresholds {
  serviceLevelSec: Map<number, number>;
  defaultServiceLevelSec: number;
  shortAbandonSec: number;
}

/**
 * One calls row folded into counters (docs/metrics.md, "Reports"): a call
 * with a queue is offered once, to the queue it was last in; its outcome
 * gives its one fate. Every answered call has its talk time, so completed =
 * answered here.
 */
const FOLD = `
  COUNT(*),
  SUM(c.direction = 'inbound'),
  SUM(c.queue_id IS NOT NULL),
  SUM(c.queue_id IS NOT NULL AND c.outcome = 'answered'),
  SUM(c.queue_id IS NOT NULL AND c.outcome = 'answered' AND COALESCE(c.wait_seconds, 0) <= @SL),
  SUM(c.queue_id IS NOT NULL AND c.outcome = 'abandoned_queue' AND COALESCE(c.wait_seconds, 0) > @shortSec),
  SUM(c.queue_id IS NOT NULL AND c.outcome = 'abandoned_queue' AND COALESCE(c.wait_seconds, 0) <= @shortSec),
  SUM(c.queue_id IS NOT NULL AND c.outcome NOT IN ('answered', 'abandoned_queue')),
  SUM(c.queue_id IS NOT NULL AND c.outcome = 'overflow'),
  COALESCE(SUM(CASE WHEN c.queue_id IS NOT NULL AND c.outcome = 'answered' THEN c.wait_seconds END), 0),
  COALESCE(SUM(CASE WHEN c.queue_id IS NOT NULL AND c.outcome = 'answered' THEN c.talk_seconds END), 0),
  COALESCE(MAX(CASE WHEN c.queue_id IS NOT NULL THEN c.wait_seconds END), 0),
  SUM(c.queue_id IS NOT NULL AND c.transfers > 0),
  COALESCE(SUM(CASE WHEN c.queue_id IS NOT NULL AND c.outcome = 'answered' THEN c.hold_seconds END), 0)`;

const cols = COUNTER_COLUMNS.join(', ');

/**
 * `CASE queue_id WHEN 1 THEN 20 … ELSE d END` with integer literals (our own
 * configuration, checked to be whole numbers): SQLite evaluates it per row
 * far faster than a join against a JSON list of thresholds.
 */
export function perQueue(column: string, values: Map<number, number>, otherwise: number): string {
  const int = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${n}`);
    return n;
  };
  if (values.size === 0) return String(int(otherwise));
  const whens = [...values].map(([q, v]) => `WHEN ${int(q)} THEN ${int(v)}`).join(' ');
  return `(CASE ${column} ${whens} ELSE ${int(otherwise)} END)`;
}
const sums = COUNTER_COLUMNS.map((c) => (c === 'max_wait' ? `MAX(${c})` : `SUM(${c})`)).join(', ');

export type ReportsStore = ReturnType<typeof createReportsStore>;

/** The only SQL that writes the rollup tables (main connection). */
export function createReportsStore(db: Db) {
  const deleteDetail = db.prepare('DELETE FROM report_detail_15m WHERE bucket >= ? AND bucket < ?');
  const deleteQueue = db.prepare('DELETE FROM report_queue_15m WHERE bucket >= ? AND bucket < ?');
  /** Prepared once per set of thresholds (they change when a queue's settings do). */
  const insertDetailFor = new Map<string, ReturnType<Db['prepare']>>();
  const insertDetail = (th: RollupThresholds) => {
    const sl = perQueue('c.queue_id', th.serviceLevelSec, th.defaultServiceLevelSec);
    let stmt = insertDetailFor.get(sl);
    if (!stmt) {
      if (insertDetailFor.size > 50) insertDetailFor.clear();
      stmt = db.prepare(
        `INSERT INTO report_detail_15m (bucket, queue_id, agent, did, ${cols})
         SELECT CAST(c.entered_at / ${BUCKET_SEC} AS INTEGER) * ${BUCKET_SEC}, COALESCE(c.queue_id, 0), c.agent,
           c.did, ${FOLD.replace('@SL', sl)}
         FROM calls c
         WHERE c.entered_at >= @from AND c.entered_at < @to
         GROUP BY 1, 2, 3, 4`,
      );
      insertDetailFor.set(sl, stmt);
    }
    return stmt;
  };
  const insertQueue = db.prepare(
    `INSERT INTO report_queue_15m (bucket, queue_id, ${cols})
     SELECT bucket, queue_id, ${sums} FROM report_detail_15m WHERE bucket >= ? AND bucket < ?
     GROUP BY bucket, queue_id`,
  );
  const bounds = db.prepare<[], { lo: number | null; hi: number | null }>(
    'SELECT MIN(entered_at) AS lo, MAX(entered_at) AS hi FROM calls',
  );
  const marks = createWatermarks(db);

  /** Recomputes the buckets in [from, to) (multiples of BUCKET_SEC) from calls. */
  const recompute = (from: number, to: number, th: RollupThresholds): void => {
    deleteDetail.run(from, to);
    deleteQueue.run(from, to);
    insertDetail(th).run({ from, to, shortSec: th.shortAbandonSec });
    insertQueue.run(from, to);
  };

  return {
    recompute,
    /** Drops the rollups outside [from, to): buckets whose calls are gone. */
    dropOutside: (from: number, to: number) => {
      for (const t of ['report_detail_15m', 'report_queue_15m']) {
        db.prepare(`DELETE FROM ${t} WHERE bucket < ? OR bucket >= ?`).run(from, to);
      }
    },
    /** The first and last entered time in calls; null when there are none. */
    bounds: () => bounds.get()!,
    version: (source: string): number | undefined => marks.get(source)?.position,
    setVersion: (source: string, v: number) => marks.set(source, { position: v, identity: '' }, Date.now()),
    transaction: <A extends unknown[], T>(fn: (...args: A) => T): ((...args: A) => T) => db.transaction(fn),
  };
}
