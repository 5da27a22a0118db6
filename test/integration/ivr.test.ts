import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { type Api, login, loginCookie, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { soxWav } from '../support/audio.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { adminStack, carrierTrunk, noCallsUp, seatsWithPhones, uploadPrompt } from '../support/stack.js';

/**
 * IVR trees with real calls in the Stasis engine (ivr.engine = stasis; the
 * default compiles trees into dialplan, see ivr-dialplan.test.ts): the
 * carrier calls a DID routed to an IVR, the
 * box's Asterisk parks the caller in hotlined's Stasis app, the runner plays
 * a synthesized menu, the carrier presses keys (RFC 4733 over loopback), and
 * the caller ends up on the seat phone the tree names. Then hotlined is
 * stopped, and killed with a caller in the menu: the route's fallback seat
 * takes the call.
 */
const VIP_CALLER = '13911112222';
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let boxAmi: Ami;
let api: Api;
let hotlinedLog = '';
const fx = mkdtempSync(path.join(tmpdir(), 'hotline-ivr-int-'));
const ids = { menu: 0, long: 0, invalid: 0, ivr: 0, longIvr: 0 };

t.before(async () => {
  // every tree in the Stasis app: this file tests the runner (ivr-dialplan.test.ts the compiled trees)
  ({ stack, api } = await adminStack({
    onLog: (s) => (hotlinedLog += s),
    settings: { ivr: { engine: 'stasis' } },
  }));
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  await seatsWithPhones(stack, api, [{ extension: '1001' }, { extension: '1002' }, { extension: '1003' }]);
  await carrierTrunk(api, carrier);
  carrierAmi = await rigAmi(carrier);
  boxAmi = await rigAmi({ ports: { ami: stack.box.ports.ami }, ami: stack.box.ami });
});

t.teardown(async () => {
  await carrierAmi?.stop();
  await boxAmi?.stop();
  await carrier?.destroy();
  await stack?.stop();
  rmSync(fx, { recursive: true, force: true });
});

/** The box's ARI, as an operator would poke it. */
async function boxAri(method: string, p: string): Promise<any> {
  const auth = Buffer.from(`${stack.box.ari.username}:${stack.box.ari.password}`).toString('base64');
  const res = await fetch(`http://127.0.0.1:${stack.box.ports.http}/ari${p}`, {
    method,
    headers: { authorization: `Basic ${auth}` },
  });
  if (!res.ok) throw new Error(`ARI ${method} ${p}: ${res.status}`);
  return res.json();
}

const concise = () => stack.box.cli('core show channels concise');
/** The seat whose phone leg is up on the box, or null. */
const seatUp = async () => /^PJSIP\/(100[0-9])-[^!]*!(?:[^!]*!){3}Up!/m.exec(await concise())?.[1] ?? null;
const idle = () => noCallsUp(stack.box, 60_000);

/** Channel variables of the caller's leg while it is bridged to a seat (it runs Dial). */
async function callerVars(names: string[]): Promise<Record<string, string>> {
  const chans = await boxAmi.list('CoreShowChannels');
  const caller = chans.find((c) => c.Application === 'Dial');
  if (!caller?.Channel)
    throw new Error(`no caller leg in Dial: ${JSON.stringify(chans.map((c) => c.Channel))}`);
  const out: Record<string, string> = {};
  for (const n of names) {
    const r = await boxAmi.action('Getvar', { Channel: caller.Channel, Variable: n });
    out[n] = r.Value ?? '';
  }
  return out;
}

t.test('an IVR with a synthesized menu is created and loaded into the dialplan', async (t) => {
  const menu = await api.post('/api/v1/prompts', {
    name: '主菜单',
    text: '您好，欢迎致电客服中心。销售请按一，服务请按二，我们将竭诚为您服务。',
    language: 'zh',
  });
  ids.menu = menu.id;
  t.ok(menu.durationMs > 3000, `menu prompt lasts ${menu.durationMs} ms`);
  const invalid = await api.post('/api/v1/prompts', { name: '无效', text: '输入有误', language: 'zh' });
  ids.invalid = invalid.id;
  // a 30 s tone: the caller is still inside this prompt when hotlined dies
  const tone = path.join(fx, 'long.wav');
  soxWav(tone, ['synth', '30', 'sine', '440', 'vol', '0.3']);
  const cookie = await loginCookie(stack.hotlined.url, stack.admin.username, stack.admin.password);
  ids.long = (await uploadPrompt(stack, cookie, '长提示音', readFileSync(tone))).id;

  const customer = await api.post('/api/v1/customers', {
    name: '王五',
    numbers: [VIP_CALLER],
    vip: 7,
    boundAgent: '1003',
  });
  t.ok(customer.id);

  const allDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]),
  );
  const schedule = await api.post('/api/v1/schedules', { name: '全天', weekly: allDay });
  const self = await api.post('/api/v1/ivrs', {
    name: '自助服务',
    tree: {
      start: 'hours',
      nodes: {
        hours: { type: 'schedule', scheduleId: schedule.id, open: 'acct', closed: 'bye' },
        acct: {
          type: 'collect',
          promptId: ids.invalid,
          minDigits: 4,
          maxDigits: 8,
          terminator: '#',
          variable: 'ACCOUNT',
          next: 'tag',
        },
        tag: { type: 'set', variable: 'TIER', value: 'gold', next: 'agent' },
        agent: { type: 'transfer', destination: { type: 'seat', extension: '1002' } },
        bye: { type: 'hangup' },
      },
    },
  });
  const ivr = await api.post('/api/v1/ivrs', {
    name: '客服热线',
    tree: {
      start: 'who',
      nodes: {
        who: { type: 'lookup', next: 'main' },
        main: {
          type: 'menu',
          name: '主菜单',
          promptId: ids.menu,
          invalidPromptId: ids.invalid,
          options: { '1': 'sales', '2': 'service', '3': 'self' },
          timeoutSeconds: 10,
          retries: 2,
          onTimeout: 'sales',
          onInvalid: 'operator',
        },
        sales: { type: 'transfer', destination: { type: 'seat', extension: '1001' } },
        service: { type: 'transfer', destination: { type: 'seat', extension: '1003' } },
        operator: { type: 'transfer', destination: { type: 'seat', extension: '1002' } },
        self: { type: 'transfer', destination: { type: 'ivr', ivrId: self.id } },
      },
    },
  });
  ids.ivr = ivr.id;
  const longIvr = await api.post('/api/v1/ivrs', {
    name: '长菜单',
    tree: {
      start: 'm',
      nodes: {
        m: { type: 'menu', promptId: ids.long, options: { '1': 'x' }, onTimeout: 'x', onInvalid: 'x' },
        x: { type: 'hangup' },
      },
    },
  });
  ids.longIvr = longIvr.id;
  await api.post('/api/v1/inbound-routes', {
    did: '5551001',
    destination: { type: 'ivr', ivrId: ivr.id },
    fallback: { type: 'seat', extension: '1001' },
  });
  await api.post('/api/v1/inbound-routes', {
    did: '5551002',
    destination: { type: 'ivr', ivrId: longIvr.id },
    fallback: { type: 'seat', extension: '1001' },
  });
  const plan = await stack.box.cli(`dialplan show hotline-ivr-${ivr.id}`);
  t.match(plan, `Stasis(hotline,ivr,${ivr.id},\${CDR(ivrpath)})`);
  t.match(plan, /'t4' =>/, 'one extension per transfer node');
});

t.test(
  'DID → IVR → the caller presses 2 during the menu → seat 1003 answers; the path is on the CDR',
  async (t) => {
    await idle();
    const started = Date.now();
    await carrierCall(carrierAmi, {
      did: '5551001',
      callerId: VIP_CALLER,
      dtmf: '2',
      dtmfDelay: 2,
      seconds: 10,
    });
    const seat = await until('a seat answers', seatUp, 30_000);
    t.comment(
      `seat ${seat} answered ${Date.now() - started} ms after the call was placed (prompt ${ids.menu})`,
    );
    t.equal(seat, '1003', 'option 2 → service → seat 1003');
    const vars = await callerVars(['CDR(ivrpath)', 'HOTLINE_VIP', 'HOTLINE_BOUND_AGENT', 'HOTLINE_CUSTOMER']);
    t.equal(vars['CDR(ivrpath)'], 'who>main>2>service');
    t.equal(vars.HOTLINE_VIP, '7', 'the lookup node set the VIP level for the queue');
    t.equal(vars.HOTLINE_BOUND_AGENT, '1003');
    t.equal(vars.HOTLINE_CUSTOMER, '王五');
  },
);

t.test('an invalid key three times goes where the menu says (onInvalid → seat 1002)', async (t) => {
  await idle();
  await carrierCall(carrierAmi, {
    did: '5551001',
    callerId: '01088886666',
    dtmf: '999',
    dtmfDelay: 2,
    seconds: 10,
  });
  t.equal(await until('a seat answers', seatUp, 30_000), '1002');
  const vars = await callerVars(['CDR(ivrpath)', 'HOTLINE_VIP', 'HOTLINE_BOUND_AGENT']);
  t.equal(vars['CDR(ivrpath)'], 'who>main>!invalid>operator');
  t.equal(vars.HOTLINE_VIP, '0', 'an unknown caller is not a VIP');
  t.equal(vars.HOTLINE_BOUND_AGENT, '');
});

t.test(
  'option 3 hands the caller to another IVR: schedule, collected digits and a set variable, then seat 1002',
  async (t) => {
    await idle();
    // 3, two seconds, then the account number and #
    await carrierCall(carrierAmi, {
      did: '5551001',
      callerId: VIP_CALLER,
      dtmf: '3wwww1234#',
      dtmfDelay: 2,
      seconds: 12,
    });
    t.equal(await until('a seat answers', seatUp, 30_000), '1002');
    const vars = await callerVars(['CDR(ivrpath)', 'ACCOUNT', 'TIER', 'HOTLINE_VIP']);
    t.equal(
      vars['CDR(ivrpath)'],
      'who>main>3>self>hours>acct>tag>agent',
      'the path goes on in the second IVR',
    );
    t.equal(vars.ACCOUNT, '1234');
    t.equal(vars.TIER, 'gold');
    t.equal(vars.HOTLINE_VIP, '7', 'what the first IVR looked up stays on the channel');
  },
);

t.test(
  'hotlined stopping hands the caller in the menu to the fallback; stopped, calls go there directly',
  async (t) => {
    await idle();
    await carrierCall(carrierAmi, { did: '5551002', callerId: '01088886666', seconds: 60 });
    await until('the caller parked in the Stasis app', async () => /!Stasis!/.test(await concise()), 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    const stopping = Date.now();
    await stack.hotlined.stop('SIGTERM');
    await until('the caller reaches the fallback seat', seatUp, 30_000);
    t.comment(`fallback reached ${Date.now() - stopping} ms after SIGTERM, inside a 30 s prompt`);
    t.equal(await seatUp(), '1001', 'released by the stopping process, not left to the next one');
    await stack.box.cli('channel request hangup all');

    await idle();
    await carrierCall(carrierAmi, { did: '5551001', callerId: '01088886666', seconds: 6 });
    t.equal(
      await until('a seat answers', seatUp, 30_000),
      '1001',
      'Stasis failed at once; fallback seat 1001',
    );
    await stack.hotlined.start();
    api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  },
);

t.test(
  'hotlined killed while the caller is in the menu: after the restart the caller is at the fallback fast',
  async (t) => {
    await idle();
    await until(
      'ARI app registered',
      async () => /hotline/.test(await stack.box.cli('ari show apps')),
      20_000,
    );
    await carrierCall(carrierAmi, { did: '5551002', callerId: '01088886666', seconds: 60 });
    await until('the caller parked in the Stasis app', async () => /!Stasis!/.test(await concise()), 20_000);
    // well inside the 30 s prompt
    await new Promise((r) => setTimeout(r, 2000));
    await stack.hotlined.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 1000));
    t.match(await concise(), /!Stasis!/, 'the caller is still parked with nobody driving it');
    t.equal(await seatUp(), null);
    // Asterisk 22 runs a continue only after the current playback ends (checked: 28 s into this
    // prompt), so the new process must find the prompt by its deterministic id and stop it first
    const parked = (await boxAri('GET', '/applications/hotline')).channel_ids as string[];
    t.equal(parked.length, 1);
    const playing = await boxAri('GET', `/playbacks/ivr-${parked[0]}-0`);
    t.equal(playing.state, 'playing', 'the menu prompt plays on with nobody driving the call');

    const spawned = Date.now();
    await stack.hotlined.start();
    const ready = Date.now();
    await until('the caller reaches the fallback seat', seatUp, 30_000);
    const atFallback = Date.now();
    const fromReady = atFallback - ready;
    t.comment(
      `fallback reached ${fromReady} ms after the restarted hotlined answered its health check ` +
        `(${atFallback - spawned} ms after it was spawned; start-up took ${ready - spawned} ms)`,
    );
    t.equal(await seatUp(), '1001');
    t.ok(fromReady < 5000, `at the fallback within 5 s of the restart (${fromReady} ms)`);
    t.match(hotlinedLog, /releasing callers left in the IVR by an earlier process/);
    await stack.box.cli('channel request hangup all');
    api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  },
);
