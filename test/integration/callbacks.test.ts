import t from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import { withDb } from '../support/chaos.js';
import { type OutboundRig, outboundRig } from '../support/outbound-rig.js';
import { carrierCall } from '../support/phones.js';
import { carrierTrunk, noCallsUp } from '../support/stack.js';

/**
 * Queue callback with real calls: the rig's carrier calls a DID routed to a
 * queue whose only agent is paused, presses the callback key and hangs up;
 * once the agent is free the box calls the carrier's number back through
 * the outbound route, the carrier (its 1398888xxxx numbers) presses 1, and
 * the agent's phone answers. A SIGKILL of hotlined while a callback waits
 * loses nothing and calls nobody twice.
 */
let rig: OutboundRig;
let api: Api;
let queueId: number;
let agentId: number;
const DID = '4008003333';

const callbacks = async () => (await api.get(`/api/v1/callbacks?queueId=${queueId}`)).items as any[];
const callbackOf = (number: string) =>
  until(`callback for ${number}`, async () => (await callbacks()).find((c) => c.number === number), 20_000);
const statusOf = (number: string, status: string, ms = 60_000) =>
  until(
    `callback ${number} ${status}`,
    async () => (await callbacks()).find((c) => c.number === number && c.status === status),
    ms,
  );
const callsTo = (number: string) => rig.received.numbers.filter((n) => n.number === number).length;

t.before(async () => {
  rig = await outboundRig([{ extension: '1003', callClass: 'national' }]);
  api = rig.api;
  const trunk = await carrierTrunk(api, rig.carrier);
  await api.post('/api/v1/outbound-routes', {
    name: '回拨测试',
    patterns: ['_1[3-9]XXXXXXXXX'],
    requiredClass: 'national',
    trunkIds: [trunk.id],
  });
  const q = await api.post('/api/v1/queues', {
    name: '客服回拨',
    settings: {
      ringTimeoutSeconds: 15,
      wrapUpSeconds: 0,
      maxWaitSeconds: 0,
      announcePosition: false,
      joinEmpty: 'always',
      leaveWhenEmpty: 'always',
      boundAgentSeconds: 0,
      callbackKey: '1',
      callbackRetrySeconds: 10,
    },
  });
  queueId = q.id;
  agentId = (
    await api.post('/api/v1/agents', {
      extension: '1003',
      name: '客服 1003',
      skills: [{ queueId, level: 0 }],
    })
  ).id;
  await api.post(`/api/v1/agents/${agentId}/login`, {}, 200);
  await api.post('/api/v1/inbound-routes', { did: DID, destination: { type: 'queue', queueId } });
});

t.teardown(() => rig?.stop());

/** The carrier calls in from `number`, waits in the queue and presses 1 after 3 s. */
const waitAndPress = (number: string) =>
  carrierCall(rig.carrierAmi, { did: DID, callerId: number, dtmf: '1', dtmfDelay: 3, seconds: 20 });

t.test(
  'a caller presses 1, hangs up, is called back when first, confirms and reaches the agent',
  async (t) => {
    await api.post(`/api/v1/agents/${agentId}/pause`, { reason: '休息' }, 200);
    await waitAndPress('13988880001');
    const waiting = await callbackOf('13988880001');
    t.equal(waiting.status, 'waiting');
    t.ok(
      Date.parse(waiting.queuedAt) <= Date.parse(waiting.requestedAt),
      'the place is the time they joined',
    );
    await noCallsUp(rig.stack.box, 20_000);
    t.equal(callsTo('13988880001'), 0, 'not called back while the only agent is paused');

    await api.post(`/api/v1/agents/${agentId}/unpause`, {}, 200);
    const connected = await statusOf('13988880001', 'connected');
    t.equal(connected.agent, '1003', 'the agent took the confirmed callback');
    t.equal(connected.attempts, 1);
    t.equal(callsTo('13988880001'), 1, 'the carrier received one call back');
    await rig.stack.box.cli('channel request hangup all');
    await noCallsUp(rig.stack.box, 20_000);
  },
);

t.test('a callback waiting when hotlined is SIGKILLed is kept, and called back once', async (t) => {
  await api.post(`/api/v1/agents/${agentId}/pause`, { reason: '休息' }, 200);
  await waitAndPress('13988880002');
  await callbackOf('13988880002');
  await noCallsUp(rig.stack.box, 20_000);

  await rig.stack.hotlined.stop('SIGKILL');
  const stored = withDb(rig.stack.dataDir, (db) =>
    db.prepare(`SELECT status FROM callbacks WHERE number = '13988880002'`).all(),
  );
  t.same(stored, [{ status: 'waiting' }], 'in the database while hotlined is dead');
  await rig.stack.hotlined.start();
  api = await login(rig.stack.hotlined.url, rig.stack.admin.username, rig.stack.admin.password);
  t.equal((await callbackOf('13988880002')).status, 'waiting', 'still waiting after the restart');

  await api.post(`/api/v1/agents/${agentId}/unpause`, {}, 200);
  const connected = await statusOf('13988880002', 'connected');
  t.equal(connected.agent, '1003');
  // a second call would come right after the first; give it the time a retry round takes
  await new Promise((r) => setTimeout(r, 5000));
  t.equal(callsTo('13988880002'), 1, 'called back exactly once');
  t.equal((await callbacks()).filter((c) => c.number === '13988880002').length, 1, 'one callback row');
  await rig.stack.box.cli('channel request hangup all');
});

t.test(
  'the offer prompt plays while waiting; minutes keyed in after the key delay the call back',
  async (t) => {
    // the queue's offer: a prompt spoken by the box, in use while the queue plays it
    const prompt = await api.post('/api/v1/prompts', {
      name: '排队回拨提示',
      text: '如需回拨，请按1键后挂机。',
      language: 'zh',
    });
    const patched = await api.req('PATCH', `/api/v1/queues/${queueId}`, {
      settings: { callbackPromptId: prompt.id, callbackOfferEverySeconds: 15 },
    });
    // 200: app_queue was reloaded with the periodic announcement and the queue verified loaded
    t.equal(patched.status, 200, JSON.stringify(patched.body));
    const del = await api.req('DELETE', `/api/v1/prompts/${prompt.id}`);
    t.equal(del.status, 409, 'a prompt a queue offers is in use');
    const missing = await api.req('PATCH', `/api/v1/queues/${queueId}`, {
      settings: { callbackPromptId: 99_999 },
    });
    t.equal(missing.status, 400);
    t.equal(missing.body.error.field, 'settings.callbackPromptId');

    await api.post(`/api/v1/agents/${agentId}/pause`, { reason: '休息' }, 200);
    // 1, a pause while the beep plays, then 2 minutes and #
    await carrierCall(rig.carrierAmi, {
      did: DID,
      callerId: '13988880003',
      dtmf: '1wwww2#',
      dtmfDelay: 3,
      seconds: 12,
    });
    const scheduled = await until(
      'the callback scheduled',
      async () => {
        const c = (await callbacks()).find((x) => x.number === '13988880003');
        return c && Date.parse(c.nextAttemptAt) > Date.parse(c.requestedAt) ? c : undefined;
      },
      20_000,
    );
    const delay = Date.parse(scheduled.nextAttemptAt) - Date.parse(scheduled.requestedAt);
    // 2 minutes from the moment the minutes were keyed in, a few seconds after the request
    t.ok(delay >= 120_000 && delay < 135_000, `called back 2 minutes later (${delay} ms after the request)`);
    await noCallsUp(rig.stack.box, 20_000);
    await api.post(`/api/v1/agents/${agentId}/unpause`, {}, 200);
    // a free agent and an empty queue: an unscheduled callback would be dialled within a round
    await new Promise((r) => setTimeout(r, 6000));
    t.equal(callsTo('13988880003'), 0, 'not called before the time asked');
    await api.post(`/api/v1/callbacks/${scheduled.id}/cancel`, undefined, 200);
  },
);
