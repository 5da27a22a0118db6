import type { Migration } from './index.js';

/**
 * E1/T1 hardware: the cards the admin put in the plan (keyed by the cleaned
 * sysfs device location, never by span number), per-port span settings as
 * JSON (validated by src/hardware/schema.ts), system-wide DAHDI settings, and
 * the span alarm history (one row per alarm raised, closed when cleared).
 */
export const m012HardwareE1: Migration = {
  version: 12,
  name: 'hardware-e1',
  sql: `
CREATE TABLE dahdi_cards (
  location    TEXT PRIMARY KEY,
  driver      TEXT NOT NULL,
  port_count  INTEGER NOT NULL CHECK (port_count BETWEEN 1 AND 16),
  position    INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE TABLE dahdi_ports (
  location    TEXT NOT NULL REFERENCES dahdi_cards(location) ON DELETE CASCADE,
  port        INTEGER NOT NULL CHECK (port BETWEEN 1 AND 16),
  settings    TEXT NOT NULL CHECK (json_valid(settings)),
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (location, port)
);
CREATE TABLE dahdi_settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL
);
CREATE TABLE span_alarms (
  id          INTEGER PRIMARY KEY,
  span        INTEGER NOT NULL,
  location    TEXT,
  port        INTEGER,
  alarm       TEXT NOT NULL,
  raised_at   INTEGER NOT NULL,
  cleared_at  INTEGER
);
CREATE INDEX span_alarms_open ON span_alarms (span) WHERE cleared_at IS NULL;
CREATE INDEX span_alarms_raised ON span_alarms (raised_at);
`,
};
