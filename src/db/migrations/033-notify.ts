import type { Migration } from './index.js';

/**
 * Notifications by rules: the integrations that may post events (each with
 * its own HMAC secret), the rules, each customer's channel preference, the
 * events received (an idempotency key is unique per integration, so a
 * retried post is one event) and the actions the rules took.
 */
export const m033Notify: Migration = {
  version: 33,
  name: 'notify',
  sql: `
CREATE TABLE notify_integrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE notify_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  enabled INTEGER NOT NULL DEFAULT 1,
  event_type TEXT NOT NULL,
  conditions TEXT NOT NULL,
  spec TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE notify_preferences (
  customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
  channels TEXT NOT NULL,
  email TEXT,
  updated_at INTEGER NOT NULL
);
CREATE TABLE notify_events (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  dedup_key TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  customer_id INTEGER,
  number TEXT,
  vars TEXT NOT NULL,
  cause TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX notify_events_received ON notify_events(received_at);
CREATE TABLE notify_actions (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES notify_events(id) ON DELETE CASCADE,
  rule_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  result_key TEXT,
  ref INTEGER,
  detail TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX notify_actions_rule ON notify_actions(rule_id, channel, created_at);
CREATE INDEX notify_actions_event ON notify_actions(event_id);
`,
};
