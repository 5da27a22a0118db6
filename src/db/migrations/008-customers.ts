import type { Migration } from './index.js';

/**
 * Customers (a minimal CRM record), their numbers (each unique across all
 * customers, so a caller number finds at most one record) and the optional
 * external CRM webhook (a single settings row).
 */
export const m008Customers: Migration = {
  version: 8,
  name: 'customers',
  sql: `
CREATE TABLE customers (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  vip         INTEGER NOT NULL DEFAULT 0 CHECK (vip BETWEEN 0 AND 9),
  bound_agent TEXT,
  notes       TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX customers_name ON customers(name);

CREATE TABLE customer_numbers (
  number      TEXT PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL
);
CREATE INDEX customer_numbers_customer ON customer_numbers(customer_id);

CREATE TABLE customer_webhook (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  url        TEXT,
  timeout_ms INTEGER NOT NULL DEFAULT 1000 CHECK (timeout_ms BETWEEN 100 AND 3000),
  enabled    INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO customer_webhook (id) VALUES (1);
`,
};
