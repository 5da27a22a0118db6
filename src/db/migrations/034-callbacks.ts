import type { Migration } from './index.js';

/**
 * Queue callbacks: a waiting caller who pressed the queue's callback key.
 * Kept here, not in memory, so a restart of hotlined neither loses one nor
 * calls a customer twice. One open callback per number and queue.
 */
export const m034Callbacks: Migration = {
  version: 34,
  name: 'callbacks',
  sql: `
CREATE TABLE callbacks (
  id INTEGER PRIMARY KEY,
  queue_id INTEGER NOT NULL,
  number TEXT NOT NULL,
  queued_at INTEGER NOT NULL,
  requested_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN
    ('waiting', 'calling', 'answered', 'confirmed', 'connected', 'failed', 'cancelled', 'abandoned', 'interrupted')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  retry_seconds INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  channel_id TEXT,
  agent TEXT,
  result TEXT,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX callbacks_open ON callbacks(queue_id, number)
  WHERE status IN ('waiting', 'calling', 'answered', 'confirmed');
CREATE INDEX callbacks_by_status ON callbacks(status, queue_id, queued_at);
CREATE UNIQUE INDEX callbacks_channel ON callbacks(channel_id) WHERE channel_id IS NOT NULL;
`,
};
