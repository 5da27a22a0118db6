import t from 'tap';
import { type Api, login, loginCookie, until } from '../../dev/api-client.js';
import type { CarrierInstance } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';
import { MAX_PATH, renderPath } from '../../src/ivr/machine.js';
import { DESK_USER, deskRig } from '../support/desk-rig.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { openSse, type SseClient } from '../support/sse-client.js';
import { noCallsUp } from '../support/stack.js';

/**
 * A compiled IVR (ivr.engine = dialplan, the default) with real calls: the
 * carrier calls a DID routed to an IVR tree that Asterisk walks as plain
 * dialplan (Read() menus, a collect, a set node, transfers to the queue
 * 客服一组 where agent 1003's phone answers). hotlined hears each step as
 * UserEvent HotlineIvrPath: the desk's screen-pop shows the path, the calls
 * row carries it, the step latency is in /system/runtime. With hotlined
 * stopped, callers still walk the menu and reach the agent.
 */
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let boxAmi: Ami;
let api: Api;
let desk: SseClient;
let ivrId = 0;
const DID = '4008106666';
/** Path steps as the dialplan announced them, by caller number. */
const steps: { caller: string; path: string; keyAt: string }[] = [];
const connects: { caller: string; channel: string }[] = [];

const idle = () => noCallsUp(stack.box, 60_000);
const pathsOf = (caller: string) => steps.filter((s) => s.caller === caller).map((s) => s.path);

t.before(async () => {
  let queue: { id: number };
  let agent: { id: number };
  ({ stack, api, carrier, carrierAmi, agent, queue } = await deskRig({
    did: '4008106667',
    caller: '13922220009',
  }));
  await api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
  const menu = await api.post('/api/v1/prompts', { name: '主菜单', text: '人工服务请按一', language: 'zh' });
  const acctPrompt = await api.post('/api/v1/prompts', { name: '账号', text: '请输入账号', language: 'zh' });
  const invalid = await api.post('/api/v1/prompts', { name: '无效', text: '输入有误', language: 'zh' });
  const toQueue = { type: 'transfer', destination: { type: 'queue', queueId: queue.id } };
  const ivr = await api.post('/api/v1/ivrs', {
    name: '客服一组 热线',
    tree: {
      start: 'main',
      nodes: {
        main: {
          type: 'menu',
          name: '主菜单 [x]; ${EXTEN}',
          promptId: menu.id,
          invalidPromptId: invalid.id,
          options: { '1': 'sales', '2': 'acct' },
          timeoutSeconds: 2,
          retries: 1,
          onTimeout: 'op',
          onInvalid: 'op',
        },
        acct: {
          type: 'collect',
          promptId: acctPrompt.id,
          minDigits: 4,
          maxDigits: 8,
          terminator: '#',
          variable: 'ACCOUNT',
          next: 'tag',
        },
        tag: { type: 'set', variable: 'TIER', value: 'gold', next: 'sales' },
        sales: toQueue,
        op: toQueue,
      },
    },
  });
  ivrId = ivr.id;
  await api.post('/api/v1/inbound-routes', { did: DID, destination: { type: 'ivr', ivrId } });
  boxAmi = await rigAmi(stack.box);
  boxAmi.onEvent((e: AmiMessage) => {
    if (e.Event === 'UserEvent' && e.UserEvent === 'HotlineIvrPath')
      steps.push({ caller: e.CallerIDNum ?? '', path: e.Path ?? '', keyAt: e.KeyAt ?? '' });
    if (e.Event === 'AgentConnect') connects.push({ caller: e.CallerIDNum ?? '', channel: e.Channel ?? '' });
  });
  const cookie = await loginCookie(stack.hotlined.url, DESK_USER.username, DESK_USER.password);
  desk = await openSse(`${stack.hotlined.url}/api/v1/desk/events`, { cookie });
  await desk.waitFor((e) => e.event === 'state', 'the desk’s first state', 10_000);
});

t.teardown(async () => {
  desk?.close();
  await Promise.allSettled([carrierAmi?.stop(), boxAmi?.stop()]);
  await carrier?.destroy();
  await stack?.stop();
});

/** The caller's channel variables while it waits in (or talks through) the queue. */
async function queuedVars(caller: string, names: string[]): Promise<Record<string, string>> {
  const chans = await boxAmi.list('CoreShowChannels');
  const leg = chans.find((c) => c.Application === 'Queue' && c.CallerIDNum === caller);
  if (!leg?.Channel) throw new Error(`no queued leg for ${caller}`);
  const out: Record<string, string> = {};
  for (const n of names)
    out[n] = (await boxAmi.action('Getvar', { Channel: leg.Channel, Variable: n })).Value ?? '';
  return out;
}

/** The agent hangs the call up; its calls row, once built from the CDR. */
async function hangUpAndRow(caller: string) {
  const c = await until('agent connected', async () => connects.find((x) => x.caller === caller), 30_000);
  await boxAmi.action('Hangup', { Channel: c.channel });
  await idle();
  return until(
    'the calls row',
    async () => (await api.get(`/api/v1/calls?number=${caller}`)).items[0] ?? null,
    30_000,
  );
}

t.test('the tree is plain dialplan: Read() menus, no Stasis, the path subroutine loaded', async (t) => {
  const plan = await stack.box.cli(`dialplan show hotline-ivr-${ivrId}`);
  t.match(plan, /Read\(HOTLINE_IVR_KEY,/);
  t.notMatch(plan, /Stasis\(/);
  t.notMatch(plan, /主菜单|EXTEN\}/, 'display names stay in the database');
  t.match(await stack.box.cli('dialplan show hotline-ivr-path'), /UserEvent\(HotlineIvrPath/);
});

t.test('key 1 → queue 客服一组 → agent 1003; the desk pops the path, the calls row has it', async (t) => {
  const caller = '13922221001';
  const before = await api.get('/api/v1/system/runtime?seconds=600');
  await carrierCall(carrierAmi, { did: DID, callerId: caller, dtmf: '1', dtmfDelay: 1, seconds: 30 });
  const ringing = await desk.waitFor(
    (e) => e.event === 'ringing' && JSON.parse(e.data).caller?.number === caller,
    'ringing',
    30_000,
  );
  t.match(JSON.parse(ringing.data).ivr, { ivrId, path: ['main', '1', 'sales'] }, 'ivr.path reached the desk');
  t.same(pathsOf(caller), ['main', 'main>1>sales'], 'one UserEvent per step');
  t.match(steps.find((s) => s.path === 'main>1>sales')?.keyAt, /^[0-9]{10}\.[0-9]{3}$/, 'the key’s time');
  const after = await api.get('/api/v1/system/runtime?seconds=600');
  t.ok(after.ivrStepMs.count > before.ivrStepMs.count, 'hotlined measured the step');
  t.ok(after.ivrStepMs.p99 < 1000, `step latency p99 ${after.ivrStepMs.p99} ms`);
  const row = await hangUpAndRow(caller);
  t.match(row, { caller, did: DID, agent: '1003', outcome: 'answered', ivrPath: 'main>1>sales' });
});

t.test('key 2: digits collected with #, a set node, then the queue; variables on the channel', async (t) => {
  await idle();
  const caller = '13922221002';
  await carrierCall(carrierAmi, {
    did: DID,
    callerId: caller,
    dtmf: '2wwww1234#',
    dtmfDelay: 1,
    seconds: 30,
  });
  await until('agent connected', async () => connects.find((x) => x.caller === caller), 30_000);
  // the path is a channel variable while the call is up; the CDR gets it at hangup (the row below)
  t.same(await queuedVars(caller, ['ACCOUNT', 'TIER', 'HOTLINE_IVR_PATH']), {
    ACCOUNT: '1234',
    TIER: 'gold',
    HOTLINE_IVR_PATH: 'main>2>acct>tag>sales',
  });
  const row = await hangUpAndRow(caller);
  t.equal(row.ivrPath, 'main>2>acct>tag>sales');
});

t.test('an invalid key twice (retries 1) goes to onInvalid with !invalid in the path', async (t) => {
  await idle();
  const caller = '13922221003';
  await carrierCall(carrierAmi, { did: DID, callerId: caller, dtmf: '9wwww9', dtmfDelay: 1, seconds: 30 });
  const row = await hangUpAndRow(caller);
  t.equal(row.ivrPath, 'main>!invalid>op');
  t.same(pathsOf(caller), ['main', 'main>!invalid>op']);
});

t.test('silence: the menu plays twice (retries 1), then onTimeout', async (t) => {
  await idle();
  const caller = '13922221004';
  await carrierCall(carrierAmi, { did: DID, callerId: caller, seconds: 40 });
  const row = await hangUpAndRow(caller);
  t.equal(row.ivrPath, 'main>!timeout>op');
});

t.test(
  'the path subroutine in Asterisk: a long path gives way to "..", step 101 leaves for the fallback',
  async (t) => {
    // a caller with 99 steps and a 269-character path (set up in a test context) takes two more
    const marks: AmiMessage[] = [];
    boxAmi.onEvent((e: AmiMessage) => {
      if (e.Event === 'UserEvent' && e.UserEvent === 'HotlineTestMark') marks.push(e);
    });
    const earlier = Array.from({ length: 30 }, (_, i) => `node${String(i).padStart(4, '0')}`);
    // context, priority, application(data): through AMI, as the CLI splits its arguments at spaces
    const plan: [string, number, string][] = [
      ['test-ivr-steps', 1, 'Gosub(test-ivr-steps-inner,s,1)'],
      ['test-ivr-steps', 2, 'UserEvent(HotlineTestMark,Result: fell-back)'],
      ['test-ivr-steps-inner', 1, `MSet(HOTLINE_IVR_PATH=${earlier.join('>')},HOTLINE_IVR_STEPS=99)`],
      ['test-ivr-steps-inner', 2, `Gosub(hotline-ivr-path,s,1(${ivrId},main))`],
      [
        'test-ivr-steps-inner',
        3,
        'UserEvent(HotlineTestMark,Result: returned,Path: ${HOTLINE_IVR_PATH},Steps: ${HOTLINE_IVR_STEPS})',
      ],
      ['test-ivr-steps-inner', 4, `Gosub(hotline-ivr-path,s,1(${ivrId},main))`],
      ['test-ivr-steps-inner', 5, 'UserEvent(HotlineTestMark,Result: returned again)'],
      ['test-ivr-steps-inner', 6, 'Return()'],
    ];
    for (const [context, priority, step] of plan) {
      const open = step.indexOf('(');
      const r = await boxAmi.action('DialplanExtensionAdd', {
        Context: context,
        Extension: 's',
        Priority: String(priority),
        Application: step.slice(0, open),
        ApplicationData: step.slice(open + 1, -1),
      });
      t.equal(r.Response, 'Success', `${context} ${priority} added`);
    }
    await boxAmi.action('Originate', {
      Channel: 'Local/s@test-ivr-steps',
      Application: 'Wait',
      Data: '1',
      Async: 'true',
    });
    await until('the test channel done', async () => marks.some((m) => m.Result === 'fell-back'), 15_000);
    const returned = marks.find((m) => m.Result === 'returned');
    t.equal(
      returned?.Path,
      renderPath([...earlier, 'main']),
      'the path trimmed as the Stasis runner trims it',
    );
    t.ok(returned!.Path!.startsWith('..>') && returned!.Path!.length <= MAX_PATH);
    t.equal(returned?.Steps, '100', 'step 100 returns');
    t.notOk(
      marks.some((m) => m.Result === 'returned again'),
      'step 101 does not return: the IVR’s fallback ran and returned to whoever entered the IVR',
    );
    await idle();
  },
);

t.test('with hotlined stopped, callers still walk the menu and reach the agent', async (t) => {
  await idle();
  await stack.hotlined.stop('SIGTERM');
  const caller = '13922221005';
  try {
    await carrierCall(carrierAmi, { did: DID, callerId: caller, dtmf: '1', dtmfDelay: 1, seconds: 20 });
    const c = await until('agent connected', async () => connects.find((x) => x.caller === caller), 30_000);
    t.same(pathsOf(caller), ['main', 'main>1>sales'], 'through the menu, not a fallback');
    await boxAmi.action('Hangup', { Channel: c.channel });
  } finally {
    await stack.hotlined.start();
    api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  }
  await idle();
});
