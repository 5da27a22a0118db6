import { z } from 'zod';
import { callTakerFilter } from '../calls/schema.js';
import { instant, phoneNumber } from '../cdr/schema.js';

/** The named periods a report covers; `custom` takes `from` and `to`. */
export const PERIODS = ['today', 'yesterday', 'thisWeek', 'lastMonth', 'custom'] as const;
export type PeriodName = (typeof PERIODS)[number];

/** The longest period a report adds up: 18 months and a little (the retention the rollups are sized for). */
export const REPORT_MAX_DAYS = 560;

/** What every report filters on; each report adds its own keys with `.extend()` on `reportPeriodShape`. */
export const reportPeriodShape = {
  /** `custom` needs `from` and `to`; the others are computed in the box's local time. */
  period: z.enum(PERIODS).default('today'),
  /** Inclusive (custom only): ISO date/date-time (box local without an offset) or epoch seconds. */
  from: instant.optional(),
  /** Exclusive (custom only). */
  to: instant.optional(),
  ...callTakerFilter,
  /** The DID the caller dialled, exactly. */
  did: phoneNumber.optional(),
};

type PeriodFields = { period: PeriodName; from?: number; to?: number };

/** The period checks, for `.superRefine(checkPeriod)` on any object built from `reportPeriodShape`. */
export function checkPeriod(q: PeriodFields, ctx: z.RefinementCtx): void {
  if (q.period === 'custom') {
    if (q.from === undefined) ctx.addIssue({ code: 'custom', message: 'custom needs from', path: ['from'] });
    if (q.to === undefined) ctx.addIssue({ code: 'custom', message: 'custom needs to', path: ['to'] });
  } else {
    for (const k of ['from', 'to'] as const) {
      if (q[k] !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${k} is only for period=custom`, path: [k] });
      }
    }
  }
  if (q.from !== undefined && q.to !== undefined) {
    if (q.from >= q.to) ctx.addIssue({ code: 'custom', message: 'from must be before to', path: ['to'] });
    else if (q.to - q.from > REPORT_MAX_DAYS * 86400) {
      ctx.addIssue({
        code: 'custom',
        message: `to may be at most ${REPORT_MAX_DAYS} days after from`,
        path: ['to'],
      });
    }
  }
}

/** `?period=lastMonth&queue=3` and friends: the query every report accepts. */
export const ReportPeriodQuery = z.strictObject(reportPeriodShape).superRefine(checkPeriod);
export type ReportPeriodQuery = z.infer<typeof ReportPeriodQuery>;

/**
 * The period as epoch seconds [from, to), in the box's local time (the
 * process's TZ): today and yesterday are local days, thisWeek runs from
 * Monday 00:00 to next Monday, lastMonth is the previous calendar month.
 * Local midnights are computed with Date's calendar arithmetic, so a day
 * with a DST change is 23 or 25 hours long, as the supervisor lives it.
 */
export function resolvePeriod(q: PeriodFields, now: Date = new Date()): { from: number; to: number } {
  const at = (y: number, m: number, d: number) => new Date(y, m, d).getTime() / 1000;
  const y = now.getFullYear();
  const m = now.getMonth();
  const d = now.getDate();
  switch (q.period) {
    case 'today':
      return { from: at(y, m, d), to: at(y, m, d + 1) };
    case 'yesterday':
      return { from: at(y, m, d - 1), to: at(y, m, d) };
    case 'thisWeek': {
      const monday = d - ((now.getDay() + 6) % 7);
      return { from: at(y, m, monday), to: at(y, m, monday + 7) };
    }
    case 'lastMonth':
      return { from: at(y, m - 1, 1), to: at(y, m, 1) };
    case 'custom':
      if (q.from === undefined || q.to === undefined) throw new Error('custom period without from/to');
      return { from: q.from, to: q.to };
  }
}
