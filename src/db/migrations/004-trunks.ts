import type { Migration } from './index.js';

/**
 * Trunks are a union on `kind`: the columns every kind shares, and the
 * kind's own settings as JSON (validated by the domain's zod schema), so an
 * E1 span can be added without rebuilding the table.
 */
export const m004Trunks: Migration = {
  version: 4,
  name: 'trunks',
  sql: `
CREATE TABLE trunks (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  name          TEXT NOT NULL UNIQUE,
  enabled       INTEGER NOT NULL DEFAULT 1,
  max_channels  INTEGER NOT NULL,
  caller_id     TEXT CHECK (caller_id IS NULL OR json_valid(caller_id)),
  params        TEXT NOT NULL CHECK (json_valid(params)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
`,
};
