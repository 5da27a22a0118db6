import type { Migration } from './index.js';

/**
 * SMS over a GSM/4G modem: messages sent and received (one row each), the
 * parts a sent one left as (each with the modem's message reference, which
 * a delivery report names), the numbers that replied TD / 退订, and the
 * modem's settings (one row; no device: SMS is off).
 */
export const m028Sms: Migration = {
  version: 28,
  name: 'sms',
  sql: `
CREATE TABLE sms_messages (
  id           INTEGER PRIMARY KEY,
  direction    TEXT NOT NULL CHECK (direction IN ('out','in')),
  number       TEXT NOT NULL,
  text         TEXT NOT NULL,
  encoding     TEXT NOT NULL CHECK (encoding IN ('gsm7','ucs2')),
  parts        INTEGER NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('queued','sent','delivered','failed','received')),
  customer_id  INTEGER,
  error        TEXT,
  sent_by      INTEGER,
  created_at   INTEGER NOT NULL,
  sent_at      INTEGER,
  delivered_at INTEGER
);
CREATE INDEX sms_messages_number ON sms_messages (number, created_at);
CREATE INDEX sms_messages_queued ON sms_messages (status) WHERE status = 'queued';

CREATE TABLE sms_parts (
  message_id   INTEGER NOT NULL REFERENCES sms_messages(id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  reference    INTEGER,
  status       TEXT NOT NULL CHECK (status IN ('queued','sent','delivered','failed')),
  sent_at      INTEGER,
  reported_at  INTEGER,
  PRIMARY KEY (message_id, seq)
);
CREATE INDEX sms_parts_reference ON sms_parts (reference, sent_at) WHERE status = 'sent';

CREATE TABLE sms_opt_outs (
  number      TEXT PRIMARY KEY,
  source      TEXT NOT NULL,
  message_id  INTEGER,
  created_at  INTEGER NOT NULL
);

CREATE TABLE sms_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  device_path TEXT,
  baud        INTEGER NOT NULL DEFAULT 115200,
  smsc        TEXT,
  updated_at  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sms_settings (id) VALUES (1);
`,
};
