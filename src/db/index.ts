import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { dbFiles, SECRET_MODE, tightenMode } from '../fs/modes.js';
import type { Logger } from '../log.js';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

/** WAL may not grow past this between checkpoints (bytes). */
const WAL_LIMIT = 64 * 1024 * 1024;

/**
 * Opens hotline.db as its only writer: WAL for concurrent readers (the report
 * worker), a bounded WAL, and all numbered migrations applied in one go.
 */
export function openDb(file: string, log: Logger): Db {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o750 });
  // SQLite creates -wal and -shm with the database file's mode: the file
  // exists 0600 before SQLite opens it, and older installs' 0644 are fixed
  closeSync(openSync(file, 'a', SECRET_MODE));
  for (const f of dbFiles(file)) tightenMode(f, SECRET_MODE, log);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`journal_size_limit = ${WAL_LIMIT}`);
  // 64 MB page cache: CDR catch-up inserts into number indexes at random places (+15% at 1M rows).
  db.pragma('cache_size = -65536');
  migrate(db, log);
  return db;
}

export function migrate(db: Db, log: Logger): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    })();
    log.info({ version: m.version, name: m.name }, 'migration applied');
  }
}

/**
 * A reader that never lets go (the wallboard, a long export) starves SQLite's
 * passive auto-checkpoint and the WAL grows until the disk is full. A periodic
 * TRUNCATE checkpoint resets it whenever readers allow.
 */
export function startWalMaintenance(db: Db, log: Logger, everyMs = 60_000): () => void {
  const timer = setInterval(() => {
    try {
      const [res] = db.pragma('wal_checkpoint(TRUNCATE)') as {
        busy: number;
        log: number;
        checkpointed: number;
      }[];
      if (res?.busy) log.warn({ walFrames: res.log }, 'WAL checkpoint blocked by a reader');
    } catch (err) {
      log.error({ err }, 'WAL checkpoint failed');
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function dbStatus(
  db: Db,
  file: string,
): { ok: boolean; sizeBytes: number; walBytes: number; schemaVersion: number } {
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  let schemaVersion = 0;
  let ok = false;
  try {
    schemaVersion = (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number) ?? 0;
    ok = db.open;
  } catch {
    ok = false;
  }
  return { ok, sizeBytes: size(file), walBytes: size(`${file}-wal`), schemaVersion };
}
