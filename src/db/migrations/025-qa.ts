import type { Migration } from './index.js';

/**
 * QA scoring: forms (sections of weighted questions, kept as JSON: a form is
 * read and written whole, and its structure is frozen once graded) and
 * grades of calls. A grade is a chain of versions (root_id, version): a
 * submitted version is never changed, a correction is the next version, and
 * reports count the newest submitted one. The call's agent and queue are
 * copied at grading so reports need no join with calls; form_id restricts the
 * form's deletion while any grade uses it.
 */
export const m025Qa: Migration = {
  version: 25,
  name: 'qa',
  sql: `
CREATE TABLE qa_forms (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
  sections   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE qa_grades (
  id              INTEGER PRIMARY KEY,
  root_id         INTEGER REFERENCES qa_grades(id),
  version         INTEGER NOT NULL DEFAULT 1,
  form_id         INTEGER NOT NULL REFERENCES qa_forms(id) ON DELETE RESTRICT,
  call_id         INTEGER NOT NULL,
  agent           TEXT NOT NULL,
  queue_id        INTEGER,
  grader_id       INTEGER,
  grader          TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('draft','submitted')),
  answers         TEXT NOT NULL,
  comments        TEXT NOT NULL,
  score           REAL,
  critical_failed INTEGER NOT NULL DEFAULT 0,
  reason          TEXT NOT NULL DEFAULT '',
  submitted_at    INTEGER,
  graded_at       INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX qa_grades_chain ON qa_grades (root_id, version);
CREATE INDEX qa_grades_form ON qa_grades (form_id);
CREATE INDEX qa_grades_call ON qa_grades (call_id);
CREATE INDEX qa_grades_agent ON qa_grades (agent, graded_at);
CREATE INDEX qa_grades_graded ON qa_grades (graded_at) WHERE status = 'submitted';
`,
};
