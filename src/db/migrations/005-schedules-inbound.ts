import type { Migration } from './index.js';

/**
 * Schedules keep their weekly hours and dated exceptions as JSON (validated
 * by the domain's zod schema); inbound routes keep their destinations as
 * JSON. caller_id '' means any caller (NULLs would not collide in UNIQUE).
 */
export const m005SchedulesInbound: Migration = {
  version: 5,
  name: 'schedules and inbound routes',
  sql: `
CREATE TABLE schedules (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  time_zone     TEXT NOT NULL,
  weekly        TEXT NOT NULL CHECK (json_valid(weekly)),
  closed_dates  TEXT NOT NULL CHECK (json_valid(closed_dates)),
  open_dates    TEXT NOT NULL CHECK (json_valid(open_dates)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE inbound_routes (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL DEFAULT '',
  did          TEXT NOT NULL,
  caller_id    TEXT NOT NULL DEFAULT '',
  destination  TEXT NOT NULL CHECK (json_valid(destination)),
  fallback     TEXT NOT NULL CHECK (json_valid(fallback)),
  enabled      INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  UNIQUE (did, caller_id)
);
`,
};
