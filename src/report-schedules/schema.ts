import { z } from 'zod';
import { callTakerFilter } from '../calls/schema.js';
import { phoneNumber } from '../cdr/schema.js';
import { EXPORT_FORMATS } from '../kit/export.js';
import { listQuery } from '../kit/list.js';
import { oneLine } from '../kit/text.js';
import { emailAddress } from '../mail/schema.js';
import { INTERVALS } from '../reports/schema.js';

/** The reports a schedule can mail. */
export const SCHEDULED_REPORTS = ['queueSummary', 'distribution', 'agents'] as const;
export type ScheduledReport = (typeof SCHEDULED_REPORTS)[number];
/** The closed periods a schedule covers, counted back from the run in the box's local time. */
export const SCHEDULE_PERIODS = ['yesterday', 'lastWeek', 'lastMonth'] as const;
export type SchedulePeriod = (typeof SCHEDULE_PERIODS)[number];
export const FREQUENCIES = ['daily', 'weekly'] as const;
export const LANGUAGES = ['zh', 'en'] as const;
/** Recipients of one schedule, at most. */
export const MAX_RECIPIENTS = 20;

const recipients = z
  .array(emailAddress('recipients'), { error: 'recipients must be a list of e-mail addresses' })
  .min(1, 'recipients needs at least one address')
  .max(MAX_RECIPIENTS, `recipients may hold at most ${MAX_RECIPIENTS} addresses`)
  .transform((list) => [...new Set(list.map((a) => a.toLowerCase()))]);

/** HH:MM, 24-hour, in the box's time zone. */
const time = z
  .string({ error: 'time must be HH:MM' })
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'time must be HH:MM (00:00 to 23:59)');

/** The filters a report takes (queue id, agent extension, DID), as the report routes take them. */
const Filters = z
  .strictObject({ ...callTakerFilter, did: phoneNumber.optional() }, { error: 'filters must be an object' })
  .default({});

const fields = {
  name: oneLine('name').min(1, 'name is required').max(100, 'name must be at most 100 characters'),
  report: z.enum(SCHEDULED_REPORTS, { error: `report must be one of ${SCHEDULED_REPORTS.join(', ')}` }),
  period: z.enum(SCHEDULE_PERIODS, { error: `period must be one of ${SCHEDULE_PERIODS.join(', ')}` }),
  /** Distribution only: the interval of its rows. */
  interval: z.enum(INTERVALS, { error: `interval must be one of ${INTERVALS.join(', ')}` }),
  filters: Filters,
  format: z.enum(EXPORT_FORMATS, { error: 'format must be csv or xlsx' }),
  language: z.enum(LANGUAGES, { error: 'language must be zh or en' }),
  recipients,
  frequency: z.enum(FREQUENCIES, { error: 'frequency must be daily or weekly' }),
  /** Weekly only: 1 = Monday … 7 = Sunday. */
  weekday: z
    .number({ error: 'weekday must be 1 (Monday) to 7 (Sunday)' })
    .int('weekday must be 1 (Monday) to 7 (Sunday)')
    .min(1, 'weekday must be 1 (Monday) to 7 (Sunday)')
    .max(7, 'weekday must be 1 (Monday) to 7 (Sunday)')
    .nullable(),
  time,
  enabled: z.boolean({ error: 'enabled must be true or false' }),
};

type Shape = {
  frequency?: 'daily' | 'weekly';
  weekday?: number | null;
};

/** A weekly schedule names its weekday; a daily one does not. */
export function checkWeekday(s: Shape, ctx: z.RefinementCtx): void {
  if (s.frequency === 'weekly' && (s.weekday === null || s.weekday === undefined))
    ctx.addIssue({ code: 'custom', message: 'a weekly schedule needs weekday', path: ['weekday'] });
  if (s.frequency === 'daily' && s.weekday !== null && s.weekday !== undefined)
    ctx.addIssue({ code: 'custom', message: 'weekday is only for weekly schedules', path: ['weekday'] });
}

export const ScheduleCreate = z
  .strictObject({
    ...fields,
    interval: fields.interval.default('day'),
    format: fields.format.default('csv'),
    language: fields.language.default('zh'),
    weekday: fields.weekday.default(null),
    enabled: fields.enabled.default(true),
  })
  .superRefine(checkWeekday);
export type ScheduleCreate = z.infer<typeof ScheduleCreate>;

/** A change: any field; the result is checked again as a whole (weekday against frequency). */
export const ScheduleUpdate = z.strictObject({
  name: fields.name.optional(),
  report: fields.report.optional(),
  period: fields.period.optional(),
  interval: fields.interval.optional(),
  filters: Filters.optional(),
  format: fields.format.optional(),
  language: fields.language.optional(),
  recipients: recipients.optional(),
  frequency: fields.frequency.optional(),
  weekday: fields.weekday.optional(),
  time: time.optional(),
  enabled: fields.enabled.optional(),
});
export type ScheduleUpdate = z.infer<typeof ScheduleUpdate>;

/** The whole record as stored, checked after an update merged into it. */
export const ScheduleFields = z.strictObject(fields).superRefine(checkWeekday);
export type ScheduleFields = z.infer<typeof ScheduleFields>;

export const ScheduleListQuery = listQuery(['name', 'updatedAt']);
