import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import { Bus, type LiveEvents } from '../../src/bus.js';
import { createQueueLogIngest } from '../../src/calls/queue-log-ingest.js';
import { createCallsStore } from '../../src/calls/store.js';
import { type Db, openDb } from '../../src/db/index.js';

interface TestLike {
  teardown(fn: () => unknown): void;
}

const line = (at: number, callid: string, event: string, data = '', agent = 'NONE') =>
  `${1_732_359_000 + at}|${callid}|q1|${agent}|${event}|${data}\n`;

function setup(tt: TestLike, opts: { chunkBytes?: number } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-qlog-'));
  const logs: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l) logs.push(JSON.parse(l));
      cb();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  const db: Db = openDb(path.join(dir, 'hotline.db'), log);
  const bus = new Bus(log);
  const events: LiveEvents['queue_log.ingested'][] = [];
  bus.on('test', 'queue_log.ingested', (e) => events.push(e));
  const file = path.join(dir, 'queue_log');
  const ingest = createQueueLogIngest({ store: createCallsStore(db), bus, log, file, ...opts });
  tt.teardown(() => {
    ingest.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows = () =>
    db
      .prepare('SELECT at, callid, queue_id, agent, event, data1, data2, data3 FROM queue_events ORDER BY id')
      .all() as {
      event: string;
      callid: string;
      data1: string;
    }[];
  return { dir, db, file, ingest, events, logs, rows };
}

t.test('no file yet is nothing to do; lines appended are ingested once each', async (t) => {
  const e = setup(t);
  t.equal(e.ingest.runOnce(), 0, 'no queue_log yet');
  writeFileSync(e.file, line(0, 'NONE', 'QUEUESTART') + line(1, 'c1', 'ENTERQUEUE', '|010|1'));
  t.equal(await e.ingest.catchUp(), 2);
  t.equal(e.ingest.runOnce(), 0, 'nothing new');
  appendFileSync(e.file, line(5, 'c1', 'CONNECT', '4|c2|1', '1003'));
  t.equal(e.ingest.runOnce(), 1);
  t.same(
    e.rows().map((r) => r.event),
    ['QUEUESTART', 'ENTERQUEUE', 'CONNECT'],
  );
  t.same(e.events.at(-1), { count: 1, lastId: 3 }, 'published with the last row id');
});

t.test('a partial last line waits for its newline', async (t) => {
  const e = setup(t);
  const full = line(1, 'c1', 'ENTERQUEUE', '|010|1');
  writeFileSync(e.file, full.slice(0, 20));
  t.equal(e.ingest.runOnce(), 0);
  appendFileSync(e.file, full.slice(20));
  t.equal(e.ingest.runOnce(), 1);
  t.equal(e.rows()[0]?.callid, 'c1', 'the line whole');
});

t.test('garbage lines are skipped and logged, the rest kept', async (t) => {
  const e = setup(t);
  writeFileSync(
    e.file,
    `${line(1, 'c1', 'ENTERQUEUE')}\u0000\u0001binary junk\n${'x'.repeat(10)}\n${line(2, 'c1', 'ABANDON', '1|1|1')}`,
  );
  t.equal(await e.ingest.catchUp(), 2);
  t.ok(
    e.logs.some((l) => /not queue events were skipped/.test(l.msg)),
    'logged',
  );
});

t.test('restart: the byte offset survives, nothing is read twice', async (t) => {
  const e = setup(t);
  writeFileSync(e.file, line(1, 'c1', 'ENTERQUEUE') + line(2, 'c1', 'ABANDON', '1|1|1'));
  await e.ingest.catchUp();
  const again = createQueueLogIngest({
    store: createCallsStore(e.db),
    bus: new Bus(pino({ level: 'silent' })),
    log: pino({ level: 'silent' }),
    file: e.file,
  });
  t.equal(await again.catchUp(), 0);
  appendFileSync(e.file, line(3, 'c2', 'ENTERQUEUE'));
  t.equal(await again.catchUp(), 1);
  t.equal(e.rows().length, 3);
});

t.test('rotation: the rest of the old file is read first, then the new file from 0', async (t) => {
  const e = setup(t);
  writeFileSync(e.file, line(1, 'c1', 'ENTERQUEUE'));
  await e.ingest.catchUp();
  // Asterisk wrote more, then logrotate renamed the file and Asterisk opened a new one
  appendFileSync(e.file, line(2, 'c1', 'ABANDON', '1|1|1'));
  renameSync(e.file, `${e.file}.1`);
  writeFileSync(e.file, line(3, 'c2', 'ENTERQUEUE'));
  await e.ingest.catchUp();
  t.same(
    e.rows().map((r) => `${r.callid}:${r.event}`),
    ['c1:ENTERQUEUE', 'c1:ABANDON', 'c2:ENTERQUEUE'],
    'nothing lost across the rotation, in order',
  );
  appendFileSync(e.file, line(4, 'c2', 'ABANDON', '1|1|1'));
  t.equal(await e.ingest.catchUp(), 1, 'the new file continues by offset');
});

t.test('rotation with the old file gone: the new file is read from 0', async (t) => {
  const e = setup(t);
  writeFileSync(e.file, line(1, 'c1', 'ENTERQUEUE') + line(2, 'c1', 'ABANDON', '1|1|1'));
  await e.ingest.catchUp();
  unlinkSync(e.file);
  writeFileSync(e.file, line(3, 'c2', 'ENTERQUEUE'));
  t.equal(await e.ingest.catchUp(), 1);
  t.equal(e.rows().length, 3);
});

t.test('truncation (copytruncate): read again from 0, and the new lines are not lost', async (t) => {
  const e = setup(t);
  writeFileSync(e.file, line(1, 'c1', 'ENTERQUEUE') + line(2, 'c1', 'ABANDON', '1|1|1'));
  await e.ingest.catchUp();
  truncateSync(e.file, 0);
  appendFileSync(e.file, line(3, 'c2', 'ENTERQUEUE'));
  t.equal(await e.ingest.catchUp(), 1);
  t.ok(e.logs.some((l) => /truncated or rewritten/.test(l.msg)));
});

t.test(
  'rewritten in place, longer than before: noticed by the first line, re-read without duplicates',
  async (t) => {
    const e = setup(t);
    const a = line(1, 'c1', 'ENTERQUEUE');
    writeFileSync(e.file, a);
    await e.ingest.catchUp();
    // an admin restores an older copy that has other lines first, and more of them
    writeFileSync(e.file, line(0, 'c0', 'ENTERQUEUE') + a + line(2, 'c1', 'ABANDON', '1|1|1'));
    t.equal(await e.ingest.catchUp(), 2, 'c0 and the abandon are new; c1 enter is not stored twice');
    t.equal(e.rows().length, 3);
  },
);

t.test('a big backlog is read in chunks, every line once', async (t) => {
  const e = setup(t, { chunkBytes: 8192 });
  const lines = Array.from({ length: 2000 }, (_, i) => line(i, `c${i}`, 'ENTERQUEUE', `|0138${i}|1`));
  writeFileSync(e.file, lines.join(''));
  t.equal(e.ingest.runOnce() < 2000, true, 'one run reads one chunk');
  await e.ingest.catchUp();
  t.equal(e.rows().length, 2000);
});
