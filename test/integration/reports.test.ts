import t from 'tap';
import { type Api, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { bridgeOf, isSeat } from '../support/bridges.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { figuresByHand } from '../support/report-figures.js';
import { adminStack, carrierTrunk, noCallsUp, seatsWithPhones } from '../support/stack.js';

/**
 * Reports on real calls match the call list figure by figure: carrier calls
 * into a real app_queue queue are answered by agent 1001's auto-answering
 * phone (one of them blind-transferred by the agent to seat 1002 through the
 * desk, AMI BlindTransfer), abandoned short (3 s) and long (9 s), and sent to the overflow by
 * the queue's max wait (12 s); two more go through an IVR (one presses 1 for
 * the queue, one hangs up in the menu); hotlined builds the calls from CDRs and
 * queue_log and keeps the rollups in step; the queue summary and the
 * distribution then equal what the test counts from GET /calls.
 */
// seven real calls one after another (the overflow alone waits 12 s): more than the default file time
t.setTimeout(480_000);

let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let boxAmi: Ami;
let phonesAmi: Ami;
let phones: PhonesInstance;
let api: Api;
const DID = '80002';
const IVR_DID = '80003';
const started = Math.floor(Date.now() / 1000) - 60;

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  ({ phones } = await seatsWithPhones(stack, api, [
    { extension: '1001', name: '坐席 张三' },
    { extension: '1002', name: '专家 李四' },
  ]));
  await carrierTrunk(api, carrier);
  carrierAmi = await rigAmi(carrier);
  boxAmi = await rigAmi(stack.box);
  phonesAmi = await rigAmi(phones);
});

t.teardown(async () => {
  await Promise.allSettled([carrierAmi?.stop(), boxAmi?.stop(), phonesAmi?.stop()]);
  await carrier?.destroy();
  await stack?.stop();
});

const idle = () => noCallsUp(stack.box);
const listed = async () =>
  (await api.get(`/api/v1/calls?from=${started}&limit=500&sort=asc`)).items as {
    queueId: number | null;
    outcome: string;
    waitSeconds: number | null;
    talkSeconds: number;
    holdSeconds: number;
    transfers: number;
    ivrPath: string;
    agent: string;
  }[];

t.test('a day of real queue calls: the report equals the call list', async (t) => {
  const q = await api.post('/api/v1/queues', {
    name: '客服一组',
    settings: {
      strategy: 'ringall',
      wrapUpSeconds: 3,
      maxWaitSeconds: 12,
      serviceLevelSeconds: 20,
      joinEmpty: 'always',
      // a paused agent is still logged in: callers stay until they hang up or the max wait
      leaveWhenEmpty: 'loggedIn',
      announcePosition: false,
      boundAgentSeconds: 0,
    },
  });
  await api.post('/api/v1/inbound-routes', { did: DID, destination: { type: 'queue', queueId: q.id } });
  const agent = await api.post('/api/v1/agents', {
    extension: '1001',
    name: '坐席 张三',
    skills: [{ queueId: q.id, level: 0 }],
  });

  // answered: the agent's phone answers, talks 2 s, holds 4 s and resumes; the caller hangs up
  // hold as the box's Asterisk saw it: its Hold and Unhold events on the agent's channel (event times)
  const holds: { held: boolean; at: number }[] = [];
  const offHolds = boxAmi.onEvent((e) => {
    if ((e.Event === 'Hold' || e.Event === 'Unhold') && /^PJSIP\/1001-/.test(e.Channel ?? ''))
      holds.push({ held: e.Event === 'Hold', at: Number(e.Timestamp) });
  });
  await phonesAmi.action('Setvar', { Variable: 'HOLD_1001', Value: '4' });
  await api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
  await carrierCall(carrierAmi, { did: DID, callerId: '13800138001', seconds: 12 });
  await until('the answered call in the list', async () => (await listed()).length === 1, 60_000);
  await idle();
  offHolds();
  await phonesAmi.action('Setvar', { Variable: 'HOLD_1001', Value: '' });
  t.same(
    holds.map((h) => h.held),
    [true, false],
    'the agent side held the call once and resumed',
  );
  const measuredHold = holds.length === 2 ? holds[1]!.at - holds[0]!.at : 0;
  t.ok(Math.abs(measuredHold - 4) < 1, `the box saw ${measuredHold.toFixed(2)} s of hold`);

  // answered, then the agent's desk passes it on to seat 1002 (a blind transfer: queue_log BLINDTRANSFER)
  await carrierCall(carrierAmi, { did: DID, callerId: '13800138002', seconds: 12 });
  await until(
    'agent 1001 talking',
    async () => (await bridgeOf(boxAmi, isSeat('1001')))?.length === 2,
    30_000,
  );
  const moved = await api.req('POST', '/api/v1/desk/transfer?agent=1001', {
    mode: 'blind',
    target: { type: 'seat', extension: '1002' },
  });
  t.equal(moved.status, 200, `the blind transfer: ${JSON.stringify(moved.body)}`);
  await until('the transferred call in the list', async () => (await listed()).length === 2, 60_000);
  await idle();

  // through the IVR: one caller presses 1 and the agent answers, one hangs up during the menu
  const menu = await api.post('/api/v1/prompts', { name: '菜单', text: '咨询请按一', language: 'zh' });
  const ivr = await api.post('/api/v1/ivrs', {
    name: '客服热线',
    tree: {
      start: 'main',
      nodes: {
        main: {
          type: 'menu',
          promptId: menu.id,
          options: { '1': 'queue' },
          timeoutSeconds: 10,
          onTimeout: 'bye',
          onInvalid: 'bye',
        },
        queue: { type: 'transfer', destination: { type: 'queue', queueId: q.id } },
        bye: { type: 'hangup' },
      },
    },
  });
  await api.post('/api/v1/inbound-routes', { did: IVR_DID, destination: { type: 'ivr', ivrId: ivr.id } });
  await carrierCall(carrierAmi, {
    did: IVR_DID,
    callerId: '13800138006',
    dtmf: '1',
    dtmfDelay: 2,
    seconds: 8,
  });
  await until('the IVR call answered and listed', async () => (await listed()).length === 3, 60_000);
  await idle();
  await carrierCall(carrierAmi, { did: IVR_DID, callerId: '13800138007', seconds: 2 });
  await until('the IVR hang-up listed', async () => (await listed()).length === 4, 60_000);
  await idle();
  await api.post(`/api/v1/agents/${agent.id}/pause`, { reason: '培训' }, 200);

  // nobody to answer: a short abandon, a long one, and a caller the max wait sends to the overflow
  for (const [callerId, seconds, count] of [
    ['13800138003', 3, 5],
    ['13800138004', 9, 6],
    ['13800138005', 30, 7],
  ] as const) {
    await carrierCall(carrierAmi, { did: DID, callerId, seconds });
    await until(`call ${callerId} over`, async () => (await listed()).length >= count, 60_000);
    await idle();
  }
  const calls = await until(
    'every call built with its fate',
    async () => {
      const l = await listed();
      return l.length === 7 && l.every((c) => c.outcome !== 'missed') ? l : null;
    },
    60_000,
  );
  t.same(
    calls.map((c) => c.outcome),
    ['answered', 'answered', 'answered', 'abandoned_ivr', 'abandoned_queue', 'abandoned_queue', 'overflow'],
    'each call has the fate it was given',
  );
  t.same(
    calls.map((c) => c.transfers),
    [0, 1, 0, 0, 0, 0, 0],
    'the call list counts the transfer',
  );
  t.ok(
    Math.abs(calls[0]!.holdSeconds - measuredHold) <= 1,
    `the held call's holdSeconds ${calls[0]!.holdSeconds}, measured ${measuredHold.toFixed(2)} s`,
  );
  t.same(
    calls.slice(1).map((c) => c.holdSeconds),
    [0, 0, 0, 0, 0, 0],
    'no hold on the other calls',
  );

  const period = `period=custom&from=${started}&to=${Math.floor(Date.now() / 1000) + 900}`;
  const expected = figuresByHand(calls, () => 20);
  t.match(expected, { offered: 6, answered: 3, shortAbandoned: 1, abandoned: 1, overflow: 1, transfers: 1 });
  const r = await until(
    'the rollups in step with the calls',
    async () => {
      const s = await api.get(`/api/v1/reports/queues?${period}`);
      return s.total.offered === 6 && s.total.overflow === 1 ? s : null;
    },
    30_000,
  );
  t.match(r.queues[0], { id: q.id, ...expected }, 'the queue summary');
  t.match(r.total, expected, 'the total');
  t.equal(r.total.wrapUpSec, 9, 'wrap-up: 3 s × three answered calls');
  t.equal(r.total.holdSec, calls[0]!.holdSeconds, 'the queue summary carries the hold');
  const agents = await api.get(`/api/v1/reports/agents?${period}`);
  const perf = agents.agents.find((a: { agent: string }) => a.agent === '1001');
  t.ok(
    Math.abs(perf.holdSec - measuredHold) <= 1,
    `agent 1001's holdSec ${perf.holdSec}, measured ${measuredHold.toFixed(2)} s`,
  );
  const mine = await api.get(`/api/v1/reports/queues?${period}&agent=1001`);
  t.match(
    mine.total,
    figuresByHand(
      calls.filter((c) => c.agent === '1001'),
      () => 20,
    ),
    'agent 1001',
  );
  const d = await api.get(`/api/v1/reports/distribution?${period}&interval=day`);
  const days = d.points.filter((p: { offered: number }) => p.offered > 0);
  t.equal(
    days.reduce((s: number, p: { offered: number }) => s + p.offered, 0),
    6,
  );
  t.equal(
    days.reduce((s: number, p: { answered: number }) => s + p.answered, 0),
    3,
  );

  // the IVR funnel against the paths in the call list: menu node, its key, the hang-up, the queue reached
  const viaIvr = calls.filter((c) => c.ivrPath !== '');
  t.same(
    viaIvr.map((c) => c.ivrPath),
    ['main>1>queue', 'main'],
    'the paths the callers took',
  );
  const funnel = await api.get(`/api/v1/reports/ivr-funnel?${period}`);
  t.equal(funnel.calls, viaIvr.length, 'calls through the IVR');
  const node = (id: string) => funnel.nodes.find((n: { node: string }) => n.node === id);
  t.match(node('main'), {
    entered: viaIvr.filter((c) => c.ivrPath.split('>')[0] === 'main').length,
    keys: { '1': viaIvr.filter((c) => c.ivrPath.startsWith('main>1')).length },
    hungUp: viaIvr.filter((c) => c.outcome === 'abandoned_ivr' && c.ivrPath === 'main').length,
    reachedQueue: viaIvr.filter((c) => c.queueId !== null).length,
  });
  t.match(node('queue'), { entered: 1, reachedQueue: 1 });
});
