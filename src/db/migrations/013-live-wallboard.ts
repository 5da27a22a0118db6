import type { Migration } from './index.js';

/**
 * The wallboard's colour thresholds per queue (service-level target, longest
 * wait limit) and the box-wide banner settings (disk almost full at N %).
 * queue_id is the queues domain's id; no foreign key, so this table does not
 * depend on migration 009 and a threshold row outlives nothing it matters to.
 */
export const m013LiveWallboard: Migration = {
  version: 13,
  name: 'live-wallboard',
  sql: `
CREATE TABLE live_queue_thresholds (
  queue_id               INTEGER PRIMARY KEY,
  sl_target_pct          INTEGER NOT NULL CHECK (sl_target_pct BETWEEN 1 AND 100),
  longest_wait_limit_sec INTEGER NOT NULL CHECK (longest_wait_limit_sec BETWEEN 1 AND 3600),
  updated_at             INTEGER NOT NULL
);

CREATE TABLE live_settings (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  disk_warn_pct  INTEGER NOT NULL CHECK (disk_warn_pct BETWEEN 50 AND 99),
  updated_at     INTEGER NOT NULL
);
INSERT INTO live_settings (id, disk_warn_pct, updated_at) VALUES (1, 90, 0);
`,
};
