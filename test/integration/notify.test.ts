import { existsSync } from 'node:fs';
import t from 'tap';
import { type Api, loginCookie, until } from '../../dev/api-client.js';
import type { CarrierInstance } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { rms } from '../support/audio.js';
import { DESK_USER, deskRig } from '../support/desk-rig.js';
import { postEvent } from '../support/notify-events.js';
import { untilPhonesAndTrunkReady } from '../support/outbound-rig.js';
import { carrierReceived } from '../support/phones.js';
import { openSse, type SseClient } from '../support/sse-client.js';
import { noCallsUp } from '../support/stack.js';

/**
 * Voice notifications on a real Asterisk 22: an event posted to
 * /api/v1/events for a customer who prefers voice makes the box call the
 * rig carrier through the outbound routes and speak the Mandarin message;
 * the carrier (a number 777<key><seconds>…, see dev/rig-carrier.ts) presses
 * a key. Key 1 stores the confirmation; key 0 reaches the queue, and the
 * agent's desk pops the event's context. The same idempotency key twice
 * calls once.
 */
let stack: Stack;
let api: Api;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let desk: SseClient;
let received: ReturnType<typeof carrierReceived>;
let integration: { id: number; secret: string };
let queueId: number;
/** Presses 1 eight seconds after answering. */
const CONFIRMS = '7771082222';
/** Presses 0 eight seconds after answering: 王芳, the desk queue's customer. */
const HANDS_OVER = '7770081111';

t.before(async () => {
  let agent: { id: number };
  let queue: { id: number };
  ({ stack, api, carrier, carrierAmi, agent, queue } = await deskRig({
    did: '4008007777',
    caller: HANDS_OVER,
  }));
  queueId = queue.id;
  const trunk = (await api.get('/api/v1/trunks')).items[0];
  await api.post('/api/v1/outbound-routes', {
    name: '通知',
    patterns: ['_777X.'],
    requiredClass: 'national',
    trunkIds: [trunk.id],
  });
  await untilPhonesAndTrunkReady(api);
  await api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
  const cookie = await loginCookie(stack.hotlined.url, DESK_USER.username, DESK_USER.password);
  desk = await openSse(`${stack.hotlined.url}/api/v1/desk/events`, { cookie });
  await desk.waitFor((e) => e.event === 'state', 'the desk’s first state', 10_000);
  received = carrierReceived(carrierAmi);
  integration = await api.post('/api/v1/notify/integrations', { name: '航班系统' });
  await api.post('/api/v1/notify/rules', {
    name: '航班变更',
    eventType: 'flight.changed',
    chain: ['voice', 'sms'],
    message:
      '您好，您乘坐的航班{{flight}}改为{{date}}{{time}}起飞，改签费{{fee|money}}。确认请按1，转人工请按0。',
    queueId,
  });
});

t.teardown(async () => {
  desk?.close();
  received?.stop();
  await carrierAmi?.stop();
  await carrier?.destroy();
  await stack?.stop();
});

async function post(body: unknown) {
  const res = await postEvent(stack.hotlined.url, integration, body);
  t.equal(res.status, 200);
  return (await res.json()) as any;
}

const voiceAction = (eventId: number, status: string) =>
  until(
    `the call of event ${eventId} ${status}`,
    async () => {
      const e = await api.get(`/api/v1/notify/events/${eventId}`);
      return e.actions.find((a: any) => a.channel === 'voice' && a.status === status);
    },
    60_000,
  );

const customerFor = async (name: string, number: string) => {
  const found = (await api.get(`/api/v1/customers?q=${number}`)).items[0];
  const id = found?.id ?? (await api.post('/api/v1/customers', { name, numbers: [number] })).id;
  await api.req('PUT', `/api/v1/notify/preferences/${id}`, { channels: ['voice'], email: null });
  return id as number;
};

const vars = { flight: 'CA1234', date: '2026-12-20', time: '14:05', fee: '123.45' };

t.test(
  'the customer hears the message, presses 1, the confirmation is stored; a repeated key calls once',
  async (t) => {
    const customerId = await customerFor('李雷', CONFIRMS);
    const event = { type: 'flight.changed', key: 'flt-CA1234-lilei', customerId, vars };
    const first = await post(event);
    const again = await post(event);
    t.equal(again.duplicate, true);
    t.equal(again.eventId, first.eventId);
    const confirmed = await voiceAction(first.eventId, 'confirmed');
    t.equal(confirmed.resultKey, '1');
    t.equal(received.numbers.filter((n) => n.number === CONFIRMS).length, 1, 'the carrier was called once');
    await noCallsUp(stack.box, 30_000);
    const heard = carrier.hostPath(`rec/heard-${CONFIRMS}-in.wav`);
    t.ok(existsSync(heard), 'the carrier recorded what it heard');
    t.ok(rms(heard) > 0.01, `the message was spoken (RMS ${rms(heard).toFixed(4)})`);
  },
);

t.test('key 0 hands over to the queue; the agent’s desk shows the event', async (t) => {
  const customerId = await customerFor('王芳', HANDS_OVER);
  const from = desk.events.length;
  const r = await post({ type: 'flight.changed', key: 'flt-CA1234-wangfang', customerId, vars });
  const ringing = await desk.waitFor(
    (e) => e.event === 'ringing' && desk.events.indexOf(e) >= from,
    'the notification call rings the agent',
    60_000,
  );
  const pop = JSON.parse(ringing.data);
  t.match(pop, {
    caller: { number: HANDS_OVER },
    customer: { name: '王芳' },
    queue: { name: '客服一组' },
    notification: {
      eventId: r.eventId,
      eventType: 'flight.changed',
      rule: '航班变更',
      vars: { flight: 'CA1234', fee: '123.45' },
      message: /航班CA1234改为2026-12-2014:05起飞/,
    },
  });
  const handed = await voiceAction(r.eventId, 'handed-over');
  t.equal(handed.resultKey, '0');
  await noCallsUp(stack.box, 40_000);
});

t.test('results count the calls, the key and the hand-over', async (t) => {
  const items = (await api.get('/api/v1/notify/results')).items;
  t.match(
    items.find((x: any) => x.rule === '航班变更'),
    {
      events: 2,
      voice: { calls: 2, connects: 2, confirmationsByKey: { 1: 1 }, handOvers: 1 },
    },
  );
});
