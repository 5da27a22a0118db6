import { randomBytes } from 'node:crypto';
import t from 'tap';
import { until } from '../../dev/api-client.js';
import { type BoxInstance, startBox } from '../../dev/rig.js';
import { rigRoot } from '../../dev/sandbox.js';
import { type Ami, type AmiMessage, createAmi } from '../../src/asterisk/ami.js';
import { type Ari, createAri } from '../../src/asterisk/ari.js';
import { createLogger } from '../../src/log.js';

let box: BoxInstance;
let ami: Ami;
let ari: Ari;
const events: AmiMessage[] = [];

t.before(async () => {
  box = await startBox({ root: rigRoot(), runId: `adapters-${randomBytes(3).toString('hex')}` });
  const log = createLogger('silent');
  ami = createAmi({ host: '127.0.0.1', port: box.ports.ami, ...box.ami, log, pingIntervalMs: 1000 });
  ari = createAri({
    url: `http://127.0.0.1:${box.ports.http}`,
    username: box.ari.username,
    password: box.ari.password,
    app: 'hotline',
    log,
    pingIntervalMs: 1000,
  });
  ami.onEvent((e) => events.push(e));
  ami.start();
  ari.start();
  await until('AMI and ARI connected', async () => ami.state === 'connected' && ari.state === 'connected');
});

t.teardown(async () => {
  await ami?.stop();
  await ari?.stop();
  await box?.destroy();
});

t.test('AMI talks to the real Asterisk 22: actions, lists, CLI commands, events', async (t) => {
  const settings = await ami.action('CoreSettings');
  t.match(settings.AsteriskVersion, /^22\./);
  const plan = await ami.list('ShowDialPlan', { Context: 'hotline-unknown-number' });
  t.ok(plan.length >= 1, 'list collects the ListDialplan items');
  t.ok(
    plan.every((p) => p.Event === 'ListDialplan'),
    'only item events, not the Complete event',
  );
  t.same(await ami.list('PJSIPShowEndpoints'), [], 'an empty list resolves to []');
  t.match(await ami.command('core show uptime'), /System uptime/);
  await ami.action('UserEvent', { UserEvent: 'HotlineProbe', Probe: 'yes' });
  await until('our UserEvent comes back on the event stream', async () =>
    events.some((e) => e.Event === 'UserEvent' && e.UserEvent === 'HotlineProbe'),
  );
  await t.rejects(ami.action('NoSuchAction'), /Invalid\/unknown command/i, 'an Error response rejects');
});

t.test('a thousand AMI actions leave nothing pending and no listener behind', async (t) => {
  const before = ami.stats();
  await Promise.all(Array.from({ length: 1000 }, () => ami.action('Ping')));
  const after = ami.stats();
  t.equal(after.pending, 0);
  t.equal(after.eventListeners, before.eventListeners);
  t.equal(after.socketListeners, before.socketListeners);
});

t.test('ARI talks to the real Asterisk 22', async (t) => {
  const info = await ari.info();
  t.match(info.version, /^22\./);
  t.ok(info.startedAt && info.startedAt <= Date.now(), 'start time known');
  await ari.ping();
  t.same(await ari.parkedChannelIds(), [], 'no calls parked in the app');
  await t.rejects(ari.hangup('no-such-channel'), { code: 'not_found' }, 'a vanished channel is not_found');
});

t.test('liveness pings keep a healthy connection up (Asterisk answers them)', async (t) => {
  const changes: string[] = [];
  const offAmi = ami.onState((s) => changes.push(`ami:${s}`));
  const offAri = ari.onState((s) => changes.push(`ari:${s}`));
  await new Promise((r) => setTimeout(r, 4500)); // more than three ping intervals
  offAmi();
  offAri();
  t.same(changes, [], 'no reconnect while Asterisk is healthy');
  t.equal(ari.state, 'connected');
});

t.test('both adapters survive Asterisk dying and reconnect by themselves', async (t) => {
  await box.stop({ kill: true });
  await until(
    'both see the loss',
    async () => ami.state !== 'connected' && ari.state !== 'connected',
    10_000,
  );
  await t.rejects(ami.action('Ping'), { code: 'asterisk_unavailable' }, 'actions fail fast while down');
  await box.start();
  const back = Date.now();
  await until('both reconnected', async () => ami.state === 'connected' && ari.state === 'connected', 15_000);
  const seconds = (Date.now() - back) / 1000;
  t.ok(seconds <= 5, `reconnected ${seconds.toFixed(2)} s after Asterisk was back`);
  t.match((await ami.action('CoreSettings')).AsteriskVersion, /^22\./);
  t.match((await ari.info()).version, /^22\./);
});
