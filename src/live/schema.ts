import { z } from 'zod';

export const DEFAULT_THRESHOLDS = { slTargetPct: 80, longestWaitLimitSec: 60 } as const;

/** A whole number from min to max, the messages naming the field and the range. */
const integer = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be an integer ${min} to ${max}` })
    .int(`${field} must be an integer ${min} to ${max}`)
    .min(min, `${field} must be ${min} to ${max}`)
    .max(max, `${field} must be ${min} to ${max}`);

/** PUT /api/v1/live/thresholds/:queueId */
export const ThresholdsInput = z.strictObject({
  slTargetPct: integer('slTargetPct', 1, 100),
  longestWaitLimitSec: integer('longestWaitLimitSec', 1, 3600),
});
export type ThresholdsInput = z.infer<typeof ThresholdsInput>;

/** PUT /api/v1/live/settings (a setting left out keeps its value) */
export const LiveSettingsInput = z.strictObject({
  diskWarnPct: integer('diskWarnPct', 50, 99),
  /** Agents and wallboards see callers' whole numbers (masked, 138****8000, by default). */
  showCallerNumbers: z.boolean({ error: 'showCallerNumbers must be true or false' }).optional(),
});
export type LiveSettingsInput = z.infer<typeof LiveSettingsInput>;
export type LiveSettingsValues = Required<LiveSettingsInput>;
