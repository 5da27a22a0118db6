import type { Db } from '../db/index.js';

export interface BackupSettings {
  enabled: boolean;
  time: string;
  keep: number;
  targetDir: string | null;
  includeRecordings: boolean;
  passphrase: string | null;
}

interface Row {
  enabled: number;
  at_time: string;
  keep: number;
  target_dir: string | null;
  include_recordings: number;
  passphrase: string | null;
}

export function createBackupStore(db: Db) {
  const get = db.prepare(
    'SELECT enabled, at_time, keep, target_dir, include_recordings, passphrase FROM backup_settings WHERE id = 1',
  );
  const put = db.prepare(
    'UPDATE backup_settings SET enabled = ?, at_time = ?, keep = ?, target_dir = ?, include_recordings = ?, passphrase = ? WHERE id = 1',
  );
  return {
    settings(): BackupSettings {
      const r = get.get() as Row;
      return {
        enabled: r.enabled === 1,
        time: r.at_time,
        keep: r.keep,
        targetDir: r.target_dir,
        includeRecordings: r.include_recordings === 1,
        passphrase: r.passphrase,
      };
    },
    save(s: BackupSettings): void {
      put.run(s.enabled ? 1 : 0, s.time, s.keep, s.targetDir, s.includeRecordings ? 1 : 0, s.passphrase);
    },
  };
}
export type BackupStore = ReturnType<typeof createBackupStore>;
