/**
 * CDR ingestion throughput: a spool shaped exactly like cdr_sqlite3_custom's
 * table (AcctId INTEGER PRIMARY KEY, untyped columns, every value TEXT) with
 * ROWS rows, ingested into a fresh hotline.db the way hotlined does it.
 *
 *   node dist/bench/cdr-ingest.js [rows=1000000] [batch=5000] [batchMs=100]
 *
 * It then times the same copy done entirely inside SQLite (INSERT ... SELECT
 * from the spool ATTACHed to hotline.db, no JavaScript per value): the ceiling
 * for the cdr schema on this machine. hotlined cannot use that path: ATTACH
 * would open Asterisk's file read-write (better-sqlite3 has no URI filenames
 * for mode=ro) and create it if missing.
 * BENCH_PRAGMAS="cache_size=-65536;wal_autocheckpoint=10000" tries
 * connection settings on hotline.db.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Bus } from '../src/bus.js';
import { createCdrIngest } from '../src/cdr/ingest.js';
import { SPOOL_COLUMNS } from '../src/cdr/spool.js';
import { openDb } from '../src/db/index.js';
import { createLogger } from '../src/log.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const BATCH = Number(process.argv[3] ?? 5000);
const BATCH_MS = Number(process.argv[4] ?? 100);
const DISPOSITIONS = ['ANSWERED', 'ANSWERED', 'ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION'];

/** Deterministic pseudo-random numbers, so runs compare. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function localStamp(epoch: number): string {
  const d = new Date(epoch * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)} ${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}`;
}

function buildSpool(file: string, rows: number): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE cdr (AcctId INTEGER PRIMARY KEY, ${SPOOL_COLUMNS.join(', ')})`);
  const insert = db.prepare(
    `INSERT INTO cdr (${SPOOL_COLUMNS.join(', ')}) VALUES (${SPOOL_COLUMNS.map(() => '?').join(', ')})`,
  );
  const rand = rng(42);
  const t0 = 1_730_000_000; // 30 days of calls ending here and there
  const fill = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const start = t0 + (i * 30 * 86400) / rows + rand();
      const disp = DISPOSITIONS[Math.floor(rand() * DISPOSITIONS.length)]!;
      const ring = Math.floor(rand() * 20);
      const talk = disp === 'ANSWERED' ? Math.floor(rand() * 600) : 0;
      const answer = disp === 'ANSWERED' ? (start + ring).toFixed(6) : '';
      const end = (start + ring + talk).toFixed(6);
      const src = `13${pad(Math.floor(rand() * 1e9), 9)}`;
      const dst = String(1000 + Math.floor(rand() * 200));
      const uid = `${Math.floor(start)}.${i}`;
      insert.run(
        localStamp(start),
        start.toFixed(6),
        answer,
        end,
        `"${src}" <${src}>`,
        src,
        dst,
        'from-trunk',
        `PJSIP/carrier-${pad(i % 0xffffff, 8)}`,
        disp === 'ANSWERED' ? `PJSIP/${dst}-${pad(i % 0xffffff, 8)}` : '',
        disp === 'ANSWERED' ? 'Queue' : 'Dial',
        'support,tT,,,300',
        String(ring + talk),
        String(talk),
        disp,
        'DOCUMENTATION',
        '',
        uid,
        '',
        uid,
        String(i),
        '02150001000', // did: the number dialled on the trunk
        '', // ivrpath
        '', // recording
        '', // afterhours
      );
    }
  });
  for (let i = 0; i < rows; i += 100_000) fill(i, Math.min(rows, i + 100_000));
  db.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-bench-cdr-'));
  try {
    const spoolPath = path.join(dir, 'master.db');
    const dbPath = path.join(dir, 'hotline.db');
    let t = performance.now();
    buildSpool(spoolPath, ROWS);
    const built = (performance.now() - t) / 1000;
    process.stdout.write(
      `cdr-ingest: spool of ${ROWS} rows built in ${built.toFixed(1)} s (${(statSync(spoolPath).size / 1e6).toFixed(0)} MB)\n`,
    );

    const log = createLogger('silent');
    const db = openDb(dbPath, log);
    for (const p of (process.env.BENCH_PRAGMAS ?? '').split(';').filter(Boolean)) db.pragma(p);
    const ingest = createCdrIngest({
      db,
      log,
      bus: new Bus(log),
      spoolPath,
      batch: BATCH,
      batchMs: BATCH_MS,
    });
    // Peak WAL is sampled after each batch (the largest it gets: auto-checkpoints run at commit).
    const walSize = () => {
      try {
        return statSync(`${dbPath}-wal`).size;
      } catch {
        return 0;
      }
    };
    let peakWal = 0;
    let total = 0;
    let worstBatchMs = 0;
    const cpu0 = process.cpuUsage();
    t = performance.now();
    for (;;) {
      const b = performance.now();
      const n = ingest.runOnce();
      worstBatchMs = Math.max(worstBatchMs, performance.now() - b);
      peakWal = Math.max(peakWal, walSize());
      if (n === 0) break;
      total += n;
      // As in production: let the event loop run between batches.
      await new Promise((r) => setImmediate(r));
    }
    const secs = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSecs = (cpu.user + cpu.system) / 1e6;
    await ingest.stop();
    const count = db.prepare('SELECT COUNT(*) FROM cdr').pluck().get();
    db.close();
    if (count !== ROWS || total !== ROWS)
      throw new Error(`expected ${ROWS} rows, ingested ${total}, table has ${count}`);
    process.stdout.write(
      `cdr-ingest: ${total} rows in ${secs.toFixed(1)} s = ${Math.round(total / secs)} rows/s ` +
        `(batch ≤ ${BATCH} rows / ${BATCH_MS} ms, longest batch ${worstBatchMs.toFixed(0)} ms, peak WAL ${(peakWal / 1e6).toFixed(1)} MB, ` +
        `hotline.db ${(statSync(dbPath).size / 1e6).toFixed(0)} MB)\n` +
        // On a shared machine wall time depends on the neighbours; CPU time much less.
        `cdr-ingest: CPU ${cpuSecs.toFixed(1)} s = ${Math.round(total / cpuSecs)} rows per CPU-second; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}\n`,
    );

    const ceiling = sqliteOnlyCopy(spoolPath, path.join(dir, 'ceiling.db'));
    process.stdout.write(
      `cdr-ingest: ceiling, same copy inside SQLite without JS: ${Math.round(ROWS / ceiling)} rows/s (${ceiling.toFixed(1)} s)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds to copy the spool into a fresh hotline.db with INSERT ... SELECT, BATCH rows per transaction. */
function sqliteOnlyCopy(spoolPath: string, dbPath: string): number {
  const log = createLogger('silent');
  const db = openDb(dbPath, log);
  db.prepare('ATTACH ? AS spool').run(spoolPath);
  const copy = db.prepare(
    `INSERT INTO cdr (spool_id, start_at, answer_at, end_at, clid, src, dst, dcontext, channel, dstchannel,
       lastapp, lastdata, duration, billsec, disposition, accountcode, uniqueid, linkedid, userfield, sequence)
     SELECT AcctId, CAST(start_epoch AS REAL), NULLIF(CAST(answer_epoch AS REAL), 0), NULLIF(CAST(end_epoch AS REAL), 0),
       clid, src, dst, dcontext, channel, dstchannel, lastapp, lastdata, CAST(duration AS INTEGER),
       CAST(billsec AS INTEGER), disposition, accountcode, uniqueid, linkedid, userfield, CAST(sequence AS INTEGER)
     FROM spool.cdr WHERE AcctId > ? ORDER BY AcctId LIMIT ?
     ON CONFLICT(spool_id) DO NOTHING`,
  );
  const batch = db.transaction((after: number) => copy.run(after, BATCH).changes);
  const t = performance.now();
  for (let after = 0; batch(after) > 0; after += BATCH) {}
  const secs = (performance.now() - t) / 1000;
  db.close();
  return secs;
}

await main();
