import type { Reader } from '../db/reader.js';
import { validation } from '../errors.js';
import {
  DEFAULT_SERVICE_LEVEL_SEC,
  type QueueCounters,
  queueFigures,
  SHORT_ABANDON_SEC,
} from '../metrics/queue-figures.js';
import { type ReportPeriodQuery, resolvePeriod } from './period.js';
import type { Rollups } from './rollups.js';
import {
  type Distribution,
  type DistributionQuery,
  type Heatmap,
  type Interval,
  MAX_POINTS,
  type PeriodEcho,
  type QueueSummary,
  type QueueSummaryItem,
  type ReportFigures,
} from './schema.js';
import { BUCKET_SEC, COUNTER_COLUMNS, perQueue, type RollupCounters } from './store.js';

/** A configured queue as reports name it. */
export interface ReportQueue {
  id: number;
  name: string;
  serviceLevelSec: number;
  wrapUpSec: number;
}

export interface ReportsService {
  queueSummary(q: ReportPeriodQuery, now?: Date): Promise<QueueSummary>;
  distribution(q: DistributionQuery, now?: Date): Promise<Distribution>;
  heatmap(q: ReportPeriodQuery, now?: Date): Promise<Heatmap>;
  rollups: Rollups;
}

const SUMS = COUNTER_COLUMNS.map((c) => (c === 'max_wait' ? `MAX(${c}) AS ${c}` : `SUM(${c}) AS ${c}`)).join(
  ', ',
);

/**
 * The rollup rows a report adds up: the queue grain unless an agent or DID
 * filter needs the detail one. A period's bounds are taken to the quarter
 * hour (the bucket a bound falls in counts whole).
 */
function rollupSql(
  q: ReportPeriodQuery,
  p: {
    from: number;
    to: number;
    groupBy: string;
    queuedOnly: boolean;
    wrapUp: Map<number, number>;
    /** Only the offered calls (the heat map): fewer sums to make. */
    offeredOnly?: boolean;
  },
) {
  const { from, to, groupBy, queuedOnly } = p;
  const detail = q.agent !== undefined || q.did !== undefined;
  const where = ['bucket >= ?', 'bucket < ?'];
  const params: unknown[] = [Math.floor(from / BUCKET_SEC) * BUCKET_SEC, to];
  if (queuedOnly) where.push('queue_id > 0');
  if (q.queue !== undefined) where.push('queue_id = ?') && params.push(q.queue);
  if (q.agent !== undefined) where.push('agent = ?') && params.push(q.agent);
  if (q.did !== undefined) where.push('did = ?') && params.push(q.did);
  return {
    sql: `SELECT ${groupBy} AS k, ${p.offeredOnly ? 'SUM(offered) AS offered' : `${SUMS}, SUM(answered * ${perQueue('queue_id', p.wrapUp, 0)}) AS wrap`}
      FROM ${detail ? 'report_detail_15m' : 'report_queue_15m'}
      WHERE ${where.join(' AND ')} GROUP BY ${groupBy} ORDER BY ${groupBy}`,
    params,
  };
}

/** A rollup sum; `wrap` is the answered calls × their queue's wrap-up seconds. */
type Row = RollupCounters & { k: number; wrap: number };

const toCounters = (r: RollupCounters): QueueCounters => ({
  offered: r.offered,
  answered: r.answered,
  answeredWithinSl: r.answered_in_sl,
  abandoned: r.abandoned,
  shortAbandoned: r.short_abandoned,
  exited: r.exited,
  totalWaitAnsweredSec: r.wait_answered,
  completed: r.answered,
  totalTalkSec: r.talk,
});

const zero = (): Row => ({
  ...(Object.fromEntries(COUNTER_COLUMNS.map((c) => [c, 0])) as RollupCounters),
  k: 0,
  wrap: 0,
});

function add(a: Row, b: Row): void {
  for (const c of COUNTER_COLUMNS) a[c] = c === 'max_wait' ? Math.max(a[c], b[c]) : a[c] + Number(b[c] ?? 0);
  a.wrap += Number(b.wrap ?? 0);
}

/** The one figures function, plus the report-only figures. */
function figures(r: Row): ReportFigures {
  return {
    ...queueFigures(toCounters(r)),
    calls: r.calls,
    overflow: r.overflow,
    longestWaitSec: r.max_wait,
    wrapUpSec: r.wrap,
    holdSec: r.hold,
    transfers: r.transfers,
  };
}

/** The start of the box-local interval holding `t` (epoch seconds). */
export function intervalStart(t: number, interval: Interval): number {
  const d = new Date(t * 1000);
  switch (interval) {
    case '15m':
      return Math.floor(t / BUCKET_SEC) * BUCKET_SEC;
    case '30m':
      d.setMinutes(d.getMinutes() < 30 ? 0 : 30, 0, 0);
      break;
    case 'hour':
      d.setMinutes(0, 0, 0);
      break;
    case 'day':
      d.setHours(0, 0, 0, 0);
      break;
    case 'week':
      d.setHours(0, 0, 0, 0);
      d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
      break;
    case 'month':
      d.setHours(0, 0, 0, 0);
      d.setDate(1);
      break;
  }
  return d.getTime() / 1000;
}

/** The next interval's start: calendar arithmetic for days and longer (a DST day is 23 or 25 hours). */
function nextInterval(start: number, interval: Interval): number {
  const d = new Date(start * 1000);
  if (interval === '15m' || interval === '30m' || interval === 'hour') {
    return start + { '15m': 900, '30m': 1800, hour: 3600 }[interval];
  }
  if (interval === 'day') d.setDate(d.getDate() + 1);
  else if (interval === 'week') d.setDate(d.getDate() + 7);
  else d.setMonth(d.getMonth() + 1);
  return d.getTime() / 1000;
}

const iso = (t: number) => new Date(t * 1000).toISOString();

/**
 * How the SQL groups buckets for an interval: by UTC hour when every local
 * hour of the period starts on one (the box's offset is whole hours at both
 * ends; DST shifts by whole hours), so a year comes back as 8,760 rows, not
 * 35,040; by bucket otherwise (half-hour zones, 15/30-minute intervals).
 */
function bucketGroup(from: number, to: number, interval: Interval): string {
  const wholeHours = (t: number) => new Date(t * 1000).getTimezoneOffset() % 60 === 0;
  const hourly = interval !== '15m' && interval !== '30m' && wholeHours(from) && wholeHours(to);
  return hourly ? 'bucket / 3600 * 3600' : 'bucket';
}

/** Reports from the rollups, on the reader worker. */
export function createReportsService(deps: {
  reader: Reader;
  rollups: Rollups;
  queues: () => ReportQueue[];
}): ReportsService {
  const { reader } = deps;
  const echo = (q: ReportPeriodQuery, now?: Date): PeriodEcho & { f: number; t: number } => {
    const { from, to } = resolvePeriod(q, now);
    return { period: q.period, from: iso(from), to: iso(to), f: from, t: to };
  };
  const wrapUpOf = () => new Map(deps.queues().map((x) => [x.id, x.wrapUpSec]));

  return {
    rollups: deps.rollups,
    async queueSummary(q, now) {
      const { f, t, ...period } = echo(q, now);
      const configured = deps.queues().sort((a, b) => a.id - b.id);
      const wrapUp = new Map(configured.map((x) => [x.id, x.wrapUpSec]));
      const s = rollupSql(q, { from: f, to: t, groupBy: 'queue_id', queuedOnly: true, wrapUp });
      const rows = await reader.all<Row>(s.sql, s.params);
      const byId = new Map(rows.map((r) => [r.k, r]));
      const shown = configured.filter((c) => q.queue === undefined || c.id === q.queue);
      for (const r of rows) {
        if (!configured.some((c) => c.id === r.k)) {
          shown.push({ id: r.k, name: `#${r.k}`, serviceLevelSec: DEFAULT_SERVICE_LEVEL_SEC, wrapUpSec: 0 });
        }
      }
      const total = zero();
      const queues = shown.map((c): QueueSummaryItem => {
        const r = byId.get(c.id) ?? zero();
        add(total, r);
        return {
          id: c.id,
          name: c.name,
          serviceLevelSec: c.serviceLevelSec,
          wrapUpPerCallSec: c.wrapUpSec,
          ...figures(r),
        };
      });
      return { ...period, shortAbandonSec: SHORT_ABANDON_SEC, queues, total: figures(total) };
    },

    async distribution(q, now) {
      const { f, t, ...period } = echo(q, now);
      const first = intervalStart(f, q.interval);
      const starts: number[] = [];
      for (let s = first; s < t; s = nextInterval(s, q.interval)) {
        starts.push(s);
        if (starts.length > MAX_POINTS) {
          // a 400 naming the field, before any query
          throw validation('interval', `more than ${MAX_POINTS} intervals: choose a wider interval`);
        }
      }
      const groupBy = bucketGroup(f, t, q.interval);
      const s = rollupSql(q, { from: f, to: t, groupBy, queuedOnly: false, wrapUp: wrapUpOf() });
      const rows = await reader.all<Row>(s.sql, s.params);
      const sums = new Map(starts.map((x) => [x, zero()]));
      for (const r of rows) {
        const c = sums.get(intervalStart(r.k, q.interval));
        if (c) add(c, r);
      }
      return {
        ...period,
        interval: q.interval,
        points: starts.map((x) => ({ start: iso(x), ...figures(sums.get(x)!) })),
      };
    },

    async heatmap(q, now) {
      const { f, t, ...period } = echo(q, now);
      const s = rollupSql(q, {
        from: f,
        to: t,
        groupBy: bucketGroup(f, t, 'hour'),
        queuedOnly: false,
        wrapUp: new Map(),
        offeredOnly: true,
      });
      const rows = await reader.all<Row>(s.sql, s.params);
      const cells = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
      for (const r of rows) {
        const d = new Date(r.k * 1000);
        cells[(d.getDay() + 6) % 7]![d.getHours()]! += r.offered;
      }
      return { ...period, cells, max: Math.max(0, ...cells.flat()) };
    },
  };
}
