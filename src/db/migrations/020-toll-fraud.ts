import type { Migration } from './index.js';

/**
 * Toll-fraud defences: the default premium deny list (docs/outbound.md gives
 * each entry's reason; a box that already has entries keeps them and gets
 * the defaults after them), the spend guard's limits (one row) and its
 * suspensions of a seat's or a trunk's outside calls.
 */
export const m020TollFraud: Migration = {
  version: 20,
  name: 'toll-fraud deny list and spend guard',
  sql: `
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_00870X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_00881X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_00882X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_00883X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_00979X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_001900NXXXXXX' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_001NXX976XXXX' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_160X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_168X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_010160X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_010168X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_02X160X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_02X168X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_0[3-9]XX160X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_0[3-9]XX168X.' FROM outbound_deny;
INSERT OR IGNORE INTO outbound_deny (position, pattern)
  SELECT COALESCE(MAX(position), 0) + 1, '_12590X.' FROM outbound_deny;

CREATE TABLE outbound_guard (
  id                     INTEGER PRIMARY KEY CHECK (id = 1),
  seat_calls_per_hour    INTEGER NOT NULL DEFAULT 60 CHECK (seat_calls_per_hour >= 0),
  seat_minutes_per_hour  INTEGER NOT NULL DEFAULT 90 CHECK (seat_minutes_per_hour >= 0),
  trunk_calls_per_hour   INTEGER NOT NULL DEFAULT 600 CHECK (trunk_calls_per_hour >= 0),
  trunk_minutes_per_hour INTEGER NOT NULL DEFAULT 1800 CHECK (trunk_minutes_per_hour >= 0),
  updated_at             INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbound_guard (id) VALUES (1);

CREATE TABLE outbound_suspensions (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('seat', 'trunk')),
  subject      TEXT NOT NULL,
  calls        INTEGER NOT NULL,
  minutes      INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  suspended_at INTEGER NOT NULL,
  lifted_at    INTEGER,
  lifted_by    TEXT
);
CREATE UNIQUE INDEX outbound_suspensions_active ON outbound_suspensions(kind, subject) WHERE lifted_at IS NULL;
`,
};
