import type { Db } from '../db/index.js';
import { createWatermarks, type Watermark } from '../db/watermarks.js';
import type { CdrValues } from './parse.js';
import type { Cdr, CdrListQuery } from './schema.js';

/** The watermarks row this domain owns. */
export const WATERMARK_SOURCE = 'cdr-spool';

/** A cdr row as the list query returns it: the API's CDR with its times as epoch seconds. */
export type CdrRow = Omit<Cdr, 'startAt' | 'answerAt' | 'endAt'> & {
  start_at: number;
  answer_at: number | null;
  end_at: number | null;
};

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
  // A LOST row (lost.ts) takes the next negative spool_id: the spool's are positive.
  const insertLost = db.prepare<unknown[]>(
    `INSERT INTO cdr (${INSERT_COLUMNS})
     VALUES ((SELECT MIN(0, COALESCE(MIN(spool_id), 0)) - 1 FROM cdr), ${Array(23).fill('?').join(', ')})
     ON CONFLICT DO NOTHING`,
  );
  const hasLeg = db
    .prepare<[string, string]>('SELECT 1 FROM cdr WHERE linkedid = ? AND uniqueid = ? LIMIT 1')
    .pluck();
  const maxId = db.prepare<[]>('SELECT COALESCE(MAX(id), 0) FROM cdr').pluck();
  const marks = createWatermarks(db);

  return {
    /** The new row's id, or null if that spool_id was already ingested. */
    insert: (v: CdrValues): number | null => {
      const r = insert.run(...v);
      return r.changes === 1 ? Number(r.lastInsertRowid) : null;
    },
    seen: (linkedid: string, uniqueid: string, sequence: number, startAt: number): boolean =>
      seen.get(linkedid, uniqueid, sequence, startAt) !== undefined,
    maxSpoolId: (): number => Number(maxSpoolId.get() ?? 0),
    /** A LOST CDR (its spool_id is ignored); null when that caller channel already has one. */
    insertLost: (v: CdrValues): number | null => {
      const r = insertLost.run(...v.slice(1));
      return r.changes === 1 ? Number(r.lastInsertRowid) : null;
    },
    /** Whether cdr holds a row of this channel of this call (from the spool or LOST). */
    hasLeg: (linkedid: string, uniqueid: string): boolean => hasLeg.get(linkedid, uniqueid) !== undefined,
    maxId: (): number => Number(maxId.get() ?? 0),
    getWatermark: () => marks.get(WATERMARK_SOURCE),
    setWatermark: (m: Watermark, now: number) => marks.set(WATERMARK_SOURCE, m, now),
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
