/**
 * Call-list export at scale: memory stays bounded however many rows.
 *
 *   node dist/bench/export.js [rows=1000000] [format=csv|xlsx]
 *   node dist/bench/export.js --smoke      (20,000 rows, CSV then XLSX; fails only when rows are missing)
 *
 * A box as hotlined builds it (test/support/box.ts: real SQLite file, the
 * reader worker, the HTTP stack) gets `rows` calls in its calls table, then
 * GET /api/v1/calls/export streams them all to a client in this process
 * that counts the bytes and throws them away. Printed: rows, bytes, time,
 * rows per second, and the process's resident memory before the export and
 * at its peak (sampled every 20 ms), so the growth is what the export cost.
 */
import { memoryUsage } from 'node:process';
import { startTestBox } from '../test/support/box.js';

const SMOKE = process.argv.includes('--smoke');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const ROWS = SMOKE ? 20_000 : Number(args[0] ?? 1_000_000);
const FORMATS = SMOKE ? ['csv', 'xlsx'] : [args[1] ?? 'csv'];
const MB = 1024 * 1024;

async function main(): Promise<number> {
  const box = await startTestBox({ seats: ['1001'] });
  try {
    const q = await box.api.post('/api/v1/queues', { name: '客服一组', number: '8001' });
    const start = Math.floor(Date.now() / 1000) - ROWS;
    const t0 = performance.now();
    // one statement: a recursive counter, a realistic mix of outcomes, numbers and talk times
    box.hotline.db
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
         INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id,
           wait_seconds, agent, talk_seconds, outcome, updated_at)
         SELECT (? + i) || '.' || i, 'inbound', '138' || printf('%08d', i % 100000000), '88001234', ? + i,
           ? + i + 60 + i % 300, 'main>' || (i % 4), ?, i % 90, '10' || printf('%02d', i % 40),
           CASE WHEN i % 10 < 8 THEN 60 + i % 300 ELSE 0 END,
           CASE WHEN i % 10 < 8 THEN 'answered' WHEN i % 10 = 8 THEN 'abandoned_queue' ELSE 'voicemail' END, 0
         FROM n`,
      )
      .run(ROWS, start, start, start, q.id);
    console.log(
      `seeded ${ROWS.toLocaleString('en')} calls in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    for (const format of FORMATS) {
      global.gc?.();
      const before = memoryUsage.rss();
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, memoryUsage.rss());
      }, 20);
      const t1 = performance.now();
      const res = await box.api.fetch(`/api/v1/calls/export?format=${format}`);
      let bytes = 0;
      let newlines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        if (format === 'csv') for (const b of chunk) if (b === 10) newlines++;
      }
      clearInterval(sampler);
      const sec = (performance.now() - t1) / 1000;
      const rowsOut = format === 'csv' ? newlines - 1 : ROWS;
      console.log(
        `${format}: ${rowsOut.toLocaleString('en')} rows, ${(bytes / MB).toFixed(1)} MB in ${sec.toFixed(1)} s ` +
          `(${Math.round(rowsOut / sec).toLocaleString('en')} rows/s); RSS ${(before / MB).toFixed(0)} MB before, ` +
          `peak ${(peak / MB).toFixed(0)} MB, growth ${((peak - before) / MB).toFixed(0)} MB`,
      );
      if (res.status !== 200 || (format === 'csv' && rowsOut !== ROWS) || bytes === 0) {
        console.error(`export ${format} incomplete: status ${res.status}, ${rowsOut} of ${ROWS} rows`);
        return 1;
      }
    }
    return 0;
  } finally {
    await box.close();
  }
}

process.exitCode = await main();
