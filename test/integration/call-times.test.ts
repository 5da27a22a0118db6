import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { openSse } from '../support/sse-client.js';
import { adminStack, carrierTrunk, noCallsUp, seatsWithPhones } from '../support/stack.js';

/**
 * Call records and queue rules with real calls through an IVR that has no
 * lookup node (DID → IVR: 1 → queue 客服一组, 2 → seat 1005):
 * - talk time starts when the seat or agent answers, and the wait is
 *   everything before it (the IVR included), for a seat and for a bound agent;
 * - a VIP customer bound to agent 1003 is put through to 1003 (the queue's
 *   bound-agent dial), and the call counts for the queue;
 * - with the agents paused, the VIP caller joins ahead of a caller already waiting;
 * - Asterisk refuses no dialplan function on the way ("Dangerous function");
 * - a restarted hotlined shows each agent's time in state from when it began.
 * The phones of 1003 and 1005 ring a second before they answer.
 */
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let boxAmi: Ami;
let phonesAmi: Ami;
let api: Api;
let queueId: number;
const agentIds: Record<string, number> = {};
const IVR_DID = '4008006001';
const QUEUE_DID = '4008006002';
const VIP = '13900000077';

/** Box AMI events of interest, with the time they arrived. */
const events: { e: AmiMessage; at: number }[] = [];
const seen = (pred: (e: AmiMessage) => boolean) => events.find((x) => pred(x.e));

const messages = () => {
  try {
    return readFileSync(stack.box.hostPath('log/messages.log'), 'utf8');
  } catch {
    return '';
  }
};
const idle = () => noCallsUp(stack.box, 30_000);

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  const { phones } = await seatsWithPhones(stack, api, [
    { extension: '1003' },
    { extension: '1004' },
    { extension: '1005' },
  ]);
  phonesAmi = await rigAmi(phones);
  // phones 1003 and 1005 ring for a second, then answer and echo
  for (const ext of ['1003', '1005']) {
    const steps: [app: string, data: string][] = [
      ['Ringing', ''],
      ['Wait', '1'],
      ['Answer', ''],
      ['Echo', ''],
    ];
    for (const [i, [app, data]] of steps.entries())
      await phonesAmi.action('DialplanExtensionAdd', {
        Context: 'phone-answers',
        Extension: ext,
        Priority: i + 1,
        Application: app,
        ApplicationData: data,
      });
  }
  await carrierTrunk(api, carrier);
  queueId = (
    await api.post('/api/v1/queues', {
      name: '客服一组',
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
    })
  ).id;
  for (const ext of ['1003', '1004']) {
    agentIds[ext] = (
      await api.post('/api/v1/agents', {
        extension: ext,
        name: `客服 ${ext}`,
        skills: [{ queueId, level: 0 }],
      })
    ).id;
    await api.post(`/api/v1/agents/${agentIds[ext]}/login`, {}, 200);
  }
  // long enough that a key 2 s in stops it (hotlined's IVR then hands the caller on at once)
  const menu = await api.post('/api/v1/prompts', {
    name: '菜单',
    text: '您好，欢迎致电客服热线。人工服务请按一，转坐席请按二。',
    language: 'zh',
  });
  const ivr = await api.post('/api/v1/ivrs', {
    name: '无查询菜单',
    tree: {
      start: 'main',
      nodes: {
        main: {
          type: 'menu',
          promptId: menu.id,
          options: { '1': 'queue', '2': 'seat' },
          timeoutSeconds: 5,
          retries: 2,
          onTimeout: 'queue',
          onInvalid: 'queue',
        },
        queue: { type: 'transfer', destination: { type: 'queue', queueId } },
        seat: { type: 'transfer', destination: { type: 'seat', extension: '1005' } },
      },
    },
  });
  await api.post('/api/v1/inbound-routes', { did: IVR_DID, destination: { type: 'ivr', ivrId: ivr.id } });
  await api.post('/api/v1/inbound-routes', { did: QUEUE_DID, destination: { type: 'queue', queueId } });
  await api.post('/api/v1/customers', { name: '专属贵宾', numbers: [VIP], vip: 5, boundAgent: '1003' });
  await until(
    'VIP level and binding in AstDB',
    async () =>
      /Value: 5/.test(await stack.box.cli(`database get hotline-vip ${VIP}`)) &&
      /Value: 1003/.test(await stack.box.cli(`database get hotline-bound ${VIP}`)),
    10_000,
  );
  carrierAmi = await rigAmi(carrier);
  boxAmi = await rigAmi(stack.box);
  boxAmi.onEvent((e) => {
    if (/^(DialBegin|DialEnd|Hangup|QueueCallerJoin|AgentConnect)$/.test(e.Event ?? ''))
      events.push({ e, at: Date.now() });
  });
});

t.teardown(async () => {
  await Promise.allSettled([carrierAmi?.stop(), boxAmi?.stop(), phonesAmi?.stop()]);
  await carrier?.destroy();
  await stack?.stop();
});

/** When `seat`'s phone answered the caller `caller`, and when the caller hung up (epoch ms). */
async function answeredAndEnded(caller: string, seat: string): Promise<{ answered: number; ended: number }> {
  const answered = await until(
    `${seat} answered ${caller}`,
    async () =>
      seen(
        (e) =>
          e.Event === 'DialEnd' &&
          e.DialStatus === 'ANSWER' &&
          e.CallerIDNum === caller &&
          (e.DestChannel ?? '').startsWith(`PJSIP/${seat}-`),
      ),
    30_000,
  );
  const ended = await until(
    `${caller} hung up`,
    async () => seen((e) => e.Event === 'Hangup' && e.Channel === answered.e.Channel),
    30_000,
  );
  return { answered: answered.at, ended: ended.at };
}

/** The calls row of `caller` once its CDRs are in. */
const callOf = (caller: string) =>
  until(
    `calls row of ${caller}`,
    async () => {
      const r = await api.get(`/api/v1/calls?number=${caller}`);
      return r.items[0]?.outcome === 'answered' ? r.items[0] : null;
    },
    30_000,
  );

/** talkSeconds and waitSeconds of `call` against what the box's AMI saw, within a second. */
function timesMatch(
  t: Test,
  call: { talkSeconds: number; waitSeconds: number | null; enteredAt: string },
  at: { answered: number; ended: number },
) {
  const talk = (at.ended - at.answered) / 1000;
  const wait = (at.answered - Date.parse(call.enteredAt)) / 1000;
  t.ok(Math.abs(call.talkSeconds - talk) <= 1, `talk ${call.talkSeconds} s, measured ${talk.toFixed(1)} s`);
  t.ok(
    call.waitSeconds !== null && Math.abs(call.waitSeconds - wait) <= 1,
    `wait ${call.waitSeconds} s, measured ${wait.toFixed(1)} s`,
  );
}

t.test(
  'IVR → 2 → seat 1005: talk starts when the seat answers, the wait is the IVR and ringing',
  async (t) => {
    const caller = '13800000001';
    // the key 2 s into the call, then 6 s more: the seat answers about 1.5 s after the key
    await carrierCall(carrierAmi, { did: IVR_DID, callerId: caller, dtmf: '2', dtmfDelay: 2, seconds: 6 });
    const at = await answeredAndEnded(caller, '1005');
    await idle();
    const call = await callOf(caller);
    t.comment(JSON.stringify(call));
    t.match(call, { did: IVR_DID, agent: '1005', outcome: 'answered', queueId: null });
    timesMatch(t, call, at);
    t.ok(call.waitSeconds >= 3, `the wait includes the 2 s in the menu and the ring (${call.waitSeconds} s)`);
  },
);

t.test(
  'a VIP caller bound to 1003 comes through an IVR without lookup: 1003 answers, the call is the queue’s',
  async (t) => {
    const before = messages().length;
    await carrierCall(carrierAmi, { did: IVR_DID, callerId: VIP, dtmf: '1', dtmfDelay: 2, seconds: 6 });
    const at = await answeredAndEnded(VIP, '1003');
    const dial = seen((e) => e.Event === 'DialBegin' && e.CallerIDNum === VIP);
    t.equal(
      dial?.e.Context,
      `hotline-queue-${queueId}`,
      'the queue’s bound-agent dial put the caller through',
    );
    t.notOk(
      seen((e) => e.Event === 'AgentConnect' && e.CallerIDNum === VIP),
      'not by the queue’s rotation',
    );
    await idle();
    const call = await callOf(VIP);
    t.comment(JSON.stringify(call));
    t.match(call, { did: IVR_DID, agent: '1003', outcome: 'answered', queueId });
    timesMatch(t, call, at);
    const queueCalls = await api.get(`/api/v1/calls?queue=${queueId}`);
    t.ok(
      queueCalls.items.some((c: any) => c.id === call.id),
      'the queue’s calls list has it',
    );
    t.notMatch(messages().slice(before), /Dangerous function/, 'Asterisk blocked no dialplan function');
  },
);

t.test('with every agent paused, the VIP caller from the IVR joins ahead of a waiting caller', async (t) => {
  const before = messages().length;
  for (const ext of ['1003', '1004'])
    await api.post(`/api/v1/agents/${agentIds[ext]}/pause`, { reason: '休息' }, 200);
  const plain = '13800000002';
  await carrierCall(carrierAmi, { did: QUEUE_DID, callerId: plain, seconds: 40 });
  await until('the first caller waits', async () =>
    seen((e) => e.Event === 'QueueCallerJoin' && e.CallerIDNum === plain),
  );
  await carrierCall(carrierAmi, { did: IVR_DID, callerId: VIP, dtmf: '1', dtmfDelay: 2, seconds: 40 });
  const join = await until('the VIP caller joins', async () =>
    seen((e) => e.Event === 'QueueCallerJoin' && e.CallerIDNum === VIP),
  );
  t.equal(join.e.Position, '1', 'first in line although the other caller was waiting');
  t.notMatch(messages().slice(before), /Dangerous function/, 'Asterisk blocked no dialplan function');
  await stack.box.cli('channel request hangup all');
  await idle();
});

t.test(
  'a restarted hotlined shows each agent in its state since it began, not since the restart',
  async (t) => {
    // 1003 and 1004 are paused (the test before); 1004 since its pause, which is before the restart
    const agent = await api.get(`/api/v1/agents/${agentIds['1004']}`);
    t.equal(agent.state.paused, true);
    await stack.hotlined.stop('SIGTERM');
    await stack.hotlined.start();
    api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
    const res = await fetch(`${stack.hotlined.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: stack.admin.username, password: stack.admin.password }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const sse = await openSse(`${stack.hotlined.url}/api/v1/live`, { cookie });
    try {
      // the agent's state comes from Asterisk's QueueStatus after the new AMI session
      const shown = await until(
        'the stream shows 1004 paused',
        async () => {
          let a: any = null;
          for (const e of sse.events) {
            const d = JSON.parse(e.data);
            if (d.agents && '1004' in d.agents) a = d.agents['1004'];
          }
          return a?.state === 'paused' ? a : null;
        },
        20_000,
      );
      t.equal(
        new Date(shown.since).toISOString(),
        new Date(agent.state.since).toISOString(),
        'the live since is the pause time /api/v1/agents has',
      );
    } finally {
      sse.close();
    }
  },
);
