import { readFileSync } from 'node:fs';
import t from 'tap';
import { type Api, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';
import { carrierCall, placeCall, rigAmi } from '../support/phones.js';
import { adminStack, carrierTrunk, noCallsUp, seatsWithPhones } from '../support/stack.js';

/**
 * The ACD with real calls: the carrier calls a DID routed to a queue, the
 * agents are phones that register to the box and answer. What is checked
 * is what app_queue did (its AMI events, queue_log, the channels up).
 */
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let boxAmi: Ami;
let phones: PhonesInstance;
let phonesAmi: Ami;
let api: Api;
let queueId: number;
const agentIds: Record<string, number> = {};
const connects: { member: string; caller: string; at: number }[] = [];
const called: { member: string; at: number }[] = [];
/** Callers who left a queue by hanging up (QueueCallerAbandon), by number. */
const abandoned: string[] = [];

const DID = '4008001111';
const OVERFLOW_DID = '4008002222';

const hangupAll = async () => {
  await stack.box.cli('channel request hangup all');
  await noCallsUp(stack.box, 20_000);
};

const oneCallerWaiting = (what: string) =>
  until(what, async () => /1 call/.test(await stack.box.cli(`queue show q${queueId}`)), 15_000);

/** Which seat's phone is connected (Up) to a call on the box right now. */
const seatUp = async () => {
  const chans = await stack.box.cli('core show channels concise');
  return /^PJSIP\/(100[0-9])-[^!]*!(?:[^!]*!){3}Up!/m.exec(chans)?.[1] ?? null;
};

const queueLog = () => readFileSync(stack.box.paths.queueLog, 'utf8');

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  ({ phones } = await seatsWithPhones(stack, api, [
    { extension: '1003' },
    { extension: '1004' },
    { extension: '1005' },
  ]));
  await carrierTrunk(api, carrier);
  const q = await api.post('/api/v1/queues', {
    name: '客服一组',
    number: '8001',
    settings: {
      strategy: 'leastrecent',
      ringTimeoutSeconds: 10,
      wrapUpSeconds: 0,
      maxWaitSeconds: 0,
      announcePosition: false,
      joinEmpty: 'always',
      leaveWhenEmpty: 'always',
      boundAgentSeconds: 10,
    },
  });
  queueId = q.id;
  for (const ext of ['1003', '1004']) {
    agentIds[ext] = (
      await api.post('/api/v1/agents', {
        extension: ext,
        name: `客服 ${ext}`,
        skills: [{ queueId, level: 0 }],
      })
    ).id;
  }
  await api.post('/api/v1/inbound-routes', { did: DID, destination: { type: 'queue', queueId } });
  carrierAmi = await rigAmi(carrier);
  phonesAmi = await rigAmi(phones);
  boxAmi = await rigAmi(stack.box);
  boxAmi.onEvent((e: AmiMessage) => {
    if (e.Event === 'AgentConnect')
      connects.push({ member: e.MemberName ?? '', caller: e.CallerIDNum ?? '', at: Date.now() });
    if (e.Event === 'AgentCalled') called.push({ member: e.MemberName ?? '', at: Date.now() });
    if (e.Event === 'QueueCallerAbandon') abandoned.push(e.CallerIDNum ?? '');
  });
});

t.teardown(async () => {
  await Promise.allSettled([carrierAmi?.stop(), boxAmi?.stop(), phonesAmi?.stop()]);
  await carrier?.destroy();
  await stack?.stop();
});

t.test('a logged-in agent answers a queue call; queue_log has the connect', async (t) => {
  const r = await api.req('POST', `/api/v1/agents/${agentIds['1003']}/login`, {});
  t.equal(r.status, 200);
  t.equal(r.body.applied, true, 'told to app_queue at once');
  t.match(await stack.box.cli(`queue show q${queueId}`), /PJSIP\/1003/);
  await carrierCall(carrierAmi, { did: DID, callerId: '13900000009', seconds: 3 });
  await until('agent 1003 connected', async () => connects.some((c) => c.member === '1003'), 20_000);
  t.equal(await seatUp(), '1003');
  await until(
    'queue_log CONNECT',
    async () => new RegExp(`\\|q${queueId}\\|1003\\|CONNECT\\|`).test(queueLog()),
    10_000,
  );
  await hangupAll();
});

t.test('with two callers waiting and one agent, the VIP who joined later is answered first', async (t) => {
  await api.post('/api/v1/customers', { name: '贵宾客户', numbers: ['13900000002'], vip: 5 });
  await until(
    'VIP level in AstDB',
    async () => /Value: 5/.test(await stack.box.cli('database get hotline-vip 13900000002')),
    10_000,
  );
  await api.post(`/api/v1/agents/${agentIds['1003']}/pause`, { reason: '休息' }, 200);
  connects.length = 0;
  await carrierCall(carrierAmi, { did: DID, callerId: '13900000001', seconds: 30 });
  await oneCallerWaiting('first caller waiting');
  await carrierCall(carrierAmi, { did: DID, callerId: '13900000002', seconds: 30 });
  await until(
    'two callers waiting',
    async () => /2 calls/.test(await stack.box.cli(`queue show q${queueId}`)),
    15_000,
  );
  await api.post(`/api/v1/agents/${agentIds['1003']}/unpause`, {}, 200);
  await until('the agent connected', async () => connects.length > 0, 20_000);
  t.equal(connects[0]!.caller, '13900000002', 'the VIP caller went first');
  await hangupAll();
});

t.test('a caller bound to agent 1003 reaches 1003 although 1004 has been idle longer', async (t) => {
  await api.post(`/api/v1/agents/${agentIds['1004']}/login`, {}, 200);
  await api.post('/api/v1/customers', { name: '专属客户', numbers: ['13900000003'], boundAgent: '1003' });
  await until(
    'binding in AstDB',
    async () => /Value: 1003/.test(await stack.box.cli('database get hotline-bound 13900000003')),
    10_000,
  );
  await carrierCall(carrierAmi, { did: DID, callerId: '13900000003', seconds: 20 });
  t.equal(await until('a seat answered', seatUp, 20_000), '1003');
  await hangupAll();
  // the control: an unbound caller goes to the agent idle longest (leastrecent)
  await carrierCall(carrierAmi, { did: DID, callerId: '13900000004', seconds: 20 });
  t.equal(await until('a seat answered', seatUp, 20_000), '1004');
  await hangupAll();
});

t.test(
  'an agent paused with reason 培训 gets no calls, and is still paused after Asterisk restarts',
  async (t) => {
    await api.post(`/api/v1/agents/${agentIds['1004']}/logout`, {}, 200);
    const r = await api.post(`/api/v1/agents/${agentIds['1003']}/pause`, { reason: '培训' }, 200);
    t.equal(r.state.pauseReason, '培训');
    called.length = 0;
    await carrierCall(carrierAmi, { did: DID, callerId: '13900000005', seconds: 8 });
    await oneCallerWaiting('caller waiting');
    // the caller waits its 8 s and hangs up: app_queue had every chance to offer the call,
    // and its events come in order on one AMI session, so an offer would be in `called` by now
    await until('the caller gave up', async () => abandoned.includes('13900000005'), 40_000);
    t.same(called, [], 'no offer to the paused agent');
    await hangupAll();

    await stack.box.stop({ kill: true });
    await stack.box.start();
    const shown = await until(
      'member re-applied after restart',
      async () => {
        const s = await stack.box.cli(`queue show q${queueId}`).catch(() => '');
        return /PJSIP\/1003/.test(s) ? s : null;
      },
      30_000,
    );
    t.match(shown, /paused:培训/, 'paused with its reason');
    t.notMatch(shown, /PJSIP\/1004/, 'the logged-out agent stays out');
    const a = await api.get(`/api/v1/agents/${agentIds['1003']}`);
    t.match(a.state, { loggedIn: true, paused: true, pauseReason: '培训' });
  },
);

t.test('feature codes dialled on the phone log an agent in and out, and hotlined stores it', async (t) => {
  await until(
    'AMI back',
    async () => (await api.get('/api/v1/system/health')).ami.state === 'connected',
    20_000,
  );
  await placeCall(phonesAmi, '1004', '*61', 4);
  await until(
    '1004 logged in',
    async () => (await api.get(`/api/v1/agents/${agentIds['1004']}`)).state.loggedIn,
    20_000,
  );
  t.match(await stack.box.cli(`queue show q${queueId}`), /PJSIP\/1004/);
  await placeCall(phonesAmi, '1004', '*632', 4);
  const paused = await until(
    '1004 paused by code 2',
    async () => {
      const a = await api.get(`/api/v1/agents/${agentIds['1004']}`);
      return a.state.paused ? a : null;
    },
    20_000,
  );
  t.equal(paused.state.pauseReason, '培训');
  await placeCall(phonesAmi, '1004', '*62', 4);
  await until(
    '1004 logged out',
    async () => !(await api.get(`/api/v1/agents/${agentIds['1004']}`)).state.loggedIn,
    20_000,
  );
  const events = await api.get(`/api/v1/agents/events?agentId=${agentIds['1004']}`);
  t.match(
    events.items.filter((e: any) => e.source === 'phone').map((e: any) => e.event),
    ['login', 'pause', 'logout'],
  );
  await hangupAll();
});

t.test(
  'max wait sends the caller to the overflow; a caller who hangs up while queued is abandoned',
  async (t) => {
    const q2 = await api.post('/api/v1/queues', {
      name: '溢出测试',
      settings: { maxWaitSeconds: 4, joinEmpty: 'always', leaveWhenEmpty: 'always', announcePosition: false },
      overflow: { type: 'seat', extension: '1005' },
    });
    await api.post('/api/v1/inbound-routes', {
      did: OVERFLOW_DID,
      destination: { type: 'queue', queueId: q2.id },
    });
    await carrierCall(carrierAmi, { did: OVERFLOW_DID, callerId: '13900000006', seconds: 15 });
    t.equal(await until('overflow seat answered', seatUp, 25_000), '1005');
    t.match(queueLog(), new RegExp(`\\|q${q2.id}\\|NONE\\|EXITWITHTIMEOUT\\|`));
    await hangupAll();

    await carrierCall(carrierAmi, { did: OVERFLOW_DID, callerId: '13900000007', seconds: 2 });
    const line = await until(
      'ABANDON in queue_log',
      async () =>
        queueLog()
          .split('\n')
          .find((l) => new RegExp(`\\|q${q2.id}\\|NONE\\|ABANDON\\|`).test(l)) ?? null,
      20_000,
    );
    // ABANDON|position|origposition|waittime
    t.ok(Number(line.split('|')[7]) >= 1, `waited ${line.split('|')[7]} s before hanging up`);
  },
);
