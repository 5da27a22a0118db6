import type { Migration } from './index.js';

/**
 * 工单 (tickets): a category tree; SLA hours of business time per category
 * and priority (a rule without a category is the default) and the schedule
 * whose open hours count; the per-day number sequence (GD<yyyymmdd>-<seq>);
 * tickets with their linked calls, a timeline of comments and status changes,
 * and attachments (the file lives under the data folder by a generated name,
 * never by the uploaded one).
 */
export const m016Tickets: Migration = {
  version: 16,
  name: 'tickets',
  sql: `
CREATE TABLE ticket_categories (
  id         INTEGER PRIMARY KEY,
  parent_id  INTEGER REFERENCES ticket_categories(id),
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ticket_categories_sibling_name ON ticket_categories (COALESCE(parent_id, 0), name);

CREATE TABLE ticket_sla (
  category_id INTEGER REFERENCES ticket_categories(id) ON DELETE CASCADE,
  priority    TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  hours       REAL NOT NULL CHECK (hours > 0)
);
CREATE UNIQUE INDEX ticket_sla_rule ON ticket_sla (COALESCE(category_id, 0), priority);

CREATE TABLE ticket_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  schedule_id INTEGER,
  updated_at  INTEGER NOT NULL
);
INSERT INTO ticket_settings (id, schedule_id, updated_at) VALUES (1, NULL, 0);

-- a starting SLA for every category; admins and supervisors edit it
INSERT INTO ticket_sla (category_id, priority, hours) VALUES
  (NULL, 'urgent', 4), (NULL, 'high', 8), (NULL, 'normal', 24), (NULL, 'low', 72);

CREATE TABLE ticket_days (
  day  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);

CREATE TABLE tickets (
  id                 INTEGER PRIMARY KEY,
  number             TEXT NOT NULL UNIQUE,
  title              TEXT NOT NULL,
  description        TEXT NOT NULL,
  customer_id        INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  category_id        INTEGER REFERENCES ticket_categories(id),
  priority           TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status             TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'follow_up', 'resolved', 'closed')),
  assignee_user_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  assignee_queue_id  INTEGER REFERENCES queues(id) ON DELETE SET NULL,
  due_at             INTEGER,
  resolved_at        INTEGER,
  closed_at          INTEGER,
  created_by_user_id INTEGER,
  created_by         TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  CHECK (assignee_user_id IS NULL OR assignee_queue_id IS NULL)
);
CREATE INDEX tickets_status_due ON tickets (status, due_at);
CREATE INDEX tickets_assignee_user ON tickets (assignee_user_id);
CREATE INDEX tickets_assignee_queue ON tickets (assignee_queue_id);
CREATE INDEX tickets_customer ON tickets (customer_id);
CREATE INDEX tickets_category ON tickets (category_id);

CREATE TABLE ticket_calls (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  call_id   INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, call_id)
);
CREATE INDEX ticket_calls_call ON ticket_calls (call_id);

CREATE TABLE ticket_comments (
  id             INTEGER PRIMARY KEY,
  ticket_id      INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('comment', 'status', 'assignee')),
  body           TEXT NOT NULL,
  author_user_id INTEGER,
  author         TEXT NOT NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, id);

CREATE TABLE ticket_attachments (
  id             INTEGER PRIMARY KEY,
  ticket_id      INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  type           TEXT NOT NULL,
  size           INTEGER NOT NULL,
  file           TEXT NOT NULL UNIQUE,
  author_user_id INTEGER,
  author         TEXT NOT NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, id);
`,
};
