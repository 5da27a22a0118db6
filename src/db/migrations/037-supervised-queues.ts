import type { Migration } from './index.js';

/**
 * - user_queues: which queues a supervisor supervises, set by an admin on
 *   the user: it decides whom they may listen to, whisper to and barge in
 *   on, and which agents' tickets they see. A deleted user or queue takes
 *   its links along.
 * - calls.transfers: times an agent passed the queued call on (queue_log
 *   BLINDTRANSFER / ATTENDEDTRANSFER), and the rollups' count of the queued
 *   calls transferred (rebuilt from calls: ROLLUP_VERSION 2).
 */
export const m037SupervisedQueues: Migration = {
  version: 37,
  name: 'supervised queues, transfers',
  sql: `
CREATE TABLE user_queues (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  queue_id INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, queue_id)
) WITHOUT ROWID;
CREATE INDEX user_queues_queue ON user_queues(queue_id);

ALTER TABLE calls ADD COLUMN transfers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_detail_15m ADD COLUMN transfers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_queue_15m ADD COLUMN transfers INTEGER NOT NULL DEFAULT 0;
`,
};
