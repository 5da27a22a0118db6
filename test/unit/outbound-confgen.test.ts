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
  // the spend guard suspended seat 1007 and trunk 2
  suspended: { seats: ['1007'], trunks: [2] },
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

t.test('the deny list is matched after normalisation, on what is dialled and on what is sent', async (t) => {
  const text = outboundDialplan(cfg);
  t.match(
    text,
    /\[hotline-outbound-deny\]\n.*\nexten => _1600X\.,1,NoOp\(denied\)\nexten => _00882X\.,1,NoOp\(denied\)/,
  );
  // every route screens both forms through the canonicaliser
  const route3 = text.split('[hotline-outbound-route-3]')[1]!.split('\n[')[0]!;
  t.match(route3, /Gosub\(hotline-outbound-screen,s,1\(\$\{EXTEN\},\$\{HOTLINE_DIAL\}\)\)/);
  t.match(text, /Gosub\(hotline-outbound-canon,s,1\(\$\{ARG1\}\)\)/);
  t.match(text, /Gosub\(hotline-outbound-canon,s,1\(\$\{ARG2\}\)\)/);
});

t.test('emergency numbers go out on a route whatever the class, deny list or spend guard', async (t) => {
  const text = outboundDialplan(cfg);
  // 110 is in route 1's patterns; the others fall to the first route
  t.match(text, /^exten => 110,1,Goto\(hotline-outbound-route-1,110,1\)$/m);
  t.match(text, /^exten => 119,1,Goto\(hotline-outbound-route-1,119,1\)$/m);
  for (const n of ['110', '112', '119', '120', '122'])
    t.match(text, new RegExp(`^exten => ${n},1,NoOp\\(emergency\\)$`, 'm'));
  // the emergency check comes before the class check and the screen
  const route4 = text.split('[hotline-outbound-route-4]')[1]!.split('\n[')[0]!;
  const at = (s: string) => route4.indexOf(s);
  t.ok(
    at('?send)') > 0 &&
      at('?send)') < at('HOTLINE_CLASS') &&
      at('HOTLINE_CLASS') < at('hotline-outbound-screen'),
  );
  // a suspended trunk carries emergency calls only
  t.match(route4, /GotoIf\(\$\[!\$\{HOTLINE_EMERGENCY\}\]\?t1\)\n same => n,Gosub\(hotline-trunk-2,/);
  t.match(text, /^exten => seat1007,1,NoOp\(suspended\)$/m);
  t.match(text, /^exten => trunk2,1,NoOp\(suspended\)$/m);
});

t.test('a dialled number reaches a Goto only filtered to the characters of a number', async (t) => {
  const text = outboundDialplan(cfg);
  const gotos = [...text.matchAll(/Goto\([^,]+,([^,]+(?:\([^)]*\))?[^,]*),1\)/g)].map((m) => m[1]!);
  t.ok(gotos.length > 0);
  for (const g of gotos) t.ok(/^[0-9]+$/.test(g) || g.startsWith('${FILTER(0-9*#+,'), `Goto target ${g}`);
  t.notMatch(text, /Goto\([^)]*,\$\{EXTEN\},1\)/);
});

t.test('no routes and no deny list still yield the context the seats include', async (t) => {
  const text = outboundDialplan({ routes: [], denyList: [], trunkDialContext: () => null });
  t.match(text, /^\[hotline-outbound\]$/m);
  // no route: [hotline-outbound] claims no number, not even an emergency one (no trunk to send it on)
  t.notMatch(text.split('[hotline-outbound]')[1]!.split('\n[')[0]!, /^exten/m);
});

t.test('the generator refuses a pattern or name that would inject dialplan', async (t) => {
  for (const patterns of [['_X.,1,System(id)'], ['_X.;x'], ['_X.\n[evil]'], ['_[]X.']]) {
    t.throws(() => outboundDialplan({ ...cfg, routes: [route(1, 1, { patterns })] }), /unsafe/);
  }
  t.throws(() => outboundDialplan({ ...cfg, denyList: ['_X.$(x)'] }), /unsafe/);
  t.throws(() => outboundDialplan({ ...cfg, routes: [route(1, 1, { name: 'a\n[x]' })] }), /unsafe/);
  t.throws(() => outboundDialplan({ ...cfg, routes: [route(1, 1, { prepend: '0,1' })] }), /unsafe/);
});
