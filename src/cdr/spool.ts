import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from '../log.js';

/**
 * The columns firmware-config/asterisk/cdr_sqlite3_custom.conf writes, in
 * order. cdr_sqlite3_custom creates `cdr (AcctId INTEGER PRIMARY KEY, <these,
 * untyped>)` and quotes every value, so each arrives as TEXT.
 */
export const SPOOL_COLUMNS = [
  'calldate',
  'start_epoch',
  'answer_epoch',
  'end_epoch',
  'clid',
  'src',
  'dst',
  'dcontext',
  'channel',
  'dstchannel',
  'lastapp',
  'lastdata',
  'duration',
  'billsec',
  'disposition',
  'amaflags',
  'accountcode',
  'uniqueid',
  'userfield',
  'linkedid',
  'sequence',
  // CDR variables set by the dialplan (see cdr_sqlite3_custom.conf)
  'did',
  'ivrpath',
  'recording',
  'afterhours',
] as const;
export type SpoolColumn = (typeof SPOOL_COLUMNS)[number];

/** The columns read (amaflags is not kept), in SpoolRow order after AcctId. */
export const READ_COLUMNS = SPOOL_COLUMNS.filter((c) => c !== 'amaflags');
type ReadColumn = Exclude<SpoolColumn, 'amaflags'>;

/**
 * A spool row as read: [AcctId, ...READ_COLUMNS]. Well-formed epochs and
 * counters arrive already converted to numbers by SQLite (far cheaper than
 * creating a JS string for each); anything odd arrives as it is stored, for
 * parse.ts to judge. calldate is only read when start_epoch is unusable. A
 * column the table lacks reads as null.
 */
export type SpoolRow = unknown[];

/** Position of a column in a SpoolRow. */
export const COL = Object.fromEntries(READ_COLUMNS.map((c, i) => [c, i + 1])) as Record<ReadColumn, number>;

const EPOCHS = new Set<string>(['start_epoch', 'answer_epoch', 'end_epoch']);
const COUNTERS = new Set<string>(['duration', 'billsec', 'sequence']);
/** Digits with at most one dot, starting with a digit: what `${CDR(x,u)}` writes. */
const epochLike = (c: string) => `${c} GLOB '[0-9]*' AND ${c} NOT GLOB '*[^0-9.]*' AND ${c} NOT GLOB '*.*.*'`;

/** The select list for a table that has the columns in `have`. */
function selectList(have: Set<string>): string {
  const list = READ_COLUMNS.map((c) => {
    if (!have.has(c)) return 'NULL';
    const q = `"${c}"`;
    if (EPOCHS.has(c)) return `CASE WHEN ${epochLike(q)} THEN CAST(${q} AS REAL) ELSE ${q} END`;
    if (COUNTERS.has(c)) {
      return `CASE WHEN ${q} GLOB '[0-9]*' AND ${q} NOT GLOB '*[^0-9]*' AND length(${q}) <= 15 THEN CAST(${q} AS INTEGER) ELSE ${q} END`;
    }
    if (c === 'calldate' && have.has('start_epoch')) {
      return `CASE WHEN ${epochLike('"start_epoch"')} AND "start_epoch" GLOB '[1-9]*' THEN NULL ELSE ${q} END`;
    }
    return q;
  });
  return `AcctId, ${list.join(', ')}`;
}

/**
 * What identifies one spool row across files: Asterisk's uniqueid, start time
 * and CDR sequence number, as read (so a read row and fingerprintOf agree).
 */
export function fingerprint(row: SpoolRow): string {
  return JSON.stringify([row[COL.uniqueid], row[COL.start_epoch], row[COL.sequence]]);
}

export interface Spool {
  /** Rows with AcctId > after, oldest first; null while the file or its table does not exist. */
  read(after: number, limit: number): SpoolRow[] | null;
  /** Fingerprint of the row with this AcctId; null if there is no such row, undefined if no spool. */
  fingerprintOf(acctId: number): string | null | undefined;
  /** Highest AcctId in the spool, 0 if empty or absent. */
  maxId(): number;
  /** Counts (re)opens: a change between two calls means they may have read different files. */
  readonly opens: number;
  close(): void;
}

interface Conn {
  db: Database.Database;
  dev: number;
  ino: number;
  stmts: {
    read: Database.Statement<[number, number]>;
    one: Database.Statement<[number]>;
    max: Database.Statement<[]>;
  } | null;
}

/** Our busy timeout on the spool (see connect()). */
const SPOOL_BUSY_MS = 100;

/**
 * Read-only access to Asterisk's spool. Never writes and never holds a read
 * transaction beyond one statement: the spool uses a rollback journal, so a
 * reader's SHARED lock blocks Asterisk's commit (it waits its busy_timeout of
 * 1 s, then loses the CDR). Each call runs one statement to completion; the
 * longest, a batch read, takes tens of milliseconds.
 */
export function openSpool(path: string, log: Logger): Spool {
  let conn: Conn | null = null;
  let warnedColumns = false;
  let opens = 0;

  function close(): void {
    if (conn?.db.open) conn.db.close();
    conn = null;
  }

  function prepare(db: Database.Database): Conn['stmts'] {
    const info = db.prepare("SELECT name FROM pragma_table_info('cdr')").pluck().all() as string[];
    if (info.length === 0) return null; // the file exists, Asterisk has not created the table yet
    const have = new Set(info.map((n) => n.toLowerCase()));
    if (!have.has('acctid')) throw new Error(`spool ${path}: table cdr has no AcctId column`);
    const missing = READ_COLUMNS.filter((c) => !have.has(c));
    if (missing.length > 0 && !warnedColumns) {
      warnedColumns = true;
      log.warn({ spool: path, missing }, 'CDR spool lacks columns; they are ingested as empty');
    }
    const cols = selectList(have);
    return {
      read: db
        .prepare<[number, number]>(`SELECT ${cols} FROM cdr WHERE AcctId > ? ORDER BY AcctId LIMIT ?`)
        .raw(),
      // The same list, so fingerprint() reads a row the same way in both.
      one: db.prepare<[number]>(`SELECT ${cols} FROM cdr WHERE AcctId = ?`).raw(),
      max: db.prepare<[]>('SELECT COALESCE(MAX(AcctId), 0) FROM cdr').pluck(),
    };
  }

  /** The open connection to the current file, or null if there is no file. */
  function connect(): Conn | null {
    let st: { dev: number; ino: number };
    try {
      st = statSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        close();
        return null;
      }
      throw err;
    }
    // A replaced file (deleted and recreated by Asterisk, restored by an
    // admin) is a new inode; the old connection would keep reading the old one.
    if (conn && (conn.dev !== st.dev || conn.ino !== st.ino)) close();
    if (!conn) {
      // SQLite waits out a lock by sleeping in this (the main) thread, so the
      // wait is short: Asterisk's commit holds the lock for milliseconds, and
      // a miss is simply retried on the next poll.
      const db = new Database(path, { readonly: true, fileMustExist: true, timeout: SPOOL_BUSY_MS });
      conn = { db, dev: st.dev, ino: st.ino, stmts: null };
      opens++;
    }
    if (!conn.stmts) conn.stmts = prepare(conn.db);
    return conn;
  }

  /** Any SQLite error may mean the file changed under us: start afresh next time. */
  function guarded<T>(fn: (s: NonNullable<Conn['stmts']>) => T, empty: T): T {
    try {
      const c = connect();
      return c?.stmts ? fn(c.stmts) : empty;
    } catch (err) {
      close();
      throw err;
    }
  }

  return {
    read: (after, limit) => guarded<SpoolRow[] | null>((s) => s.read.all(after, limit) as SpoolRow[], null),
    fingerprintOf: (acctId) =>
      guarded<string | null | undefined>((s) => {
        const row = s.one.get(acctId) as SpoolRow | undefined;
        return row ? fingerprint(row) : null;
      }, undefined),
    maxId: () => guarded((s) => Number(s.max.get() ?? 0), 0),
    get opens() {
      return opens;
    },
    close,
  };
}
