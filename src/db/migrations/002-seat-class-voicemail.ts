import type { Migration } from './index.js';

export const m002SeatClassVoicemail: Migration = {
  version: 2,
  name: 'seat call permission class and voicemail',
  sql: `
ALTER TABLE seats ADD COLUMN call_class TEXT NOT NULL DEFAULT 'national'
  CHECK (call_class IN ('internal','local','national','international'));
ALTER TABLE seats ADD COLUMN voicemail INTEGER NOT NULL DEFAULT 1;
`,
};
