import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { openDb } from '../../src/db/index.js';
import { createReader, ReaderQueryError } from '../../src/db/reader.js';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';

/** The part of tap's Test these helpers use. */
interface TestLike {
  teardown(fn: () => unknown): void;
}

const log = createLogger('silent');
const CRASHY = new URL('../support/reader-crash-worker.js', import.meta.url);
/** A few seconds of SQLite work; terminate() cannot cut it short, so not more. */
const SLOW =
  'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 15000000) SELECT COUNT(*) AS n FROM c';

function setup(tt: TestLike) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-reader-'));
  const dbPath = path.join(dir, 'hotline.db');
  const db = openDb(dbPath, log);
  db.exec(
    "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO things (name) VALUES ('a'), ('b'), ('c')",
  );
  tt.teardown(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, dbPath, db };
}

t.test('returns rows for all() and get(), with positional or named parameters', async (t) => {
  const { dbPath, db } = setup(t);
  const reader = createReader(dbPath, log);
  t.teardown(() => reader.close());
  t.same(await reader.all('SELECT id, name FROM things WHERE id > ? ORDER BY id', [1]), [
    { id: 2, name: 'b' },
    { id: 3, name: 'c' },
  ]);
  t.same(await reader.get('SELECT name FROM things WHERE id = :id', { id: 3 }), { name: 'c' });
  t.equal(await reader.get('SELECT name FROM things WHERE id = 99'), undefined);
  db.prepare("INSERT INTO things (name) VALUES ('d')").run();
  t.same(
    await reader.get('SELECT COUNT(*) AS n FROM things'),
    { n: 4 },
    'sees commits of the main connection',
  );
  const many = await Promise.all(
    Array.from({ length: 50 }, (_, i) => reader.get<{ v: number }>('SELECT ? AS v', [i])),
  );
  t.same(
    many.map((r) => r?.v),
    Array.from({ length: 50 }, (_, i) => i),
    'each answer reaches its own request',
  );
});

t.test('bad SQL and writes are rejected as query errors and the worker keeps serving', async (t) => {
  const { dbPath } = setup(t);
  const reader = createReader(dbPath, log);
  t.teardown(() => reader.close());
  await t.rejects(reader.all('SELEKT nonsense'), ReaderQueryError);
  await t.rejects(reader.all('SELECT * FROM no_such_table'), /no such table/);
  await t.rejects(
    reader.all("INSERT INTO things (name) VALUES ('x')"),
    /only runs statements that return rows/,
  );
  await t.rejects(reader.all("INSERT INTO things (name) VALUES ('x') RETURNING id"), /readonly/i);
  await t.rejects(reader.all('SELECT ?', [() => 1]), ReaderQueryError, 'an unsendable parameter');
  t.same(await reader.all('SELECT COUNT(*) AS n FROM things'), [{ n: 3 }]);
});

t.test(
  'a worker crash fails the queries in flight with a clear error and the next query gets a new worker',
  async (t) => {
    const { dbPath } = setup(t);
    const reader = createReader(dbPath, log, { workerUrl: CRASHY });
    t.teardown(() => reader.close());
    t.same(await reader.get('SELECT 1 AS one'), { one: 1 });
    const crash = reader.all('CRASH');
    const queued = reader.all('SELECT name FROM things');
    const e1 = await crash.catch((e: unknown) => e);
    const e2 = await queued.catch((e: unknown) => e);
    t.ok(e1 instanceof AppError && e1.code === 'connection_lost', 'the crashing query');
    t.match((e1 as Error).message, /reader worker exited \(code 3\)/);
    t.ok(e2 instanceof AppError && e2.code === 'connection_lost', 'a query queued behind it');
    t.same(await reader.get('SELECT COUNT(*) AS n FROM things'), { n: 3 }, 'restarted');
  },
);

t.test('a query over its time budget is rejected with timeout and does not wedge the reader', async (t) => {
  const { dbPath } = setup(t);
  const reader = createReader(dbPath, log, { timeoutMs: 1000 });
  t.teardown(() => reader.close());
  t.same(await reader.get('SELECT 1 AS one'), { one: 1 }, 'worker started');
  const err = await reader.get(SLOW).catch((e: unknown) => e);
  t.ok(err instanceof AppError && err.code === 'timeout', `timeout error: ${err}`);
  t.same(await reader.get('SELECT 2 AS two'), { two: 2 }, 'a fresh worker answers at once');
});

t.test('a database that cannot be opened fails each query instead of crash-looping', async (t) => {
  const { dir } = setup(t);
  const reader = createReader(path.join(dir, 'missing.db'), log);
  t.teardown(() => reader.close());
  await t.rejects(reader.all('SELECT 1'), {
    code: 'connection_lost',
    message: /exited.*cannot open .*missing\.db/,
  });
  await t.rejects(reader.all('SELECT 1'), { code: 'connection_lost' });
});

t.test('close() fails pending queries, refuses new ones and leaves no worker behind', async (t) => {
  const { dbPath } = setup(t);
  const reader = createReader(dbPath, log);
  t.same(await reader.get('SELECT 1 AS one'), { one: 1 });
  const pending = reader.get('SELECT 2 AS two').catch((e: unknown) => e);
  await reader.close();
  t.match(await pending, { code: 'connection_lost' });
  await t.rejects(reader.get('SELECT 1'), { code: 'connection_lost', message: /closed/ });
  await reader.close();
  t.notOk(
    process.getActiveResourcesInfo().some((r) => /Worker|MessagePort/.test(r)),
    `active: ${process.getActiveResourcesInfo().join(', ')}`,
  );
});
