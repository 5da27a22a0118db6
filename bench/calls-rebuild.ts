/**
 * Calls rebuild throughput: a fresh hotline.db with CALLS calls' worth of
 * cdr rows (every other call with a second, seat leg) and queue_events (every
 * third call queued: ENTERQUEUE, CONNECT, COMPLETECALLER), then the calls
 * service builds the calls table from them the way hotlined does after a
 * catch-up. Prints calls built per second.
 *
 *   node dist/bench/calls-rebuild.js [calls=100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Bus } from '../src/bus.js';
import { createCallsService } from '../src/calls/service.js';
import { createCallsStore } from '../src/calls/store.js';
import { openDb } from '../src/db/index.js';
import type { Reader } from '../src/db/reader.js';
import { createLogger } from '../src/log.js';

const CALLS = Number(process.argv[2] ?? 100_000);
const T0 = 1_732_359_000;

const dir = mkdtempSync(path.join(tmpdir(), 'hotline-bench-calls-'));
try {
  const log = createLogger('silent');
  const db = openDb(path.join(dir, 'hotline.db'), log);
  const cdr = db.prepare(
    `INSERT INTO cdr (spool_id, start_at, answer_at, end_at, src, dst, channel, dstchannel, lastapp, duration,
       billsec, disposition, uniqueid, linkedid, sequence, did)
     VALUES (?, ?, ?, ?, ?, '5550001', ?, ?, ?, 60, ?, ?, ?, ?, ?, '5550001')`,
  );
  const qe = db.prepare(
    `INSERT INTO queue_events (at, callid, queue, queue_id, agent, event, data, data1, data2, data3)
     VALUES (?, ?, 'q1', 1, ?, ?, ?, ?, ?, ?)`,
  );
  let spool = 0;
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < CALLS; i++) {
      const start = T0 + i * 7;
      const uid = `${start}.${i}`;
      const seat = `PJSIP/${1001 + (i % 50)}-${i.toString(16).padStart(8, '0')}`;
      const queued = i % 3 === 0;
      cdr.run(
        ++spool,
        start,
        null,
        start + 5,
        `138${i}`,
        `PJSIP/trunk-1-${i}`,
        '',
        'Stasis',
        0,
        'NO ANSWER',
        uid,
        uid,
        1,
      );
      if (i % 2 === 0) {
        cdr.run(
          ++spool,
          start + 5,
          start + 9,
          start + 60,
          `138${i}`,
          `PJSIP/trunk-1-${i}`,
          seat,
          queued ? 'Queue' : 'Dial',
          51,
          'ANSWERED',
          uid,
          uid,
          2,
        );
      }
      if (queued) {
        qe.run(start + 5, uid, 'NONE', 'ENTERQUEUE', `|138${i}|1`, '', `138${i}`, '1');
        qe.run(start + 9, uid, '1001', 'CONNECT', `4|x|1`, '4', 'x', '1');
        qe.run(start + 60, uid, '1001', 'COMPLETECALLER', `4|51|1`, '4', '51', '1');
      }
    }
  })();
  const fill = (performance.now() - t0) / 1000;
  const service = createCallsService({
    store: createCallsStore(db),
    reader: {} as Reader,
    bus: new Bus(log),
    log,
  });
  const t1 = performance.now();
  service.sync();
  const secs = (performance.now() - t1) / 1000;
  const built = Number(db.prepare('SELECT COUNT(*) FROM calls').pluck().get());
  const outcomes = db
    .prepare('SELECT outcome, COUNT(*) AS n FROM calls GROUP BY outcome ORDER BY outcome')
    .all();
  process.stdout.write(
    [
      `source rows: ${spool} cdr, ${Number(db.prepare('SELECT COUNT(*) FROM queue_events').pluck().get())} queue_events (filled in ${fill.toFixed(1)} s)`,
      `calls built: ${built} in ${secs.toFixed(2)} s = ${Math.round(built / secs)} calls/s`,
      `outcomes: ${JSON.stringify(outcomes)}`,
      `load average: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      '',
    ].join('\n'),
  );
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
