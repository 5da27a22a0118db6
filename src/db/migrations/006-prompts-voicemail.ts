import type { Migration } from './index.js';

/**
 * Prompts (uploaded or synthesized audio), announcements that play them,
 * voicemail PINs, and the link from a user to the seat whose mailbox is theirs.
 */
export const m006PromptsVoicemail: Migration = {
  version: 6,
  name: 'prompts, announcements, voicemail pins, user seat',
  sql: `
CREATE TABLE prompts (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('upload','tts')),
  language     TEXT NOT NULL CHECK (language IN ('zh','en')),
  text         TEXT,
  tts_hash     TEXT,
  duration_ms  INTEGER NOT NULL,
  size_bytes   INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);

CREATE TABLE announcements (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  prompt_id   INTEGER NOT NULL REFERENCES prompts(id),
  then_dest   TEXT NOT NULL CHECK (json_valid(then_dest)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX announcements_prompt ON announcements(prompt_id);

CREATE TABLE voicemail_pins (
  extension   TEXT PRIMARY KEY,
  pin         TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- the per-install key a seat's first PIN is derived from (see src/voicemail/pins.ts)
CREATE TABLE voicemail_key (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  key  TEXT NOT NULL
);

ALTER TABLE users ADD COLUMN seat_extension TEXT;
`,
};
