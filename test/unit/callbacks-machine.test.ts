import t from 'tap';
import { dueInQueue, next } from '../../src/callbacks/machine.js';
import type { Callback } from '../../src/callbacks/schema.js';

const cb = (over: Partial<Callback> = {}): Callback => ({
  id: 1,
  queueId: 1,
  number: '13988880001',
  queuedAt: 1000,
  requestedAt: 2000,
  status: 'waiting',
  attempts: 0,
  maxAttempts: 2,
  retrySeconds: 60,
  nextAttemptAt: 2000,
  channelId: null,
  agent: null,
  result: null,
  updatedAt: 2000,
  ...over,
});

t.test('a callback answered, confirmed and taken by an agent is connected', async (t) => {
  let c = next(cb(), { type: 'dialled', channelId: 'cb-1-1-abcdef' }, 3000)!;
  t.match(c, { status: 'calling', attempts: 1, channelId: 'cb-1-1-abcdef' });
  c = next(c, { type: 'originate', answered: true, result: 'answered' }, 4000)!;
  t.equal(c.status, 'answered');
  c = next(c, { type: 'confirmed' }, 5000)!;
  t.equal(c.status, 'confirmed');
  c = next(c, { type: 'agent', member: '1003' }, 6000)!;
  t.match(c, { status: 'connected', agent: '1003' });
  t.equal(next(c, { type: 'hangup' }, 7000), null, 'the end of a connected call changes nothing');
});

t.test('not answered: back in line after the retry delay, failed once the attempts are used', async (t) => {
  let c = next(cb(), { type: 'dialled', channelId: 'cb-1-1-abcdef' }, 3000)!;
  c = next(c, { type: 'originate', answered: false, result: 'no answer' }, 4000)!;
  t.match(c, { status: 'waiting', result: 'no answer', nextAttemptAt: 64_000 });
  c = next(c, { type: 'dialled', channelId: 'cb-1-2-abcdef' }, 64_000)!;
  c = next(c, { type: 'originate', answered: true, result: 'answered' }, 65_000)!;
  c = next(c, { type: 'hangup' }, 70_000)!;
  t.match(c, { status: 'failed', result: 'unconfirmed', attempts: 2 }, 'answered without a key: unconfirmed');
});

t.test('confirmed then hung up before an agent is abandoned; late events are ignored', async (t) => {
  const confirmed = cb({ status: 'confirmed', attempts: 1 });
  t.equal(next(confirmed, { type: 'hangup' }, 9000)!.status, 'abandoned');
  t.equal(next(confirmed, { type: 'originate', answered: true, result: 'answered' }, 9000), null);
  t.equal(
    next(cb({ status: 'connected' }), { type: 'cancel' }, 9000),
    null,
    'a connected one cannot be cancelled',
  );
  t.equal(next(cb(), { type: 'agent', member: '1003' }, 9000), null);
});

t.test('a call hotlined no longer finds after a restart is interrupted, never redialled', async (t) => {
  for (const status of ['calling', 'answered', 'confirmed'] as const)
    t.match(next(cb({ status, attempts: 1 }), { type: 'lost' }, 9000), { status: 'interrupted' });
  t.equal(next(cb(), { type: 'lost' }, 9000), null, 'a waiting one keeps waiting');
});

t.test('its turn comes when it is first, nobody joined before it waits, and an agent is free', async (t) => {
  const a = cb({ id: 1, queuedAt: 5000 });
  const b = cb({ id: 2, queuedAt: 3000, number: '13988880002' });
  t.equal(dueInQueue([a, b], { available: 1, firstJoinedAt: null }, 10_000)?.id, 2, 'the earlier place');
  t.equal(dueInQueue([a, b], { available: 0, firstJoinedAt: null }, 10_000), null, 'no free agent');
  t.equal(dueInQueue([a, b], { available: 1, firstJoinedAt: 2000 }, 10_000), null, 'an earlier caller waits');
  t.equal(dueInQueue([a, b], { available: 1, firstJoinedAt: 4000 }, 10_000)?.id, 2, 'a later caller waits');
  t.equal(
    dueInQueue([a, cb({ ...b, nextAttemptAt: 20_000 })], { available: 1, firstJoinedAt: null }, 10_000)?.id,
    1,
    'one in its retry delay lets the next go',
  );
  t.equal(
    dueInQueue([a, cb({ ...b, status: 'calling' })], { available: 2, firstJoinedAt: null }, 10_000),
    null,
    'one call at a time per queue',
  );
});

t.test('a schedule moves the first call only, and only while waiting', async (t) => {
  t.equal(next(cb(), { type: 'schedule', at: 90_000 }, 3000)?.nextAttemptAt, 90_000);
  t.equal(
    next(cb({ attempts: 1 }), { type: 'schedule', at: 90_000 }, 3000),
    null,
    'after a call: the retry delay',
  );
  t.equal(next(cb({ status: 'calling' }), { type: 'schedule', at: 90_000 }, 3000), null, 'not during a call');
});
