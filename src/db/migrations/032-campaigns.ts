import type { Migration } from './index.js';

/**
 * Outbound campaigns over a contact list: the campaign, one lead per
 * contact (where it stands, when it may be dialled next), and one row per
 * call attempt with what Asterisk reported (dial status, AMD, key pressed,
 * agent) and the result. Numbers are canonical (src/outbound/pattern.ts), so
 * the 72-hour rule after an abandon finds a number in any written form.
 */
export const m032Campaigns: Migration = {
  version: 32,
  name: 'campaigns',
  sql: `
CREATE TABLE campaigns (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  list_id    INTEGER NOT NULL REFERENCES contact_lists(id),
  mode       TEXT NOT NULL CHECK (mode IN ('preview','progressive','predictive','agentless')),
  state      TEXT NOT NULL DEFAULT 'stopped' CHECK (state IN ('stopped','running','paused','done')),
  agents     TEXT NOT NULL DEFAULT '[]',
  settings   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE campaign_leads (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  contact_id  INTEGER NOT NULL,
  number      TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','dialing','done')),
  result      TEXT,
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at     INTEGER NOT NULL DEFAULT 0,
  seat        TEXT,
  updated_at  INTEGER NOT NULL,
  UNIQUE (campaign_id, contact_id)
);
CREATE INDEX campaign_leads_due ON campaign_leads (campaign_id, status, next_at);
CREATE TABLE campaign_attempts (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  lead_id     INTEGER NOT NULL REFERENCES campaign_leads(id) ON DELETE CASCADE,
  number      TEXT NOT NULL,
  trunk_id    INTEGER,
  seat        TEXT,
  started_at  INTEGER NOT NULL,
  answered_at INTEGER,
  ended_at    INTEGER,
  dial_status TEXT,
  amd         TEXT,
  amd_cause   TEXT,
  key         TEXT,
  result      TEXT
);
CREATE INDEX campaign_attempts_campaign ON campaign_attempts (campaign_id, started_at);
CREATE INDEX campaign_attempts_number ON campaign_attempts (number, started_at);
`,
};
