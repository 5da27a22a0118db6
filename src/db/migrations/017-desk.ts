import type { Migration } from './index.js';

/**
 * The agent's desk: per queue, the wrap-up disposition codes and a
 * screen-pop URL template; and the wrap-up an agent stores on a call after
 * it, keyed by the call's linkedid (a calls row is built only once the
 * call's CDR is ingested, which can be after the agent has wrapped up).
 */
export const m017Desk: Migration = {
  version: 17,
  name: 'desk',
  sql: `
ALTER TABLE queues ADD COLUMN dispositions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE queues ADD COLUMN screen_pop_url TEXT;

CREATE TABLE call_wrapups (
  linkedid    TEXT PRIMARY KEY,
  agent       TEXT NOT NULL,
  disposition TEXT NOT NULL,
  notes       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
`,
};
