import t from 'tap';
import { classifyChange } from '../../src/hardware/classify.js';
import { lineDiff } from '../../src/hardware/diff.js';
import { HardwarePlan, type HardwarePlanInput } from '../../src/hardware/span-schema.js';

const port = (n: number, extra: Record<string, unknown> = {}) => ({
  port: n,
  lineMode: 'e1',
  signalling: { kind: 'pri' },
  group: n,
  ...extra,
});
const plan = (ports: Record<string, unknown>[], portCount = 2, zone = 'cn') =>
  HardwarePlan.parse({
    cards: [{ location: 'L', driver: 'wct4xxp', portCount, ports }],
    toneZone: zone,
  } as HardwarePlanInput);

t.test('the least disruptive step for each kind of change', async (t) => {
  const base = plan([port(1)]);
  t.equal(classifyChange(base, base).kind, 'none');
  t.match(classifyChange(base, plan([port(1), port(2)])), {
    kind: 'create-channels',
    newSpans: [2],
    drops: 'none',
  });
  t.match(classifyChange(base, plan([port(1, { clockPriority: 1 })])), {
    kind: 'line',
    spans: [1],
    drops: 'spans',
  });
  t.match(classifyChange(base, plan([port(1, { context: 'other-ctx' })])), { kind: 'reload', drops: 'none' });
  t.match(classifyChange(base, plan([port(1, { signalling: { kind: 'pri', switchtype: 'qsig' } })])), {
    kind: 'restart',
    drops: 'all',
  });
  t.match(classifyChange(base, plan([])), { kind: 'restart' }, 'a span going out of use');
  t.match(
    classifyChange(base, plan([port(1)], 4)),
    { kind: 'driver-reload' },
    'port count changes numbering',
  );
  const t1 = port(1, {
    lineMode: 't1',
    maxChannels: 23,
    signalling: { kind: 'pri', switchtype: 'national' },
  });
  t.match(classifyChange(base, plan([t1])), { kind: 'driver-reload' }, 'E1 → T1 is a port mode change');
  t.match(classifyChange(base, plan([port(1)], 2, 'us')), { kind: 'restart' });
});

t.test('line diff for the audit log', async (t) => {
  t.equal(lineDiff('a\nb\nc', 'a\nb\nc'), '');
  t.equal(lineDiff('a\nb\nc\nd\ne\nf\ng', 'a\nb\nc\nX\ne\nf\ng'), '...\n b\n c\n-d\n+X\n e\n f\n...');
  t.equal(lineDiff('', 'x'), '-\n+x');
});
