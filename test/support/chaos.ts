/**
 * What the chaos tests check after a fault: the database file is sound, the
 * CDR watermark agrees with the rows, and the generated files are what the
 * database generates. They read hotline.db directly (WAL: safe beside a
 * running hotlined, and the only way to look at it while hotlined is dead).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { seatsPjsipConf } from '../../src/seats/confgen.js';
import { createSeatStore } from '../../src/seats/store.js';
import { type SpoolValues, spoolCall } from './cdr-spool.js';

/** Runs `fn` on hotline.db opened for this one look. */
export function withDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'hotline.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check`'s answer: 'ok' for a sound file. */
export const integrity = (db: Database.Database): string =>
  (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');

/**
 * The CDR ingest's watermark against its rows, for a spool read once from
 * AcctId 1 (spool_id = AcctId): every id up to the watermark is there once and
 * nothing beyond it.
 */
export function cdrAccount(db: Database.Database) {
  const mark = db.prepare(`SELECT position FROM watermarks WHERE source = 'cdr-spool'`).get() as
    | { position: number }
    | undefined;
  const r = db
    .prepare(
      `SELECT count(*) AS rows, count(DISTINCT spool_id) AS ids, coalesce(max(spool_id), 0) AS maxId,
              count(DISTINCT uniqueid || '/' || sequence) AS calls FROM cdr`,
    )
    .get() as { rows: number; ids: number; maxId: number; calls: number };
  return { watermark: mark?.position ?? 0, ...r };
}

/** pjsip_seats.conf as hotlined would generate it from the database now, and as it is on disk. */
export function seatsFile(db: Database.Database, confDir: string) {
  return {
    fromDb: seatsPjsipConf(createSeatStore(db).all()),
    onDisk: readFileSync(path.join(confDir, 'hotline', 'pjsip_seats.conf'), 'utf8'),
  };
}

/**
 * Appends rows to the spool Asterisk writes (its table exists once
 * cdr_sqlite3_custom has loaded), as Asterisk inserts them: `count` answered
 * calls numbered from `from`, in one transaction, plus any `extra` raw rows.
 */
export function appendSpool(file: string, from: number, count: number, extra: SpoolValues[] = []): void {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    const cols = (db.prepare('PRAGMA table_info(cdr)').all() as { name: string }[])
      .map((c) => c.name)
      .filter((c) => c !== 'AcctId');
    const insert = db.prepare(
      `INSERT INTO cdr (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    );
    const now = Math.floor(Date.now() / 1000) - 3600;
    const row = (v: SpoolValues) => insert.run(...cols.map((c) => (v as Record<string, unknown>)[c] ?? null));
    db.transaction(() => {
      for (let n = from; n < from + count; n++) row(spoolCall(n, now + n / 1000));
      for (const v of extra) row(v);
    })();
  } finally {
    db.close();
  }
}

/** A random whole number of milliseconds in [0, max). */
export const randomMs = (max: number) => Math.floor(Math.random() * max);
