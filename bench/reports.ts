/**
 * Reports at scale: rollups built from ten million calls, and the reports read from them.
 *
 *   node dist/bench/reports.js [calls=10000000]
 *   node dist/bench/reports.js --smoke      (20,000 calls; fails only when the rollups disagree with calls)
 *
 * A box as hotlined builds it (test/support/box.ts: real SQLite file, the
 * reader worker, the HTTP stack) gets `calls` calls spread over 18 months
 * ending now (office hours heavier than nights, five queues, 60 agents, eight
 * DIDs; about 1 in 10 never queued; of the queued ~78 % answered, ~10 %
 * abandoned (a third of them short), ~6 % overflow, the rest to voicemail;
 * a quarter of the answered calls with some hold time),
 * inserted with one recursive statement per million. Printed:
 * - the full rollup rebuild (the POST /reports/rebuild path), calls/s;
 * - a 30-day queue summary over HTTP, p50 and p95 of 20 runs (target ≤ 200 ms);
 * - a 12-month weekday × hour heat map over HTTP (target ≤ 500 ms);
 * - rollup upkeep while ingesting: 50,000 new calls in batches of 500 as the
 *   calls service builds them, each batch followed by the calls.updated
 *   upkeep; calls/s of the upkeep alone (target ≥ 20,000/s).
 */
import type { ReportsService } from '../src/reports/index.js';
import { startTestBox } from '../test/support/box.js';

const SMOKE = process.argv.includes('--smoke');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const N = SMOKE ? 20_000 : Number(args[0] ?? 10_000_000);
const INGEST = SMOKE ? 5_000 : 50_000;
const BATCH = 500;
const DAYS = 548; // 18 months
const fmt = (n: number) => Math.round(n).toLocaleString('en');

/**
 * Calls i in [lo, hi): call i enters on day i·DAYS/N (of the span), at a
 * pseudo-random second weighted to 08:00–20:00; the rest follows from a hash of i.
 */
const SEED = `
WITH RECURSIVE n(i) AS (SELECT @lo UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @hi),
h(i, x, y) AS (SELECT i, (i * 2654435761) % 1000, (i * 40503 + 7) % 86400 FROM n)
INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds,
  agent, talk_seconds, hold_seconds, outcome, updated_at)
SELECT 'b' || i || '.' || i,
  CASE WHEN x < 60 THEN 'outbound' ELSE 'inbound' END,
  '138' || printf('%08d', (i * 7919) % 100000000),
  '40080012' || printf('%02d', x % 8),
  @start + (i * ${DAYS} / @n) * 86400 + CASE WHEN x % 5 = 0 THEN y ELSE 28800 + y % 43200 END,
  @start + (i * ${DAYS} / @n) * 86400 + CASE WHEN x % 5 = 0 THEN y ELSE 28800 + y % 43200 END + 120,
  '',
  CASE WHEN x < 100 THEN NULL ELSE @q0 + x % 5 END,
  CASE WHEN x < 100 THEN NULL ELSE (x * 13) % 90 END,
  CASE WHEN x < 100 OR x >= 802 THEN '' ELSE '10' || printf('%02d', x % 60) END,
  CASE WHEN x < 802 THEN 30 + (i % 400) ELSE 0 END,
  CASE WHEN x < 802 AND x % 4 = 0 THEN (i % 400) / 8 ELSE 0 END,
  CASE WHEN x < 802 THEN 'answered' WHEN x < 902 THEN 'abandoned_queue' WHEN x < 962 THEN 'overflow'
    ELSE 'voicemail' END,
  0
FROM h`;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<number> {
  const box = await startTestBox({ seats: ['1001'] });
  try {
    const { api, hotline } = box;
    const ids: number[] = [];
    for (let k = 0; k < 5; k++) {
      ids.push((await api.post('/api/v1/queues', { name: `队列${k + 1}`, number: `800${k + 1}` })).id);
    }
    if (ids.some((id, k) => id !== ids[0]! + k)) throw new Error('queue ids are not consecutive');
    const reports = hotline.modules.find((m) => m.name === 'reports')!.service as ReportsService;

    const now = Math.floor(Date.now() / 1000);
    const start = Math.floor(now / 86400) * 86400 - DAYS * 86400;
    const seed = hotline.db.prepare(SEED);
    let t0 = performance.now();
    for (let lo = 0; lo < N; lo += 1_000_000) {
      seed.run({ lo, hi: Math.min(N, lo + 1_000_000), n: N, start, q0: ids[0]! });
      if (!SMOKE) console.log(`  seeded ${fmt(Math.min(N, lo + 1_000_000))} calls`);
    }
    console.log(
      `seeded ${fmt(N)} calls over ${DAYS} days in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    t0 = performance.now();
    const rebuilt = await reports.rollups.rebuild();
    const rebuildSec = (performance.now() - t0) / 1000;
    const rows = hotline.db
      .prepare(
        'SELECT (SELECT COUNT(*) FROM report_detail_15m) AS d, (SELECT COUNT(*) FROM report_queue_15m) AS q',
      )
      .get() as { d: number; q: number };
    console.log(
      `rollup rebuild: ${fmt(rebuilt.buckets)} buckets, ${fmt(rows.d)} detail rows, ${fmt(rows.q)} queue rows ` +
        `in ${rebuildSec.toFixed(1)} s (${fmt(N / rebuildSec)} calls/s)`,
    );

    const day = (d: number) => new Date((now - d * 86400) * 1000).toISOString();
    const timed = async (path: string, runs: number) => {
      const ms: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        await api.get(path);
        ms.push(performance.now() - t);
      }
      return ms.sort((a, b) => a - b);
    };
    const summary = await timed(`/api/v1/reports/queues?period=custom&from=${day(30)}&to=${day(0)}`, 20);
    console.log(
      `30-day queue summary: p50 ${pct(summary, 50).toFixed(0)} ms, p95 ${pct(summary, 95).toFixed(0)} ms ` +
        '(target p95 ≤ 200 ms)',
    );
    const agent = await timed(
      `/api/v1/reports/queues?period=custom&from=${day(30)}&to=${day(0)}&agent=1007`,
      20,
    );
    console.log(`30-day queue summary of one agent: p95 ${pct(agent, 95).toFixed(0)} ms`);
    const heat = await timed(`/api/v1/reports/heatmap?period=custom&from=${day(365)}&to=${day(0)}`, 5);
    console.log(
      `12-month hourly heat map: median ${pct(heat, 50).toFixed(0)} ms, worst ${heat[heat.length - 1]!.toFixed(0)} ms ` +
        '(target ≤ 500 ms)',
    );
    const dist = await timed(
      `/api/v1/reports/distribution?period=custom&from=${day(365)}&to=${day(0)}&interval=day`,
      5,
    );
    console.log(`12-month daily distribution: median ${pct(dist, 50).toFixed(0)} ms`);

    // ingest: new calls after the last, at the seeded rate, built in batches as the calls service does
    const insert = hotline.db.prepare(
      `INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds,
         agent, talk_seconds, hold_seconds, outcome, updated_at)
       VALUES (?, 'inbound', '13800138000', '4008001200', ?, ?, '', ?, ?, ?, ?, ?, ?, 0)`,
    );
    const step = Math.max(1, Math.round((DAYS * 86400) / N));
    let upkeepMs = 0;
    let insertMs = 0;
    for (let b = 0; b < INGEST; b += BATCH) {
      const times: number[] = [];
      let t = performance.now();
      hotline.db.transaction(() => {
        for (let i = b; i < Math.min(INGEST, b + BATCH); i++) {
          const at = now + 86400 + i * step;
          const answered = i % 10 < 8;
          insert.run(
            `i${i}.${i}`,
            at,
            at + 100,
            ids[i % 5],
            i % 60,
            answered ? '1001' : '',
            answered ? 90 : 0,
            answered && i % 4 === 0 ? 15 : 0,
            answered ? 'answered' : 'abandoned_queue',
          );
          times.push(at);
        }
      })();
      insertMs += performance.now() - t;
      t = performance.now();
      reports.rollups.changed(times);
      upkeepMs += performance.now() - t;
    }
    console.log(
      `rollup upkeep while ingesting ${fmt(INGEST)} calls (batches of ${BATCH}): ${fmt(INGEST / (upkeepMs / 1000))} ` +
        `calls/s (${(upkeepMs / 1000).toFixed(2)} s; inserting the calls took ${(insertMs / 1000).toFixed(2)} s) ` +
        '(target ≥ 20,000/s)',
    );

    // the rollups must add up to the calls they came from
    const check = hotline.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM calls WHERE queue_id IS NOT NULL) AS calls,
           (SELECT SUM(offered) FROM report_queue_15m) AS rolled,
           (SELECT SUM(offered) FROM report_detail_15m) AS detail,
           (SELECT SUM(hold_seconds) FROM calls WHERE queue_id IS NOT NULL AND outcome = 'answered') AS hold,
           (SELECT SUM(hold) FROM report_queue_15m) AS rolledHold`,
      )
      .get() as { calls: number; rolled: number; detail: number; hold: number; rolledHold: number };
    if (check.calls !== check.rolled || check.calls !== check.detail || check.hold !== check.rolledHold) {
      console.error(`rollups disagree with calls: ${JSON.stringify(check)}`);
      return 1;
    }
    return 0;
  } finally {
    await box.close();
  }
}

process.exitCode = await main();
