import type { Migration } from './index.js';

export const m001Init: Migration = {
  version: 1,
  name: 'users, sessions, tokens, audit, seats, cdr',
  sql: `
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL DEFAULT '',
  role          TEXT NOT NULL CHECK (role IN ('admin','supervisor','agent')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  scope        TEXT NOT NULL DEFAULT 'api' CHECK (scope IN ('api','wallboard')),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  last_used_at INTEGER,
  revoked      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  user_id    INTEGER,
  username   TEXT NOT NULL,
  action     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  TEXT,
  before     TEXT,
  after      TEXT,
  ip         TEXT
);
CREATE INDEX audit_at ON audit_log(at);

CREATE TABLE seats (
  id           INTEGER PRIMARY KEY,
  extension    TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  secret       TEXT NOT NULL,
  transport    TEXT NOT NULL DEFAULT 'udp',
  max_contacts INTEGER NOT NULL DEFAULT 1,
  enabled      INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);

CREATE TABLE cdr (
  id            INTEGER PRIMARY KEY,
  spool_id      INTEGER NOT NULL UNIQUE,
  start_at      REAL NOT NULL,
  answer_at     REAL,
  end_at        REAL,
  clid          TEXT NOT NULL DEFAULT '',
  src           TEXT NOT NULL DEFAULT '',
  dst           TEXT NOT NULL DEFAULT '',
  dcontext      TEXT NOT NULL DEFAULT '',
  channel       TEXT NOT NULL DEFAULT '',
  dstchannel    TEXT NOT NULL DEFAULT '',
  lastapp       TEXT NOT NULL DEFAULT '',
  lastdata      TEXT NOT NULL DEFAULT '',
  duration      INTEGER NOT NULL DEFAULT 0,
  billsec       INTEGER NOT NULL DEFAULT 0,
  disposition   TEXT NOT NULL DEFAULT '',
  accountcode   TEXT NOT NULL DEFAULT '',
  uniqueid      TEXT NOT NULL DEFAULT '',
  linkedid      TEXT NOT NULL DEFAULT '',
  userfield     TEXT NOT NULL DEFAULT '',
  sequence      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cdr_start ON cdr(start_at);
CREATE INDEX cdr_src ON cdr(src);
CREATE INDEX cdr_dst ON cdr(dst);
CREATE INDEX cdr_linkedid ON cdr(linkedid);

/* Ingestion watermarks: how far each external source has been read. */
CREATE TABLE watermarks (
  source     TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  identity   TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
`,
};
