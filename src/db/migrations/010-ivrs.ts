import type { Migration } from './index.js';

/**
 * IVR trees: the tree (nodes and start) and the optional IVR-level fallback
 * destination are JSON, validated by src/ivr before they are stored.
 */
export const m010Ivrs: Migration = {
  version: 10,
  name: 'ivrs',
  sql: `
CREATE TABLE ivrs (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  tree        TEXT NOT NULL CHECK (json_valid(tree)),
  fallback    TEXT CHECK (fallback IS NULL OR json_valid(fallback)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
`,
};
