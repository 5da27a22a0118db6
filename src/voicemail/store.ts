import type { Db } from '../db/index.js';

/** The only SQL for voicemail_pins and voicemail_key. */
export function createVoicemailStore(db: Db) {
  const pins = db.prepare<[], { extension: string; pin: string }>(
    'SELECT extension, pin FROM voicemail_pins',
  );
  const pin = db.prepare<[string], string>('SELECT pin FROM voicemail_pins WHERE extension = ?').pluck();
  const setPin = db.prepare(
    `INSERT INTO voicemail_pins (extension, pin, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(extension) DO UPDATE SET pin = excluded.pin, updated_at = excluded.updated_at`,
  );
  const ensurePin = db.prepare(
    'INSERT INTO voicemail_pins (extension, pin, updated_at) VALUES (?, ?, ?) ON CONFLICT(extension) DO NOTHING',
  );
  const key = db.prepare<[], string>('SELECT key FROM voicemail_key WHERE id = 1').pluck();
  const insertKey = db.prepare(
    'INSERT INTO voicemail_key (id, key) VALUES (1, ?) ON CONFLICT(id) DO NOTHING',
  );

  const emailSetting = db.prepare<[string], { enabled: number; address: string | null; since: number }>(
    'SELECT enabled, address, since FROM voicemail_email WHERE extension = ?',
  );
  const enabledMailboxes = db
    .prepare<[], string>('SELECT extension FROM voicemail_email WHERE enabled = 1 ORDER BY extension')
    .pluck();
  const putEmailSetting = db.prepare(
    `INSERT INTO voicemail_email (extension, enabled, address, since, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(extension) DO UPDATE SET enabled = excluded.enabled, address = excluded.address,
       since = excluded.since, updated_at = excluded.updated_at`,
  );
  const markMailed = db.prepare(
    'INSERT INTO voicemail_mailed (extension, msg_id, outbox_id, mailed_at) VALUES (?, ?, NULL, ?) ON CONFLICT DO NOTHING',
  );
  const setMailed = db.prepare(
    'UPDATE voicemail_mailed SET outbox_id = ? WHERE extension = ? AND msg_id = ?',
  );
  const unmark = db.prepare('DELETE FROM voicemail_mailed WHERE extension = ? AND msg_id = ?');

  return {
    /** A mailbox's e-mail setting: on, to which address, and since when (older messages are not sent). */
    emailSetting(ext: string) {
      const r = emailSetting.get(ext);
      return r && { enabled: r.enabled === 1, address: r.address, since: r.since };
    },
    enabledMailboxes: () => enabledMailboxes.all(),
    putEmailSetting: (
      ext: string,
      s: { enabled: boolean; address: string | null; since: number },
      now: number,
    ) => putEmailSetting.run(ext, s.enabled ? 1 : 0, s.address, s.since, now),
    /** Claims a message for mailing: false when it was mailed (or is being mailed) already. */
    markMailed: (ext: string, msgId: string, now: number) => markMailed.run(ext, msgId, now).changes > 0,
    setMailed: (ext: string, msgId: string, outboxId: number) => setMailed.run(outboxId, ext, msgId),
    unmarkMailed: (ext: string, msgId: string) => unmark.run(ext, msgId),
    pins: () => new Map(pins.all().map((r) => [r.extension, r.pin])),
    pin: (ext: string) => pin.get(ext),
    setPin: (ext: string, value: string, now: number) => setPin.run(ext, value, now),
    ensurePin: (ext: string, value: string, now: number) => ensurePin.run(ext, value, now),
    /** The per-install key, created on first use. */
    key(fresh: () => string): string {
      insertKey.run(fresh());
      return key.get() ?? '';
    },
  };
}

export type VoicemailStore = ReturnType<typeof createVoicemailStore>;
