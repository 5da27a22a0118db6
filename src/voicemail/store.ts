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

  return {
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
