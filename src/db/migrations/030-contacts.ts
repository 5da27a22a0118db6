import type { Migration } from './index.js';

/**
 * Contact lists for proactive contact (campaigns, notifications), the
 * do-not-call list and marketing/notification consents with their evidence.
 * Numbers are stored in the outbound canonical form (src/outbound/pattern.ts),
 * so 13800138000, +8613800138000 and 008613800138000 are one number.
 */
export const m030Contacts: Migration = {
  version: 30,
  name: 'contacts',
  sql: `
CREATE TABLE contact_lists (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  purpose     TEXT NOT NULL CHECK (purpose IN ('marketing','notification','collection')),
  schedule_id INTEGER,
  mapping     TEXT NOT NULL DEFAULT '{"number":"number","variables":{}}',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE TABLE contacts (
  id         INTEGER PRIMARY KEY,
  list_id    INTEGER NOT NULL REFERENCES contact_lists(id) ON DELETE CASCADE,
  number     TEXT NOT NULL,
  time_zone  TEXT,
  variables  TEXT NOT NULL DEFAULT '{}',
  row_no     INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (list_id, number)
);
CREATE INDEX contacts_number ON contacts (number);
CREATE TABLE dnc (
  id         INTEGER PRIMARY KEY,
  number     TEXT NOT NULL UNIQUE,
  source     TEXT NOT NULL CHECK (source IN ('api','keypress','sms','import','admin')),
  reason     TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  created_by TEXT
);
CREATE TABLE consents (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL,
  type         TEXT NOT NULL CHECK (type IN ('marketing','notification')),
  granted_at   INTEGER NOT NULL,
  evidence     TEXT NOT NULL,
  evidence_ref TEXT,
  revoked_at   INTEGER,
  created_at   INTEGER NOT NULL,
  created_by   TEXT
);
CREATE INDEX consents_number ON consents (number, type);
`,
};
