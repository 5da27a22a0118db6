import type { Reader } from '../db/reader.js';
import type { Page } from './list.js';

/** A list's two queries: one page of rows, and the count of every row that matches. */
export interface PageSql {
  items: { sql: string; params: unknown[] };
  count: { sql: string; params: unknown[] };
}

/** One page read on the reader worker (both queries at once; a wide range can scan many rows). */
export async function readPage<Row, T>(
  reader: Reader,
  sql: PageSql,
  toItem: (row: Row) => T,
  q: { limit: number; offset: number },
): Promise<Page<T>> {
  const [rows, count] = await Promise.all([
    reader.all<Row>(sql.items.sql, sql.items.params),
    reader.get<{ n: number }>(sql.count.sql, sql.count.params),
  ]);
  return { items: rows.map(toItem), total: count?.n ?? 0, limit: q.limit, offset: q.offset };
}
