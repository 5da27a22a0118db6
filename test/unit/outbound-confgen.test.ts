import t from 'tap';
import { outboundDialplan } from '../../src/outbound/confgen.js';
import type { OutboundRoute } from '../../src/outbound/schema.js';
import { golden } from '../support/golden.js';

const route = (id: number, position: number, extra: Partial<OutboundRoute>): OutboundRoute => ({
  id,
  position,
  name: `route ${id}`,
  enabled: true,
  patterns: ['_X.'],
  requiredClass: 'national',
  stripDigits: 0,
  prepend: '',
  trunkIds: [1],
  callerId: null,
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});

const routes = [
  route(1, 1, { name: '本地', patterns: ['_[2-8]XXXXXXX', '110'], requiredClass: 'local', trunkIds: [1] }),
  route(4, 2, {
    name: '国内长途',
    patterns: ['_0[1-9]X.', '_1[3-9]XXXXXXXXX'],
    trunkIds: [2, 1],
    callerId: { number: '02155500100', name: 'Hotline', presentation: 'allowed' },
  }),
  route(3, 3, {
    name: 'International',
    patterns: ['_00X.'],
    requiredClass: 'international',
    stripDigits: 2,
    prepend: '+',
    trunkIds: [2, 9, 1],
  }),
  route(5, 4, { name: 'off', enabled: false }),
];

const cfg = {
  routes,
  denyList: ['_1600X.', '_00882X.'],
  // trunk 9 is disabled: not in the trunk dialplan
  trunkDialContext: (id: number) => (id === 9 ? null : `hotline-trunk-${id}`),
};

t.test(
  'extensions_outbound.conf matches its golden file (deny list, order, class, strip/prepend, failover)',
  async (t) => {
    const { expected, actual } = golden('outbound/extensions_outbound.conf', outboundDialplan(cfg));
    t.equal(actual, expected);
    // matching order is include order
    const includes = [...actual.matchAll(/^include => (\S+)$/gm)].map((m) => m[1]);
    t.same(includes, ['hotline-outbound-r1', 'hotline-outbound-r4', 'hotline-outbound-r3']);
    t.notMatch(actual, /hotline-trunk-9|hotline-outbound-r5/);
    t.match(actual, /Set\(HOTLINE_DIAL=\+\$\{EXTEN:2\}\)/);
    t.match(actual, /GotoIf\(\$\[0\$\{HOTLINE_CLASS\} < 3\]\?denied\)/);
  },
);

t.test('no routes and no deny list still yield the context the seats include', async (t) => {
  const text = outboundDialplan({ routes: [], denyList: [], trunkDialContext: () => null });
  t.match(text, /^\[hotline-outbound\]$/m);
  t.notMatch(text, /^exten/m);
});

t.test('the generator refuses a pattern or name that would inject dialplan', async (t) => {
  for (const patterns of [['_X.,1,System(id)'], ['_X.;x'], ['_X.\n[evil]'], ['_[]X.']]) {
    t.throws(() => outboundDialplan({ ...cfg, routes: [route(1, 1, { patterns })] }), /unsafe/);
  }
  t.throws(() => outboundDialplan({ ...cfg, denyList: ['_X.$(x)'] }), /unsafe/);
  t.throws(() => outboundDialplan({ ...cfg, routes: [route(1, 1, { name: 'a\n[x]' })] }), /unsafe/);
  t.throws(() => outboundDialplan({ ...cfg, routes: [route(1, 1, { prepend: '0,1' })] }), /unsafe/);
});
