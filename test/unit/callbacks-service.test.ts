import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { Bus } from '../../src/bus.js';
import { createCallbackService } from '../../src/callbacks/service.js';
import { createCallbackStore } from '../../src/callbacks/store.js';
import type { CallbackTelephony } from '../../src/callbacks/telephony.js';
import { openDb } from '../../src/db/index.js';
import { createLogger } from '../../src/log.js';
import { QueueSettings } from '../../src/queues/schema.js';

/**
 * The callback service on a real SQLite file with the AMI side faked: what
 * it stores from the dialplan's events, when it dials, and what a restart
 * finds. The real calls are in test/integration/callbacks.test.ts.
 */
function setup(tt: Test, route: 'route' | 'no-route' = 'route') {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-callbacks-'));
  const log = createLogger('silent');
  const db = openDb(path.join(dir, 'hotline.db'), log);
  const bus = new Bus(log);
  let now = 1_700_000_000_000;
  const dialled: { channelId: string; number: string }[] = [];
  const up = new Set<string>();
  const queue = { available: 1, firstJoinedAt: null as number | null };
  const telephony: CallbackTelephony = {
    originate: async (o) => {
      dialled.push({ channelId: o.channelId, number: o.number });
      return `action-${dialled.length}`;
    },
    queueNow: async () => queue,
    channelIds: async () => up,
  };
  const settings = QueueSettings.parse({ callbackKey: '1', callbackAttempts: 2, callbackRetrySeconds: 30 });
  const make = () =>
    createCallbackService({
      store: createCallbackStore(db),
      telephony,
      queues: { exists: (id) => id === 1, get: () => ({ settings }) as never },
      outbound: {
        match: (number) =>
          route === 'route'
            ? {
                number,
                result: 'route',
                pattern: '_1X.',
                route: {} as never,
                dial: number,
                trunkIds: [1],
                emergency: false,
              }
            : { number, result: 'no-route' },
      },
      change: (async () => undefined) as never,
      bus,
      log,
      now: () => now,
      tickMs: 3_600_000,
    });
  const service = make();
  service.start();
  tt.teardown(() => {
    service.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const requested = (number: string, queuedAt = '1699999990') =>
    bus.emit('callback.dialplan', { action: 'requested', queueId: '1', number, queuedAt });
  const ready = () => bus.emit('asterisk.ready', { version: '22', startedAt: null });
  const settle = () => new Promise((r) => setTimeout(r, 20));
  return {
    service,
    make,
    bus,
    dialled,
    up,
    queue,
    requested,
    ready,
    settle,
    /** The `i`th call ends unanswered with OriginateResponse reason `reason`. */
    notAnswered: (i: number, reason: number) =>
      bus.emit('originate.response', {
        context: 'hotline-callback-out',
        exten: '',
        uniqueid: dialled[i]!.channelId,
        actionId: `action-${i + 1}`,
        answered: false,
        reason,
      }),
    advance: (ms: number) => {
      now += ms;
    },
    all: () => service.list({ limit: 100, offset: 0 }).items,
  };
}

t.test('a request from the dialplan is stored once per number, at the time the caller joined', async (t) => {
  const s = setup(t);
  s.queue.available = 0;
  s.ready();
  s.requested('13988880001');
  s.requested('13988880001');
  await s.settle();
  const items = s.all();
  t.equal(items.length, 1, 'pressing again keeps one place');
  t.match(items[0], { status: 'waiting', queuedAt: 1_699_999_990_000, number: '13988880001' });
  t.same(s.dialled, [], 'no agent free: nobody is called');
});

t.test('hostile or unknown values from the dialplan store nothing', async (t) => {
  const s = setup(t);
  s.ready();
  for (const number of ['', '12', '1398888000\n1', '${X}', '１３９']) s.requested(number);
  for (const queueId of ['9', '1;2', '0'])
    s.bus.emit('callback.dialplan', { action: 'requested', queueId, number: '13988880001', queuedAt: '' });
  await s.settle();
  t.same(s.all(), []);
});

t.test('not answered: called again after the retry delay, failed after the last call', async (t) => {
  const s = setup(t);
  s.ready();
  s.requested('13988880001');
  await s.settle();
  t.equal(s.dialled.length, 1, 'first in line with a free agent: dialled');
  t.match(s.dialled[0]!.channelId, /^cb-1-1-[0-9a-f]{6}$/);
  s.notAnswered(0, 3);
  await s.settle();
  t.match(s.all()[0], { status: 'waiting', result: 'no answer', attempts: 1 });
  await s.service.tick();
  t.equal(s.dialled.length, 1, 'not before the retry delay');
  s.advance(30_000);
  await s.service.tick();
  t.equal(s.dialled.length, 2, 'called again');
  s.notAnswered(1, 5);
  await s.settle();
  t.match(s.all()[0], { status: 'failed', result: 'busy', attempts: 2 });
});

t.test('a number no outbound route takes fails without a call', async (t) => {
  const s = setup(t, 'no-route');
  s.ready();
  s.requested('13988880001');
  await s.settle();
  t.same(s.dialled, []);
  t.match(s.all()[0], { status: 'failed', result: 'no-route' });
});

t.test('after a restart, a call Asterisk no longer has is interrupted, never made again', async (t) => {
  const s = setup(t);
  s.ready();
  s.requested('13988880001');
  await s.settle();
  t.equal(s.dialled.length, 1);
  s.service.stop();
  // hotlined comes back; Asterisk has no such channel any more
  const again = s.make();
  again.start();
  t.teardown(() => again.stop());
  s.ready();
  await s.settle();
  t.match(again.list({ limit: 10, offset: 0 }).items[0], { status: 'interrupted' });
  t.equal(s.dialled.length, 1, 'not dialled twice');
});

t.test('after a restart, a call still up is followed to the agent', async (t) => {
  const s = setup(t);
  s.ready();
  s.requested('13988880001');
  await s.settle();
  const channelId = s.dialled[0]!.channelId;
  s.service.stop();
  s.up.add(channelId);
  const again = s.make();
  again.start();
  t.teardown(() => again.stop());
  s.ready();
  await s.settle();
  s.bus.emit('callback.dialplan', { action: 'confirmed', callbackId: '1' });
  s.bus.emit('queue.agent.connected', {
    queue: 'q1',
    uniqueid: channelId,
    at: 0,
    member: '1003',
    interface: 'PJSIP/1003',
    holdTimeSec: 1,
    ringTimeSec: 1,
  });
  t.match(again.list({ limit: 10, offset: 0 }).items[0], { status: 'connected', agent: '1003' });
  t.equal(again.byChannel(channelId)?.id, 1, 'the desk finds the callback by the caller channel');
  t.equal(s.dialled.length, 1);
});

t.test('minutes keyed in after the key: not called before then, called at its place once due', async (t) => {
  const s = setup(t);
  s.queue.available = 0;
  s.ready();
  s.requested('13988880001');
  s.requested('13988880002', '1699999995');
  await s.settle();
  s.bus.emit('callback.dialplan', {
    action: 'scheduled',
    queueId: '1',
    number: '13988880001',
    minutes: '30',
  });
  for (const minutes of ['0', '241', '5;1', '', '${X}'])
    s.bus.emit('callback.dialplan', { action: 'scheduled', queueId: '1', number: '13988880002', minutes });
  s.bus.emit('callback.dialplan', { action: 'scheduled', queueId: '9', number: '13988880002', minutes: '5' });
  await s.settle();
  const [first, second] = s.all().sort((a, b) => a.id - b.id);
  t.equal(first!.nextAttemptAt - first!.requestedAt, 30 * 60_000, 'the first asked for 30 minutes');
  t.equal(second!.nextAttemptAt, second!.requestedAt, 'out-of-range minutes leave the second as it was');

  s.queue.available = 1;
  await s.service.tick();
  t.same(
    s.dialled.map((d) => d.number),
    ['13988880002'],
    'an agent frees up: the later place goes first, the scheduled one waits',
  );
  s.notAnswered(0, 3);
  await s.settle();
  s.advance(30 * 60_000);
  await s.service.tick();
  t.equal(
    s.dialled.at(-1)?.number,
    '13988880001',
    'at the time asked, it is called (its place is the earlier one)',
  );
});
