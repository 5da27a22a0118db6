import type { Migration } from './index.js';

/**
 * Per-call records and what they are built from:
 * - cdr gains the CDR variables the dialplan sets (did, ivrpath, recording,
 *   afterhours) and an index on uniqueid: queue_log names a call by the
 *   caller channel's uniqueid, and the calls builder finds its linkedid there;
 * - queue_events: app_queue's queue_log, one row per line, idempotent on the
 *   whole line (a re-read file adds nothing);
 * - calls: one row per linkedid, rebuilt whenever one of its CDRs or queue
 *   events arrives;
 * - seats.recording: the seat's recording policy; recording_settings: retention.
 */
export const m011CallsRecordings: Migration = {
  version: 11,
  name: 'calls, queue events, recording policy and retention',
  sql: `
ALTER TABLE cdr ADD COLUMN did TEXT NOT NULL DEFAULT '';
ALTER TABLE cdr ADD COLUMN ivrpath TEXT NOT NULL DEFAULT '';
ALTER TABLE cdr ADD COLUMN recording TEXT NOT NULL DEFAULT '';
ALTER TABLE cdr ADD COLUMN afterhours TEXT NOT NULL DEFAULT '';
CREATE INDEX cdr_uniqueid ON cdr(uniqueid);

CREATE TABLE queue_events (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  callid   TEXT NOT NULL,
  queue    TEXT NOT NULL,
  queue_id INTEGER,
  agent    TEXT NOT NULL,
  event    TEXT NOT NULL,
  data     TEXT NOT NULL DEFAULT '',
  data1    TEXT NOT NULL DEFAULT '',
  data2    TEXT NOT NULL DEFAULT '',
  data3    TEXT NOT NULL DEFAULT '',
  data4    TEXT NOT NULL DEFAULT '',
  data5    TEXT NOT NULL DEFAULT '',
  UNIQUE (at, callid, queue, agent, event, data)
);
CREATE INDEX queue_events_callid ON queue_events(callid);
CREATE INDEX queue_events_event_at ON queue_events(event, at);
CREATE INDEX queue_events_agent_at ON queue_events(agent, at);

CREATE TABLE calls (
  id           INTEGER PRIMARY KEY,
  linkedid     TEXT NOT NULL UNIQUE,
  direction    TEXT NOT NULL,
  caller       TEXT NOT NULL DEFAULT '',
  did          TEXT NOT NULL DEFAULT '',
  entered_at   REAL NOT NULL,
  ended_at     REAL,
  ivr_path     TEXT NOT NULL DEFAULT '',
  queue_id     INTEGER,
  wait_seconds INTEGER,
  agent        TEXT NOT NULL DEFAULT '',
  talk_seconds INTEGER NOT NULL DEFAULT 0,
  outcome      TEXT NOT NULL,
  recording    TEXT NOT NULL DEFAULT '',
  updated_at   INTEGER NOT NULL
);
CREATE INDEX calls_entered ON calls(entered_at);
CREATE INDEX calls_queue_entered ON calls(queue_id, entered_at);
CREATE INDEX calls_agent_entered ON calls(agent, entered_at);
CREATE INDEX calls_outcome_entered ON calls(outcome, entered_at);
CREATE INDEX calls_caller_entered ON calls(caller, entered_at);
CREATE INDEX calls_did_entered ON calls(did, entered_at);

ALTER TABLE seats ADD COLUMN recording TEXT NOT NULL DEFAULT 'never'
  CHECK (recording IN ('always','never','on_demand'));

CREATE TABLE recording_settings (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  retention_days INTEGER CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 3650),
  updated_at     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO recording_settings (id) VALUES (1);
`,
};
