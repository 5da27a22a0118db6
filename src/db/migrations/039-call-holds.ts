import type { Migration } from './index.js';

/**
 * Hold time. call_holds: one row per time a channel was on hold (AMI Hold to
 * Unhold, or to the channel's hangup), times in epoch seconds; `agent` is the
 * seat of a seat channel ('' otherwise). At most one open interval per
 * channel and one per channel and start, so a repeated Hold changes nothing. calls.hold_seconds is the
 * answering agent's hold within the call, and the rollups carry it as `hold`.
 */
export const m039CallHolds: Migration = {
  version: 39,
  name: 'call holds',
  sql: `
CREATE TABLE call_holds (
  id       INTEGER PRIMARY KEY,
  linkedid TEXT NOT NULL,
  uniqueid TEXT NOT NULL,
  channel  TEXT NOT NULL,
  agent    TEXT NOT NULL,
  start_at REAL NOT NULL,
  end_at   REAL
);
CREATE INDEX call_holds_linkedid ON call_holds(linkedid);
CREATE UNIQUE INDEX call_holds_open ON call_holds(uniqueid) WHERE end_at IS NULL;
CREATE UNIQUE INDEX call_holds_start ON call_holds(uniqueid, start_at);
ALTER TABLE calls ADD COLUMN hold_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_detail_15m ADD COLUMN hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_queue_15m ADD COLUMN hold INTEGER NOT NULL DEFAULT 0;
`,
};
