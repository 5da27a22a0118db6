import t from 'tap';
import { type Api, login, loginCookie, until } from '../../dev/api-client.js';
import type { CarrierInstance } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { DESK_USER, deskRig } from '../support/desk-rig.js';
import { carrierCall } from '../support/phones.js';
import { openSse, type SseClient } from '../support/sse-client.js';
import { noCallsUp } from '../support/stack.js';

/**
 * The desk with real calls: a carrier call to a queue rings seat 1003 (a rig
 * phone that answers); the agent's desk stream pops the caller's customer
 * record before the answer, then the agent wraps the call up and the
 * wrap-up shows on /api/v1/calls once the call's row is built from its CDR.
 */
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let api: Api;
let desk: SseClient;
const DID = '4008005555';
const CALLER = '13922220001';

t.before(async () => {
  let agent: { id: number };
  ({ stack, api, carrier, carrierAmi, agent } = await deskRig({
    did: DID,
    caller: CALLER,
    queueSettings: { leaveWhenEmpty: 'always' },
  }));
  await api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
  const cookie = await loginCookie(stack.hotlined.url, DESK_USER.username, DESK_USER.password);
  desk = await openSse(`${stack.hotlined.url}/api/v1/desk/events`, { cookie });
  await desk.waitFor((e) => e.event === 'state', 'the desk’s first state', 10_000);
});

t.teardown(async () => {
  desk?.close();
  await carrierAmi?.stop();
  await carrier?.destroy();
  await stack?.stop();
});

t.test(
  'a carrier call to the queue pops up at the desk before the answer; the wrap-up lands on the call',
  async (t) => {
    await carrierCall(carrierAmi, { did: DID, callerId: CALLER, seconds: 3 });
    const ringing = await desk.waitFor((e) => e.event === 'ringing', 'ringing', 30_000);
    const pop = JSON.parse(ringing.data);
    t.match(pop, {
      agent: '1003',
      caller: { number: CALLER },
      did: DID,
      customer: { name: '王芳', vip: 5, notes: '大客户' },
      queue: { name: '客服一组', dispositions: ['已解决', '需回访'] },
      screenPopUrl: `https://crm.example/find?tel=${CALLER}`,
    });
    const answered = await desk.waitFor((e) => e.event === 'answered', 'answered', 30_000);
    t.ok(desk.events.indexOf(ringing) < desk.events.indexOf(answered), 'the pop came before the answer');
    t.equal(JSON.parse(answered.data).callId, pop.callId);
    const hungup = JSON.parse((await desk.waitFor((e) => e.event === 'hungup', 'hungup', 30_000)).data);
    t.match(hungup, { callId: pop.callId, answered: true });
    await noCallsUp(stack.box);

    const agentApi = await login(stack.hotlined.url, DESK_USER.username, DESK_USER.password);
    const wrap = await agentApi.req('POST', '/api/v1/desk/wrapup', {
      callId: pop.callId,
      disposition: '已解决',
      notes: '已处理退款',
    });
    t.equal(wrap.status, 200, JSON.stringify(wrap.body));
    const call = await until(
      'the calls row with its wrap-up',
      async () => (await agentApi.get(`/api/v1/calls?number=${CALLER}`)).items.find((c: any) => c.wrapUp),
      30_000,
    );
    t.match(call, {
      linkedid: pop.callId,
      agent: '1003',
      outcome: 'answered',
      wrapUp: { agent: '1003', disposition: '已解决', notes: '已处理退款' },
    });
  },
);

t.test('a carrier call routed straight to the seat pops up at the desk before the answer', async (t) => {
  const direct = '4008005556';
  await api.post('/api/v1/inbound-routes', { did: direct, destination: { type: 'seat', extension: '1003' } });
  const from = desk.events.length;
  await carrierCall(carrierAmi, { did: direct, callerId: CALLER, seconds: 2 });
  const ringing = await desk.waitFor(
    (e) => e.event === 'ringing' && desk.events.indexOf(e) >= from,
    'ringing of the direct call',
    30_000,
  );
  const pop = JSON.parse(ringing.data);
  t.match(pop, {
    agent: '1003',
    caller: { number: CALLER },
    did: direct,
    customer: { name: '王芳', vip: 5, notes: '大客户' },
    queue: null,
  });
  t.ok(
    pop.recentCalls.some((c: { linkedid: string }) => c.linkedid !== pop.callId),
    'the number’s earlier (queue) call is in its history',
  );
  const answered = await desk.waitFor(
    (e) => e.event === 'answered' && JSON.parse(e.data).callId === pop.callId,
    'answered',
    30_000,
  );
  t.ok(desk.events.indexOf(ringing) < desk.events.indexOf(answered), 'the pop came before the answer');
  await desk.waitFor(
    (e) => e.event === 'hungup' && JSON.parse(e.data).callId === pop.callId,
    'hungup',
    30_000,
  );
  await noCallsUp(stack.box);
});
