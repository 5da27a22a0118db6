import { localDate, localMonth } from '../kit/local-time.js';
import type { TrendRow } from './schema.js';
import { round1 } from './score.js';
import type { CountedGrade } from './store.js';

/** The local start of the day, the week (from Monday) or the month `ms` falls in, as the report labels it. */
export function periodOf(ms: number, period: 'day' | 'week' | 'month'): string {
  const d = new Date(ms);
  if (period === 'month') return localMonth(d);
  if (period === 'week') d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return localDate(d);
}

/**
 * Count, mean score and critical fails per group and period, ordered by
 * period then group. A grade without a score (every answer not applicable)
 * is counted but does not move the mean.
 */
export function trendRows(
  grades: readonly CountedGrade[],
  groupBy: 'agent' | 'queue',
  period: 'day' | 'week' | 'month',
  queueNames: ReadonlyMap<number, string>,
): TrendRow[] {
  const acc = new Map<string, TrendRow & { sum: number; scored: number }>();
  for (const g of grades) {
    const group = groupBy === 'agent' ? g.agent : g.queueId === null ? '' : String(g.queueId);
    const at = periodOf(g.gradedAt, period);
    const key = `${at}\u0000${group}`;
    let row = acc.get(key);
    if (!row) {
      const label =
        groupBy === 'agent' ? g.agent : g.queueId === null ? '' : (queueNames.get(g.queueId) ?? group);
      row = { group, label, period: at, count: 0, average: null, criticalFails: 0, sum: 0, scored: 0 };
      acc.set(key, row);
    }
    row.count++;
    if (g.criticalFailed) row.criticalFails++;
    if (g.score !== null) {
      row.sum += g.score;
      row.scored++;
    }
  }
  return [...acc.values()]
    .sort(
      (a, b) => a.period.localeCompare(b.period) || a.group.localeCompare(b.group, 'en', { numeric: true }),
    )
    .map(({ sum, scored, ...row }) => ({ ...row, average: scored ? round1(sum / scored) : null }));
}
