import { copyFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import { Bus, type LiveEvents } from '../../src/bus.js';
import { createCdrIngest } from '../../src/cdr/ingest.js';
import { type Db, openDb } from '../../src/db/index.js';
import type { Logger } from '../../src/log.js';
import { createSpool, spoolCall, type TestSpool } from '../support/cdr-spool.js';

/** The part of tap's Test these helpers use. */
interface TestLike {
  teardown(fn: () => unknown): void;
}

const T0 = 1_732_359_000;

interface Env {
  dir: string;
  db: Db;
  bus: Bus;
  spoolPath: string;
  logs: { level: number; msg: string }[];
  events: LiveEvents['cdr.ingested'][];
  log: Logger;
  ingest(opts?: { batch?: number; intervalMs?: number }): ReturnType<typeof createCdrIngest>;
  count(): number;
  mark(): { position: number; identity: string } | undefined;
}

function setup(tt: TestLike): Env {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-cdr-'));
  const logs: Env['logs'] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      cb();
    },
  });
  const log: Logger = pino({ level: 'debug' }, sink);
  const db = openDb(path.join(dir, 'hotline.db'), log);
  const bus = new Bus(log);
  const events: Env['events'] = [];
  bus.on('test', 'cdr.ingested', (e) => events.push(e));
  const spoolPath = path.join(dir, 'master.db');
  const made: ReturnType<typeof createCdrIngest>[] = [];
  tt.teardown(async () => {
    for (const i of made) await i.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    db,
    bus,
    spoolPath,
    logs,
    events,
    log,
    ingest(opts = {}) {
      const i = createCdrIngest({ db, log, bus, spoolPath, ...opts });
      made.push(i);
      return i;
    },
    count: () => db.prepare('SELECT COUNT(*) FROM cdr').pluck().get() as number,
    mark: () =>
      db.prepare("SELECT position, identity FROM watermarks WHERE source = 'cdr-spool'").get() as
        | { position: number; identity: string }
        | undefined,
  };
}

const calls = (from: number, n: number, over = {}) =>
  Array.from({ length: n }, (_, i) => spoolCall(from + i, T0 + (from + i) * 60, over));

function withSpool(tt: TestLike, file: string): TestSpool {
  const s = createSpool(file);
  tt.teardown(() => s.close());
  return s;
}

t.test('ingesting the same spool twice, even from a restarted daemon, inserts each CDR once', async (t) => {
  const env = setup(t);
  const spool = withSpool(t, env.spoolPath);
  spool.add(calls(1, 12));
  const a = env.ingest({ batch: 5 });
  t.equal(await a.catchUp(), 12);
  t.equal(a.runOnce(), 0);
  await a.stop();
  const b = env.ingest({ batch: 5 });
  t.equal(await b.catchUp(), 0, 'a new instance resumes from the watermark');
  t.equal(env.count(), 12);
  t.same(
    env.db.prepare('SELECT spool_id FROM cdr ORDER BY id').pluck().all(),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  );
  t.equal(env.mark()?.position, 12);
  t.same(
    env.events.map((e) => e.count),
    [5, 5, 2],
  );
  const lastId = env.db.prepare('SELECT MAX(id) FROM cdr').pluck().get();
  t.equal(env.events.at(-1)?.lastId, lastId, 'lastId is the cdr.id of the last row inserted');
});

t.test('a failure in the middle of a batch leaves rows and watermark consistent', async (t) => {
  const env = setup(t);
  const spool = withSpool(t, env.spoolPath);
  spool.add(calls(1, 12));
  // Stands in for a crash or a full disk halfway through the second batch.
  env.db.exec(
    `CREATE TRIGGER boom BEFORE INSERT ON cdr WHEN NEW.spool_id = 7 BEGIN SELECT RAISE(ABORT, 'boom'); END`,
  );
  const a = env.ingest({ batch: 5 });
  await t.rejects(a.catchUp(), /boom/);
  t.equal(env.count(), 5, 'the first batch committed, the broken one left nothing');
  t.equal(env.mark()?.position, 5, 'watermark at the last committed row');
  env.db.exec('DROP TRIGGER boom');
  const b = env.ingest({ batch: 5 });
  t.equal(await b.catchUp(), 7);
  t.equal(env.count(), 12);
  t.equal(env.db.prepare('SELECT COUNT(DISTINCT spool_id) FROM cdr').pluck().get(), 12);
});

t.test('a running ingest catches up rows Asterisk appends after a pause', async (t) => {
  const env = setup(t);
  const spool = withSpool(t, env.spoolPath);
  spool.add(calls(1, 7));
  const ingest = env.ingest({ batch: 3, intervalMs: 20 });
  const reached = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(
        () => reject(new Error(`only ${env.count()} of ${n} rows after 5 s`)),
        5000,
      );
      const check = () => {
        if (env.count() >= n) {
          clearTimeout(deadline);
          resolve();
        } else setTimeout(check, 10);
      };
      check();
    });
  ingest.start();
  await reached(7);
  await new Promise((r) => setTimeout(r, 100));
  spool.add(calls(8, 5));
  await reached(12);
  await ingest.stop();
  t.equal(env.count(), 12);
  t.equal(env.mark()?.position, 12);
  spool.add(calls(13, 2));
  await new Promise((r) => setTimeout(r, 100));
  t.equal(env.count(), 12, 'a stopped ingest reads nothing');
});

t.test('a spool that does not exist yet, or has no table yet, is not an error', async (t) => {
  const env = setup(t);
  const ingest = env.ingest({ intervalMs: 10 });
  t.equal(ingest.runOnce(), 0);
  ingest.start();
  await new Promise((r) => setTimeout(r, 50));
  writeFileSync(env.spoolPath, ''); // Asterisk opened the file but has not created its table
  t.equal(ingest.runOnce(), 0);
  await new Promise((r) => setTimeout(r, 50));
  unlinkSync(env.spoolPath);
  const spool = withSpool(t, env.spoolPath);
  spool.add(calls(1, 3));
  t.equal(await ingest.catchUp(), 3);
  await ingest.stop();
  t.equal(env.logs.filter((l) => l.level >= 40).length, 0, 'nothing worth a warning was logged');
});

t.test('weird spool rows are ingested with unreadable fields empty, never thrown', async (t) => {
  const env = setup(t);
  const spool = withSpool(t, env.spoolPath);
  spool.add([
    spoolCall(1, T0, { answer_epoch: '', disposition: 'NO ANSWER', billsec: '0', dstchannel: '' }),
    spoolCall(2, T0 + 1, { answer_epoch: '0.000000', end_epoch: '0.000000', disposition: 'BUSY' }),
    spoolCall(3, T0 + 2, { start_epoch: 'garbage', calldate: '2024-11-23 10:50:00' }),
    spoolCall(4, T0 + 3, { start_epoch: '', calldate: 'never' }),
    spoolCall(5, T0 + 4, { duration: 'abc', billsec: '1e400', sequence: '-', answer_epoch: 'x' }),
    spoolCall(6, T0 + 5, { clid: null, src: null, lastdata: Buffer.from('blob, not text'), duration: 42 }),
    spoolCall(7, T0 + 6, {
      clid: '"张三" <13800000007>',
      userfield: 'a\u0000b',
      dst: "'; DROP TABLE cdr; --",
    }),
    spoolCall(8, T0 + 7, { start_epoch: '-5', end_epoch: 'Infinity', billsec: '12.7' }),
  ]);
  const ingest = env.ingest();
  t.equal(ingest.runOnce(), 7, 'the row without any start is skipped');
  const rows = env.db.prepare('SELECT * FROM cdr ORDER BY spool_id').all() as Record<string, unknown>[];
  const row = (n: number) => rows.find((r) => r.spool_id === n)!;
  t.equal(row(1).answer_at, null, "'' answer epoch is no answer");
  t.equal(row(1).start_at, T0);
  t.equal(row(2).answer_at, null, "'0.000000' answer epoch is no answer");
  t.equal(row(2).end_at, null);
  t.equal(
    row(3).start_at,
    new Date(2024, 10, 23, 10, 50, 0).getTime() / 1000,
    'a bad start epoch falls back to calldate (local time)',
  );
  t.equal(row(4), undefined, 'no usable start at all: no CDR');
  t.ok(
    env.logs.some((l) => l.level === 40 && /cannot be a call/.test(l.msg)),
    'the skipped row is logged',
  );
  t.equal(row(5).duration, 0);
  t.equal(row(5).billsec, 0);
  t.equal(row(5).sequence, 0);
  t.equal(row(5).answer_at, null);
  t.equal(row(6).clid, '');
  t.equal(row(6).src, '');
  t.equal(row(6).lastdata, 'blob, not text');
  t.equal(row(6).duration, 42);
  t.equal(row(7).clid, '"张三" <13800000007>');
  t.equal(row(7).userfield, 'a\u0000b');
  t.equal(row(7).dst, "'; DROP TABLE cdr; --");
  t.equal(row(8).start_at, T0 + 7, 'a negative start epoch is unreadable: calldate is used');
  t.equal(row(8).end_at, null);
  t.equal(row(8).billsec, 12);
  const warn = env.logs.find((l) => l.level === 40 && /unreadable fields/.test(l.msg)) as
    | { fields: Record<string, number> }
    | undefined;
  t.ok(warn, 'one warning for the batch');
  t.same(warn?.fields, {
    start_epoch: 3,
    calldate: 1,
    answer_epoch: 1,
    end_epoch: 1,
    duration: 1,
    billsec: 1,
    sequence: 1,
  });
});

t.test('a replaced spool is read again without losing new rows or duplicating restored ones', async (t) => {
  const env = setup(t);
  const original = path.join(env.dir, 'original.db');
  let spool = createSpool(env.spoolPath);
  spool.add(calls(1, 10));
  spool.close();
  copyFileSync(env.spoolPath, original);
  const ingest = env.ingest({ batch: 4 });
  t.equal(await ingest.catchUp(), 10);

  // Asterisk's log dir was wiped: a new spool whose AcctIds start again at 1.
  unlinkSync(env.spoolPath);
  spool = createSpool(env.spoolPath);
  spool.add(calls(101, 3));
  spool.close();
  t.equal(await ingest.catchUp(), 3);
  t.equal(env.count(), 13);
  t.same(
    env.db.prepare('SELECT spool_id FROM cdr WHERE uniqueid LIKE ? ORDER BY spool_id').pluck().all('%.10_'),
    [11, 12, 13],
    'new rows get spool_ids above every earlier one',
  );

  // An admin restores the old spool from a backup; Asterisk adds two calls to it.
  unlinkSync(env.spoolPath);
  copyFileSync(original, env.spoolPath);
  const Database = (await import('better-sqlite3')).default;
  const restored = new Database(env.spoolPath);
  const add = restored.prepare(
    `INSERT INTO cdr (start_epoch, src, dst, disposition, uniqueid, linkedid, sequence) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  add.run(String(T0 + 9000), '13900000001', '1001', 'ANSWERED', 'r.1', 'r.1', '501');
  add.run(String(T0 + 9060), '13900000002', '1001', 'ANSWERED', 'r.2', 'r.2', '502');
  restored.close();
  t.equal(await ingest.catchUp(), 2, 'only the two new calls are inserted');
  t.equal(env.count(), 15);
  t.equal(env.db.prepare('SELECT COUNT(DISTINCT uniqueid) FROM cdr').pluck().get(), 15);

  // Rows deleted in place (AcctId restarts at 1 in the same file).
  const same = new Database(env.spoolPath);
  same.exec('DELETE FROM cdr');
  same.close();
  const inPlace = new Database(env.spoolPath);
  inPlace
    .prepare(
      'INSERT INTO cdr (start_epoch, src, dst, uniqueid, linkedid, sequence) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(String(T0 + 99_000), '13700000001', '1002', 'p.1', 'p.1', '900');
  inPlace.close();
  t.equal(await ingest.catchUp(), 1);
  t.equal(env.count(), 16);
  t.ok(
    env.logs.some((l) => l.level === 40 && /replaced/.test(l.msg)),
    'each replacement is logged as a warning',
  );
});

t.test('a spool that only grows is never mistaken for a replaced one', async (t) => {
  const env = setup(t);
  const spool = withSpool(t, env.spoolPath);
  const ingest = env.ingest({ batch: 2 });
  for (let i = 0; i < 5; i++) {
    spool.add(calls(1 + i * 3, 3));
    await ingest.catchUp();
  }
  t.equal(env.count(), 15);
  t.same(
    env.db.prepare('SELECT MIN(spool_id), MAX(spool_id) FROM cdr').raw().get(),
    [1, 15],
    'spool_id = AcctId',
  );
  t.notOk(env.logs.some((l) => /replaced/.test(l.msg)));
});
