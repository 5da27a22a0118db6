import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { factOf, parseQueueLogLine, queueLogFacts } from '../../src/live/queue-log.js';
import { createQueueLogTail } from '../../src/live/queue-log-tail.js';

t.test('queue_log lines: the events that count, malformed lines skipped', async (t) => {
  t.same(parseQueueLogLine('1763890000|1763889990.12|q1|1001|CONNECT|10|1763889999.3|4'), {
    at: 1763890000000,
    callid: '1763889990.12',
    queue: 'q1',
    agent: '1001',
    event: 'CONNECT',
    data: ['10', '1763889999.3', '4'],
  });
  for (const bad of [
    '',
    'abc|x|q1|NONE|ENTERQUEUE',
    '1763890000|x|q1',
    '-5|x|q1|NONE|ENTERQUEUE',
    '1|x|q|a|',
  ]) {
    t.equal(parseQueueLogLine(bad), null, JSON.stringify(bad));
  }
  const f = (line: string) => factOf(parseQueueLogLine(line)!);
  t.same(f('1|c1|q1|1001|ATTENDEDTRANSFER|BRIDGE|abc|4|75|1'), {
    kind: 'completed',
    queue: 'q1',
    callid: 'c1',
    agent: '1001',
    talkSec: 75,
  });
  t.same(f('1|c1|q1|1001|COMPLETEAGENT|4|33|1'), {
    kind: 'completed',
    queue: 'q1',
    callid: 'c1',
    agent: '1001',
    talkSec: 33,
  });
  t.equal(f('1|NONE|q1|1001|ADDMEMBER|'), null, 'member events are not calls');
  t.equal(f('1|c1|NONE|NONE|QUEUESTART|'), null);
  t.equal(f('1|c1|q1|NONE|RINGNOANSWER|15000'), null);
  t.same(
    queueLogFacts('10|a|q1|NONE|ENTERQUEUE||1\r\n20|b|q1|NONE|ENTERQUEUE||2\n', 15_000).map((x) => x.callid),
    ['b'],
    'lines before "today" are ignored; CRLF tolerated',
  );
});

t.test('the tail reads complete lines once, and starts again after logrotate', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-qlog-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'queue_log');
  const tail = createQueueLogTail(file);
  t.equal(tail.read(), '', 'no file yet');
  writeFileSync(file, '1|a|q1|NONE|ENTERQUEUE||1\n2|a|q1|10');
  t.equal(tail.read(), '1|a|q1|NONE|ENTERQUEUE||1\n', 'the half-written line waits');
  appendFileSync(file, '01|CONNECT|3|x|1\n');
  t.equal(tail.read(), '2|a|q1|1001|CONNECT|3|x|1\n');
  t.equal(tail.read(), '', 'nothing new');
  renameSync(file, `${file}.1`);
  writeFileSync(file, '3|b|q1|NONE|ENTERQUEUE||2\n');
  t.equal(tail.read(), '3|b|q1|NONE|ENTERQUEUE||2\n', 'a new file is read from its start');
  writeFileSync(file, '4|c|q1|NONE|ENTERQUEUE||3\n'.repeat(2));
  t.equal(tail.read(), '4|c|q1|NONE|ENTERQUEUE||3\n', 'appended to in place: only the new line');
  writeFileSync(file, '5|d|q1|X|Y\n');
  t.equal(tail.read(), '5|d|q1|X|Y\n', 'truncated (copytruncate): read from the start');
});

t.test('a huge file is read from near its end on the first read', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-qlog-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'queue_log');
  const lines = Array.from({ length: 1000 }, (_, i) => `${i + 1}|c${i}|q1|NONE|ENTERQUEUE||${i}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const text = createQueueLogTail(file, 500).read();
  const got = text.trim().split('\n');
  t.ok(got.length > 5 && got.length < 30, `${got.length} lines from the last 500 bytes`);
  t.equal(got.at(-1), lines.at(-1));
  t.ok(parseQueueLogLine(got[0]!), 'the first line is whole, not a cut one');
});
