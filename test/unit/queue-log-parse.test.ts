import t from 'tap';
import { MAX_LINE_BYTES, parseQueueLogChunk, parseQueueLogLine } from '../../src/calls/queue-log.js';

/** What app_queue (Asterisk 22, log_membername_as_agent = yes) writes for a day of work. */
export const SAMPLE = [
  '1732359000|NONE|NONE|NONE|QUEUESTART|',
  '1732359001|NONE|NONE|NONE|CONFIGRELOAD|',
  '1732359002|MANAGER|q1|1003|ADDMEMBER|',
  '1732359002|MANAGER|q1|1004|ADDMEMBER|PAUSED',
  '1732359003|NONE|q1|1003|PAUSE|培训',
  '1732359004|NONE|q1|1003|UNPAUSE|',
  '1732359005|NONE|NONE|1004|PAUSEALL|',
  '1732359006|NONE|NONE|1004|UNPAUSEALL|',
  '1732359010|1732359008.12|q1|NONE|ENTERQUEUE||01088886666|1',
  '1732359025|1732359008.12|q1|1003|RINGNOANSWER|15000',
  '1732359030|1732359008.12|q1|1004|CONNECT|20|1732359025.15|4',
  '1732359060|1732359008.12|q1|1004|COMPLETECALLER|20|30|1',
  '1732359070|1732359069.20|q1|NONE|ENTERQUEUE||13800138000|1',
  '1732359090|1732359069.20|q1|NONE|ABANDON|1|1|20',
  '1732359100|1732359099.25|q2|NONE|ENTERQUEUE||13900139000|1',
  '1732359160|1732359099.25|q2|NONE|EXITWITHTIMEOUT|1|1|60',
  '1732359170|1732359165.30|q1|NONE|EXITEMPTY|1|1|5',
  '1732359180|1732359171.31|q1|NONE|EXITWITHKEY|2|1|1|8',
  '1732359200|MANAGER|q1|1003|REMOVEMEMBER|',
];

t.test('every event app_queue writes parses, with its queue id and data fields', async (t) => {
  const events = SAMPLE.map((l) => parseQueueLogLine(l));
  t.notOk(
    events.some((e) => e === null),
    'no sample line refused',
  );
  t.same(
    events.map((e) => e!.event),
    [
      'QUEUESTART',
      'CONFIGRELOAD',
      'ADDMEMBER',
      'ADDMEMBER',
      'PAUSE',
      'UNPAUSE',
      'PAUSEALL',
      'UNPAUSEALL',
      'ENTERQUEUE',
      'RINGNOANSWER',
      'CONNECT',
      'COMPLETECALLER',
      'ENTERQUEUE',
      'ABANDON',
      'ENTERQUEUE',
      'EXITWITHTIMEOUT',
      'EXITEMPTY',
      'EXITWITHKEY',
      'REMOVEMEMBER',
    ],
  );
  const connect = events[10]!;
  t.same(connect, {
    at: 1732359030,
    callid: '1732359008.12',
    queue: 'q1',
    queueId: 1,
    agent: '1004',
    event: 'CONNECT',
    data: '20|1732359025.15|4',
    fields: ['20', '1732359025.15', '4', '', ''],
  });
  t.equal(events[4]!.fields[0], '培训', 'a Chinese pause reason survives');
  t.equal(events[0]!.queueId, null, 'NONE is no queue');
  t.equal(events[14]!.queueId, 2);
  t.same(events[8]!.fields.slice(0, 3), ['', '01088886666', '1'], 'an empty url field keeps its place');
});

t.test('lines that are not queue_log lines are refused', async (t) => {
  for (const bad of [
    '',
    'garbage',
    '1732359000|NONE|NONE|NONE',
    'notatime|NONE|q1|NONE|ENTERQUEUE|',
    '1732359000|NONE|q1|NONE|enterqueue|',
    '1732359000||q1|NONE|ENTERQUEUE|',
    '1732359000|NONE|q1\u0000|NONE|ENTERQUEUE|',
    '1732359000|NONE|q1|NONE|ENTER QUEUE|',
    `1732359000|NONE|q1|NONE|ENTERQUEUE|${'x'.repeat(MAX_LINE_BYTES)}`,
    '17323590|NONE|q1|NONE|ENTERQUEUE|',
  ]) {
    t.equal(parseQueueLogLine(bad), null, JSON.stringify(bad.slice(0, 50)));
  }
  t.equal(parseQueueLogLine('1732359000|NONE|q1|NONE|ENTERQUEUE|\r')?.event, 'ENTERQUEUE', 'CRLF is fine');
  t.equal(parseQueueLogLine('1732359000|x|qa|NONE|ENTERQUEUE|')?.queueId, null, 'foreign queue names: no id');
  t.equal(parseQueueLogLine('1732359000|x|q0|NONE|ENTERQUEUE|')?.queueId, null);
});

t.test('a chunk yields whole lines only; a partial last line is left for the next read', async (t) => {
  const text = `${SAMPLE.slice(0, 3).join('\n')}\nnot a line\n\n1732359010|1732359008.12|q1|NONE|ENTER`;
  const r = parseQueueLogChunk(Buffer.from(text));
  t.equal(r.events.length, 3);
  t.equal(r.garbage, 1);
  t.match(r.example, /not a line/);
  t.equal(r.consumed, Buffer.byteLength(text) - '1732359010|1732359008.12|q1|NONE|ENTER'.length);
  const none = parseQueueLogChunk(Buffer.from('1732359010|1732359008.12|q1'));
  t.equal(none.consumed, 0, 'nothing consumed until the newline arrives');
});

t.test('a multi-byte character split across reads is not cut: the line waits for its newline', async (t) => {
  const line = Buffer.from('1732359003|NONE|q1|1003|PAUSE|培训\n');
  const cut = line.subarray(0, line.length - 3); // inside 训
  t.equal(parseQueueLogChunk(cut).consumed, 0);
  t.equal(parseQueueLogChunk(line).events[0]?.fields[0], '培训');
});

t.test('an endless line without a newline is dropped as garbage rather than stalling', async (t) => {
  const r = parseQueueLogChunk(Buffer.from('x'.repeat(MAX_LINE_BYTES + 10)));
  t.equal(r.consumed, MAX_LINE_BYTES + 10);
  t.equal(r.garbage, 1);
});
