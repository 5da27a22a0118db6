import t from 'tap';
import { type Api, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { figuresByHand } from '../support/report-figures.js';
import { adminStack, carrierTrunk, noCallsUp, seatsWithPhones } from '../support/stack.js';

/**
 * Reports on real calls match the call list figure by figure: carrier calls
 * into a real app_queue queue are answered by agent 1001's auto-answering
 * phone, abandoned short (3 s) and long (9 s), and sent to the overflow by
 * the queue's max wait (12 s); hotlined builds the calls from CDRs and
 * queue_log and keeps the rollups in step; the queue summary and the
 * distribution then equal what the test counts from GET /calls.
 */
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let phones: PhonesInstance;
let api: Api;
const DID = '80002';
const started = Math.floor(Date.now() / 1000) - 60;

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  ({ phones } = await seatsWithPhones(stack, api, [{ extension: '1001', name: '坐席 张三' }]));
  await carrierTrunk(api, carrier);
  carrierAmi = await rigAmi(carrier);
});

t.teardown(async () => {
  await carrierAmi?.stop();
  await carrier?.destroy();
  await stack?.stop();
  void phones;
});

const idle = () => noCallsUp(stack.box);
const listed = async () =>
  (await api.get(`/api/v1/calls?from=${started}&limit=500&sort=asc`)).items as {
    queueId: number | null;
    outcome: string;
    waitSeconds: number | null;
    talkSeconds: number;
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

  // answered: the agent's phone answers; the caller talks and hangs up
  await api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
  await carrierCall(carrierAmi, { did: DID, callerId: '13800138001', seconds: 8 });
  await until('the answered call in the list', async () => (await listed()).length === 1, 60_000);
  await idle();
  await api.post(`/api/v1/agents/${agent.id}/pause`, { reason: '培训' }, 200);

  // nobody to answer: a short abandon, a long one, and a caller the max wait sends to the overflow
  for (const [callerId, seconds] of [
    ['13800138002', 3],
    ['13800138003', 9],
    ['13800138004', 30],
  ] as const) {
    await carrierCall(carrierAmi, { did: DID, callerId, seconds });
    await until(
      `call ${callerId} over`,
      async () => (await listed()).length >= Number(callerId.slice(-1)),
      60_000,
    );
    await idle();
  }
  const calls = await until(
    'every call built with its fate',
    async () => {
      const l = await listed();
      return l.length === 4 && l.every((c) => c.outcome !== 'missed') ? l : null;
    },
    60_000,
  );
  t.same(
    calls.map((c) => c.outcome),
    ['answered', 'abandoned_queue', 'abandoned_queue', 'overflow'],
    'each call has the fate it was given',
  );

  const period = `period=custom&from=${started}&to=${Math.floor(Date.now() / 1000) + 900}`;
  const expected = figuresByHand(calls, () => 20);
  t.match(expected, { offered: 4, answered: 1, shortAbandoned: 1, abandoned: 1, overflow: 1 });
  const r = await until(
    'the rollups in step with the calls',
    async () => {
      const s = await api.get(`/api/v1/reports/queues?${period}`);
      return s.total.offered === 4 && s.total.overflow === 1 ? s : null;
    },
    30_000,
  );
  t.match(r.queues[0], { id: q.id, ...expected }, 'the queue summary');
  t.match(r.total, expected, 'the total');
  t.equal(r.total.wrapUpSec, 3, 'wrap-up: 3 s × one answered call');
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
    4,
  );
  t.equal(
    days.reduce((s: number, p: { answered: number }) => s + p.answered, 0),
    1,
  );
});
