import type { CallListQuery } from './schema.js';

/** A calls row as the list query returns it. */
export interface CallRow {
  id: number;
  linkedid: string;
  direction: string;
  caller: string;
  did: string;
  entered_at: number;
  ended_at: number | null;
  ivr_path: string;
  queue_id: number | null;
  wait_seconds: number | null;
  agent: string;
  talk_seconds: number;
  outcome: string;
  recording: string;
}

const LIST_COLUMNS =
  'id, linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds, agent, ' +
  'talk_seconds, outcome, recording';

/**
 * The list and count queries for the read-only worker. Only the clauses a
 * filter needs are included, so SQLite can use the (column, entered_at) indexes.
 */
export function callListSql(q: CallListQuery): {
  items: { sql: string; params: unknown[] };
  count: { sql: string; params: unknown[] };
} {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (q.from !== undefined) add('entered_at >= ?', q.from);
  if (q.to !== undefined) add('entered_at < ?', q.to);
  if (q.queue !== undefined) add('queue_id = ?', q.queue);
  if (q.agent !== undefined) add('agent = ?', q.agent);
  if (q.direction !== undefined) add('direction = ?', q.direction);
  if (q.number !== undefined) add('(caller = ? OR did = ?)', q.number, q.number);
  if (q.outcome !== undefined) add(`outcome IN (${q.outcome.map(() => '?').join(', ')})`, ...q.outcome);
  const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  const dir = q.sort === 'asc' ? 'ASC' : 'DESC';
  return {
    items: {
      sql: `SELECT ${LIST_COLUMNS} FROM calls${filter} ORDER BY entered_at ${dir}, id ${dir} LIMIT ? OFFSET ?`,
      params: [...params, q.limit, q.offset],
    },
    count: { sql: `SELECT COUNT(*) AS n FROM calls${filter}`, params },
  };
}
