import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { scheduleContext } from '../destinations/compile.js';
import { localTime, openDateHours } from './evaluate.js';
import { minutesOf, type ScheduleRules, WEEKDAYS } from './schema.js';

/**
 * GotoIfTime matches day and month but no year, so only exceptions dated
 * within this many days from today are generated; the schedules service
 * regenerates daily, so a date never lingers long enough to match again a
 * year later, and a date further ahead never matches this year.
 */
export const EXCEPTION_WINDOW_DAYS = 300;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TZ = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * hotline/extensions_schedules.conf: one [hotline-schedule-<id>] per
 * schedule. `Gosub(hotline-schedule-<id>,s,1)` sets HOTLINE_OPEN to 1 or 0
 * and returns. Pure: schedules and the current time in, text out.
 */
export function schedulesDialplan(schedules: ScheduleRules[], now: Date): string {
  const out = [banner('extensions_schedules.conf')];
  for (const s of [...schedules].sort((a, b) => a.id - b.id)) out.push(...scheduleContextLines(s, now), '');
  return out.join('\n');
}

function scheduleContextLines(s: ScheduleRules, now: Date): string[] {
  const tz = assertConfigValue(s.timeZone, TZ);
  const today = localTime(now, tz).date;
  const last = addDays(today, EXCEPTION_WINDOW_DAYS);
  const inWindow = (d: { date: string }) => d.date >= today && d.date <= last;
  const byDate = <T extends { date: string }>(a: T, b: T) => a.date.localeCompare(b.date);
  const rule = (times: string, days: string, mday: string, month: string, label: string) =>
    ` same => n,GotoIfTime(${times},${days},${mday},${month},${tz}?${label})`;

  const lines = [`[${scheduleContext(s.id)}]`, `exten => s,1,NoOp(schedule ${s.id} in ${tz})`];
  lines.push(`; exceptions dated ${today} to ${last}`);
  for (const d of s.closedDates.filter(inWindow).sort(byDate)) {
    lines.push(`; closed ${dateOnly(d.date)}`, rule('*', '*', ...dayMonth(d.date), 'closed'));
  }
  for (const d of s.openDates.filter(inWindow).sort(byDate)) {
    const [mday, month] = dayMonth(d.date);
    lines.push(`; open ${dateOnly(d.date)}`);
    for (const r of sortRanges(openDateHours(s, d)))
      lines.push(rule(asteriskTimes(r), '*', mday, month, 'open'));
    // the rest of a make-up day is closed, whatever the weekday's hours
    lines.push(rule('*', '*', mday, month, 'closed'));
  }
  lines.push('; weekly hours');
  // one line per range, listing every weekday that has it
  const daysByRange = new Map<string, string[]>();
  for (const day of WEEKDAYS) {
    for (const r of s.weekly[day]) daysByRange.set(r, [...(daysByRange.get(r) ?? []), day]);
  }
  for (const r of sortRanges([...daysByRange.keys()])) {
    lines.push(rule(asteriskTimes(r), (daysByRange.get(r) ?? []).join('&'), '*', '*', 'open'));
  }
  lines.push(
    ' same => n(closed),Set(HOTLINE_OPEN=0)',
    ' same => n,Return()',
    ' same => n(open),Set(HOTLINE_OPEN=1)',
    ' same => n,Return()',
  );
  return lines;
}

/**
 * Asterisk's time ranges include their end minute (pbx_timing.c enables the
 * last minute too), so "09:00-18:00" is written 09:00-17:59.
 */
export function asteriskTimes(range: string): string {
  const start = range.slice(0, 5);
  const end = minutesOf(range.slice(6)) - 1;
  const hh = String(Math.floor(end / 60)).padStart(2, '0');
  const mm = String(end % 60).padStart(2, '0');
  return assertConfigValue(`${start}-${hh}:${mm}`, /^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$/);
}

const sortRanges = (ranges: string[]) => [...new Set(ranges)].sort();

function dayMonth(date: string): [string, string] {
  const month = MONTHS[Number(date.slice(5, 7)) - 1];
  if (!month) throw new Error(`bad date ${date}`);
  return [String(Number(date.slice(8, 10))), month];
}

const dateOnly = (d: string) => assertConfigValue(d, DATE);

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
