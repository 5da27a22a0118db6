import type { Reader } from '../db/reader.js';
import { readPage } from '../kit/reader-page.js';
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

export interface CdrService {
  /** Newest first, on the reader worker. */
  list(q: CdrListQuery): Promise<CdrPage>;
}

export function createCdrService(deps: { reader: Reader }): CdrService {
  const { reader } = deps;
  return {
    list: (q: CdrListQuery): Promise<CdrPage> => readPage(reader, cdrListSql(q), toCdr, q),
  };
}
