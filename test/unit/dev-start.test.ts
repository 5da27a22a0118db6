import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { DEMO_SEATS, ensureDemoSeats } from '../../dev/demo.js';
import { sizeBoundedLog } from '../../dev/log-file.js';
import { nextRestartDelay, RESTART_DELAY } from '../../dev/supervise.js';
import { startTestBox } from '../support/box.js';

/** ./scripts/start's pieces that need no Asterisk: demo seats, the log file, the restart pause. */

const demoExtensions = DEMO_SEATS.map(([e]) => e);
const extensions = (seats: { extension: string }[]) => seats.map((s) => s.extension).sort();

t.test('the demo phones register the demo seats only, never a seat the admin created', async (t) => {
  const box = await startTestBox();
  t.teardown(() => box.close());
  const first = await ensureDemoSeats(box.api, box.dir);
  t.same(extensions(first), demoExtensions, 'first start: the five demo seats');
  t.ok(
    first.every((s) => s.secret.length >= 16),
    'with their secrets',
  );

  await box.api.post('/api/v1/seats', { extension: '2001', name: '管理员的坐席' });
  // the admin deletes demo seat 1003 and creates a real 1003 of their own
  const seats = (await box.api.get('/api/v1/seats?limit=500')).items as { id: number; extension: string }[];
  const demo1003 = seats.find((s) => s.extension === '1003')!;
  t.equal((await box.api.req('DELETE', `/api/v1/seats/${demo1003.id}`)).status, 204);
  await box.api.post('/api/v1/seats', { extension: '1003', name: '王芳的新座机' });

  const later = await ensureDemoSeats(box.api, box.dir);
  t.same(
    extensions(later),
    ['1001', '1002', '1004', '1005'],
    'next start: 2001 and the new 1003 get no demo phone',
  );
});

t.test('a box from before the demo seats were recorded is marked by demo extension and name', async (t) => {
  const box = await startTestBox();
  t.teardown(() => box.close());
  for (const [extension, name] of DEMO_SEATS.slice(0, 2))
    await box.api.post('/api/v1/seats', { extension, name });
  await box.api.post('/api/v1/seats', { extension: '1003', name: '前台' });
  await box.api.post('/api/v1/seats', { extension: '3001', name: '经理' });
  t.same(extensions(await ensureDemoSeats(box.api, box.dir)), ['1001', '1002']);
  t.same(
    JSON.parse(readFileSync(path.join(box.dir, 'dev-start.demo-seats.json'), 'utf8')).length,
    2,
    'the marks are kept for later starts',
  );
});

t.test("hotlined's log file is bounded: past the limit it becomes .1 and a new one starts", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-log-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'hotlined.log');
  writeFileSync(file, 'x'.repeat(60), { mode: 0o644 });
  const log = sizeBoundedLog(file, 100);
  log.write(`${'a'.repeat(30)}\n`);
  t.equal(statSync(file).size, 91, 'appends to what is there');
  log.write(`${'b'.repeat(30)}\n`);
  log.write(`${'c'.repeat(30)}\n`);
  log.close();
  t.equal(readFileSync(`${file}.1`, 'utf8'), `${'x'.repeat(60)}${'a'.repeat(30)}\n`);
  t.equal(readFileSync(file, 'utf8'), `${'b'.repeat(30)}\n${'c'.repeat(30)}\n`);
  t.equal(statSync(file).mode & 0o077, 0, 'not readable by others');
  t.equal(statSync(`${file}.1`).mode & 0o077, 0, 'nor the older file, created readable');
});

t.test('restarts pause longer after each quick failure, capped, and reset after a stable run', async (t) => {
  let d = 0;
  const seen = [];
  for (let i = 0; i < 7; i++) {
    d = nextRestartDelay(d, 500);
    seen.push(d);
  }
  t.same(seen, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  t.equal(nextRestartDelay(30000, RESTART_DELAY.stableMs), 1000);
});
