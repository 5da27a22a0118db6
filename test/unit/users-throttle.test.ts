import t from 'tap';
import { LoginSlowdown, LoginThrottle } from '../../src/users/throttle.js';

const WINDOW = 15 * 60 * 1000;

function clocked(maxKeys?: number) {
  const clock = { now: 1_000_000 };
  const th = new LoginThrottle({ maxFailures: 5, windowMs: WINDOW, maxKeys, now: () => clock.now });
  return { th, clock };
}

/** The service's order: ask how long to wait, and count the attempt only when it may go ahead. */
function attempt(th: LoginThrottle, key: string): number {
  const wait = th.wait(key);
  if (wait === 0) th.hit(key);
  return wait;
}

t.test('five attempts pass, the sixth waits until the first leaves the window', async (t) => {
  const { th, clock } = clocked();
  for (let i = 0; i < 5; i++) {
    t.equal(attempt(th, 'ip:a'), 0);
    clock.now += 1000;
  }
  t.equal(attempt(th, 'ip:a'), WINDOW - 5000);
  t.equal(th.recent('ip:a'), 5);
  clock.now += WINDOW - 5000;
  t.equal(attempt(th, 'ip:a'), 0, 'allowed once the oldest attempt expired');
});

t.test('a refused attempt is not counted, so waiting is enough', async (t) => {
  const { th, clock } = clocked();
  for (let i = 0; i < 5; i++) attempt(th, 'ip:a');
  for (let i = 0; i < 50; i++) t.ok(attempt(th, 'ip:a') > 0);
  clock.now += WINDOW;
  t.equal(attempt(th, 'ip:a'), 0);
});

t.test('keys are counted apart', async (t) => {
  const { th } = clocked();
  for (let i = 0; i < 5; i++) attempt(th, 'ip:1');
  t.ok(th.wait('ip:1') > 0, 'the guessing address waits');
  t.equal(th.wait('ip:2'), 0, 'another address is untouched');
});

t.test('reset forgets a key; forgive takes back one attempt', async (t) => {
  const { th } = clocked();
  for (let i = 0; i < 5; i++) {
    attempt(th, 'u:a');
    attempt(th, 'ip:1');
  }
  th.reset('u:a');
  th.forgive('ip:1');
  t.equal(th.recent('u:a'), 0);
  t.equal(attempt(th, 'ip:1'), 0);
  t.ok(attempt(th, 'ip:1') > 0, 'the four earlier failures of the address still count');
});

t.test('prune drops expired keys and the key count stays bounded', async (t) => {
  const { th, clock } = clocked(100);
  for (let i = 0; i < 500; i++) attempt(th, `u:guess${i}`);
  t.ok(th.size <= 100);
  clock.now += WINDOW + 1;
  th.prune();
  t.equal(th.size, 0);
});

t.test(
  'a slowdown lets the first attempts through, then doubles the gap up to its cap, never locking',
  async (t) => {
    const clock = { now: 1_000_000 };
    const sd = new LoginSlowdown({
      maxFailures: 3,
      windowMs: WINDOW,
      maxDelayMs: 8000,
      now: () => clock.now,
    });
    for (let i = 0; i < 3; i++) t.equal(attempt(sd, 'u:a'), 0);
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = attempt(sd, 'u:a');
      gaps.push(wait);
      clock.now += wait;
      t.equal(attempt(sd, 'u:a'), 0, 'allowed once the gap has passed');
    }
    t.same(gaps, [1000, 2000, 4000, 8000, 8000, 8000]);
    t.equal(attempt(sd, 'u:b'), 0, 'other names are untouched');
  },
);
