import t, { type Test } from 'tap';
import { loginCookie, until } from '../../dev/api-client.js';
import type { Stack } from '../../dev/stack.js';
import { appendSpool, cdrAccount, integrity, randomMs, seatsFile, withDb } from '../support/chaos.js';
import { adminStack } from '../support/stack.js';

/**
 * hotlined SIGKILLed at a random point (0–300 ms in) of a configuration
 * apply, a customers CSV import and a CDR catch-up, again and again on one
 * box: after every kill the database passes integrity_check, the import is
 * all there or not at all, and the CDR watermark agrees with the rows; after
 * the restarts the generated files are what the database generates and every
 * spool row is in cdr exactly once.
 *
 * HOTLINE_CHAOS_KILLS sets the kills per kind (50 for the full run; the
 * default keeps the suite's time bounded: a restart costs seconds here).
 */
const KILLS = Number(process.env.HOTLINE_CHAOS_KILLS ?? 3);
/** Customers per imported CSV: big enough that a kill often lands inside the import. */
const IMPORT_ROWS = 500;
/** Spool rows appended before each ingest kill. */
const SPOOL_ROWS = 5000;

let stack: Stack;
let cookie: string;
let spoolRows = 0;

t.before(async () => {
  ({ stack } = await adminStack());
  cookie = await loginCookie(stack.hotlined.url, stack.admin.username, stack.admin.password);
});

t.teardown(async () => {
  await stack?.stop();
});

/** Sends the request, kills hotlined `delay` ms later, and checks the dead box's database. */
async function killDuring(t: Test, what: string, send: () => Promise<unknown>, delay: number) {
  const request = send().catch(() => undefined); // the answer may never come: that is the point
  await new Promise((r) => setTimeout(r, delay));
  await stack.hotlined.stop('SIGKILL');
  await request;
  const check = withDb(stack.dataDir, (db) => ({ ok: integrity(db), cdr: cdrAccount(db) }));
  if (check.ok !== 'ok') t.fail(`${what}, killed at ${delay} ms: integrity_check says ${check.ok}`);
  await stack.hotlined.start();
  cookie = await loginCookie(stack.hotlined.url, stack.admin.username, stack.admin.password);
  return check;
}

const post = (path: string, body: string, type = 'application/json') =>
  fetch(`${stack.hotlined.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': type }, body });

t.test('killed during a configuration apply: a sound database, and files that match it', async (t) => {
  for (let i = 0; i < KILLS; i++) {
    const ext = String(3000 + i);
    await killDuring(
      t,
      `seat ${ext}`,
      () => post('/api/v1/seats', JSON.stringify({ extension: ext, name: `坐席 ${ext}` })),
      randomMs(300),
    );
    // boot rewrote every file from the database: a file ahead of an uncommitted change is gone
    const f = withDb(stack.dataDir, (db) => seatsFile(db, stack.box.paths.confDir));
    if (f.onDisk !== f.fromDb) t.equal(f.onDisk, f.fromDb, `pjsip_seats.conf after the kill during ${ext}`);
  }
  const f = withDb(stack.dataDir, (db) => seatsFile(db, stack.box.paths.confDir));
  t.equal(f.onDisk, f.fromDb, `after ${KILLS} kills pjsip_seats.conf is what the database generates`);
});

t.test('killed during a CSV import: a sound database, and the import all there or not at all', async (t) => {
  const counts = new Set<number>();
  for (let i = 0; i < KILLS; i++) {
    const lines = ['name,company,numbers,vip,boundAgent,notes'];
    for (let n = 0; n < IMPORT_ROWS; n++)
      lines.push(`客户 ${i}-${n},,1${String(i).padStart(3, '0')}${String(n).padStart(7, '0')},0,,`);
    await killDuring(
      t,
      `import ${i}`,
      () => post('/api/v1/customers/import', lines.join('\n'), 'text/csv'),
      randomMs(300),
    );
    const n = withDb(
      stack.dataDir,
      (db) =>
        (
          db.prepare(`SELECT count(*) AS n FROM customers WHERE name LIKE ?`).get(`客户 ${i}-%`) as {
            n: number;
          }
        ).n,
    );
    counts.add(n);
    if (n !== 0 && n !== IMPORT_ROWS) t.fail(`import ${i}: ${n} of ${IMPORT_ROWS} rows stored`);
  }
  t.pass(`${KILLS} imports killed; rows stored per import: ${[...counts].sort().join(' or ')}`);
});

t.test(
  'killed during CDR ingestion: the watermark always matches the rows, none lost or doubled',
  async (t) => {
    for (let i = 0; i < KILLS; i++) {
      appendSpool(stack.box.paths.cdrSpool, 100_000 * (i + 1), SPOOL_ROWS);
      spoolRows += SPOOL_ROWS;
      const c = (await killDuring(t, `ingest ${i}`, async () => undefined, randomMs(300))).cdr;
      if (c.rows !== c.watermark || c.ids !== c.rows || c.maxId !== c.watermark || c.calls !== c.rows)
        t.same(
          c,
          { ...c, rows: c.watermark, ids: c.watermark, maxId: c.watermark, calls: c.watermark },
          `ingest ${i}`,
        );
    }
    const done = await untilIngested();
    t.same(
      [done.rows, done.ids, done.calls, done.watermark],
      [spoolRows, spoolRows, spoolRows, spoolRows],
      `every one of ${spoolRows} spool rows in cdr once`,
    );
  },
);

const untilIngested = () =>
  until(
    'the spool ingested',
    async () => {
      const c = withDb(stack.dataDir, cdrAccount);
      return c.watermark >= spoolRows && c;
    },
    60_000,
  );
