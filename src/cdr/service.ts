import type { Reader } from '../db/reader.js';
import type { Cdr, CdrListQuery, CdrPage } from './schema.js';
import { type CdrRow, cdrListSql } from './store.js';

const iso = (t: number | null): string | null => (t === null ? null : new Date(t * 1000).toISOString());

const toCdr = (r: CdrRow): Cdr => ({
  id: r.id,
  startAt: new Date(r.start_at * 1000).toISOString(),
  answerAt: iso(r.answer_at),
  endAt: iso(r.end_at),
  src: r.src,
  dst: r.dst,
  clid: r.clid,
  disposition: r.disposition,
  duration: r.duration,
  billsec: r.billsec,
  channel: r.channel,
  dstchannel: r.dstchannel,
  uniqueid: r.uniqueid,
  linkedid: r.linkedid,
  userfield: r.userfield,
  did: r.did,
  ivrpath: r.ivrpath,
  recording: r.recording,
});

export type CdrService = ReturnType<typeof createCdrService>;

export function createCdrService(deps: { reader: Reader }) {
  const { reader } = deps;
  return {
    /** Newest first. Runs on the reader worker: a wide range can scan many rows. */
    async list(q: CdrListQuery): Promise<CdrPage> {
      const sql = cdrListSql(q);
      const [rows, count] = await Promise.all([
        reader.all<CdrRow>(sql.items.sql, sql.items.params),
        reader.get<{ n: number }>(sql.count.sql, sql.count.params),
      ]);
      return { items: rows.map(toCdr), total: count?.n ?? 0, limit: q.limit, offset: q.offset };
    },
  };
}
