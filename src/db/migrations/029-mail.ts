import type { Migration } from './index.js';

/**
 * E-mail: the site's SMTP server (one row; the password is stored for the
 * SMTP login and never answered by the API), templates with `{{variable}}`
 * placeholders, and the outbox every message goes through (queued → sent,
 * or bounced on a permanent SMTP refusal or a bounce report, or failed after
 * its last retry). The outbox keeps the rendered subject and bodies, so a
 * template changed later does not change a message already queued.
 */
export const m029Mail: Migration = {
  version: 29,
  name: 'mail',
  sql: `
CREATE TABLE mail_settings (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  host                TEXT NOT NULL DEFAULT '',
  port                INTEGER NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
  security            TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('none', 'starttls', 'tls')),
  verify_certificate  INTEGER NOT NULL DEFAULT 1,
  username            TEXT NOT NULL DEFAULT '',
  password            TEXT NOT NULL DEFAULT '',
  from_address        TEXT NOT NULL DEFAULT '',
  from_name           TEXT NOT NULL DEFAULT '',
  updated_at          INTEGER NOT NULL DEFAULT 0
);
INSERT INTO mail_settings (id) VALUES (1);

CREATE TABLE mail_templates (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  subject     TEXT NOT NULL,
  text_body   TEXT NOT NULL,
  html_body   TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  to_address      TEXT NOT NULL,
  template        TEXT,
  vars            TEXT NOT NULL DEFAULT '{}',
  reason          TEXT NOT NULL,
  subject         TEXT NOT NULL,
  text_body       TEXT NOT NULL,
  html_body       TEXT,
  status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'bounced')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  message_id      TEXT NOT NULL UNIQUE,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX mail_outbox_status ON mail_outbox (status, id);
`,
};
