import t from 'tap';
import { LoginSlowdown, LoginThrottle } from '../../src/users/throttle.js';

const WINDOW = 15 * 60 * 1000;

function clocked(maxKeys?: number) {
  const clock = { now: 1_000_000 };
  const th = new LoginThrottle({ maxFailures: 5, windowMs: WINDOW, maxKeys, now: () => clock.now });
  return { th, clock };
}

t.test('five attempts pass, the sixth waits until the first leaves the window', async (t) => {
  const { th, clock } = clocked();
  for (let i = 0; i < 5; i++) {
    t.equal(th.begin(['u:a']), 0);
    clock.now += 1000;
  }
  t.equal(th.begin(['u:a']), WINDOW - 5000);
  clock.now += WINDOW - 5000;
  t.equal(th.begin(['u:a']), 0, 'allowed once the oldest attempt expired');
});

t.test('a refused attempt is not counted, so waiting is enough', async (t) => {
  const { th, clock } = clocked();
  for (let i = 0; i < 5; i++) th.begin(['u:a']);
  for (let i = 0; i < 50; i++) t.ok(th.begin(['u:a']) > 0);
  clock.now += WINDOW;
  t.equal(th.begin(['u:a']), 0);
});

t.test('any blocked key blocks the attempt, and nothing is counted then', async (t) => {
  const { th } = clocked();
  for (let i = 0; i < 5; i++) th.begin(['u:a', 'ip:1']);
  t.ok(th.begin(['u:b', 'ip:1']) > 0, 'the address is blocked for another username');
  t.equal(th.begin(['u:b', 'ip:2']), 0, 'the other username from elsewhere is fine');
  t.ok(th.begin(['u:a', 'ip:3']) > 0, 'the username is blocked from elsewhere');
});

t.test('reset forgets a username; forgive takes back one attempt of an address', async (t) => {
  const { th } = clocked();
  for (let i = 0; i < 5; i++) th.begin(['u:a', 'ip:1']);
  th.reset('u:a');
  th.forgive('ip:1');
  t.equal(th.begin(['u:a', 'ip:1']), 0);
  t.ok(th.begin(['u:a', 'ip:1']) > 0, 'the four earlier failures of the address still count');
});

t.test('prune drops expired keys and the key count stays bounded', async (t) => {
  const { th, clock } = clocked(100);
  for (let i = 0; i < 500; i++) th.begin([`u:guess${i}`]);
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
    for (let i = 0; i < 3; i++) t.equal(sd.begin(['u:a']), 0);
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = sd.begin(['u:a']);
      gaps.push(wait);
      clock.now += wait;
      t.equal(sd.begin(['u:a']), 0, 'allowed once the gap has passed');
    }
    t.same(gaps, [1000, 2000, 4000, 8000, 8000, 8000]);
    t.equal(sd.begin(['u:b']), 0, 'other names are untouched');
  },
);
