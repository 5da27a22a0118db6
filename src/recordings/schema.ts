import { z } from 'zod';

export const RecordingSettingsUpdate = z.strictObject({
  /** Recordings older than this many days are deleted; null keeps them until deleted by hand. */
  retentionDays: z.number().int().min(1).max(3650).nullable(),
});
export type RecordingSettingsUpdate = z.infer<typeof RecordingSettingsUpdate>;

export interface RecordingSettings {
  retentionDays: number | null;
}
