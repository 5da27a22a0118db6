import type { Db } from './index.js';

/**
 * How far an ingest has read its source (a spool row id, a byte offset, a
 * row id) and what identifies the source it was read from, so a replaced
 * source is noticed. One row per source in `watermarks`.
 */
export interface Watermark {
  position: number;
  identity: string;
}

export function createWatermarks(db: Db) {
  const get = db.prepare<[string], Watermark>('SELECT position, identity FROM watermarks WHERE source = ?');
  const set = db.prepare<[string, number, string, number]>(
    `INSERT INTO watermarks (source, position, identity, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(source) DO UPDATE SET position = excluded.position, identity = excluded.identity,
       updated_at = excluded.updated_at`,
  );
  return {
    get: (source: string): Watermark | undefined => get.get(source),
    set: (source: string, m: Watermark, now: number) => set.run(source, m.position, m.identity, now),
  };
}
