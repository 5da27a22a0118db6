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
  SUM(c.queue_id IS NOT NULL AND c.outcome = 'answered' AND COALESCE(c.wait_seconds, 0) <= COALESCE(sl.sec, @defaultSl)),
  SUM(c.queue_id IS NOT NULL AND c.outcome = 'abandoned_queue' AND COALESCE(c.wait_seconds, 0) > @shortSec),
  SUM(c.queue_id IS NOT NULL AND c.outcome = 'abandoned_queue' AND COALESCE(c.wait_seconds, 0) <= @shortSec),
  SUM(c.queue_id IS NOT NULL AND c.outcome NOT IN ('answered', 'abandoned_queue')),
  SUM(c.queue_id IS NOT NULL AND c.outcome = 'overflow'),
  COALESCE(SUM(CASE WHEN c.queue_id IS NOT NULL AND c.outcome = 'answered' THEN c.wait_seconds END), 0),
  COALESCE(SUM(CASE WHEN c.queue_id IS NOT NULL AND c.outcome = 'answered' THEN c.talk_seconds END), 0),
  COALESCE(MAX(CASE WHEN c.queue_id IS NOT NULL THEN c.wait_seconds END), 0)`;

const cols = COUNTER_COLUMNS.join(', ');
const sums = COUNTER_COLUMNS.map((c) => (c === 'max_wait' ? `MAX(${c})` : `SUM(${c})`)).join(', ');

export type ReportsStore = ReturnType<typeof createReportsStore>;

/** The only SQL that writes the rollup tables (main connection). */
export function createReportsStore(db: Db) {
  const deleteDetail = db.prepare('DELETE FROM report_detail_15m WHERE bucket >= ? AND bucket < ?');
  const deleteQueue = db.prepare('DELETE FROM report_queue_15m WHERE bucket >= ? AND bucket < ?');
  const insertDetail = db.prepare(
    `WITH sl(queue_id, sec) AS (
       SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@sl)
     )
     INSERT INTO report_detail_15m (bucket, queue_id, agent, did, ${cols})
     SELECT CAST(c.entered_at / ${BUCKET_SEC} AS INTEGER) * ${BUCKET_SEC}, COALESCE(c.queue_id, 0), c.agent, c.did,
       ${FOLD}
     FROM calls c LEFT JOIN sl ON sl.queue_id = c.queue_id
     WHERE c.entered_at >= @from AND c.entered_at < @to
     GROUP BY 1, 2, 3, 4`,
  );
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
    insertDetail.run({
      from,
      to,
      sl: JSON.stringify([...th.serviceLevelSec]),
      defaultSl: th.defaultServiceLevelSec,
      shortSec: th.shortAbandonSec,
    });
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
