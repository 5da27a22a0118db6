import ExcelJS from 'exceljs';
import t from 'tap';
import { parsePath } from '../../src/reports/ivr-funnel.js';
import { startTestBox } from '../support/box.js';

/**
 * The detail reports on one day of calls written straight into the tables
 * the calls builder, the queue_log and agent ingests and the desk fill.
 * Every expected figure is worked out by hand in the comments.
 */
const box = await startTestBox({ seats: ['1001', '1002'] });
t.teardown(() => box.close());
const { api, hotline } = box;
const db = hotline.db;

const q = await api.post('/api/v1/queues', {
  name: '客服一组',
  number: '8001',
  settings: { serviceLevelSeconds: 20, wrapUpSeconds: 10 },
});
await api.post('/api/v1/agents', { extension: '1001', name: '客服 1001', skills: [{ queueId: q.id }] });
await api.post('/api/v1/agents', { extension: '1002', name: '客服 1002', skills: [] });
const trunk = await api.post('/api/v1/trunks', { kind: 'sip', name: '电信', host: '127.0.0.2', auth: 'ip' });
const agentId = (ext: string) =>
  (db.prepare('SELECT id FROM agents WHERE extension = ?').get(ext) as { id: number }).id;

const D = '2026-11-10';
/** Local wall time of day `D` (+ days) as epoch seconds. */
const T = (hms: string, days = 0) => {
  const d = new Date(`${D}T${hms.length === 5 ? `${hms}:00` : hms}`);
  d.setDate(d.getDate() + days);
  return d.getTime() / 1000;
};
const PERIOD = `period=custom&from=${D}&to=2026-11-11`;
const R = '/api/v1/reports';

const A = '13800000001';
const B = '13800000002';
const C = '13800000003';
const DD = '13800000004';

// IVR trees: main and sales are menus, "2" is a play node (a node id that looks like a key), bye hangs up.
db.prepare(
  "INSERT INTO ivrs (name, tree, fallback, created_at, updated_at) VALUES ('main', ?, NULL, 0, 0)",
).run(
  JSON.stringify({
    start: 'main',
    nodes: {
      main: { type: 'menu' },
      sales: { type: 'menu' },
      '2': { type: 'play' },
      q: { type: 'transfer' },
      bye: { type: 'hangup' },
    },
  }),
);

const insertCall = db.prepare(
  `INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds,
     agent, talk_seconds, outcome, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 0)`,
);
// linkedid, direction, caller, did, entered, ended, ivr path, queue, agent, talk, outcome
const calls: [
  string,
  string,
  string,
  string,
  number,
  number,
  string,
  number | null,
  string,
  number,
  string,
][] = [
  [
    'c1',
    'inbound',
    A,
    '4008001',
    T('09:00'),
    T('09:02:30'),
    'main>1>sales>1>q',
    q.id,
    '1001',
    120,
    'answered',
  ],
  [
    'c2',
    'inbound',
    B,
    '4008001',
    T('09:01'),
    T('09:05'),
    'main>1>sales>2>2>q',
    q.id,
    '1001',
    200,
    'answered',
  ],
  ['c3', 'outbound', '1001', '', T('10:15'), T('10:20'), '', null, '', 0, 'failed'],
  ['c4', 'inbound', A, '4008002', T('09:02:30'), T('09:10'), 'main>1>sales', null, '', 0, 'abandoned_ivr'],
  [
    'c5',
    'inbound',
    C,
    '',
    T('13:00'),
    T('13:02'),
    'main>!invalid>main>1>sales>1>q',
    q.id,
    '',
    0,
    'abandoned_queue',
  ],
  ['c6', 'inbound', B, '4008001', T('11:00'), T('11:10'), '', null, '1002', 60, 'answered'],
  ['c7', 'inbound', C, '4008001', T('23:00', -1), T('23:00:30', -1), '', q.id, '1001', 30, 'answered'],
  ['c8', 'inbound', C, '', T('10:00', 3), T('10:01', 3), '', q.id, '', 0, 'abandoned_queue'],
  [
    'c9',
    'inbound',
    'anonymous',
    '',
    T('14:00'),
    T('14:01'),
    'main>!timeout>bye',
    null,
    '',
    0,
    'abandoned_ivr',
  ],
  ['c10', 'inbound', DD, '', T('15:00'), T('15:01'), '', null, '', 0, 'voicemail'],
];
for (const c of calls) insertCall.run(...c);
// c2's agent held the caller 35 s (the calls builder's hold_seconds)
db.prepare("UPDATE calls SET hold_seconds = 35 WHERE linkedid = 'c2'").run();

db.prepare(
  "INSERT INTO customers (id, name, created_at, updated_at) VALUES (1, '张三', 0, 0), (2, '=cmd()', 0, 0)",
).run();
db.prepare('INSERT INTO customer_numbers (number, customer_id, position) VALUES (?, 1, 0), (?, 2, 0)').run(
  A,
  DD,
);

const wrapUp = db.prepare(
  "INSERT INTO call_wrapups (linkedid, agent, disposition, notes, created_at, updated_at) VALUES (?, ?, ?, '', 0, 0)",
);
wrapUp.run('c1', '1001', 'solved');
wrapUp.run('c2', '1001', 'solved');
wrapUp.run('c6', '1002', 'callback');
wrapUp.run('c7', '1001', 'solved'); // a call of the day before

const ringNoAnswer = db.prepare(
  "INSERT INTO queue_events (at, callid, queue, queue_id, agent, event, data1) VALUES (?, ?, ?, ?, ?, 'RINGNOANSWER', '15000')",
);
ringNoAnswer.run(T('09:00:05'), 'c1', `q${q.id}`, q.id, '1001');
ringNoAnswer.run(T('13:00:10'), 'c5', `q${q.id}`, q.id, '1001');
ringNoAnswer.run(T('13:00:30'), 'c5', `q${q.id}`, q.id, '1002');
ringNoAnswer.run(T('16:00'), 'x9', 'q999', 999, '1003'); // another queue, a seat that is no agent
ringNoAnswer.run(T('23:00:05', -1), 'c7', `q${q.id}`, q.id, '1001'); // the day before

const agentEvent = db.prepare(
  "INSERT INTO agent_events (agent_id, extension, event, reason, source, at) VALUES (?, ?, ?, ?, 'test', ?)",
);
const ev = (ext: string, event: string, reason: string | null, at: number) =>
  agentEvent.run(agentId(ext), ext, event, reason, at * 1000);
ev('1001', 'login', null, T('20:00', -1));
ev('1001', 'pause', '休息', T('22:00', -1)); // paused when the day begins
ev('1001', 'unpause', null, T('00:30'));
ev('1001', 'pause', '用餐', T('12:00'));
ev('1001', 'unpause', null, T('13:00'));
ev('1001', 'logout', null, T('18:00'));
ev('1001', 'pause', '培训', T('19:00')); // while logged out: not counted
ev('1002', 'login', null, T('09:00'));
ev('1002', 'pause', null, T('09:30'));
ev('1002', 'logout', null, T('10:00')); // ends the pause
ev('1002', 'login', null, T('11:00')); // still in at the end of the day

const insertCdr = db.prepare(
  `INSERT INTO cdr (spool_id, start_at, answer_at, end_at, channel, dstchannel, uniqueid, linkedid, did)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')`,
);
let spool = 0;
const cdr = (linkedid: string, start: number, end: number, channel: string, dstchannel = '') =>
  insertCdr.run(++spool, start, start, end, channel, dstchannel, `${linkedid}.u${spool}`, linkedid);
const tr = (n: number) => `PJSIP/trunk-${trunk.id}-0000000${n}`;
cdr('c1', T('09:00'), T('09:00:20'), tr(1)); // the IVR leg and the queue leg of one channel
cdr('c1', T('09:00:20'), T('09:02:30'), tr(1), 'PJSIP/1001-00000010');
cdr('c2', T('09:01'), T('09:05'), tr(2));
cdr('c4', T('09:02:30'), T('09:10'), tr(3)); // starts as c1's channel ends: not concurrent with it
cdr('x1', T('23:50', -1), T('00:20'), tr(4)); // carried over midnight
cdr('c3', T('10:15'), T('10:20'), 'PJSIP/1001-0000000a', tr(5)); // out through the trunk
cdr('c6', T('11:00'), T('11:10'), 'DAHDI/i1/4008001-1');
cdr('e2', T('11:05'), T('11:15'), 'DAHDI/35-1'); // channel 35 is on span 2
cdr('s1', T('12:00'), T('12:01'), 'PJSIP/1001-0000000b', 'PJSIP/1002-0000000c'); // no line

const hour = (hms: string) => new Date(T(hms) * 1000).toISOString();
const day = (d: string) => new Date(`${d}T00:00:00`).toISOString();

t.test(
  'agent performance: answered, talk, hold, wrap-up, logged-in and pause time, occupancy, missed offers',
  async (t) => {
    const r = await api.get(`${R}/agents?${PERIOD}`);
    t.equal(r.from, day(D));
    t.equal(r.to, day('2026-11-11'));
    t.same(r.agents, [
      {
        agent: '1001',
        name: '客服 1001',
        answered: 2, // c1, c2 (c7 is the day before)
        talkSec: 320, // 120 + 200
        holdSec: 35, // c2's hold
        wrapUpSec: 20, // 2 queue calls × 10 s
        loggedInSec: 64800, // 00:00 (in since the evening before) to the 18:00 logout
        pausedSec: 5400, // 休息 00:00–00:30 + 用餐 12:00–13:00
        pauses: [
          { reason: '用餐', seconds: 3600 },
          { reason: '休息', seconds: 1800 },
        ],
        occupancyPct: 0.6, // 340 / (64800 − 5400) = 0.572 %
        missedOffers: 2,
        dispositions: [{ disposition: 'solved', count: 2 }],
      },
      {
        agent: '1002',
        name: '客服 1002',
        answered: 1,
        talkSec: 60,
        holdSec: 0,
        wrapUpSec: 0, // a direct call: no queue wrap-up
        loggedInSec: 50400, // 09:00–10:00 + 11:00–24:00
        pausedSec: 1800, // 09:30 to the 10:00 logout
        pauses: [{ reason: '', seconds: 1800 }],
        occupancyPct: 0.1, // 60 / 48600 = 0.123 %
        missedOffers: 1,
        dispositions: [{ disposition: 'callback', count: 1 }],
      },
      {
        agent: '1003',
        name: null,
        answered: 0,
        talkSec: 0,
        holdSec: 0,
        wrapUpSec: 0,
        loggedInSec: 0,
        pausedSec: 0,
        pauses: [],
        occupancyPct: null,
        missedOffers: 1,
        dispositions: [],
      },
    ]);

    const inQueue = await api.get(`${R}/agents?${PERIOD}&queue=${q.id}`);
    t.same(
      inQueue.agents.map((a: any) => [a.agent, a.answered, a.missedOffers]),
      [
        ['1001', 2, 2],
        ['1002', 0, 1], // no skill in the queue, but the queue rang them
      ],
    );
    const one = await api.get(`${R}/agents?${PERIOD}&agent=1002`);
    t.same(
      one.agents.map((a: any) => a.agent),
      ['1002'],
    );
  },
);

t.test(
  'IVR funnel: per node, entered, keys, timeouts, invalid keys, hang-ups, reached a queue',
  async (t) => {
    const r = await api.get(`${R}/ivr-funnel?${PERIOD}`);
    t.equal(r.calls, 5); // c1 c2 c4 c5 c9
    const node = (id: string) => r.nodes.find((n: any) => n.node === id);
    t.same(node('main'), {
      node: 'main',
      entered: 5, // c5 came back to it and counts once
      keys: { '1': 4 }, // c1 c2 c4 c5
      timedOut: 1, // c9
      invalid: 1, // c5
      hungUp: 0,
      reachedQueue: 3, // c1 c2 c5
    });
    t.same(node('sales'), {
      node: 'sales',
      entered: 4,
      keys: { '1': 2, '2': 1 },
      timedOut: 0,
      invalid: 0,
      hungUp: 1, // c4 hung up at the sales menu
      reachedQueue: 3,
    });
    t.same(node('2'), {
      node: '2',
      entered: 1,
      keys: {},
      timedOut: 0,
      invalid: 0,
      hungUp: 0,
      reachedQueue: 1,
    });
    t.same(node('q'), {
      node: 'q',
      entered: 3,
      keys: {},
      timedOut: 0,
      invalid: 0,
      hungUp: 0,
      reachedQueue: 3,
    });
    // the IVR hung up on c9, not the caller
    t.same(node('bye'), {
      node: 'bye',
      entered: 1,
      keys: {},
      timedOut: 0,
      invalid: 0,
      hungUp: 0,
      reachedQueue: 0,
    });
    t.same(
      r.nodes.slice(0, 3).map((n: any) => n.node),
      ['main', 'sales', 'q'],
    );
    const did = await api.get(`${R}/ivr-funnel?${PERIOD}&did=4008002`);
    t.same(
      did.nodes.map((n: any) => [n.node, n.entered, n.hungUp]),
      [
        ['main', 1, 0],
        ['sales', 1, 1],
      ],
    );
  },
);

t.test('lines: calls and peak channels per hour per trunk, DID and E1 span', async (t) => {
  const r = await api.get(`${R}/lines?${PERIOD}`);
  t.same(r.trunks, [
    {
      trunkId: trunk.id,
      name: '电信',
      calls: 4, // c1 c2 c4 c3; x1 began the day before
      peak: 2,
      busySec: 2340, // 150 + 240 + 450 + 1200 (x1 from midnight) + 300
      hours: [
        { hour: hour('00:00'), calls: 0, peak: 1 },
        { hour: hour('09:00'), calls: 3, peak: 2 },
        { hour: hour('10:00'), calls: 1, peak: 1 },
      ],
    },
  ]);
  t.same(r.dids, [
    {
      did: '4008001',
      calls: 3,
      peak: 2,
      busySec: 990, // 150 + 240 + 600
      hours: [
        { hour: hour('09:00'), calls: 2, peak: 2 },
        { hour: hour('11:00'), calls: 1, peak: 1 },
      ],
    },
    { did: '4008002', calls: 1, peak: 1, busySec: 450, hours: [{ hour: hour('09:00'), calls: 1, peak: 1 }] },
  ]);
  t.same(r.e1Spans, [
    {
      span: 1,
      bearerChannels: 30,
      occupancyPct: 0, // 600 / (30 × 86400) = 0.02 %
      calls: 1,
      peak: 1,
      busySec: 600,
      hours: [{ hour: hour('11:00'), calls: 1, peak: 1 }],
    },
    {
      span: 2,
      bearerChannels: 30,
      occupancyPct: 0,
      calls: 1,
      peak: 1,
      busySec: 600,
      hours: [{ hour: hour('11:00'), calls: 1, peak: 1 }],
    },
  ]);
  const one = await api.get(`${R}/lines?${PERIOD}&trunk=${trunk.id}`);
  t.same([one.trunks.length, one.dids.length, one.e1Spans.length], [1, 0, 0]);
  const queued = await api.get(`${R}/lines?${PERIOD}&queue=${q.id}`);
  t.same(
    queued.trunks.map((x: any) => [x.calls, x.peak]),
    [[2, 2]], // c1 and c2
  );
});

t.test('callers: repeat callers within 24 hours and 7 days, top callers', async (t) => {
  const r = await api.get(`${R}/callers?${PERIOD}`);
  t.same(
    { ...r, top: undefined },
    {
      from: day(D),
      to: day('2026-11-11'),
      callers: 4, // A B C D; anonymous and the outbound c3 do not count
      calls: 6, // c1 c2 c4 c5 c6 c10
      repeat24h: { windowSec: 86400, callers: 2, pct: 50 }, // A (c4), B (c6)
      repeat7d: { windowSec: 604800, callers: 3, pct: 75 }, // and C (c8, three days later)
      top: undefined,
    },
  );
  t.same(r.top, [
    { number: B, customer: null, calls: 2, answered: 2, lastCall: new Date(T('11:00') * 1000).toISOString() },
    {
      number: A,
      customer: '张三',
      calls: 2,
      answered: 1,
      lastCall: new Date(T('09:02:30') * 1000).toISOString(),
    },
    {
      number: DD,
      customer: '=cmd()',
      calls: 1,
      answered: 0,
      lastCall: new Date(T('15:00') * 1000).toISOString(),
    },
    { number: C, customer: null, calls: 1, answered: 0, lastCall: new Date(T('13:00') * 1000).toISOString() },
  ]);
  // through 4008001, A's c1 and B's c2 and c6: A called again (c4, another DID), and B
  const did = await api.get(`${R}/callers?${PERIOD}&did=4008001&top=1`);
  t.same([did.callers, did.calls, did.repeat24h.pct, did.top.length], [2, 3, 100, 1]);
});

t.test('exports: CSV with a BOM and inert formulas, XLSX read back', async (t) => {
  const csv = await api.fetch(`${R}/callers/export?${PERIOD}&format=csv`);
  t.equal(csv.status, 200);
  t.match(csv.headers.get('content-disposition'), /callers\.csv/);
  const bytes = Buffer.from(await csv.arrayBuffer());
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  t.match(text, /^号码,客户,来电,接通,最近来电\r\n/);
  t.match(text, `${DD},'=cmd(),1,0,`);

  const xlsx = await api.fetch(`${R}/agents/export?${PERIOD}&format=xlsx`, undefined, {
    'accept-language': 'en',
  });
  t.equal(xlsx.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
  const sheet = book.worksheets[0]!;
  t.equal(sheet.name, 'Agents');
  t.same((sheet.getRow(1).values as unknown[]).slice(1, 6), [
    'Agent',
    'Name',
    'Answered',
    'Talk (s)',
    'Hold (s)',
  ]);
  t.same((sheet.getRow(2).values as unknown[]).slice(1), [
    '1001',
    '客服 1001',
    2,
    320,
    35,
    20,
    64800,
    5400,
    0.6,
    2,
    '用餐: 3600; 休息: 1800',
    'solved: 2',
  ]);

  for (const path of ['ivr-funnel', 'lines']) {
    const r = await api.fetch(`${R}/${path}/export?${PERIOD}`);
    t.equal(r.status, 200, path);
    const body = Buffer.from(await r.arrayBuffer())
      .subarray(3)
      .toString('utf8');
    t.ok(body.split('\r\n').length > 2, `${path} has rows`);
  }
  const lines = Buffer.from(await (await api.fetch(`${R}/lines/export?${PERIOD}`)).arrayBuffer()).toString(
    'utf8',
  );
  t.match(lines, `did,4008001,${D} 09:00:00,2,2`);
});

t.test('bad queries are refused naming the field', async (t) => {
  const cases: [string, string][] = [
    ['agents?period=custom&from=2026-11-10', 'to'],
    ['agents?period=today&from=2026-11-10', 'from'],
    ['agents?period=someday', 'period'],
    ['agents?period=custom&from=2026-11-11&to=2026-11-10', 'to'],
    ['ivr-funnel?queue=x%3By', 'queue'],
    ['ivr-funnel?agent=1%0A1', 'agent'],
    ['lines?did=%24%7BEXTEN%7D', 'did'],
    ['lines?trunk=-1', 'trunk'],
    [`callers?top=${'9'.repeat(10_000)}`, 'top'],
    ['callers?top=0', 'top'],
    ['callers?sort=asc', 'sort'],
    ['agents/export?format=pdf', 'format'],
    [`callers?did=${encodeURIComponent('客服一组')}`, 'did'],
  ];
  for (const [path, field] of cases) {
    const r = await api.req('GET', `${R}/${path}`);
    t.equal(r.status, 400, path.slice(0, 60));
    t.equal(r.body?.error?.field, field, `${path.slice(0, 60)} names ${field}`);
  }
});

t.test('agents may not read the reports; supervisors may', async (t) => {
  const agent = await box.userApi('a1', 'agent', '1001');
  for (const path of ['agents', 'ivr-funnel', 'lines', 'callers', 'agents/export']) {
    t.equal((await agent.req('GET', `${R}/${path}?${PERIOD}`)).status, 403, path);
  }
  const sup = await box.userApi('sup', 'supervisor');
  t.equal((await sup.req('GET', `${R}/lines?${PERIOD}`)).status, 200);
});

t.test('an IVR path is read with the trees: keys after menus, node ids that look like keys', async (t) => {
  const menus = new Map([
    ['main', true],
    ['7', false],
  ]);
  const isMenu = (n: string) => menus.get(n);
  t.same(parsePath('main>7>7>x', isMenu), [
    { node: 'main', choice: '7' },
    { node: '7', choice: null },
    { node: 'x', choice: null },
  ]);
  // cut short by the IVR (older steps give way to ..); a node no tree has any more: a key-like segment is its choice
  t.same(parsePath('..>gone>3>main>!timeout>bye', isMenu), [
    { node: 'gone', choice: '3' },
    { node: 'main', choice: '!timeout' },
    { node: 'bye', choice: null },
  ]);
});
