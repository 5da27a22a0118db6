import { z } from 'zod';

export const DEFAULT_THRESHOLDS = { slTargetPct: 80, longestWaitLimitSec: 60 } as const;

/** PUT /api/v1/live/thresholds/:queueId */
export const ThresholdsInput = z.strictObject({
  slTargetPct: z
    .number({ error: 'slTargetPct must be an integer 1 to 100' })
    .int('slTargetPct must be an integer 1 to 100')
    .min(1, 'slTargetPct must be 1 to 100')
    .max(100, 'slTargetPct must be 1 to 100'),
  longestWaitLimitSec: z
    .number({ error: 'longestWaitLimitSec must be an integer 1 to 3600' })
    .int('longestWaitLimitSec must be an integer 1 to 3600')
    .min(1, 'longestWaitLimitSec must be 1 to 3600')
    .max(3600, 'longestWaitLimitSec must be 1 to 3600'),
});
export type ThresholdsInput = z.infer<typeof ThresholdsInput>;

/** PUT /api/v1/live/settings */
export const LiveSettingsInput = z.strictObject({
  diskWarnPct: z
    .number({ error: 'diskWarnPct must be an integer 50 to 99' })
    .int('diskWarnPct must be an integer 50 to 99')
    .min(50, 'diskWarnPct must be 50 to 99')
    .max(99, 'diskWarnPct must be 50 to 99'),
});
export type LiveSettingsInput = z.infer<typeof LiveSettingsInput>;
