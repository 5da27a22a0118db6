import type { Migration } from './index.js';

/**
 * Supervisors listening to, whispering to or barging in on an agent's call:
 * one row per use, from the request to the spy channel's hang-up, so a use
 * that outlives a restart of hotlined still ends (and is audited) once.
 * Names are copied: the history stays readable after a user or agent goes.
 */
export const m024Supervise: Migration = {
  version: 24,
  name: 'supervise',
  sql: `
CREATE TABLE supervise_sessions (
  id              INTEGER PRIMARY KEY,
  supervisor_id   INTEGER NOT NULL,
  supervisor      TEXT NOT NULL,
  supervisor_role TEXT NOT NULL,
  supervisor_seat TEXT NOT NULL,
  agent_ext       TEXT NOT NULL,
  agent_name      TEXT NOT NULL,
  mode            TEXT NOT NULL CHECK (mode IN ('listen','whisper','barge')),
  target_channel  TEXT NOT NULL,
  call_id         TEXT NOT NULL,
  spy_uniqueid    TEXT NOT NULL UNIQUE,
  started_at      INTEGER NOT NULL,
  answered_at     INTEGER,
  ended_at        INTEGER,
  end_reason      TEXT
);
CREATE INDEX supervise_sessions_open ON supervise_sessions (ended_at) WHERE ended_at IS NULL;
`,
};
