import t from 'tap';
import type { Destination } from '../../src/destinations/schema.js';
import { type IvrForDialplan, ivrDialplan, transferExtensions } from '../../src/ivr/confgen.js';
import { golden } from '../support/golden.js';

const transfer = (destination: Destination) => ({
  type: 'transfer',
  name: '转接 [x]; ${EXTEN}',
  destination,
});
const ivr = (id: number, nodes: IvrForDialplan['tree']['nodes'], fallback: Destination | null = null) => ({
  id,
  tree: { nodes },
  fallback,
});

const demo: IvrForDialplan[] = [
  ivr(
    3,
    {
      main: { type: 'menu' },
      sales: transfer({ type: 'seat', extension: '1001' }),
      'a-b': transfer({ type: 'voicemail', extension: '1002' }),
      ab: transfer({ type: 'external', number: '+8610086' }),
      q: transfer({ type: 'queue', queueId: 1 }),
      other: transfer({ type: 'ivr', ivrId: 1 }),
      news: transfer({ type: 'announcement', announcementId: 4 }),
      bye: transfer({ type: 'hangup' }),
      hours: transfer({
        type: 'schedule',
        scheduleId: 2,
        open: { type: 'seat', extension: '1003' },
        closed: { type: 'voicemail', extension: '1003' },
      }),
      _x: transfer({ type: 'seat', extension: '1004' }),
    },
    { type: 'seat', extension: '1002' },
  ),
  ivr(1, { only: { type: 'hangup' } }),
  ivr(
    2,
    { m: { type: 'menu' }, t: transfer({ type: 'seat', extension: '1003' }) },
    { type: 'schedule', scheduleId: 2, open: { type: 'queue', queueId: 1 }, closed: { type: 'hangup' } },
  ),
];

t.test(
  'extensions_ivr.conf matches its golden file (sorted by id, display names never written)',
  async (t) => {
    const { expected, actual } = golden('ivr/extensions_ivr.conf', ivrDialplan(demo, 'hotline'));
    t.equal(actual, expected);
    t.notMatch(actual, /转接|\$\{EXTEN\}/);
    t.match(
      actual,
      '[hotline-ivr-1]\nexten => s,1,Answer()\n same => n,Stasis(hotline,ivr,1,${CDR(ivrpath)})\n same => n,Return()\n',
      'no fallback: Stasis then Return, as the destinations contract says',
    );
    t.ok(
      actual.indexOf('[hotline-ivr-1]') < actual.indexOf('[hotline-ivr-2]') &&
        actual.indexOf('[hotline-ivr-2]') < actual.indexOf('[hotline-ivr-3]'),
    );
    t.equal(
      ivrDialplan(demo, 'hotline'),
      ivrDialplan([...demo].reverse(), 'hotline'),
      'input order does not matter',
    );
  },
);

t.test('every transfer extension runs its destination, then Return() to the route fallback', async (t) => {
  const text = ivrDialplan(demo, 'hotline');
  const blocks = text.match(/^exten => t\d+,1,.*\n(?: same => .*\n)*/gm) ?? [];
  t.equal(blocks.length, 10, 'nine transfers in ivr 3, one in ivr 2');
  for (const b of blocks) t.match(b, / same => n,Return\(\)\n$/, b.split('\n')[0] ?? '');
});

t.test('transfer extensions are t1..tN in node-id order; ids never become extensions', async (t) => {
  const ext = transferExtensions(demo[0]!.tree);
  t.same(
    [...ext.entries()],
    [
      ['_x', 't1'],
      ['a-b', 't2'],
      ['ab', 't3'],
      ['bye', 't4'],
      ['hours', 't5'],
      ['news', 't6'],
      ['other', 't7'],
      ['q', 't8'],
      ['sales', 't9'],
    ],
  );
  t.same([...transferExtensions({ nodes: { m: { type: 'menu' } } }).entries()], []);
});

t.test('an unsafe value that slipped past validation stops generation', async (t) => {
  const evil = (d: unknown, nodeId = 'x') =>
    ivrDialplan([ivr(1, { [nodeId]: { type: 'transfer', destination: d } })], 'hotline');
  t.throws(() => evil({ type: 'seat', extension: '1001,1,System(id)' }), /unsafe value/);
  t.throws(() => evil({ type: 'external', number: '1\n[evil]' }), /unsafe value/);
  t.throws(() => evil({ type: 'seat', extension: '1001' }, 'x)\nexten => s,1,System(id'), /unsafe value/);
  t.throws(() => ivrDialplan(demo, 'hotline,evil'), /unsafe value/);
  t.throws(() => ivrDialplan([{ ...demo[1]!, id: 0 }], 'hotline'), /unsafe value/);
});
