import t from 'tap';
import { createAri } from '../../src/asterisk/ari.js';
import { createLogger } from '../../src/log.js';
import { FakeAri } from '../support/fake-ari.js';

/** The ARI calls the IVR runner added to the adapter, against the fake ARI server. */

async function connected(t: { teardown(fn: () => Promise<void>): void }) {
  const fake = new FakeAri();
  await fake.listen();
  const ari = createAri({
    url: fake.url,
    username: fake.username,
    password: fake.password,
    app: fake.app,
    log: createLogger('silent'),
    requestTimeoutMs: 1000,
    pingIntervalMs: 1000,
    backoff: { initialMs: 10, maxMs: 50 },
  });
  t.teardown(async () => {
    await ari.stop();
    await fake.close();
  });
  ari.start();
  for (let i = 0; i < 300 && ari.state !== 'connected'; i++) await new Promise((r) => setTimeout(r, 10));
  return { fake, ari };
}

t.test('several prompts play as one playback: media is a comma-separated list', async (t) => {
  const { fake, ari } = await connected(t);
  fake.addChannel('1700000000.5');
  const r = await ari.play('1700000000.5', ['sound:/p/3', 'sound:/p/2'], 'ivr-1700000000.5-0');
  t.same(r, { id: 'ivr-1700000000.5-0' });
  const req = fake.log.at(-1);
  t.equal(req?.path, '/ari/channels/1700000000.5/play/ivr-1700000000.5-0');
  t.equal(req?.query.get('media'), 'sound:/p/3,sound:/p/2');
  await t.rejects(
    ari.play('1700000000.5', ['sound:a,sound:b']),
    { code: 'validation' },
    'no commas inside a URI',
  );
  await t.rejects(ari.play('1700000000.5', []), { code: 'validation' });
});

t.test('stopPlayback stops a playing prompt; one already over is false, not an error', async (t) => {
  const { fake, ari } = await connected(t);
  fake.addChannel('c9');
  await ari.play('c9', 'sound:/p/1', 'ivr-c9-1');
  t.equal(await ari.stopPlayback('ivr-c9-1'), true);
  t.equal(fake.log.at(-1)?.method, 'DELETE');
  t.equal(fake.log.at(-1)?.path, '/ari/playbacks/ivr-c9-1');
  t.equal(await ari.stopPlayback('ivr-c9-1'), false, 'already over');
});

t.test('parked channel ids and continue with and without a target', async (t) => {
  const { fake, ari } = await connected(t);
  fake.addChannel('a');
  fake.addChannel('b');
  fake.addChannel('gone', { inApp: false });
  t.same((await ari.parkedChannelIds()).sort(), ['a', 'b']);
  await ari.continueInDialplan('a');
  const bare = fake.log.at(-1);
  t.equal(bare?.path, '/ari/channels/a/continue');
  t.same([...(bare?.query.keys() ?? [])], [], 'no target: the next priority');
  await ari.continueInDialplan('b', { context: 'hotline-ivr-3', extension: 't2', priority: 1 });
  t.same(Object.fromEntries(fake.log.at(-1)?.query ?? []), {
    context: 'hotline-ivr-3',
    extension: 't2',
    priority: '1',
  });
  t.same(await ari.parkedChannelIds(), []);
});
