import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import { createIngestLoop, type IngestLoop } from '../db/ingest-loop.js';
import type { Logger } from '../log.js';
import { ParseIssues, parseSpoolRow } from './parse.js';
import { fingerprint, openSpool, type SpoolRow } from './spool.js';
import { createCdrStore } from './store.js';

export interface CdrIngestDeps {
  db: Db;
  log: Logger;
  bus: Bus;
  /** settings.asterisk.cdrSpool; may not exist until Asterisk writes its first CDR. */
  spoolPath: string;
  /** Poll period once caught up. */
  intervalMs?: number;
  /** Most spool rows per hotline.db transaction. */
  batch?: number;
  /**
   * Time a batch may hold the event loop. A batch that took longer halves
   * the next one (down to 100 rows), a quick one doubles it (up to `batch`):
   * on a big table one batch of 5000 rows plus the checkpoint it triggers can
   * take half a second, which AMI and ARI handling should not wait for.
   */
  batchMs?: number;
}

export interface CdrIngest extends Omit<IngestLoop, 'stop'> {
  /** Also closes the spool. */
  stop(): Promise<void>;
}

/**
 * Kept as JSON in watermarks.identity next to position (the last AcctId read).
 * - anchor: fingerprint of the spool row at `position` (uniqueid, start, sequence).
 * - base: added to AcctId to make cdr.spool_id; 0 for the first spool, so there spool_id = AcctId.
 * - dedupeUntil: rows of a re-read spool up to this AcctId may already be in cdr.
 */
interface SpoolIdentity {
  base: number;
  dedupeUntil: number;
  anchor: string;
}

function parseIdentity(s: string): SpoolIdentity {
  try {
    const v = JSON.parse(s) as Partial<SpoolIdentity>;
    return {
      base: Number.isSafeInteger(v.base) ? Number(v.base) : 0,
      dedupeUntil: Number.isSafeInteger(v.dedupeUntil) ? Number(v.dedupeUntil) : 0,
      anchor: typeof v.anchor === 'string' ? v.anchor : '',
    };
  } catch {
    return { base: 0, dedupeUntil: 0, anchor: '' };
  }
}

// Positions in CdrValues (see parse.ts).
const V_START = 1;
const V_UNIQUEID = 16;
const V_LINKEDID = 17;
const V_SEQUENCE = 19;

/**
 * Copies CDRs from Asterisk's SQLite spool into hotline.db.
 *
 * Exactly once: each batch's rows and the new watermark commit in one
 * hotline.db transaction, and spool_id is UNIQUE (ON CONFLICT DO NOTHING), so
 * a crash at any point leaves either the whole batch or none of it.
 *
 * Replaced spool rule: before each batch the spool row at the watermark must
 * still carry the fingerprint recorded when it was ingested. If it is gone or
 * different, the file was deleted and recreated (AcctId restarts at 1),
 * truncated, or restored from a backup. Then the whole spool is read again
 * from AcctId 0 under a new spool_id base (above every spool_id in cdr, so
 * nothing collides), and rows up to the spool's current max AcctId are skipped
 * if cdr already holds the same (linkedid, uniqueid, sequence, start): a
 * restored copy is not duplicated, and no row of a new spool is dropped. A row
 * without linkedid cannot be matched and is inserted (a duplicate beats a loss).
 * A missing file or table is "nothing yet", never a replacement.
 */
export function createCdrIngest(deps: CdrIngestDeps): CdrIngest {
  const { db, bus, spoolPath } = deps;
  const intervalMs = deps.intervalMs ?? 1000;
  const batch = deps.batch ?? 5000;
  const batchMs = deps.batchMs ?? 100;
  const minBatch = Math.min(100, batch);
  let size = batch;
  const log = deps.log.child({ component: 'cdr-ingest' });
  const store = createCdrStore(db);
  const spool = openSpool(spoolPath, log);

  const apply = store.transaction(
    (rows: SpoolRow[], id: SpoolIdentity, issues: ParseIssues, skipped: number[]) => {
      let inserted = 0;
      let lastId = 0;
      for (const row of rows) {
        const acctId = Number(row[0]);
        const v = parseSpoolRow(row, id.base + acctId, issues);
        // Asterisk always writes a start and a uniqueid: a row without either is
        // damaged (a malformed or half-written row) and no call can be made of it.
        if (v[V_START] === 0 || v[V_UNIQUEID] === '') {
          skipped.push(acctId);
          continue;
        }
        if (
          acctId <= id.dedupeUntil &&
          v[V_LINKEDID] !== '' &&
          store.seen(v[V_LINKEDID], v[V_UNIQUEID], v[V_SEQUENCE], v[V_START])
        ) {
          continue;
        }
        const rowId = store.insert(v);
        if (rowId !== null) {
          inserted++;
          lastId = rowId;
        }
      }
      const last = rows[rows.length - 1]!;
      const identity = JSON.stringify({ ...id, anchor: fingerprint(last) } satisfies SpoolIdentity);
      store.setWatermark({ position: Number(last[0]), identity }, Date.now());
      return { inserted, lastId };
    },
  );

  /** One batch. `more` tells the loop whether more may be waiting. */
  function step(): { more: boolean; inserted: number } {
    const t0 = performance.now();
    const r = stepOnce(size);
    const ms = performance.now() - t0;
    if (ms > batchMs && size > minBatch) size = Math.max(minBatch, Math.floor(size / 2));
    else if (ms < batchMs / 2 && r.read === r.asked && size < batch) size = Math.min(batch, size * 2);
    return { more: r.read > 0 && r.read === r.asked, inserted: r.inserted };
  }

  function stepOnce(asked: number): { read: number; asked: number; inserted: number } {
    const none = { read: 0, asked, inserted: 0 };
    const mark = store.getWatermark() ?? { position: 0, identity: '' };
    let id = parseIdentity(mark.identity);
    let position = mark.position;
    let opens = -1;
    if (position > 0) {
      const fp = spool.fingerprintOf(position);
      if (fp === undefined) return none; // no spool (yet, or right now): wait, decide nothing
      // An empty anchor is a watermark written without one; trust it while its row exists.
      const same = fp === id.anchor || (id.anchor === '' && fp !== null);
      if (!same) {
        id = { base: store.maxSpoolId(), dedupeUntil: spool.maxId(), anchor: '' };
        log.warn(
          { spool: spoolPath, watermark: position, newBase: id.base, dedupeUntil: id.dedupeUntil },
          'CDR spool was replaced or rewritten; reading it again from the start, skipping rows already ingested',
        );
        position = 0;
        store.setWatermark({ position, identity: JSON.stringify(id) }, Date.now());
      }
      opens = spool.opens;
    }
    const rows = spool.read(position, asked);
    if (rows === null || rows.length === 0) return none;
    // The file was swapped between the check and the read: check again next time.
    if (opens !== -1 && spool.opens !== opens) return none;
    const issues = new ParseIssues();
    const skipped: number[] = [];
    const { inserted, lastId } = apply(rows, id, issues, skipped);
    if (skipped.length > 0) {
      log.warn(
        { spool: spoolPath, count: skipped.length, acctIds: skipped.slice(0, 10) },
        'CDR spool rows that cannot be a call were skipped (no start time or no uniqueid)',
      );
    }
    if (issues.count > 0) {
      log.warn(
        { fields: issues.fields, example: issues.example },
        'CDR spool rows with unreadable fields were ingested with those fields empty',
      );
    }
    if (inserted > 0) bus.emit('cdr.ingested', { count: inserted, lastId });
    return { read: rows.length, asked, inserted };
  }

  const loop = createIngestLoop({
    step,
    intervalMs,
    log,
    name: 'CDR ingest',
    context: { spool: spoolPath },
    // Asterisk committing right now: normal, try again on the next poll.
    transient: (err) => (err as { code?: string })?.code === 'SQLITE_BUSY',
  });

  return {
    ...loop,
    async stop() {
      loop.stop();
      spool.close();
    },
  };
}
