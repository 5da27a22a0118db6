import t from 'tap';
import { nextDemoCall } from '../../dev/demo-traffic.js';

/** A fixed sequence standing in for Math.random. */
const seq = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

t.test('demo calls pick a menu option, a mobile-looking caller and a plausible talk time', async (t) => {
  const { call, pauseMs } = nextDemoCall(seq(0.5, 0.9, 0.1, 0.5, 0.7, 0.3), ['1', '2']);
  t.equal(pauseMs, Math.round(-Math.log(0.5) * 8000), 'exponential gap around 8 s');
  t.match(call.callerId, /^1[3-8][0-9]{9}$/);
  t.ok(['1', '2'].includes(call.dtmf));
  t.ok(call.seconds >= 20 && call.seconds < 120, `talks ${call.seconds} s`);
});

t.test('some callers give up while queued, and gaps are capped', async (t) => {
  const { call, pauseMs } = nextDemoCall(seq(0.999999, 0.05, 0.2, 0.3, 0.4, 0.5), ['1']);
  t.equal(pauseMs, 30_000);
  t.ok(call.seconds < 20, `abandons after ${call.seconds} s`);
  let abandons = 0;
  let x = 1;
  const lcg = () => {
    x = (x * 1664525 + 1013904223) % 2 ** 32;
    return x / 2 ** 32;
  };
  for (let i = 0; i < 1000; i++) if (nextDemoCall(lcg, ['1', '2']).call.seconds < 20) abandons++;
  t.ok(abandons > 80 && abandons < 230, `${abandons} of 1000 abandon (about 15 %)`);
});
