import type { Db } from '../db/index.js';

export type RecordingStore = ReturnType<typeof createRecordingStore>;

/** The only SQL for recording_settings (a single row). */
export function createRecordingStore(db: Db) {
  const get = db.prepare<[], { retention_days: number | null }>(
    'SELECT retention_days FROM recording_settings WHERE id = 1',
  );
  const set = db.prepare<[number | null, number]>(
    'UPDATE recording_settings SET retention_days = ?, updated_at = ? WHERE id = 1',
  );
  return {
    retentionDays: (): number | null => get.get()?.retention_days ?? null,
    setRetentionDays: (days: number | null) => set.run(days, Date.now()),
  };
}
