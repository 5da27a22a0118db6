import { z } from 'zod';

export const Passphrase = z.string().min(8, 'at least 8 characters').max(200);

/** Archive names as hotlined writes them (a name never becomes a path outside the backup folders). */
export const ArchiveName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.tar\.gz$/,
    'must be an archive name such as hotline-backup-….tar.gz',
  );

export const CreateBackup = z
  .object({ passphrase: Passphrase, includeRecordings: z.boolean().default(false) })
  .strict();

export const RestoreBackup = z.object({ passphrase: z.string().min(1).max(200) }).strict();

export const BackupSettingsInput = z
  .object({
    enabled: z.boolean(),
    /** Local time of the daily backup, HH:MM. */
    time: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM'),
    /** Archives kept in the target folder; older ones are deleted after each scheduled backup. */
    keep: z.number().int().min(1).max(365),
    /** A mounted USB disk or another folder; null: the data disk's backup folder. */
    targetDir: z
      .string()
      .max(500)
      .regex(/^\/[^\0\n\r]*$/, 'must be an absolute folder path')
      .refine((p) => !p.split('/').includes('..'), 'must not contain ..')
      .nullable(),
    includeRecordings: z.boolean(),
    /** Required once, to turn the schedule on; kept, never answered. */
    passphrase: Passphrase.optional(),
  })
  .strict();
export type BackupSettingsInput = z.infer<typeof BackupSettingsInput>;
