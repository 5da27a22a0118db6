import type { Migration } from './index.js';

/**
 * Report rollups: per 15-minute bucket (epoch seconds, a multiple of 900)
 * the counters of the calls that entered in it, so reports add up buckets
 * instead of scanning calls. Two grains of the same counters:
 * - report_detail_15m: bucket × queue × agent × DID, for filtered reports;
 * - report_queue_15m: bucket × queue, the sum of the above, for the
 *   unfiltered ones (a year of it is a few hundred thousand rows).
 * queue_id 0 holds calls that never were in a queue. Both tables are derived
 * from calls and rebuilt from it at will (src/reports/rollups.ts).
 */
const COUNTERS = `
  calls            INTEGER NOT NULL,
  inbound          INTEGER NOT NULL,
  offered          INTEGER NOT NULL,
  answered         INTEGER NOT NULL,
  answered_in_sl   INTEGER NOT NULL,
  abandoned        INTEGER NOT NULL,
  short_abandoned  INTEGER NOT NULL,
  exited           INTEGER NOT NULL,
  overflow         INTEGER NOT NULL,
  wait_answered    INTEGER NOT NULL,
  talk             INTEGER NOT NULL,
  max_wait         INTEGER NOT NULL`;

export const m026ReportRollups: Migration = {
  version: 26,
  name: 'report rollups',
  sql: `
CREATE TABLE report_detail_15m (
  bucket   INTEGER NOT NULL,
  queue_id INTEGER NOT NULL,
  agent    TEXT NOT NULL,
  did      TEXT NOT NULL,${COUNTERS},
  PRIMARY KEY (bucket, queue_id, agent, did)
) WITHOUT ROWID;
CREATE INDEX report_detail_agent ON report_detail_15m (agent, bucket);
CREATE INDEX report_detail_did ON report_detail_15m (did, bucket);

CREATE TABLE report_queue_15m (
  bucket   INTEGER NOT NULL,
  queue_id INTEGER NOT NULL,${COUNTERS},
  PRIMARY KEY (bucket, queue_id)
) WITHOUT ROWID;
`,
};
