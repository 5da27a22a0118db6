import { localTime, openDateHours } from '../schedules/evaluate.js';
import { minutesOf, type ScheduleRules, WEEKDAYS } from '../schedules/schema.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Farther than any SLA: a schedule open a few hours a year still ends the search. */
const MAX_DAYS = 3 * 366;

/**
 * `at` as a wall clock in `timeZone`, written as if it were UTC milliseconds
 * (2026-12-02 09:30 local → Date.UTC(2026, 11, 2, 9, 30)): days and minutes
 * are then plain arithmetic. Seconds are kept.
 */
function toWall(at: Date, timeZone: string): number {
  const l = localTime(at, timeZone);
  const [y, m, d] = l.date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) + l.minute * MINUTE + (at.getTime() % MINUTE);
}

/**
 * The instant a wall clock reading stands for: the zone's offset at the
 * guess, corrected once (right everywhere but inside a DST gap, which China
 * does not have, where it lands an hour off).
 */
function fromWall(wall: number, timeZone: string): Date {
  const offset = (ms: number) => toWall(new Date(ms), timeZone) - ms;
  const guess = wall - offset(wall);
  return new Date(wall - offset(guess));
}

/** The open ranges of one local day, `[from, to)` in minutes: holidays, 调休 workdays, then the week. */
function openRanges(s: ScheduleRules, date: string, weekday: number): [number, number][] {
  let ranges: string[];
  if (s.closedDates.some((d) => d.date === date)) ranges = [];
  else {
    const open = s.openDates.find((d) => d.date === date);
    // getUTCDay: 0 is Sunday; WEEKDAYS starts on Monday
    ranges = open ? openDateHours(s, open) : s.weekly[WEEKDAYS[(weekday + 6) % 7]!];
  }
  return ranges
    .map((r): [number, number] => [minutesOf(r.slice(0, 5)), minutesOf(r.slice(6))])
    .sort((a, b) => a[0] - b[0]);
}

/**
 * When `hours` of business time have passed after `start`, counting only the
 * schedule's open hours (the same rules as evaluate(): closed dates, then
 * make-up workdays, then the weekly hours, in the schedule's time zone).
 * Without a schedule every hour counts. Null when the schedule has no open
 * time within about three years (an SLA cannot be met).
 */
export function addBusinessHours(s: ScheduleRules | null, start: Date, hours: number): Date | null {
  let left = Math.round(hours * 60 * MINUTE);
  if (!s) return new Date(start.getTime() + left);
  const wallStart = toWall(start, s.timeZone);
  const firstDay = wallStart - (((wallStart % DAY) + DAY) % DAY);
  for (let day = firstDay, n = 0; n < MAX_DAYS; day += DAY, n++) {
    const date = new Date(day).toISOString().slice(0, 10);
    for (const [from, to] of openRanges(s, date, new Date(day).getUTCDay())) {
      const begin = Math.max(day + from * MINUTE, wallStart);
      const end = day + to * MINUTE;
      if (begin >= end) continue;
      if (end - begin >= left) return fromWall(begin + left, s.timeZone);
      left -= end - begin;
    }
  }
  return null;
}
