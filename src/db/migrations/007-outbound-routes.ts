import type { Migration } from './index.js';

/** Outbound routes in matching order, their trunks in failover order, and the premium deny list. */
export const m007OutboundRoutes: Migration = {
  version: 7,
  name: 'outbound routes and deny list',
  sql: `
CREATE TABLE outbound_routes (
  id             INTEGER PRIMARY KEY,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL UNIQUE,
  enabled        INTEGER NOT NULL DEFAULT 1,
  patterns       TEXT NOT NULL CHECK (json_valid(patterns)),
  required_class TEXT NOT NULL CHECK (required_class IN ('local','national','international')),
  strip_digits   INTEGER NOT NULL DEFAULT 0,
  prepend        TEXT NOT NULL DEFAULT '',
  caller_id      TEXT CHECK (caller_id IS NULL OR json_valid(caller_id)),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);

CREATE TABLE outbound_route_trunks (
  route_id  INTEGER NOT NULL REFERENCES outbound_routes(id) ON DELETE CASCADE,
  trunk_id  INTEGER NOT NULL REFERENCES trunks(id),
  position  INTEGER NOT NULL,
  PRIMARY KEY (route_id, trunk_id)
);
CREATE INDEX outbound_route_trunks_trunk ON outbound_route_trunks(trunk_id);

CREATE TABLE outbound_deny (
  position  INTEGER PRIMARY KEY,
  pattern   TEXT NOT NULL UNIQUE
);
`,
};
