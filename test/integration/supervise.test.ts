import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import type { CarrierInstance } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';
import { soxWav, toneRms } from '../support/audio.js';
import { connected, isSeat } from '../support/bridges.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { carrierStack, carrierTrunk, noCallsUp } from '../support/stack.js';

/**
 * Supervisors on a real Asterisk 22: the carrier calls a queue and plays a
 * 600 Hz tone, agent 1001's rig phone answers and plays 1000 Hz, and
 * supervisor 1002's rig phone, called by the box into ChanSpy, plays 1400 Hz.
 * Each end records what it hears alone; sox measures each tone in its band.
 */
let stack: Stack;
let carrier: CarrierInstance;
let phones: PhonesInstance;
let carrierAmi: Ami;
let phonesAmi: Ami;
let boxAmi: Ami;
let api: Api;
let sup: Api;
let trunkId: number;
const DID = '4008007777';
const PASSWORD = 'correct horse battery';
const CARRIER_HZ = 600;
const AGENT_HZ = 1000;
const SUP_HZ = 1400;
/** A tone's band RMS above this is heard; below QUIET it is not (alaw noise in a 100 Hz band is far under). */
const AUDIBLE = 0.02;
const QUIET = 0.005;
/** Seconds each spy is recorded once ChanSpy has started. */
const LISTEN_MS = 3000;
/** Supervisors whose ChanSpy started (box AMI ChanSpyStart), by spy channel. */
const spying = new Set<string>();

t.before(async () => {
  // 1003 and 1004 have no phone: a supervisor's unregistered seat
  ({ stack, api, carrier, phones } = await carrierStack(
    [{ extension: '1001' }, { extension: '1002' }, { extension: '1003' }, { extension: '1004' }],
    ['1001', '1002'],
  ));
  trunkId = (await carrierTrunk(api, carrier)).id;
  const queue = await api.post('/api/v1/queues', {
    name: '客服一组',
    settings: { announcePosition: false, joinEmpty: 'always', leaveWhenEmpty: 'always', wrapUpSeconds: 0 },
  });
  const other = await api.post('/api/v1/queues', { name: '投诉组', settings: { joinEmpty: 'always' } });
  const agent = await api.post('/api/v1/agents', {
    extension: '1001',
    name: '客服 1001',
    skills: [{ queueId: queue.id }],
  });
  await api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
  // the supervisors' own seats are agents too (logged out: the queue never rings them)
  await api.post('/api/v1/agents', {
    extension: '1002',
    name: '客服 1002',
    skills: [{ queueId: queue.id }],
  });
  await api.post('/api/v1/agents', {
    extension: '1003',
    name: '客服 1003',
    skills: [{ queueId: queue.id }],
  });
  await api.post('/api/v1/agents', {
    extension: '1004',
    name: '客服 1004',
    skills: [{ queueId: other.id }],
  });
  await api.post('/api/v1/inbound-routes', { did: DID, destination: { type: 'queue', queueId: queue.id } });
  const user = async (username: string, role: string, seat: string, supervises: number[] = []) => {
    const u = await api.post('/api/v1/users', { username, role, password: PASSWORD });
    await api.req('PATCH', `/api/v1/users/${u.user.id}`, {
      seatExtension: seat,
      supervisedQueueIds: supervises,
    });
  };
  // who supervises which queue is set on the user: 1004 supervises the other queue only
  await user('sup1002', 'supervisor', '1002', [queue.id]);
  await user('sup1003', 'supervisor', '1003', [queue.id]);
  await user('sup1004', 'supervisor', '1004', [other.id]);
  await user('agent1001', 'agent', '1001');
  sup = await login(stack.hotlined.url, 'sup1002', PASSWORD);

  soxWav(carrier.hostPath('tone-600.wav'), ['synth', '60', 'sine', String(CARRIER_HZ), 'vol', '0.3']);
  soxWav(phones.hostPath('tone-1000.wav'), ['synth', '10', 'sine', String(AGENT_HZ), 'vol', '0.3']);
  soxWav(phones.hostPath('tone-1400.wav'), ['synth', '10', 'sine', String(SUP_HZ), 'vol', '0.3']);
  carrierAmi = await rigAmi(carrier);
  phonesAmi = await rigAmi(phones);
  boxAmi = await rigAmi(stack.box);
  boxAmi.onEvent((e: AmiMessage) => {
    if (e.Event === 'ChanSpyStart') spying.add(e.SpyerUniqueid ?? '');
  });
  // the phones play their tones instead of echoing (rig-phones' phonesDialplan)
  for (const [ext, hz] of [
    ['1001', AGENT_HZ],
    ['1002', SUP_HZ],
  ] as const)
    await phonesAmi.action('Setvar', { Variable: `PLAY_${ext}`, Value: `${phones.dirs.inside}/tone-${hz}` });
});

t.teardown(async () => {
  await Promise.allSettled([carrierAmi?.stop(), phonesAmi?.stop(), boxAmi?.stop()]);
  await carrier?.destroy();
  await stack?.stop();
});

const isCaller = (c: AmiMessage) => (c.Channel ?? '').startsWith(`PJSIP/trunk-${trunkId}-`);

/** A carrier call to the queue, answered by agent 1001; the carrier and the agent's phone record what they hear. */
async function answeredQueueCall(name: string): Promise<void> {
  await phonesAmi.action('Setvar', { Variable: 'REC_1001', Value: `${name}-agent` });
  await phonesAmi.action('Setvar', { Variable: 'REC_1002', Value: `${name}-sup` });
  await carrierCall(carrierAmi, {
    did: DID,
    callerId: '13800138000',
    seconds: 60,
    talkFile: `${carrier.dirs.inside}/tone-600`,
    recordFile: `${name}-carrier`,
  });
  await until(
    'agent 1001 bridged with the caller',
    () => connected(boxAmi, isSeat('1001'), isCaller),
    30_000,
  );
}

/** The box's spy channel of a session has started ChanSpy. */
async function spyStarted(id: number): Promise<void> {
  await until(
    'the supervisor answered and ChanSpy started',
    async () => {
      const s = await sup.get(`/api/v1/supervise/${id}`);
      const spy = (await boxAmi.list('CoreShowChannels')).find(
        (c) => isSeat('1002')(c) && c.Application === 'ChanSpy',
      );
      return s.state === 'active' && spy && spying.has(spy.Uniqueid ?? '');
    },
    30_000,
  );
}

/**
 * Ends the session by DELETE (or, `byCall`, by hanging up the call: ChanSpy's
 * E ends the spy with it), then every call; resolves with the ended session.
 */
async function endAll(t: Test, id: number, byCall = false): Promise<any> {
  if (byCall) await stack.box.cli('channel request hangup all');
  else t.equal((await sup.req('DELETE', `/api/v1/supervise/${id}`)).status, 204);
  const ended = await until('the session ended', async () => {
    const s = await sup.get(`/api/v1/supervise/${id}`);
    return s.state === 'ended' && s;
  });
  await stack.box.cli('channel request hangup all');
  await noCallsUp(stack.box);
  return ended;
}

/** What each end heard, per tone, once its recording is closed. */
async function heard(name: string) {
  const files = {
    carrier: carrier.hostPath(path.join('rec', `${name}-carrier-heard.wav`)),
    agent: phones.hostPath(path.join('rec', `${name}-agent-heard.wav`)),
    sup: phones.hostPath(path.join('rec', `${name}-sup-heard.wav`)),
  };
  for (const f of Object.values(files))
    await until(`${path.basename(f)} closed`, async () => existsSync(f) && statSync(f).size > 44);
  const band = (f: string) => ({
    carrier: toneRms(f, CARRIER_HZ),
    agent: toneRms(f, AGENT_HZ),
    sup: toneRms(f, SUP_HZ),
  });
  const out = { carrier: band(files.carrier), agent: band(files.agent), sup: band(files.sup) };
  const fmt = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v.toFixed(4)}`)
      .join(', ');
  t.comment(
    `${name}: carrier heard {${fmt(out.carrier)}}; agent heard {${fmt(out.agent)}}; supervisor heard {${fmt(out.sup)}}`,
  );
  return out;
}

/** A spy in `mode` on an answered call, recorded LISTEN_MS; optionally a keypad digit first. */
async function supervised(
  t: Test,
  name: string,
  mode: string,
  opts: { digit?: string; byCall?: boolean } = {},
) {
  const { digit } = opts;
  await answeredQueueCall(name);
  const res = await sup.req('POST', '/api/v1/supervise', { agentExtension: '1001', mode });
  t.equal(res.status, 201, JSON.stringify(res.body));
  t.match(res.body, { agentExtension: '1001', supervisor: 'sup1002', supervisorSeat: '1002', mode });
  await spyStarted(res.body.id);
  if (digit) {
    const phone = (await phonesAmi.list('CoreShowChannels')).find((c) =>
      (c.Channel ?? '').startsWith('PJSIP/phone-1002-'),
    );
    t.ok(phone, "the supervisor's phone is on the spy call");
    await phonesAmi.action('PlayDTMF', { Channel: phone?.Channel ?? '', Digit: digit, Duration: '200' });
  }
  await new Promise((r) => setTimeout(r, LISTEN_MS)); // the audio to measure
  const ended = await endAll(t, res.body.id, opts.byCall);
  return { session: ended, heard: await heard(name) };
}

t.test('refusals: an agent gets 403, an idle agent and an unregistered seat 409', async (t) => {
  const agent = await login(stack.hotlined.url, 'agent1001', PASSWORD);
  const asAgent = await agent.req('POST', '/api/v1/supervise', { agentExtension: '1001', mode: 'listen' });
  t.equal(asAgent.status, 403, 'an agent may not supervise');
  t.equal((await agent.req('GET', '/api/v1/supervise')).status, 403);

  const outsider = await login(stack.hotlined.url, 'sup1004', PASSWORD);
  const notTheirs = await outsider.req('POST', '/api/v1/supervise', {
    agentExtension: '1001',
    mode: 'listen',
  });
  t.equal(notTheirs.status, 403, 'a supervisor of another queue may not: ' + JSON.stringify(notTheirs.body));

  const idle = await sup.req('POST', '/api/v1/supervise', { agentExtension: '1001', mode: 'listen' });
  t.equal(idle.status, 409);
  t.match(idle.body.error.message, 'not on a call');

  const unregistered = await login(stack.hotlined.url, 'sup1003', PASSWORD);
  const noPhone = await unregistered.req('POST', '/api/v1/supervise', {
    agentExtension: '1001',
    mode: 'barge',
  });
  t.equal(noPhone.status, 409);
  t.match(noPhone.body.error.message, 'no registered phone');
  t.same((await sup.get('/api/v1/supervise')).items, [], 'no session was opened');
});

t.test('listen: the supervisor hears both sides, nobody hears the supervisor', async (t) => {
  const { session, heard: h } = await supervised(t, 'listen', 'listen');
  t.ok(h.sup.carrier > AUDIBLE, 'the supervisor hears the caller');
  t.ok(h.sup.agent > AUDIBLE, 'the supervisor hears the agent');
  t.ok(h.agent.sup < QUIET, 'the agent does not hear the supervisor');
  t.ok(h.carrier.sup < QUIET, 'the caller does not hear the supervisor');
  t.ok(h.carrier.agent > AUDIBLE, 'the caller and the agent still talk');
  t.match(session, { state: 'ended', endReason: 'ended', mode: 'listen' });
});

t.test("whisper: the agent hears the supervisor, the caller's recording does not", async (t) => {
  const { heard: h } = await supervised(t, 'whisper', 'whisper');
  t.ok(h.sup.carrier > AUDIBLE && h.sup.agent > AUDIBLE, 'the supervisor hears both sides');
  t.ok(h.agent.sup > AUDIBLE, 'the agent hears the supervisor');
  t.ok(h.carrier.sup < QUIET, 'the caller does not');
});

t.test('barge: both sides hear the supervisor; the spy ends with the call', async (t) => {
  const { session, heard: h } = await supervised(t, 'barge', 'barge', { byCall: true });
  t.match(session, { endReason: 'hangup', answeredAt: String, endedAt: String });
  t.ok(h.agent.sup > AUDIBLE, 'the agent hears the supervisor');
  t.ok(h.carrier.sup > AUDIBLE, 'the caller hears the supervisor');
});

t.test('the keypad switches modes: 6 during a listen barges in', async (t) => {
  const { session, heard: h } = await supervised(t, 'keypad', 'listen', { digit: '6' });
  t.equal(session.mode, 'listen', 'the session started as a listen');
  t.ok(h.carrier.sup > AUDIBLE, 'after 6 the caller hears the supervisor');
});

t.test('every use is audited with its mode, start and end', async (t) => {
  const rows = (await api.get('/api/v1/audit?entity=supervise&limit=100')).items as any[];
  const sessions = new Map<string, { start?: any; end?: any }>();
  for (const r of rows) {
    const s = sessions.get(r.entityId) ?? {};
    s[r.action as 'start' | 'end'] = r;
    sessions.set(r.entityId, s);
  }
  t.equal(sessions.size, 4, 'four uses');
  const modes = [...sessions.values()].map((s) => s.start?.after.mode).sort();
  t.same(modes, ['barge', 'listen', 'listen', 'whisper']);
  for (const [id, s] of sessions) {
    t.match(s.start, { username: 'sup1002', after: { agent: '1001', startedAt: String } }, `${id} start`);
    t.match(s.end, { username: 'sup1002', after: { agent: '1001', endedAt: String } }, `${id} end`);
    t.ok(['ended', 'hangup'].includes(s.end.after.reason), `${id} ended by DELETE or the call's end`);
    t.ok(
      Date.parse(s.end.after.endedAt) >= Date.parse(s.start.after.startedAt),
      `${id} ends after it starts`,
    );
    t.ok(s.end.after.answeredAt, `${id} was answered`);
  }
  t.same((await sup.get('/api/v1/supervise')).items, [], 'no session is left open');
});
