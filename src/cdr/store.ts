import type { Db } from '../db/index.js';
import type { CdrValues } from './parse.js';
import type { CdrListQuery } from './schema.js';

/** The watermarks row this domain owns. */
export const WATERMARK_SOURCE = 'cdr-spool';

export interface Watermark {
  position: number;
  identity: string;
}

/** A cdr row as the list query returns it. */
export interface CdrRow {
  id: number;
  start_at: number;
  answer_at: number | null;
  end_at: number | null;
  src: string;
  dst: string;
  clid: string;
  disposition: string;
  duration: number;
  billsec: number;
  channel: string;
  dstchannel: string;
  uniqueid: string;
  linkedid: string;
  userfield: string;
  did: string;
  ivrpath: string;
  recording: string;
}

const INSERT_COLUMNS =
  'spool_id, start_at, answer_at, end_at, clid, src, dst, dcontext, channel, dstchannel, lastapp, lastdata, ' +
  'duration, billsec, disposition, accountcode, uniqueid, linkedid, userfield, sequence, did, ivrpath, recording, afterhours';
const LIST_COLUMNS =
  'id, start_at, answer_at, end_at, src, dst, clid, disposition, duration, billsec, channel, dstchannel, uniqueid, linkedid, userfield, did, ivrpath, recording';

export type CdrStore = ReturnType<typeof createCdrStore>;

/** The only SQL for cdr and for this domain's watermark, on the main (writer) connection. */
export function createCdrStore(db: Db) {
  const insert = db.prepare<CdrValues>(
    `INSERT INTO cdr (${INSERT_COLUMNS}) VALUES (${Array(24).fill('?').join(', ')})
     ON CONFLICT(spool_id) DO NOTHING`,
  );
  // Served by cdr_linkedid; only used while re-reading a replaced spool.
  const seen = db
    .prepare<[string, string, number, number]>(
      'SELECT 1 FROM cdr WHERE linkedid = ? AND uniqueid = ? AND sequence = ? AND start_at = ? LIMIT 1',
    )
    .pluck();
  const maxSpoolId = db.prepare<[]>('SELECT COALESCE(MAX(spool_id), 0) FROM cdr').pluck();
  const getMark = db.prepare<[string], Watermark>(
    'SELECT position, identity FROM watermarks WHERE source = ?',
  );
  const setMark = db.prepare<[string, number, string, number]>(
    `INSERT INTO watermarks (source, position, identity, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(source) DO UPDATE SET position = excluded.position, identity = excluded.identity,
       updated_at = excluded.updated_at`,
  );

  return {
    /** The new row's id, or null if that spool_id was already ingested. */
    insert: (v: CdrValues): number | null => {
      const r = insert.run(...v);
      return r.changes === 1 ? Number(r.lastInsertRowid) : null;
    },
    seen: (linkedid: string, uniqueid: string, sequence: number, startAt: number): boolean =>
      seen.get(linkedid, uniqueid, sequence, startAt) !== undefined,
    maxSpoolId: (): number => Number(maxSpoolId.get() ?? 0),
    getWatermark: (): Watermark | undefined => getMark.get(WATERMARK_SOURCE),
    setWatermark: (m: Watermark, now: number) => setMark.run(WATERMARK_SOURCE, m.position, m.identity, now),
    /** Wraps fn once; each call of the result runs it in one transaction. */
    transaction: <A extends unknown[], T>(fn: (...args: A) => T): ((...args: A) => T) => db.transaction(fn),
  };
}

/**
 * The list and count queries for the read-only worker (they can scan many
 * rows). Only the WHERE clauses a filter needs are included, so SQLite can
 * pick cdr_start for a time range and the src/dst indexes for a number.
 */
export function cdrListSql(q: CdrListQuery): {
  items: { sql: string; params: unknown[] };
  count: { sql: string; params: unknown[] };
} {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.from !== undefined) {
    where.push('start_at >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('start_at < ?');
    params.push(q.to);
  }
  if (q.number !== undefined) {
    where.push('(src = ? OR dst = ?)');
    params.push(q.number, q.number);
  }
  if (q.disposition !== undefined) {
    where.push(`disposition IN (${q.disposition.map(() => '?').join(', ')})`);
    params.push(...q.disposition);
  }
  const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  return {
    items: {
      sql: `SELECT ${LIST_COLUMNS} FROM cdr${filter} ORDER BY start_at DESC, id DESC LIMIT ? OFFSET ?`,
      params: [...params, q.limit, q.offset],
    },
    count: { sql: `SELECT COUNT(*) AS n FROM cdr${filter}`, params },
  };
}
