import type { Migration } from './index.js';

/**
 * Notifications that wait: a voice or SMS action falling in a rule's quiet
 * hours is stored `delayed` with its due time (and the rest of its chain in
 * `plan`), a webhook delivery is stored `pending` with its next attempt, its
 * attempts and the last HTTP status, so a restart loses neither. A rule's
 * webhook signs with a secret of its own. Voicemail to e-mail: users get an
 * e-mail address, a mailbox a mail setting and the list of messages already
 * mailed, and an outbox message may carry files (the recording).
 */
export const m040NotifyDelayWebhookVoicemailMail: Migration = {
  version: 40,
  name: 'notify-delay-webhook-voicemail-mail',
  sql: `
ALTER TABLE notify_rules ADD COLUMN webhook_secret TEXT;
ALTER TABLE notify_actions ADD COLUMN due_at INTEGER;
ALTER TABLE notify_actions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notify_actions ADD COLUMN http_status INTEGER;
ALTER TABLE notify_actions ADD COLUMN plan TEXT;
CREATE INDEX notify_actions_due ON notify_actions (due_at) WHERE status IN ('delayed', 'pending');

ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE mail_attachments (
  id           INTEGER PRIMARY KEY,
  outbox_id    INTEGER NOT NULL REFERENCES mail_outbox(id) ON DELETE CASCADE,
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content      BLOB NOT NULL
);
CREATE INDEX mail_attachments_outbox ON mail_attachments (outbox_id);

CREATE TABLE voicemail_email (
  extension  TEXT PRIMARY KEY,
  enabled    INTEGER NOT NULL,
  address    TEXT,
  since      INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE voicemail_mailed (
  extension  TEXT NOT NULL,
  msg_id     TEXT NOT NULL,
  outbox_id  INTEGER,
  mailed_at  INTEGER NOT NULL,
  PRIMARY KEY (extension, msg_id)
);
`,
};
