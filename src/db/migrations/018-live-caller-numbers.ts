import type { Migration } from './index.js';

/** Whether agents and wallboards see callers' whole numbers on the live stream (masked by default). */
export const m018LiveCallerNumbers: Migration = {
  version: 18,
  name: 'live-caller-numbers',
  sql: `
ALTER TABLE live_settings ADD COLUMN show_caller_numbers INTEGER NOT NULL DEFAULT 0
  CHECK (show_caller_numbers IN (0, 1));
`,
};
