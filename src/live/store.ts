import type { Db } from '../db/index.js';
import type { LiveSettingsValues, ThresholdsInput } from './schema.js';

interface ThresholdRow {
  queue_id: number;
  sl_target_pct: number;
  longest_wait_limit_sec: number;
}

export type LiveStore = ReturnType<typeof createLiveStore>;

export function createLiveStore(db: Db) {
  const all = db.prepare<[], ThresholdRow>(
    'SELECT queue_id, sl_target_pct, longest_wait_limit_sec FROM live_queue_thresholds ORDER BY queue_id',
  );
  const upsert = db.prepare(
    `INSERT INTO live_queue_thresholds (queue_id, sl_target_pct, longest_wait_limit_sec, updated_at)
     VALUES (@queueId, @slTargetPct, @longestWaitLimitSec, @now)
     ON CONFLICT (queue_id) DO UPDATE SET sl_target_pct = excluded.sl_target_pct,
       longest_wait_limit_sec = excluded.longest_wait_limit_sec, updated_at = excluded.updated_at`,
  );
  const getSettings = db.prepare<[], { disk_warn_pct: number; show_caller_numbers: number }>(
    'SELECT disk_warn_pct, show_caller_numbers FROM live_settings WHERE id = 1',
  );
  const setSettings = db.prepare(
    'UPDATE live_settings SET disk_warn_pct = ?, show_caller_numbers = ?, updated_at = ? WHERE id = 1',
  );

  return {
    thresholds(): Map<number, ThresholdsInput> {
      return new Map(
        all
          .all()
          .map((r) => [
            r.queue_id,
            { slTargetPct: r.sl_target_pct, longestWaitLimitSec: r.longest_wait_limit_sec },
          ]),
      );
    },
    setThresholds: (queueId: number, t: ThresholdsInput, now: number) => upsert.run({ queueId, ...t, now }),
    settings(): LiveSettingsValues {
      const row = getSettings.get();
      return { diskWarnPct: row?.disk_warn_pct ?? 90, showCallerNumbers: row?.show_caller_numbers === 1 };
    },
    setSettings: (s: LiveSettingsValues, now: number) =>
      setSettings.run(s.diskWarnPct, s.showCallerNumbers ? 1 : 0, now),
  };
}
