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
  hold_seconds: number;
  transfers: number;
  outcome: string;
  recording: string;
  wrap_disposition: string | null;
  wrap_notes: string | null;
  wrap_agent: string | null;
  wrapped_at: number | null;
}

const LIST_COLUMNS =
  'c.id, c.linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds, c.agent, ' +
  'talk_seconds, hold_seconds, transfers, outcome, recording, w.disposition AS wrap_disposition, w.notes AS wrap_notes, ' +
  'w.agent AS wrap_agent, w.updated_at AS wrapped_at';
/** The agent's wrap-up (the desk) is kept apart: it can come before the call's row is built. */
const LIST_FROM = 'calls c LEFT JOIN call_wrapups w ON w.linkedid = c.linkedid';

type CallFilter = Omit<CallListQuery, 'limit' | 'offset'>;

/**
 * The WHERE clause of a filter. Only the clauses a filter needs are
 * included, so SQLite can use the (column, entered_at) indexes.
 */
function callWhere(q: CallFilter, extra: string[] = [], extraParams: unknown[] = []) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (q.from !== undefined) add('entered_at >= ?', q.from);
  if (q.to !== undefined) add('entered_at < ?', q.to);
  if (q.queue !== undefined) add('queue_id = ?', q.queue);
  if (q.agent !== undefined) add('c.agent = ?', q.agent);
  if (q.direction !== undefined) add('direction = ?', q.direction);
  if (q.number !== undefined) add('(caller = ? OR did = ?)', q.number, q.number);
  if (q.linkedid !== undefined) add('c.linkedid = ?', q.linkedid);
  if (q.outcome !== undefined) add(`outcome IN (${q.outcome.map(() => '?').join(', ')})`, ...q.outcome);
  where.push(...extra);
  params.push(...extraParams);
  return { filter: where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '', params };
}

/** The list and count queries for the read-only worker. */
export function callListSql(q: CallListQuery): {
  items: { sql: string; params: unknown[] };
  count: { sql: string; params: unknown[] };
} {
  const { filter, params } = callWhere(q);
  const dir = q.sort === 'asc' ? 'ASC' : 'DESC';
  return {
    items: {
      sql: `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM}${filter} ORDER BY entered_at ${dir}, c.id ${dir} LIMIT ? OFFSET ?`,
      params: [...params, q.limit, q.offset],
    },
    count: { sql: `SELECT COUNT(*) AS n FROM calls c${filter}`, params },
  };
}

/**
 * One page of an export: the `limit` calls after the last one of the page
 * before (by entered_at, then id), so each page is an index seek however
 * deep the export is (OFFSET would rescan every row before it).
 */
export function callExportPageSql(
  q: CallFilter,
  after: { enteredAt: number; id: number } | null,
  limit: number,
): { sql: string; params: unknown[] } {
  const dir = q.sort === 'asc' ? 'ASC' : 'DESC';
  const { filter, params } = after
    ? callWhere(q, [`(entered_at, c.id) ${q.sort === 'asc' ? '>' : '<'} (?, ?)`], [after.enteredAt, after.id])
    : callWhere(q);
  return {
    sql: `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM}${filter} ORDER BY entered_at ${dir}, c.id ${dir} LIMIT ?`,
    params: [...params, limit],
  };
}
