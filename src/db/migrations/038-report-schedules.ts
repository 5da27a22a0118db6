import type { Migration } from './index.js';

/**
 * Reports mailed on a schedule: which report, its period and filters, the
 * file format, the recipients, when (daily or on a weekday at HH:MM, box
 * local), and how its last run ended. JSON columns hold the lists.
 */
export const m038ReportSchedules: Migration = {
  version: 38,
  name: 'report-schedules',
  sql: `
CREATE TABLE report_schedules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  report TEXT NOT NULL,
  period TEXT NOT NULL,
  interval TEXT NOT NULL,
  filters TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
  language TEXT NOT NULL CHECK (language IN ('zh', 'en')),
  recipients TEXT NOT NULL,
  frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  weekday INTEGER CHECK (weekday BETWEEN 1 AND 7),
  time TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  last_run_at INTEGER,
  last_result TEXT CHECK (last_result IN ('sent', 'failed')),
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
};
