import type { Migration } from './index.js';

/**
 * Backups and the brute-force guard. `backup_settings` (one row): the daily
 * schedule, where archives go, how many are kept, whether recordings go in,
 * and the passphrase scheduled archives are encrypted with (set by an admin;
 * never answered by the API). `guard_settings` (one row): how many security
 * failures in how long ban a source, for how long, and the allow-list
 * (JSON array of CIDRs). `guard_bans`: every ban, active until `expires_at`
 * or until lifted (`lifted_at`).
 */
export const m035BackupGuard: Migration = {
  version: 35,
  name: 'backup schedule and brute-force guard',
  sql: `
CREATE TABLE backup_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  enabled INTEGER NOT NULL DEFAULT 0,
  at_time TEXT NOT NULL DEFAULT '02:30',
  keep INTEGER NOT NULL DEFAULT 7,
  target_dir TEXT,
  include_recordings INTEGER NOT NULL DEFAULT 0,
  passphrase TEXT
);
INSERT INTO backup_settings (id) VALUES (1);

CREATE TABLE guard_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  threshold INTEGER NOT NULL DEFAULT 20,
  window_sec INTEGER NOT NULL DEFAULT 300,
  ban_sec INTEGER NOT NULL DEFAULT 3600,
  allow_list TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO guard_settings (id) VALUES (1);

CREATE TABLE guard_bans (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL,
  banned_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  last_event TEXT NOT NULL,
  firewall TEXT NOT NULL,
  lifted_at INTEGER,
  lifted_by TEXT
);
CREATE INDEX guard_bans_active ON guard_bans (address, expires_at) WHERE lifted_at IS NULL;
`,
};
