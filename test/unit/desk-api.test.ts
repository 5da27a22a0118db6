import t from 'tap';
import { loginCookie } from '../../dev/api-client.js';
import type { Ami } from '../../src/asterisk/ami.js';
import type { ChannelInfo } from '../../src/bus.js';
import { startTestBox, unreachableAmi } from '../support/box.js';
import { openSse } from '../support/sse-client.js';

/**
 * The desk's API on a real box: bus events stand in for the AMI bridge
 * (the same typed events src/asterisk/queue-events.ts publishes), and an
 * AMI that records actions answers the desk's calls. Asterisk stays
 * "disconnected" for everything else (config reloads are deferred).
 */
const actions: [string, Record<string, unknown>][] = [];
/** CoreShowChannels as Asterisk would list the call in progress. */
let channels: Record<string, string>[] = [];
const ami = {
  ...unreachableAmi(),
  async action(name: string, fields: Record<string, unknown> = {}) {
    actions.push([name, fields]);
    if (name === 'Getvar') return { Response: 'Success', Value: '2' };
    return { Response: 'Success' };
  },
  async list(name: string) {
    return name === 'CoreShowChannels' ? channels : [];
  },
} as unknown as Ami;

const box = await startTestBox({ overrides: { ami }, seats: ['1001', '1002', '1003'] });
t.teardown(() => box.close());
const { api, hotline } = box;
const bus = hotline.bus;

const q = await api.post('/api/v1/queues', {
  name: '客服一组',
  number: '8001',
  dispositions: ['已解决', '需回访'],
  screenPopUrl: 'https://crm.example/find?tel={caller}&q={queue}&id={callId}',
});
for (const ext of ['1001', '1002'])
  await api.post('/api/v1/agents', { extension: ext, name: `客服 ${ext}`, skills: [{ queueId: q.id }] });
await api.post('/api/v1/customers', {
  name: '张三',
  company: '华南电力有限公司',
  numbers: ['13800138000'],
  vip: 3,
  boundAgent: '1001',
  notes: '老客户',
});
// outside numbers: national ones for seat 1001 (class national by default), international above it
const trunk = await api.post('/api/v1/trunks', {
  kind: 'sip',
  name: 'carrier',
  host: '127.0.0.2',
  auth: 'ip',
});
for (const [name, patterns, requiredClass] of [
  // matched in this order: 00… is international before _0X. could take it
  ['International', ['_00X.'], 'international'],
  ['国内', ['_0X.', '_+86X.'], 'national'],
] as const)
  await api.post('/api/v1/outbound-routes', { name, patterns, requiredClass, trunkIds: [trunk.id] });
await api.req('PUT', '/api/v1/outbound-routes/deny-list', { patterns: ['_1900X.'] });
const a1 = await box.userApi('a1', 'agent', '1001');
const a2 = await box.userApi('a2', 'agent', '1002');
const sup = await box.userApi('sup', 'supervisor');
const cookie = (u: string) => loginCookie(box.url, u, 'correct horse battery');
const sse = async (user: string, query = '') => {
  const c = await openSse(`${box.url}/api/v1/desk/events${query}`, { cookie: await cookie(user) });
  t.teardown(() => c.close());
  return c;
};

const CALLER = '1764000000.7';
const chan = (over: Partial<ChannelInfo>): ChannelInfo => ({
  uniqueid: CALLER,
  linkedid: CALLER,
  channel: 'PJSIP/carrier-00000001',
  state: 'Ring',
  callerIdNum: '13800138000',
  connectedLineNum: '',
  exten: '88001234',
  context: 'from-trunks',
  at: Date.now(),
  ...over,
});
/** A carrier call through the IVR into the queue, ringing `member`. */
const ring = (uniqueid: string, member: string, waitMs = 12_000) => {
  const at = Date.now();
  bus.emit('channel.created', chan({ uniqueid, linkedid: uniqueid, at: at - waitMs - 5000 }));
  bus.emit('ivr.path', { channelId: uniqueid, ivrId: 1, path: ['main', '2', 'sales', '1'] });
  bus.emit('queue.caller.joined', {
    queue: `q${q.id}`,
    uniqueid,
    at: at - waitMs,
    callerIdNum: '13800138000',
    callerIdName: '<unknown>',
    position: 1,
  });
  bus.emit('queue.agent.called', { queue: `q${q.id}`, uniqueid, member, interface: `PJSIP/${member}`, at });
};

t.test(
  'queues hold dispositions and a screen-pop template; hostile values are 400 naming the field',
  async (t) => {
    const got = await api.get(`/api/v1/queues/${q.id}`);
    t.same(got.dispositions, ['已解决', '需回访']);
    t.equal(got.screenPopUrl, 'https://crm.example/find?tel={caller}&q={queue}&id={callId}');
    const bad: [unknown, string][] = [
      ['javascript:alert(1)', 'screenPopUrl'],
      ['https://crm.example/?x={evil}', 'screenPopUrl'],
      ['https://crm.example/?x=${CALLERID(num)}', 'screenPopUrl'],
      ['https://{caller}.example/', 'screenPopUrl'],
      ['https://crm.example/\n?x=1', 'screenPopUrl'],
      ['https://crm.example/"onload="x', 'screenPopUrl'],
      ['ftp://crm.example/', 'screenPopUrl'],
      [`https://crm.example/${'a'.repeat(10_000)}`, 'screenPopUrl'],
      ['https://user:pw@crm.example/', 'screenPopUrl'],
      [42, 'screenPopUrl'],
    ];
    for (const [value, field] of bad) {
      const r = await api.req('PATCH', `/api/v1/queues/${q.id}`, { screenPopUrl: value });
      t.equal(r.status, 400, `screenPopUrl ${JSON.stringify(value).slice(0, 40)}`);
      t.equal(r.body?.error?.field, field);
    }
    for (const value of [
      ['a\nb'],
      ['<script>'],
      ['x'.repeat(33)],
      ['已解决', '已解决'],
      [''],
      ['{x}'],
      'x',
      [1],
    ]) {
      const r = await api.req('PATCH', `/api/v1/queues/${q.id}`, { dispositions: value });
      t.equal(r.status, 400, `dispositions ${JSON.stringify(value).slice(0, 40)}`);
      t.match(r.body?.error?.field, /^dispositions/);
    }
    t.same((await api.get(`/api/v1/queues/${q.id}`)).dispositions, ['已解决', '需回访'], 'unchanged');
  },
);

t.test(
  'a ringing call pops up at the agent’s own desk only, with everything known about the caller',
  async (t) => {
    const mine = await sse('a1');
    const other = await sse('a2');
    await mine.waitFor((e) => e.event === 'state', 'first state');
    await other.waitFor((e) => e.event === 'state', 'first state of 1002');
    ring(CALLER, '1001');
    const pop = JSON.parse((await mine.waitFor((e) => e.event === 'ringing', 'ringing')).data);
    t.match(pop, {
      callId: CALLER,
      uniqueid: CALLER,
      agent: '1001',
      caller: { number: '13800138000' },
      did: '88001234',
      customer: { name: '张三', company: '华南电力有限公司', vip: 3, boundAgent: '1001', notes: '老客户' },
      ivr: { ivrId: 1, path: ['main', '2', 'sales', '1'], keys: '21' },
      queue: { id: q.id, section: `q${q.id}`, name: '客服一组', dispositions: ['已解决', '需回访'] },
      screenPopUrl: `https://crm.example/find?tel=13800138000&q=${encodeURIComponent('客服一组')}&id=${CALLER}`,
      recentCalls: [],
      openTickets: [],
    });
    t.equal(pop.queue.waitedSec, 12, 'waited from queue entry to the agent being called (event times)');
    // the other desk gets its own call's pop and never saw the first one
    ring('1764000000.9', '1002');
    await other.waitFor((e) => e.event === 'ringing', 'ringing at 1002');
    t.notOk(
      other.events.some((e) => e.event === 'ringing' && e.data.includes(CALLER)),
      '1002 never saw 1001’s call',
    );
    t.notOk(
      mine.events.some((e) => e.data.includes('1764000000.9')),
      '1001 never saw 1002’s call',
    );
    const state = mine.events.filter((e) => e.event === 'state').map((e) => JSON.parse(e.data));
    t.ok(state.length >= 1 && state[0].extension === '1001', 'states are the seat’s own');
  },
);

t.test('answered and hungup follow the seat’s own channel', async (t) => {
  const mine = await sse('a1');
  await mine.waitFor((e) => e.event === 'state', 'first state');
  const agentLeg = { channel: 'PJSIP/1001-0000002a', uniqueid: '1764000000.8', linkedid: CALLER };
  bus.emit('channel.created', chan({ ...agentLeg, state: 'Down', exten: 's' }));
  bus.emit('channel.state', chan({ ...agentLeg, state: 'Up', exten: 's' }));
  const answered = JSON.parse((await mine.waitFor((e) => e.event === 'answered', 'answered')).data);
  t.match(answered, { callId: CALLER, uniqueid: '1764000000.8', queue: `q${q.id}` });
  bus.emit('channel.hungup', { uniqueid: '1764000000.8', linkedid: CALLER, cause: 16, at: Date.now() });
  const hungup = JSON.parse((await mine.waitFor((e) => e.event === 'hungup', 'hungup')).data);
  t.match(hungup, { callId: CALLER, answered: true, cause: 16 });
});

t.test(
  'a call straight to the seat pops when Asterisk dials its phone; the seat’s own click-to-call does not',
  async (t) => {
    const mine = await sse('a1');
    await mine.waitFor((e) => e.event === 'state', 'first state');
    const pops = () => mine.events.filter((e) => e.event === 'ringing').map((e) => JSON.parse(e.data).callId);
    // click-to-call: the seat's channel is its call's first
    const own = { channel: 'PJSIP/1001-00000030', uniqueid: '1764000100.1', linkedid: '1764000100.1' };
    bus.emit('channel.created', chan({ ...own, state: 'Down', exten: 's' }));
    bus.emit('channel.state', chan({ ...own, state: 'Ringing', exten: 's' }));
    // a queue call rings the phone too: AgentCalled popped it already
    const queued = '1764000100.5';
    ring(queued, '1001');
    await mine.waitFor((e) => e.event === 'ringing' && e.data.includes(queued), 'queue pop');
    const queueLeg = { channel: 'PJSIP/1001-00000031', uniqueid: '1764000100.6', linkedid: queued };
    bus.emit('channel.created', chan({ ...queueLeg, state: 'Down', exten: 's' }));
    bus.emit('channel.state', chan({ ...queueLeg, state: 'Ringing', exten: 's' }));
    // a DID routed to the seat: the carrier's channel, then the seat's, ringing
    const direct = '1764000100.9';
    bus.emit('channel.created', chan({ uniqueid: direct, linkedid: direct, exten: '88005555' }));
    bus.emit('ivr.path', { channelId: direct, ivrId: 2, path: ['night', '0'] });
    const leg = { channel: 'PJSIP/1001-00000032', uniqueid: '1764000100.10', linkedid: direct };
    bus.emit('channel.created', chan({ ...leg, state: 'Down', exten: 's', callerIdNum: '1001' }));
    bus.emit('channel.state', chan({ ...leg, state: 'Ringing', exten: 's', callerIdNum: '1001' }));
    bus.emit('channel.state', chan({ ...leg, state: 'Ringing', exten: 's', callerIdNum: '1001' }));
    const pop = JSON.parse(
      (await mine.waitFor((e) => e.event === 'ringing' && e.data.includes(direct), 'direct')).data,
    );
    t.match(pop, {
      callId: direct,
      agent: '1001',
      caller: { number: '13800138000' },
      did: '88005555',
      customer: { name: '张三', company: '华南电力有限公司', vip: 3 },
      ivr: { ivrId: 2, path: ['night', '0'], keys: '0' },
      queue: null,
      openTickets: [],
    });
    t.ok(Array.isArray(pop.recentCalls), 'the number’s last calls');
    t.same(pops().slice(-2), [queued, direct], 'one pop each; none for the seat calling out');
    t.notOk(pops().includes(own.linkedid));
    // the desk opened while it rings gets the pop first
    const late = await sse('a1');
    t.match(JSON.parse((await late.waitFor((e) => e.event === 'ringing', 'hello pop')).data), {
      callId: direct,
    });
    for (const [u, l] of [
      [own.uniqueid, own.linkedid],
      [queueLeg.uniqueid, queued],
      [leg.uniqueid, direct],
    ] as const)
      bus.emit('channel.hungup', { uniqueid: u, linkedid: l, cause: 16, at: Date.now() });
  },
);

t.test('whose desk: agents only their own (403), supervisors name one', async (t) => {
  const r = await a1.req('GET', '/api/v1/desk/events?agent=1002');
  t.equal(r.status, 403);
  t.equal(r.body.error.field, 'agent');
  const all = await sse('sup');
  ring('1764000000.30', '1002');
  await all.waitFor(
    (e) => e.event === 'ringing' && JSON.parse(e.data).agent === '1002',
    'a supervisor sees every seat',
  );
  t.equal((await sup.req('GET', '/api/v1/desk/events?agent=1%0A1')).status, 400);
  const watching = await sse('sup', '?agent=1002');
  t.equal(watching.status, 200);
  await watching.waitFor(
    (e) => e.event === 'state' && JSON.parse(e.data).extension === '1002',
    'state of 1002',
  );
  for (const path of ['/login', '/logout', '/unpause', '/hangup', '/transfer/cancel'])
    t.equal((await a1.req('POST', `/api/v1/desk${path}?agent=1002`)).status, 403, path);
  t.equal((await a1.req('POST', '/api/v1/desk/pause?agent=1002', { reason: 1 })).status, 403);
});

t.test('the screen-pop on demand: the seat’s own calls only', async (t) => {
  const customer = (await api.get('/api/v1/customers?q=张三')).items[0];
  const open = await api.post('/api/v1/tickets', { title: '宽带报修', customerId: customer.id });
  const done = await api.post('/api/v1/tickets', { title: '已处理的咨询', customerId: customer.id });
  for (const status of ['in_progress', 'follow_up', 'resolved'])
    t.equal((await api.req('PATCH', `/api/v1/tickets/${done.id}`, { status })).status, 200, status);
  const r = await a1.req('GET', `/api/v1/desk/context?callId=${CALLER}`);
  t.equal(r.status, 200);
  t.match(r.body, { callId: CALLER, customer: { name: '张三', vip: 3 } });
  t.same(
    r.body.openTickets.map((x: { number: string }) => x.number),
    [open.number],
    'the caller’s open tickets, not the resolved one',
  );
  t.equal((await a2.req('GET', `/api/v1/desk/context?callId=${CALLER}`)).status, 403);
  t.equal((await sup.req('GET', `/api/v1/desk/context?agent=1002&callId=${CALLER}`)).status, 200);
  t.equal((await a1.req('GET', '/api/v1/desk/context?callId=1764000000.99')).status, 404);
  const bad = await a1.req('GET', '/api/v1/desk/context?callId=x;y');
  t.equal(bad.status, 400);
  t.equal(bad.body.error.field, 'callId');
});

t.test('login, pause and unpause act on the agent’s own seat through the agents domain', async (t) => {
  const inn = await a1.req('POST', '/api/v1/desk/login');
  t.equal(inn.status, 200, JSON.stringify(inn.body));
  t.match(inn.body, { extension: '1001', state: { loggedIn: true, paused: false } });
  const reasons = (await a1.get('/api/v1/agents/pause-reasons')).items;
  const p = await a1.req('POST', '/api/v1/desk/pause', { reason: reasons[0].name });
  t.match(p.body, { state: { paused: true, pauseReason: reasons[0].name } });
  const bad = await a1.req('POST', '/api/v1/desk/pause', { reason: 'x;y' });
  t.equal(bad.status, 400);
  t.equal(bad.body.error.field, 'reason');
  t.match((await a1.req('POST', '/api/v1/desk/unpause')).body, { state: { paused: false } });
  const byAgents = await api.get('/api/v1/agents?q=1001');
  t.match(byAgents.items[0].state, { loggedIn: true, paused: false }, 'the agents domain holds it');
});

t.test('click-to-call originates from the seat in the seats’ dialplan; numbers are strict', async (t) => {
  for (const number of [
    '1;2',
    '12\n34',
    '${EXTEN}',
    '10,20',
    '[12]',
    '"1"',
    '9'.repeat(10_000),
    '客服一组',
    '',
    12345,
    '*61',
  ]) {
    actions.length = 0;
    const r = await a1.req('POST', '/api/v1/desk/dial', { number });
    t.equal(r.status, 400, `number ${JSON.stringify(number).slice(0, 30)}`);
    t.equal(r.body.error.field, 'number');
    t.equal(actions.length, 0, 'nothing reached AMI');
  }
  actions.length = 0;
  const ok = await a1.req('POST', '/api/v1/desk/dial', { number: '+8613900139000' });
  t.equal(ok.status, 200);
  t.match(actions, [
    ['Originate', { Channel: 'PJSIP/1001', Context: 'from-seats', Exten: '+8613900139000', Priority: '1' }],
  ]);
  for (const [number, status] of [
    ['19001234', 403],
    ['00441234567890', 403],
    ['7777777', 400],
  ] as const) {
    actions.length = 0;
    const r = await a1.req('POST', '/api/v1/desk/dial', { number });
    t.equal(r.status, status, `${number}: ${r.body.error.message}`);
    t.equal(r.body.error.field, 'number');
    t.equal(actions.length, 0, 'nothing reached AMI');
  }
  actions.length = 0;
  t.equal(
    (await a1.req('POST', '/api/v1/desk/dial', { number: '1002' })).status,
    200,
    'a seat needs no route',
  );
});

const onCall = () => {
  channels = [
    {
      Channel: 'PJSIP/carrier-00000001',
      Uniqueid: CALLER,
      Linkedid: CALLER,
      ChannelStateDesc: 'Up',
      BridgeId: 'b1',
    },
    {
      Channel: 'PJSIP/1001-0000002a',
      Uniqueid: '1764000000.8',
      Linkedid: CALLER,
      ChannelStateDesc: 'Up',
      BridgeId: 'b1',
    },
  ];
};

t.test('transfers: blind to a number carries the agent’s class; attended dials through Atxfer', async (t) => {
  channels = [];
  t.equal(
    (
      await a1.req('POST', '/api/v1/desk/transfer', {
        mode: 'blind',
        target: { type: 'seat', extension: '1002' },
      })
    ).status,
    409,
    'not on a call',
  );
  onCall();
  actions.length = 0;
  const blind = await a1.req('POST', '/api/v1/desk/transfer', {
    mode: 'blind',
    target: { type: 'number', number: '013912345678' },
  });
  t.equal(blind.status, 200, JSON.stringify(blind.body));
  t.same(blind.body, { callId: CALLER });
  t.match(actions, [
    ['Getvar', { Channel: 'PJSIP/1001-0000002a', Variable: 'HOTLINE_CLASS' }],
    ['Setvar', { Channel: 'PJSIP/carrier-00000001', Variable: 'HOTLINE_CLASS', Value: '2' }],
    ['BlindTransfer', { Channel: 'PJSIP/1001-0000002a', Context: 'from-seats', Exten: '013912345678' }],
  ]);
  actions.length = 0;
  await a1.req('POST', '/api/v1/desk/transfer', { mode: 'blind', target: { type: 'queue', queueId: q.id } });
  t.match(actions, [['BlindTransfer', { Context: `hotline-queue-${q.id}`, Exten: 's' }]]);
  actions.length = 0;
  const att = await a1.req('POST', '/api/v1/desk/transfer', {
    mode: 'attended',
    target: { type: 'seat', extension: '1002' },
  });
  t.equal(att.status, 200);
  t.match(actions, [
    ['Getvar', {}],
    ['Setvar', { Channel: 'PJSIP/1001-0000002a', Variable: '__HOTLINE_CLASS', Value: '2' }],
    ['Atxfer', { Channel: 'PJSIP/1001-0000002a', Context: 'hotline-seats', Exten: '1002' }],
  ]);
  actions.length = 0;
  await a1.req('POST', '/api/v1/desk/transfer', {
    mode: 'attended',
    target: { type: 'number', number: '013912345678' },
  });
  t.match(
    actions.at(-1),
    ['Atxfer', { Context: 'from-seats', Exten: '013912345678#' }],
    'an outside number ends with # (no digit timeout)',
  );
  for (const mode of ['blind', 'attended'])
    for (const number of ['19001234', '00441234567890']) {
      actions.length = 0;
      const r = await a1.req('POST', '/api/v1/desk/transfer', { mode, target: { type: 'number', number } });
      t.equal(r.status, 403, `${mode} ${number}`);
      t.equal(r.body.error.field, 'target.number');
      t.equal(actions.length, 0, 'the call is left alone');
    }
  for (const [body, field] of [
    [{ mode: 'blind', target: { type: 'seat', extension: '9999' } }, 'target.extension'],
    [{ mode: 'blind', target: { type: 'seat', extension: '1001' } }, 'target.extension'],
    [{ mode: 'blind', target: { type: 'queue', queueId: 999 } }, 'target.queueId'],
    [{ mode: 'blind', target: { type: 'number', number: '1\n2' } }, 'target.number'],
    [{ mode: 'sideways', target: { type: 'seat', extension: '1002' } }, 'mode'],
    [{ mode: 'blind', target: { type: 'fax' } }, 'target.type'],
  ] as [unknown, string][]) {
    actions.length = 0;
    const r = await a1.req('POST', '/api/v1/desk/transfer', body);
    t.equal(r.status, 400, JSON.stringify(body));
    t.equal(r.body.error.field, field);
    t.equal(actions.length, 0);
  }
});

t.test('conference: both legs into the call’s ConfBridge room, the expert called in', async (t) => {
  onCall();
  actions.length = 0;
  const r = await a1.req('POST', '/api/v1/desk/conference', { extension: '1003' });
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.same(r.body, { callId: CALLER, room: '17640000007' });
  t.match(actions, [
    [
      'Redirect',
      {
        Channel: 'PJSIP/carrier-00000001',
        ExtraChannel: 'PJSIP/1001-0000002a',
        Context: 'hotline-desk-conference',
        Exten: '17640000007',
        ExtraExten: '17640000007',
      },
    ],
    ['Originate', { Channel: 'PJSIP/1003', Context: 'hotline-desk-conference', Exten: '17640000007' }],
  ]);
  t.equal((await a1.req('POST', '/api/v1/desk/conference', { extension: '1001' })).status, 400);
  t.equal((await a1.req('POST', '/api/v1/desk/conference', { extension: '10;3' })).status, 400);
});

t.test('wrap-up: only the agent who took the call; the queue’s codes; shown on /api/v1/calls', async (t) => {
  // the calls row as the calls domain builds it from the CDRs
  hotline.db
    .prepare(
      `INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds,
         agent, talk_seconds, outcome, recording, updated_at)
       VALUES (?, 'inbound', '13800138000', '88001234', ?, ?, 'main>2>sales>1', ?, 12, '1001', 30, 'answered', '', ?)`,
    )
    .run(CALLER, Math.floor(Date.now() / 1000) - 60, Math.floor(Date.now() / 1000), q.id, Date.now());
  const body = { callId: CALLER, disposition: '需回访', notes: '客户要求明天回电\n第二行' };
  t.equal((await a2.req('POST', '/api/v1/desk/wrapup', body)).status, 403, 'another agent');
  t.equal((await sup.req('POST', '/api/v1/desk/wrapup', body)).status, 403, 'a supervisor without the call');
  t.equal((await a1.req('POST', '/api/v1/desk/wrapup', { ...body, callId: '1764000000.55' })).status, 404);
  for (const [b, field] of [
    [{ ...body, disposition: '别的' }, 'disposition'],
    [{ ...body, disposition: '<script>' }, 'disposition'],
    [{ ...body, notes: 'x'.repeat(10_000) }, 'notes'],
    [{ ...body, notes: 'a\u0000b' }, 'notes'],
    [{ ...body, callId: '../1' }, 'callId'],
    [{ ...body, extra: 1 }, 'extra'],
  ] as [unknown, string][]) {
    const r = await a1.req('POST', '/api/v1/desk/wrapup', b);
    t.equal(r.status, 400, JSON.stringify(b).slice(0, 60));
    t.equal(r.body.error.field, field);
  }
  const ok = await a1.req('POST', '/api/v1/desk/wrapup', body);
  t.equal(ok.status, 200, JSON.stringify(ok.body));
  const listed = (await a1.get('/api/v1/calls')).items.find(
    (c: { linkedid: string }) => c.linkedid === CALLER,
  );
  t.match(listed.wrapUp, { agent: '1001', disposition: '需回访', notes: '客户要求明天回电\n第二行' });
  const audit = hotline.db.prepare("SELECT action FROM audit_log WHERE entity = 'call_wrapup'").pluck().all();
  t.same(audit, ['create']);
  // the ring before the wrap-up is remembered for the next pop of this number
  ring('1764000000.20', '1001');
  const c = await a1.req('GET', '/api/v1/desk/context?callId=1764000000.20');
  t.equal(c.body.recentCalls[0]?.linkedid, CALLER, 'the earlier call is in the history');
  t.equal(c.body.recentCalls[0]?.wrapUp?.disposition, '需回访');
});

t.test('an agent’s history holds only their own calls', async (t) => {
  t.equal((await a2.get('/api/v1/calls')).items.length, 0);
  t.equal((await a2.req('GET', '/api/v1/calls?agent=1001')).status, 403);
});

t.test('the transfer directory: seats and queues by name, no secrets, for agents too', async (t) => {
  const d = await a1.get('/api/v1/desk/directory');
  t.same(
    d.seats.map((s: { extension: string }) => s.extension),
    ['1001', '1002', '1003'],
  );
  t.same(Object.keys(d.seats[0]).sort(), ['extension', 'name'], 'no secret, no settings');
  t.same(d.queues, [{ id: q.id, name: '客服一组' }]);
  const anon = await fetch(`${box.url}/api/v1/desk/directory`);
  t.equal(anon.status, 401);
});
