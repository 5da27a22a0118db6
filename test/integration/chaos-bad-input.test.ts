import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import t from 'tap';
import { until } from '../../dev/api-client.js';
import type { Stack } from '../../dev/stack.js';
import { appendSpool, withDb } from '../support/chaos.js';
import { adminStack } from '../support/stack.js';

/**
 * Bad input in the files hotlined ingests, on a real box: a malformed and a
 * truncated row in Asterisk's CDR spool, and a queue_log rotated in the
 * middle of a line. Each is skipped with a log line; hotlined keeps running
 * and ingests the good rows after it.
 */
let stack: Stack;
let log = '';

t.before(async () => {
  ({ stack } = await adminStack({ onLog: (s) => (log += s) }));
});

t.teardown(async () => {
  await stack?.stop();
});

const alive = async () => (await fetch(`${stack.hotlined.url}/api/v1/system/health`)).ok;

t.test(
  'a malformed and a truncated CDR spool row are skipped with a log line; the rows after them arrive',
  async (t) => {
    appendSpool(stack.box.paths.cdrSpool, 1, 2, [
      // every field unreadable: no start, no ids; nothing to make a call of
      {
        start_epoch: 'garbage',
        calldate: '####',
        answer_epoch: '1e999',
        end_epoch: 'x',
        duration: 'many',
        billsec: '-',
      },
      // cut short: only the first columns were written
      { calldate: '2024-11-23 10:50:00' },
    ]);
    appendSpool(stack.box.paths.cdrSpool, 3, 2);
    const rows = await until(
      'the good rows after the bad ones',
      async () => {
        const r = withDb(stack.dataDir, (db) =>
          db.prepare('SELECT spool_id, src, start_at FROM cdr ORDER BY spool_id').all(),
        ) as {
          spool_id: number;
          src: string;
          start_at: number;
        }[];
        return r.some((x) => x.spool_id === 6) && r;
      },
      20_000,
    );
    t.same(
      rows.map((r) => r.spool_id),
      [1, 2, 5, 6],
      'the four good rows, the two bad ones (AcctId 3 and 4) not',
    );
    t.ok(rows.every((r) => r.start_at > 0 && /^1380000/.test(r.src)));
    t.match(log, /CDR spool rows that cannot be a call were skipped/, 'a log line says so');
    t.ok(await alive(), 'hotlined still answers');
    const calls = await until('the calls of the good rows', async () => {
      const n = withDb(
        stack.dataDir,
        (db) => (db.prepare('SELECT count(*) AS n FROM calls').get() as { n: number }).n,
      );
      return n >= 4 && n;
    });
    t.equal(calls, 4, 'one call per good row, none for the bad ones');
  },
);

t.test('queue_log rotated in the middle of a line: the fragments are skipped with a log line', async (t) => {
  const file = stack.box.paths.queueLog;
  const now = Math.floor(Date.now() / 1000);
  const line = (n: number) => `${now}|chaos.${n}|q1|NONE|ENTERQUEUE||1390000000${n}|1\n`;
  appendFileSync(file, line(1));
  await until('the first line', async () => events() === 1);
  // Asterisk is cut off mid-line: the old file ends without a newline, the new one starts with the rest
  appendFileSync(file, `${now}|chaos.2|q1|NO`);
  renameSync(file, `${file}.1`);
  writeFileSync(file, `NE|ENTERQUEUE||13900000002|1\n${line(3)}${line(4)}`);
  await until('the lines after the rotation', async () => events() === 3, 20_000);
  t.same(
    withDb(stack.dataDir, (db) =>
      (
        db.prepare(`SELECT callid FROM queue_events WHERE callid LIKE 'chaos.%' ORDER BY id`).all() as {
          callid: string;
        }[]
      ).map((r) => r.callid),
    ),
    ['chaos.1', 'chaos.3', 'chaos.4'],
    'the whole lines; neither half of the cut one',
  );
  t.match(log, /incomplete last line of the rotated queue_log was skipped/, 'the old half is logged');
  t.match(log, /queue_log lines that are not queue events were skipped/, 'the new half is logged');
  t.ok(await alive(), 'hotlined still answers');
});

const events = () =>
  withDb(
    stack.dataDir,
    (db) =>
      (
        db.prepare(`SELECT count(*) AS n FROM queue_events WHERE callid LIKE 'chaos.%'`).get() as {
          n: number;
        }
      ).n,
  );
