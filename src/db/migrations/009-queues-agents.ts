import type { Migration } from './index.js';

/**
 * Queues (app_queue sections `q<id>`), agents (a seat that takes queue
 * calls, with skills = queues + levels), the agent state hotlined re-applies
 * after every Asterisk restart, its history for reports, and the pause
 * reasons an agent chooses from.
 */
export const m009QueuesAgents: Migration = {
  version: 9,
  name: 'queues-agents',
  sql: `
CREATE TABLE queues (
  id          INTEGER PRIMARY KEY,
  number      TEXT UNIQUE,
  name        TEXT NOT NULL,
  settings    TEXT NOT NULL,
  overflow    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE agents (
  id          INTEGER PRIMARY KEY,
  extension   TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE agent_skills (
  agent_id    INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  queue_id    INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  level       INTEGER NOT NULL CHECK (level BETWEEN 0 AND 9),
  PRIMARY KEY (agent_id, queue_id)
);
CREATE INDEX agent_skills_queue ON agent_skills(queue_id);

CREATE TABLE agent_state (
  agent_id     INTEGER PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
  logged_in    INTEGER NOT NULL DEFAULT 0,
  paused       INTEGER NOT NULL DEFAULT 0,
  pause_reason TEXT,
  since        INTEGER NOT NULL
);

CREATE TABLE agent_events (
  id          INTEGER PRIMARY KEY,
  agent_id    INTEGER NOT NULL,
  extension   TEXT NOT NULL,
  event       TEXT NOT NULL CHECK (event IN ('login', 'logout', 'pause', 'unpause')),
  reason      TEXT,
  source      TEXT NOT NULL,
  at          INTEGER NOT NULL
);
CREATE INDEX agent_events_agent_at ON agent_events(agent_id, at);
CREATE INDEX agent_events_at ON agent_events(at);

CREATE TABLE pause_reasons (
  id          INTEGER PRIMARY KEY,
  code        INTEGER NOT NULL UNIQUE CHECK (code BETWEEN 1 AND 99),
  name        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);
-- the Asterisk run whose members hotlined last saw: the same run after a hotlined restart
-- means changes made meanwhile (feature codes) are adopted, a new run means re-apply
CREATE TABLE agent_sync (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  asterisk_started_at INTEGER
);

-- a starting list; admins edit it (auto-pause after missed offers uses code 99)
INSERT INTO pause_reasons (code, name, created_at) VALUES
  (1, '休息', 0), (2, '培训', 0), (3, '会议', 0), (4, '用餐', 0), (5, '事后处理', 0), (99, '未接来电', 0);
`,
};
