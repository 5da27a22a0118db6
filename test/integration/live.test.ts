import t from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { nowMs, openSse, type SseClient } from '../support/sse-client.js';
import { adminStack, carrierTrunk, seatsWithPhones } from '../support/stack.js';

/**
 * The live stream against a real box: a real carrier call enters a real
 * app_queue queue and the SSE client sees it wait, get answered by the
 * agent's (auto-answering) phone, and a second caller abandon. Then
 * Asterisk is killed and started again: the banner comes and goes and the
 * figures are right again; and a restarted hotlined starts with today's
 * figures from queue_log.
 */
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let boxAmi: Ami;
let phones: PhonesInstance;
let api: Api;
let sse: SseClient;

const DID = '80001';

let agentId: number | undefined;

/** Queue 客服一组 (section q1, the first queue) and the DID routed to it, through the API. */
async function createQueue(): Promise<void> {
  const q = await api.post('/api/v1/queues', {
    name: '客服一组',
    settings: {
      strategy: 'ringall',
      wrapUpSeconds: 0,
      maxWaitSeconds: 120,
      serviceLevelSeconds: 20,
      joinEmpty: 'always',
      leaveWhenEmpty: 'always',
      announcePosition: false,
      boundAgentSeconds: 0,
    },
  });
  if (q.section !== 'q1') throw new Error(`expected section q1, got ${q.section}`);
  await api.post('/api/v1/inbound-routes', { did: DID, destination: { type: 'queue', queueId: q.id } });
}

/** Seat 1001 logs in as an agent of q1 through the agents API. */
async function agentLogin(): Promise<void> {
  agentId ??= (
    await api.post('/api/v1/agents', {
      extension: '1001',
      name: '坐席 张三',
      skills: [{ queueId: 1, level: 0 }],
    })
  ).id;
  await api.post(`/api/v1/agents/${agentId}/login`, {}, 200);
}

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  ({ phones } = await seatsWithPhones(stack, api, [{ extension: '1001', name: '坐席 张三' }]));
  await carrierTrunk(api, carrier);
  boxAmi = await rigAmi(stack.box);
  carrierAmi = await rigAmi(carrier);
  await createQueue();
});

t.teardown(async () => {
  sse?.close();
  await carrierAmi?.stop();
  await boxAmi?.stop();
  await carrier?.destroy();
  await stack?.stop();
  void phones;
});

/** The latest state of the stream, merged from the snapshot and every delta. */
function state(client: SseClient) {
  const s: any = {};
  for (const e of client.events) {
    const d = JSON.parse(e.data);
    if (e.event === 'snapshot') {
      for (const k of Object.keys(s)) delete s[k];
      Object.assign(s, d);
      continue;
    }
    for (const [k, v] of Object.entries(d)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'asterisk') {
        s[k] ??= {};
        for (const [id, x] of Object.entries(v as object)) {
          if (x === null) delete s[k][id];
          else s[k][id] = x;
        }
      } else s[k] = v;
    }
  }
  return s;
}

const streamShows = (client: SseClient, what: string, pred: (s: any) => boolean, timeoutMs = 15_000) =>
  client
    .waitFor(() => pred(state(client)), what, timeoutMs)
    .then(
      () => state(client),
      (err: Error) => {
        const s = state(client);
        throw new Error(
          `${err.message}; stream shows ${JSON.stringify({ queues: s.queues, agents: s.agents })}`,
        );
      },
    );

t.test('a carrier call waits in the queue, the agent answers, a second caller abandons', async (t) => {
  sse = await openSse(`${stack.hotlined.url}/api/v1/live`, { cookie: await cookieOf(api) });
  t.equal(sse.status, 200);
  await sse.waitFor((e) => e.event === 'snapshot', 'snapshot');

  const placed = nowMs();
  await carrierCall(carrierAmi, { did: DID, callerId: '13800138000', seconds: 25 });
  let s = await streamShows(sse, 'one caller waiting', (x) => x.queues?.q1?.waitingCount === 1);
  const seenAfterMs = nowMs() - placed;
  t.comment(`waiting caller on the stream ${Math.round(seenAfterMs)} ms after the carrier's Originate`);
  t.ok(seenAfterMs < 3000, 'seen within the call setup time plus 1 s');
  const q = s.queues.q1;
  t.equal(q.waiting[0].callerIdNum, '13800138000');
  const since = Date.parse(q.longestWaitSince);
  t.ok(Math.abs(since - Date.now()) < 5000, 'longest wait counts from the join');
  t.equal(q.offered, 1);
  // hotlined's own figure: each new snapshot computes longestWaitSec from the join to its clock
  const later = await until(
    'a snapshot showing 2 s of waiting',
    async () => {
      const snap = await snapshotOf();
      return snap.queues.q1.longestWaitSec >= 2 ? snap.queues.q1 : null;
    },
    15_000,
  );
  t.equal(later.longestWaitSince, q.longestWaitSince, 'the same caller is still the longest waiting');
  t.ok(
    later.longestWaitSec > q.longestWaitSec,
    `the longest wait grows while nobody answers (${q.longestWaitSec} s, then ${later.longestWaitSec} s)`,
  );
  t.equal(later.waitingCount, 1);
  t.notOk(s.agents?.['1001'] && s.agents['1001'].state !== 'logged_out', 'no agent logged in yet');

  await agentLogin();
  s = await streamShows(
    sse,
    'agent 1001 talking',
    (x) => x.agents?.['1001']?.state === 'talking' && x.agents['1001'].call,
  );
  t.equal(s.agents['1001'].name, '坐席 张三', 'the seat name');
  t.equal(s.agents['1001'].call.callerIdNum, '13800138000');
  s = await streamShows(sse, 'answered', (x) => x.queues.q1.answered === 1 && x.queues.q1.waitingCount === 0);
  t.ok(s.queues.q1.asaSec >= 2, `ASA ${s.queues.q1.asaSec} s`);
  t.equal(s.queues.q1.serviceLevelPct, 100, 'answered within 20 s');
  t.ok(
    Object.values(s.calls).some((c: any) => c.queue === 'q1' && c.agent === '1001'),
    'an active call',
  );

  // 1001 is busy (ringinuse = no): the next caller waits, then hangs up after 9 s
  // (longer than the 5 s short-abandon threshold, so a real abandon: docs/metrics.md)
  await carrierCall(carrierAmi, { did: DID, callerId: '13900139000', seconds: 9 });
  s = await streamShows(sse, 'second caller waiting', (x) => x.queues.q1.waitingCount === 1);
  t.equal(s.queues.q1.waiting[0].callerIdNum, '13900139000');
  s = await streamShows(sse, 'abandoned', (x) => x.queues.q1.abandoned === 1, 20_000);
  t.equal(s.queues.q1.waitingCount, 0);
  t.equal(s.queues.q1.offered, 2);
  t.equal(s.queues.q1.shortAbandoned, 0, 'not a short abandon');
  t.equal(s.queues.q1.serviceLevelPct, 50, 'one answered within 20 s of one answered and one abandoned');

  s = await streamShows(sse, 'first call over', (x) => x.agents['1001'].state === 'available', 40_000);
  t.equal(s.agents['1001'].handledToday, 1);
  t.ok(s.queues.q1.ahtSec > 0, `AHT ${s.queues.q1.ahtSec} s`);
});

t.test('Asterisk killed: the banner appears; started again: it goes and the figures are right', async (t) => {
  await stack.box.stop({ kill: true });
  let s = await streamShows(sse, 'asterisk banner', (x) =>
    x.banners.some((b: any) => b.code === 'asterisk_disconnected' && b.subject === 'ami'),
  );
  t.pass('banner shown');
  await stack.box.start();
  s = await streamShows(
    sse,
    'banner gone',
    (x) =>
      x.asterisk.ami.state === 'connected' && !x.banners.some((b: any) => b.code === 'asterisk_disconnected'),
    30_000,
  );
  // members are dynamic: hotlined re-applies the logged-in agent to the restarted Asterisk
  s = await streamShows(sse, 'resynced', (x) => x.agents['1001'].state === 'available', 30_000);
  t.equal(s.queues.q1.answered, 1, "today's answered call survives the restart");
  t.equal(s.queues.q1.abandoned, 1);
  t.equal(s.queues.q1.waitingCount, 0);
});

t.test("a restarted hotlined starts with today's figures from queue_log", async (t) => {
  sse.close();
  await stack.hotlined.stop('SIGTERM');
  await stack.hotlined.start();
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  sse = await openSse(`${stack.hotlined.url}/api/v1/live`, { cookie: await cookieOf(api) });
  const first = await sse.waitFor((e) => e.event === 'snapshot', 'snapshot');
  const q = JSON.parse(first.data).queues.q1;
  t.same([q.offered, q.answered, q.abandoned], [2, 1, 1]);
  t.equal(JSON.parse(first.data).agents['1001'].handledToday, 1);
  // membership comes from the QueueStatus resync after the new AMI session
  const s = await streamShows(sse, '1001 available', (x) => x.agents['1001'].state === 'available');
  t.same(s.agents['1001'].queues, ['q1']);
  t.equal(s.queues.q1.agents.loggedIn, 1);
});

/** A fresh snapshot of the stream: a second client's first event. */
async function snapshotOf(): Promise<any> {
  const client = await openSse(`${stack.hotlined.url}/api/v1/live`, { cookie: await cookieOf(api) });
  try {
    return JSON.parse((await client.waitFor((e) => e.event === 'snapshot', 'snapshot')).data);
  } finally {
    client.close();
  }
}

async function cookieOf(a: Api): Promise<string> {
  // the api client keeps its cookie private: log in again for the stream
  void a;
  const res = await fetch(`${stack.hotlined.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: stack.admin.username, password: stack.admin.password }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}
