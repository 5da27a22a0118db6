import t from 'tap';
import { backoffDelay as amiBackoff } from '../../src/asterisk/ami.js';
import { backoffDelay as ariBackoff } from '../../src/asterisk/ari.js';
import { backoffDelay } from '../../src/asterisk/backoff.js';

t.test('AMI and ARI reconnect with the same backoff', async (t) => {
  t.equal(amiBackoff, backoffDelay);
  t.equal(ariBackoff, backoffDelay);
});

t.test('delays double from initialMs up to maxMs, with jitter in the upper half', async (t) => {
  // [initialMs, maxMs, attempt, random(), delay]
  const cases: [number, number, number, number, number][] = [
    [250, 5000, 0, 1, 250],
    [250, 5000, 1, 1, 500],
    [250, 5000, 2, 1, 1000],
    [250, 5000, 3, 1, 2000],
    [250, 5000, 4, 1, 4000],
    [250, 5000, 5, 1, 5000],
    [250, 5000, 10, 1, 5000],
    [250, 5000, 1000, 1, 5000],
    [250, 5000, 0, 0, 125],
    [250, 5000, 20, 0, 2500],
    [100, 5000, 0, 0, 50],
    [100, 5000, 0, 1, 100],
    [100, 5000, 3, 1, 800],
    [100, 5000, 3, 0, 400],
    [100, 5000, 10, 1, 5000],
    [100, 5000, 10_000, 1, 5000], // huge attempt counts stay capped
  ];
  for (const [initialMs, maxMs, attempt, r, delay] of cases)
    t.equal(
      backoffDelay(attempt, { initialMs, maxMs }, () => r),
      delay,
      `${initialMs}/${maxMs} #${attempt} r=${r}`,
    );
  t.ok(
    backoffDelay(10, { initialMs: 100, maxMs: 5000 }, () => 0) >= 2500,
    'never retries instantly once backed off',
  );
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(i % 8, { initialMs: 250, maxMs: 5000 });
    if (d < 125 || d > 5000) t.fail(`delay ${d} out of bounds`);
  }
});
