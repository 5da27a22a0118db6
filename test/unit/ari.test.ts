import t from 'tap';
import { type Ari, type AriEvent, type AriOptions, createAri } from '../../src/asterisk/ari.js';
import type { ConnectionState } from '../../src/bus.js';
import { isAppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { FakeAri, freePort } from '../support/fake-ari.js';

const log = createLogger(process.env.HOTLINE_LOG_LEVEL ?? 'silent');

function options(fake: FakeAri, over: Partial<AriOptions> = {}): AriOptions {
  return {
    url: fake.url,
    username: fake.username,
    password: fake.password,
    app: fake.app,
    log,
    // Roomy enough that a loaded CI box does not trip them; tests that need a
    // quick timeout or liveness check override them.
    requestTimeoutMs: 1000,
    pingIntervalMs: 1000,
    backoff: { initialMs: 10, maxMs: 50 },
    ...over,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(what: string, cond: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const waitState = (ari: Ari, state: ConnectionState, ms = 3000) =>
  waitFor(`state ${state} (now ${ari.state})`, () => ari.state === state, ms);

/** A started adapter and a listening fake, both closed when the test ends. */
async function connected(
  t: { teardown(fn: () => Promise<void>): void },
  over: Partial<AriOptions> = {},
): Promise<{ fake: FakeAri; ari: Ari; states: ConnectionState[] }> {
  const fake = new FakeAri();
  await fake.listen();
  const ari = createAri(options(fake, over));
  const states: ConnectionState[] = [];
  ari.onState((s) => states.push(s));
  t.teardown(async () => {
    await ari.stop();
    await fake.close();
  });
  ari.start();
  await waitState(ari, 'connected');
  return { fake, ari, states };
}

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

const channel = (id: string) => ({
  id,
  name: `PJSIP/carrier-${id}`,
  state: 'Ring',
  caller: { name: '', number: '13800138000' },
  connected: { name: '', number: '' },
  accountcode: '',
  dialplan: { context: 'from-trunk', exten: '4008001234', priority: 2 },
  creationtime: '2025-03-01T10:00:00.000+0800',
  language: 'zh',
});

t.test('connects once Asterisk starts listening after refusing connections at boot', async (t) => {
  const fake = new FakeAri();
  fake.port = await freePort();
  const ari = createAri(options(fake));
  t.teardown(async () => {
    await ari.stop();
    await fake.close();
  });
  const states: ConnectionState[] = [];
  ari.onState((s) => states.push(s));
  ari.start();
  await waitFor('three refused attempts', () => states.filter((s) => s === 'disconnected').length >= 3);
  t.same(states.slice(0, 2), ['connecting', 'disconnected'], 'a refused attempt is reported, not thrown');
  t.not(ari.state, 'connected');

  await fake.listen();
  await waitState(ari, 'connected');
  t.equal(fake.clients, 1, 'one events websocket for the app');
  t.equal(states.at(-1), 'connected');
});

t.test(
  'keeps retrying while ARI answers 500 or 404 on resources.json and connects once it is loaded',
  async (t) => {
    const fake = new FakeAri();
    fake.resourcesStatus = 500;
    await fake.listen();
    const ari = createAri(options(fake));
    t.teardown(async () => {
      await ari.stop();
      await fake.close();
    });
    ari.start();
    const probes = () => fake.log.filter((r) => r.path === '/ari/api-docs/resources.json').length;
    await waitFor('three 500 probes', () => probes() >= 3);
    fake.resourcesStatus = 404;
    const seen = probes();
    await waitFor('three 404 probes', () => probes() >= seen + 3);
    t.equal(fake.wsConnections, 0, 'no websocket before ARI is loaded');
    t.not(ari.state, 'connected');

    fake.resourcesStatus = 200;
    await waitState(ari, 'connected');
    t.equal(fake.wsConnections, 1);
  },
);

t.test('rejected credentials keep it retrying instead of connecting', async (t) => {
  const fake = new FakeAri();
  await fake.listen();
  const ari = createAri({ ...options(fake), password: 'wrong-password-wrong-password' });
  t.teardown(async () => {
    await ari.stop();
    await fake.close();
  });
  ari.start();
  await waitFor('several attempts', () => fake.requestCount >= 3);
  t.not(ari.state, 'connected');
  t.equal(fake.wsConnections, 0);
});

t.test('delivers Stasis events to every listener and drops frames it cannot trust', async (t) => {
  const { fake, ari } = await connected(t);
  const got: AriEvent[] = [];
  const alsoGot: string[] = [];
  let removedCalls = 0;
  ari.onEvent(() => {
    throw new Error('a buggy domain listener');
  });
  ari.onEvent((e) => got.push(e));
  ari.onEvent((e) => alsoGot.push(e.type));
  const off = ari.onEvent(() => removedCalls++);
  off();

  fake.emit({ type: 'StasisStart', args: ['ivr', '7'], channel: channel('c1') });
  fake.emit('this is not json');
  fake.emit({ type: 'ChannelVarset', variable: 'X', value: '1', channel: channel('c1') });
  fake.emit({ type: 'ChannelDtmfReceived', digit: '5', duration_ms: 120, channel: channel('c1') });
  fake.emit({ type: 'StasisStart', args: [] });
  fake.emit({ type: 'PlaybackFinished', playback: { id: 'pb1', media_uri: 'sound:hello', state: 'done' } });
  await waitFor('three events', () => got.length === 3);

  t.same(
    got.map((e) => e.type),
    ['StasisStart', 'ChannelDtmfReceived', 'PlaybackFinished'],
  );
  const start = got[0];
  if (start?.type !== 'StasisStart') throw new Error('expected StasisStart first');
  t.same(start.args, ['ivr', '7']);
  t.equal(start.channel.id, 'c1');
  t.equal(start.application, 'hotline');
  const dtmf = got[1];
  t.equal(dtmf?.type === 'ChannelDtmfReceived' ? dtmf.digit : null, '5');
  t.same(
    alsoGot,
    ['StasisStart', 'ChannelDtmfReceived', 'PlaybackFinished'],
    'a throwing listener hurts nobody',
  );
  t.equal(removedCalls, 0, 'an unsubscribed listener gets nothing');
  t.equal(ari.state, 'connected', 'bad frames do not break the connection');
});

t.test('a binary frame is skipped and the text events around it still arrive', async (t) => {
  const { fake, ari } = await connected(t);
  const got: string[] = [];
  ari.onEvent((e) => got.push(e.type === 'StasisStart' ? `${e.type}:${e.channel.id}` : e.type));
  fake.emit({ type: 'StasisStart', args: [], channel: channel('c1') });
  // Valid event JSON, but in a binary frame: ws 8 flags it and we do not decode it.
  fake.emitBinary(
    Buffer.from(
      JSON.stringify({ application: 'hotline', type: 'StasisStart', args: [], channel: channel('bin') }),
    ),
  );
  fake.emit({ type: 'StasisStart', args: [], channel: channel('c2') });
  await waitFor('two events', () => got.length === 2);
  t.same(
    got,
    ['StasisStart:c1', 'StasisStart:c2'],
    'frames arrive in order, so c2 proves the binary one was skipped',
  );
  t.equal(ari.state, 'connected');
});

t.test('goes disconnected when Asterisk dies and reconnects when it comes back', async (t) => {
  const { fake, ari, states } = await connected(t);
  fake.addChannel('parked-1');
  await fake.kill();
  await waitState(ari, 'disconnected');
  await waitFor('retries while down', () => states.filter((s) => s === 'connecting').length >= 3);

  await fake.listen();
  await waitState(ari, 'connected');
  t.equal(fake.wsConnections, 2);
  t.same(await ari.parkedChannelIds(), ['parked-1'], 'calls parked in the app can be reconciled');

  const got: string[] = [];
  ari.onEvent((e) => got.push(e.type));
  fake.emit({ type: 'StasisEnd', channel: channel('parked-1') });
  await waitFor('event after reconnect', () => got.length === 1);
  t.same(got, ['StasisEnd']);
});

const quickLiveness = { pingIntervalMs: 100, requestTimeoutMs: 200 };

t.test(
  'tears down a connection that stops answering and reconnects when Asterisk answers again',
  async (t) => {
    const { fake, ari } = await connected(t, quickLiveness);
    const since = Date.now();
    fake.setSilent(true);
    await waitState(ari, 'disconnected');
    const tookMs = Date.now() - since;
    // Two missed rounds: 2 × (interval 100 + REST ping timeout 100), give or take.
    t.ok(tookMs >= 200 && tookMs < 1500, `dead peer detected in ${tookMs} ms`);

    fake.setSilent(false);
    await waitState(ari, 'connected');
    t.equal(fake.wsConnections, 2, 'a fresh websocket');
    await waitFor('the dead socket to be gone on the server', () => fake.clients === 1);
  },
);

t.test('a websocket that stops answering pings is replaced even while REST still answers', async (t) => {
  const { fake, ari } = await connected(t, quickLiveness);
  // A dead listener (aioari#2): the event socket is gone quiet, HTTP still answers.
  fake.setSilent(true, 'websocket');
  await waitState(ari, 'disconnected');
  await waitState(ari, 'connected');
  t.equal(fake.wsConnections, 2);
  t.ok(
    fake.log.some((r) => r.path === '/ari/asterisk/ping'),
    'REST pings kept being answered',
  );
});

t.test('another client taking over the Stasis app makes it reconnect', async (t) => {
  const { fake, ari } = await connected(t);
  fake.emit({ type: 'ApplicationReplaced' });
  await waitState(ari, 'disconnected');
  await waitState(ari, 'connected');
  t.equal(fake.wsConnections, 2);
});

t.test('a request Asterisk never answers rejects with timeout and leaves nothing in flight', async (t) => {
  const { fake, ari } = await connected(t, { requestTimeoutMs: 200, pingIntervalMs: 60_000 });
  fake.addChannel('c1');
  fake.hang.push('POST /ari/channels/c1/answer');
  const before = timers();
  const since = Date.now();
  const answering = ari.answer('c1');
  t.equal(ari.stats().inFlight, 1);
  await t.rejects(answering, { code: 'timeout' });
  t.ok(Date.now() - since >= 190, 'waited for the timeout');
  t.equal(ari.stats().inFlight, 0);
  t.equal(timers(), before, 'its timer is gone');
  t.equal(ari.state, 'connected', 'one slow request is not a dead connection');
});

t.test(
  'operations on a channel that already hung up reject with not_found, an expected outcome',
  async (t) => {
    const { ari } = await connected(t);
    const ops: [string, Promise<unknown>][] = [
      ['answer', ari.answer('gone')],
      ['hangup', ari.hangup('gone', 'normal')],
      ['continue', ari.continueInDialplan('gone')],
      ['play', ari.play('gone', 'sound:hello')],
      ['setVariable', ari.setVariable('gone', 'X', '1')],
      ['getVariable', ari.getVariable('gone', 'X')],
    ];
    for (const [name, p] of ops) {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      t.ok(isAppError(err, 'not_found'), `${name} → not_found`);
    }
  },
);

t.test('channel operations send what ARI expects and return what it answers', async (t) => {
  const { fake, ari } = await connected(t);
  fake.addChannel('1700000000.1', { vars: { HOTLINE_CALL_ID: 'call-9' } });
  fake.addChannel('1700000000.2');
  fake.addChannel('1700000000.3', { inApp: false });

  await ari.answer('1700000000.1');
  t.equal(fake.channels.get('1700000000.1')?.state, 'Up');
  t.equal(await ari.getVariable('1700000000.1', 'HOTLINE_CALL_ID'), 'call-9');
  t.equal(
    await ari.getVariable('1700000000.1', 'UNSET_VAR'),
    null,
    'an unset variable is null, not an error',
  );
  await ari.setVariable('1700000000.1', 'HOTLINE_IVR', 'main/2');
  t.equal(await ari.getVariable('1700000000.1', 'HOTLINE_IVR'), 'main/2');

  t.same(await ari.play('1700000000.1', 'sound:hello-world', 'pb-fixed'), { id: 'pb-fixed' });
  const last = fake.log.at(-1);
  t.equal(last?.path, '/ari/channels/1700000000.1/play/pb-fixed');
  t.equal(last?.query.get('media'), 'sound:hello-world');
  t.match(await ari.play('1700000000.1', 'sound:beep'), { id: /^pb-/ });

  await ari.continueInDialplan('1700000000.2', { context: 'hotline-fallback', extension: 's', priority: 1 });
  const cont = fake.log.at(-1);
  t.equal(cont?.query.get('context'), 'hotline-fallback');
  t.equal(cont?.query.get('extension'), 's');
  t.equal(cont?.query.get('priority'), '1');
  t.equal(cont?.query.has('label'), false, 'unset fields are not sent');
  await t.rejects(ari.continueInDialplan('1700000000.3'), { code: 'conflict' }, 'not in our app → conflict');

  await ari.hangup('1700000000.2', 'busy');
  t.equal(fake.log.at(-1)?.query.get('reason'), 'busy');
  t.notOk(fake.channels.has('1700000000.2'));

  t.same(
    (await ari.listChannels()).map((c) => c.id),
    ['1700000000.1', '1700000000.3'],
  );
  t.same(await ari.parkedChannelIds(), ['1700000000.1']);
  await ari.ping();
  t.same(await ari.info(), {
    version: '22.5.2',
    startedAt: Date.parse('2025-03-01T00:00:00.000Z'),
    reloadedAt: Date.parse('2025-03-01T01:30:00.000Z'),
  });
});

t.test('parkedChannelIds is empty when Asterisk does not know the app', async (t) => {
  const fake = new FakeAri();
  await fake.listen();
  const ari = createAri(options(fake));
  t.teardown(async () => {
    await ari.stop();
    await fake.close();
  });
  t.same(await ari.parkedChannelIds(), []);
});

t.test('stop() rejects in-flight requests with connection_lost and never reconnects', async (t) => {
  const { fake, ari, states } = await connected(t);
  fake.hang.push('GET /ari/channels');
  const pending = ari.listChannels();
  await waitFor('request to reach Asterisk', () => fake.log.some((r) => r.path === '/ari/channels'));
  const stopped = ari.stop();
  t.equal(ari.state, 'closing');
  await t.rejects(pending, { code: 'connection_lost' });
  await stopped;
  t.equal(ari.state, 'disconnected');
  t.same(states.slice(-2), ['closing', 'disconnected']);
  await t.rejects(ari.answer('c1'), { code: 'connection_lost' }, 'later requests fail fast');

  await fake.kill();
  await fake.listen();
  await sleep(300);
  t.equal(fake.wsConnections, 1, 'no reconnect after stop');
  t.equal(ari.stats().timers, 0);
  t.equal(ari.stats().inFlight, 0);
});

t.test('stop() while waiting to retry cancels the retry', async (t) => {
  const fake = new FakeAri();
  fake.port = await freePort();
  const ari = createAri(options(fake, { backoff: { initialMs: 100, maxMs: 100 } }));
  t.teardown(() => fake.close());
  ari.start();
  await waitState(ari, 'disconnected');
  await ari.stop();
  await fake.listen();
  await sleep(250);
  t.equal(fake.requestCount, 0, 'nothing reached Asterisk after stop');
  t.equal(ari.state, 'disconnected');
});

t.test('5 000 requests leave no in-flight entries, timers or listeners behind', async (t) => {
  const { fake, ari } = await connected(t, { requestTimeoutMs: 1500, pingIntervalMs: 60_000 });
  fake.keepLog = false;
  fake.addChannel('c1', { vars: { V: '1' } });
  fake.addChannel('slow');
  fake.hang.push('GET /ari/channels/slow');
  const baseline = { stats: ari.stats(), timers: timers() };

  const outcomes = new Map<string, number>();
  const settle = (p: Promise<unknown>) =>
    p
      .then(
        () => 'ok',
        (e: unknown) => (isAppError(e) ? e.code : 'bug'),
      )
      .then((k) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1));
  // Ten that Asterisk never answers run alongside the rest and time out.
  const slow = Array.from({ length: 10 }, () => settle(ari.getVariable('slow', 'V')));
  let next = 10;
  let missing = 0;
  async function worker(): Promise<void> {
    while (next < 5000) {
      const i = next++;
      const off = ari.onEvent(() => {});
      if (i % 3 === 0) {
        missing++;
        await settle(ari.answer('missing'));
      } else if (i % 3 === 1) await settle(ari.getVariable('c1', 'V'));
      else await settle(ari.setVariable('c1', 'V', String(i)));
      off();
    }
  }
  await Promise.all([...slow, ...Array.from({ length: 10 }, worker)]);

  t.same(Object.fromEntries(outcomes), { timeout: 10, not_found: missing, ok: 4990 - missing });
  t.same(
    { ...ari.stats(), requests: baseline.stats.requests },
    baseline.stats,
    'in-flight map, listener sets and supervisor timers are back to baseline',
  );
  t.ok(ari.stats().requests >= baseline.stats.requests + 5000, 'every request counted');
  t.equal(timers(), baseline.timers, 'no timer left armed');
  t.equal(ari.state, 'connected');
});
t.test('after stop() and close nothing is left holding the process open', async (t) => {
  await sleep(20);
  t.same(
    process.getActiveResourcesInfo().filter((r) => /TCP|Timeout|Immediate/.test(r)),
    [],
  );
});
