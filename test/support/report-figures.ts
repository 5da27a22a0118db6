import { SHORT_ABANDON_SEC } from '../../src/metrics/queue-figures.js';

/** A call as the call list shows it, the fields the report figures read. */
export interface ListedCall {
  queueId: number | null;
  outcome: string;
  waitSeconds: number | null;
  talkSeconds: number;
  /** Absent in fixtures that never transfer. */
  transfers?: number;
  /** Absent in fixtures that never hold. */
  holdSeconds?: number;
}

/**
 * A queue summary's figures counted by hand from calls, straight from the
 * definitions in docs/metrics.md ("Reports"), without the rollups or
 * src/metrics: what the reports tests compare the API with.
 */
export function figuresByHand(list: ListedCall[], serviceLevelSec: (queueId: number) => number) {
  const queued = list.filter((r) => r.queueId !== null);
  const answered = queued.filter((r) => r.outcome === 'answered');
  const abandons = queued.filter((r) => r.outcome === 'abandoned_queue');
  const abandoned = abandons.filter((r) => (r.waitSeconds ?? 0) > SHORT_ABANDON_SEC).length;
  const exited = queued.filter((r) => !['answered', 'abandoned_queue'].includes(r.outcome)).length;
  const within = answered.filter((r) => (r.waitSeconds ?? 0) <= serviceLevelSec(r.queueId!)).length;
  const settled = answered.length + abandoned + exited;
  const r1 = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10) / 10 : null);
  const sum = (l: ListedCall[], f: (r: ListedCall) => number) => l.reduce((s, r) => s + f(r), 0);
  return {
    offered: queued.length,
    answered: answered.length,
    answeredWithinSl: within,
    abandoned,
    shortAbandoned: abandons.length - abandoned,
    exited,
    overflow: queued.filter((r) => r.outcome === 'overflow').length,
    serviceLevelPct: r1(100 * within, settled),
    abandonRatePct: r1(100 * abandoned, settled),
    asaSec: r1(
      sum(answered, (r) => r.waitSeconds ?? 0),
      answered.length,
    ),
    ahtSec: r1(
      sum(answered, (r) => r.talkSeconds),
      answered.length,
    ),
    longestWaitSec: Math.max(0, ...queued.map((r) => r.waitSeconds ?? 0)),
    transfers: queued.filter((r) => (r.transfers ?? 0) > 0).length,
    holdSec: sum(answered, (r) => r.holdSeconds ?? 0),
  };
}
