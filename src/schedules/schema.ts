import { z } from 'zod';
import { listQuery } from '../kit/list.js';
import { unsafeTextAnd } from '../kit/text.js';

/** Same rule as seat names: printable text, Chinese welcome, nothing that reads as config syntax. */
const UNSAFE_TEXT = unsafeTextAnd('"\\;<>$');
const label = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(64, `${what} may be at most 64 characters`)
    .refine((s) => !UNSAFE_TEXT.test(s), `${what} may not contain control characters or any of " \\ ; < > $`);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes since midnight of "HH:MM"; 24:00 is the end of the day. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** "HH:MM-HH:MM", start inclusive, end exclusive, within one day (end may be 24:00). */
export const TimeRange = z
  .string()
  .regex(/^(?:[01][0-9]|2[0-3]):[0-5][0-9]-(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, 'use HH:MM-HH:MM')
  .refine(
    (r) => minutesOf(r.slice(0, 5)) < minutesOf(r.slice(6)),
    'a range must end after it starts on the same day (split overnight hours at 24:00)',
  );
const Ranges = z.array(TimeRange).max(12, 'at most 12 ranges a day');

export const Weekly = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((d) => [d, Ranges.default([])])) as Record<
    Weekday,
    z.ZodDefault<typeof Ranges>
  >,
);
export type Weekly = Record<Weekday, string[]>;

export const IsoDate = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'use YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

export const ClosedDate = z.strictObject({ date: IsoDate, name: label('name') });
/** A make-up workday (调休): open on `hours`, or on Monday's hours when omitted. */
export const OpenDate = z.strictObject({
  date: IsoDate,
  name: label('name').optional(),
  hours: z.array(TimeRange).min(1, 'give at least one range, or omit hours').max(12).optional(),
});
export type ClosedDate = z.infer<typeof ClosedDate>;
export type OpenDate = z.infer<typeof OpenDate>;

/** The zone the box itself runs in (the default for new schedules). */
export const boxTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const TimeZone = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/, 'use an IANA time zone such as Asia/Shanghai')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

const dateLists = {
  closedDates: z.array(ClosedDate).max(400),
  openDates: z.array(OpenDate).max(400),
};

export const ScheduleCreate = z.strictObject({
  name: label('name'),
  timeZone: TimeZone.optional(),
  weekly: Weekly.prefault({}),
  closedDates: dateLists.closedDates.default([]),
  openDates: dateLists.openDates.default([]),
});
export type ScheduleCreate = z.infer<typeof ScheduleCreate>;

export const ScheduleUpdate = z.strictObject({
  name: label('name').optional(),
  timeZone: TimeZone.optional(),
  weekly: Weekly.optional(),
  closedDates: dateLists.closedDates.optional(),
  openDates: dateLists.openDates.optional(),
});
export type ScheduleUpdate = z.infer<typeof ScheduleUpdate>;

export const StatusQuery = z.strictObject({
  at: z
    .string()
    .max(40)
    .refine((s) => !Number.isNaN(Date.parse(s)), 'at must be an ISO 8601 date-time')
    .optional(),
});

/** `q` matches the name. */
export const ListQuery = listQuery(['name', 'timeZone', 'createdAt']);
export type ListQuery = z.output<typeof ListQuery>;

/** What the dialplan generator and the evaluator need. */
export interface ScheduleRules {
  id: number;
  timeZone: string;
  weekly: Weekly;
  closedDates: ClosedDate[];
  openDates: OpenDate[];
}

export interface Schedule extends ScheduleRules {
  name: string;
  createdAt: number;
  updatedAt: number;
}

/** A date listed twice (closed and open, or twice in one list) is ambiguous. */
export function duplicateDate(s: Pick<ScheduleRules, 'closedDates' | 'openDates'>): string | undefined {
  const all = [...s.closedDates, ...s.openDates].map((d) => d.date);
  const idx = all.findIndex((d, i) => all.indexOf(d) !== i);
  if (idx < 0) return undefined;
  return idx < s.closedDates.length
    ? `closedDates.${idx}.date`
    : `openDates.${idx - s.closedDates.length}.date`;
}
