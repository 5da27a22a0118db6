import { minutesOf, type ScheduleRules, type Weekday } from './schema.js';

export interface LocalTime {
  /** YYYY-MM-DD in the schedule's zone. */
  date: string;
  weekday: Weekday;
  /** HH:MM */
  time: string;
  minute: number;
}

const WEEKDAY_OF: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock date, weekday and minute of `at` in `timeZone` (what Asterisk's ast_localtime gives). */
export function localTime(at: Date, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const time = `${p.hour}:${p.minute}`;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: WEEKDAY_OF[p.weekday ?? ''] ?? 'mon',
    time,
    minute: minutesOf(time),
  };
}

export type StatusReason = 'closed-date' | 'open-date' | 'weekly';

export interface ScheduleStatus {
  open: boolean;
  /** Which rule decided: a holiday, a make-up workday, or the weekly hours. */
  reason: StatusReason;
  exception?: { date: string; name?: string };
  local: LocalTime;
}

const inRanges = (ranges: string[], minute: number) =>
  ranges.some((r) => minute >= minutesOf(r.slice(0, 5)) && minute < minutesOf(r.slice(6)));

/** Hours of a make-up workday: its own, or Monday's. */
export const openDateHours = (s: Pick<ScheduleRules, 'weekly'>, d: { hours?: string[] }): string[] =>
  d.hours ?? s.weekly.mon;

/**
 * Open or closed at `at`: the same rules, in the same order, as the
 * generated GotoIfTime lines (closed dates, then open dates, then weekly
 * hours). The dialplan only carries exceptions of the next 300 days (it
 * matches day and month without a year); this evaluator uses full dates.
 */
export function evaluate(s: ScheduleRules, at: Date): ScheduleStatus {
  const local = localTime(at, s.timeZone);
  const closed = s.closedDates.find((d) => d.date === local.date);
  if (closed) return { open: false, reason: 'closed-date', exception: { ...closed }, local };
  const openDay = s.openDates.find((d) => d.date === local.date);
  if (openDay) {
    return {
      open: inRanges(openDateHours(s, openDay), local.minute),
      reason: 'open-date',
      exception: { date: openDay.date, ...(openDay.name ? { name: openDay.name } : {}) },
      local,
    };
  }
  return { open: inRanges(s.weekly[local.weekday], local.minute), reason: 'weekly', local };
}
