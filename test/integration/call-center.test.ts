import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type Api, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { adminStack, carrierTrunk, noCallsUp, seatsWithPhones } from '../support/stack.js';

/**
 * The hotline end to end, with real calls: DID → IVR (compiled into
 * dialplan) → the caller presses 2 → queue 客服一组 → an agent's phone
 * answers. One calls row tells the story; the recording holds the
 * conversation. With hotlined stopped or killed, callers still walk the IVR
 * to the agent (the Stasis engine's fallbacks: ivr.test.ts).
 */
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let boxAmi: Ami;
let api: Api;
let queueId: number;
const DID = '4008003333';
const connects: { caller: string; channel: string; at: number }[] = [];
const joins: { caller: string; at: number }[] = [];
/** The compiled IVR's steps (UserEvent HotlineIvrPath), by caller. */
const steps: { caller: string; path: string }[] = [];
const paths = (caller: string) => steps.filter((s) => s.caller === caller).map((s) => s.path);

const idle = () => noCallsUp(stack.box);

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  await seatsWithPhones(stack, api, [{ extension: '1003' }, { extension: '1004' }]);
  await carrierTrunk(api, carrier);
  queueId = (
    await api.post('/api/v1/queues', {
      name: '客服一组',
      settings: {
        announcePosition: false,
        joinEmpty: 'always',
        leaveWhenEmpty: 'always',
        recording: 'always',
      },
    })
  ).id;
  const agent = await api.post('/api/v1/agents', {
    extension: '1003',
    name: '客服 1003',
    skills: [{ queueId, level: 0 }],
  });
  await api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
  const menu = await api.post('/api/v1/prompts', {
    name: '主菜单',
    text: '您好，欢迎致电。业务咨询请按一，人工服务请按二。如需重听请稍候。',
    language: 'zh',
  });
  const ivr = await api.post('/api/v1/ivrs', {
    name: '客服热线菜单',
    tree: {
      start: 'main',
      nodes: {
        main: {
          type: 'menu',
          promptId: menu.id,
          options: { '2': 'service' },
          timeoutSeconds: 5,
          retries: 2,
          onTimeout: 'service',
          onInvalid: 'service',
        },
        service: { type: 'transfer', destination: { type: 'queue', queueId } },
      },
    },
  });
  await api.post('/api/v1/inbound-routes', {
    did: DID,
    destination: { type: 'ivr', ivrId: ivr.id },
    fallback: { type: 'queue', queueId },
  });
  carrierAmi = await rigAmi(carrier);
  boxAmi = await rigAmi(stack.box);
  boxAmi.onEvent((e: AmiMessage) => {
    if (e.Event === 'AgentConnect')
      connects.push({ caller: e.CallerIDNum ?? '', channel: e.Channel ?? '', at: Date.now() });
    if (e.Event === 'QueueCallerJoin') joins.push({ caller: e.CallerIDNum ?? '', at: Date.now() });
    if (e.Event === 'UserEvent' && e.UserEvent === 'HotlineIvrPath')
      steps.push({ caller: e.CallerIDNum ?? '', path: e.Path ?? '' });
  });
});

t.teardown(async () => {
  await Promise.allSettled([carrierAmi?.stop(), boxAmi?.stop()]);
  await carrier?.destroy();
  await stack?.stop();
});

t.test(
  'DID → IVR → 2 → queue 客服一组 → agent answers, 3 s, hangup: one calls row and a recording',
  async (t) => {
    const caller = '13811110001';
    await carrierCall(carrierAmi, {
      did: DID,
      callerId: caller,
      dtmf: '2',
      dtmfDelay: 2,
      seconds: 60,
      talkAudio: true,
    });
    const c = await until('agent connected', async () => connects.find((x) => x.caller === caller), 30_000);
    // the conversation lasts 3 s, then the caller hangs up (a duration the call needs, not a
    // stand-in for "nothing happened": talkSeconds below is what Asterisk measured)
    await new Promise((r) => setTimeout(r, 3000));
    await boxAmi.action('Hangup', { Channel: c.channel });
    await idle();
    const call = await until(
      'the calls row',
      async () => {
        const r = await api.get(`/api/v1/calls?number=${caller}`);
        return r.items[0]?.outcome === 'answered' && r.items[0]?.recording ? r.items[0] : null;
      },
      30_000,
    );
    t.comment(JSON.stringify(call));
    t.equal((await api.get(`/api/v1/calls?number=${caller}`)).total, 1, 'one row for the call');
    t.match(call, { caller, did: DID, queueId, agent: '1003', outcome: 'answered' });
    t.match(call.ivrPath, /main>2/, 'the path through the menu');
    t.ok(call.waitSeconds !== null && call.waitSeconds <= 5, `waited ${call.waitSeconds} s in the queue`);
    t.ok(call.talkSeconds >= 2 && call.talkSeconds <= 5, `talked ${call.talkSeconds} s ≈ 3 s`);

    const res = await api.fetch(call.recording);
    t.equal(res.status, 200);
    const file = path.join(stack.dataDir, 'acceptance-call.wav');
    const audio = Buffer.from(await res.arrayBuffer());
    writeFileSync(file, audio);
    // a WAV header alone is 44 bytes: MixMonitor writes that much for a call nobody answered
    t.ok(audio.length > 8000, `the download holds audio (${audio.length} bytes)`);
    const stat = spawnSync('/usr/bin/sox', [file, '-n', 'stat'], { encoding: 'utf8' });
    const level = Number(/RMS\s+amplitude:\s+([0-9.]+)/.exec(`${stat.stdout}${stat.stderr}`)?.[1]);
    t.ok(level > 0.01, `the recording is not silent (RMS ${level.toFixed(4)})`);
  },
);

t.test('hotlined stopped: callers still walk the IVR (2 → queue) and reach an agent', async (t) => {
  await stack.hotlined.stop('SIGTERM');
  try {
    const caller = '13811110002';
    await carrierCall(carrierAmi, { did: DID, callerId: caller, dtmf: '2', dtmfDelay: 2, seconds: 6 });
    await until(
      'agent connected without hotlined',
      async () => connects.some((x) => x.caller === caller),
      30_000,
    );
    t.same(paths(caller), ['main', 'main>2>service'], 'through the compiled menu, not a fallback');
  } finally {
    await stack.hotlined.start();
  }
  await idle();
});

t.test(
  'hotlined killed while a caller is in the IVR menu: the caller presses 2 and reaches the agent all the same',
  async (t) => {
    await until(
      'hotlined back',
      async () => (await api.get('/api/v1/system/health')).ami.state === 'connected',
      20_000,
    );
    const caller = '13811110003';
    await carrierCall(carrierAmi, { did: DID, callerId: caller, dtmf: '2', dtmfDelay: 4, seconds: 10 });
    await until(
      'caller in the menu',
      async () => /!Read!HOTLINE_IVR_KEY/.test(await stack.box.cli('core show channels concise')),
      15_000,
    );
    await stack.hotlined.stop('SIGKILL');
    try {
      await until('agent connected', async () => connects.some((x) => x.caller === caller), 30_000);
      t.same(paths(caller), ['main', 'main>2>service'], 'the key moved the caller on with hotlined gone');
      t.equal(joins.filter((j) => j.caller === caller).length, 1, 'joined the queue once');
    } finally {
      await stack.hotlined.start();
    }
    await stack.box.cli('channel request hangup all');
    await idle();
  },
);
