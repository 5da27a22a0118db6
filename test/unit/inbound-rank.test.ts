import t from 'tap';
import { inboundDialplan } from '../../src/inbound/confgen.js';
import { extCompare, numberMatches, numberPatternProblem } from '../../src/inbound/pattern.js';
import { ranked } from '../../src/inbound/rank.js';
import type { InboundRoute } from '../../src/inbound/schema.js';
import { golden } from '../support/golden.js';

const route = (
  id: number,
  did: string,
  callerId: string | null,
  extra: Partial<InboundRoute> = {},
): InboundRoute => ({
  id,
  name: `route ${id}`,
  did,
  callerId,
  destination: { type: 'seat', extension: '1001' },
  fallback: { type: 'hangup' },
  enabled: true,
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});

/** The route Asterisk picks: first in rank order whose DID and caller match. */
const pick = (routes: InboundRoute[], did: string, cid: string) =>
  ranked(routes).find(
    (r) =>
      r.rank !== null && numberMatches(r.did, did) && (r.callerId === null || numberMatches(r.callerId, cid)),
  )?.id;

t.test('most specific match wins: exact DID, then caller match, then longer fixed prefix', async (t) => {
  const routes = [
    route(1, '_X.', null),
    route(2, '_8610X.', null),
    route(3, '_861088X.', null),
    route(4, '861088880000', null),
    route(5, '861088880000', '_139X.'),
    route(6, '_8610X.', '_139X.'),
    route(7, '_861088X.', null, { enabled: false }),
    route(8, '_86108[0-5]X.', null),
  ];
  const order = ranked(routes).map((r) => [r.id, r.rank]);
  t.same(order, [
    [5, 1],
    [4, 2],
    [3, 3],
    [8, 4],
    [6, 5],
    [2, 6],
    [1, 7],
    [7, null],
  ]);
  t.equal(pick(routes, '861088880000', '13900001111'), 5, 'exact DID with caller match');
  t.equal(pick(routes, '861088880000', '01012345678'), 4, 'exact DID, other caller');
  t.equal(
    pick(routes, '861088123456', '13900001111'),
    3,
    'longer prefix beats a caller match on a shorter prefix',
  );
  t.equal(pick(routes, '861081123456', '13900001111'), 8, 'a [0-5] set is more specific than X');
  t.equal(pick(routes, '861099123456', '13900001111'), 6, 'caller match on the same DID pattern');
  t.equal(pick(routes, '861099123456', '01012345678'), 2);
  t.equal(pick(routes, '4000123456', ''), 1, 'the catch-all');
});

t.test('ext_cmp: exact before pattern, fewer choices first, end before a wildcard tail', async (t) => {
  const sorted = ['_X.', '_X!', '_NXX', '_1XX', '_1X.', '_[1-2]XX', '100', '_ZXX', '_XXX'].sort(extCompare);
  t.same(sorted, ['100', '_1XX', '_1X.', '_[1-2]XX', '_NXX', '_ZXX', '_XXX', '_X.', '_X!']);
});

t.test('number patterns are strictly validated', async (t) => {
  for (const ok of ['100', '+8610888', '_X.', '_+86X.', '_1[0-5]XX', '_NXXXXXX', '_1!', '_[13-9]X'])
    t.equal(numberPatternProblem(ok), null, `${ok} accepted`);
  for (const bad of [
    '_X.,1,System(id)',
    '_X.;x',
    '_X(1)',
    '_X$',
    '_X X',
    '100/200',
    '_.',
    '_X.X',
    '_[]',
    '_[9-1]',
    '_[1-',
    '_x.',
    '10 0',
    '',
    '${EXTEN}',
    '_X.\n[evil]',
    '1'.repeat(33),
    '+',
    'abc',
  ])
    t.not(numberPatternProblem(bad), null, `${JSON.stringify(bad)} refused`);
});

t.test('the inbound dialplan matches its golden file', async (t) => {
  const routes: InboundRoute[] = [
    route(1, '4008001000', null, { name: '总机', fallback: { type: 'voicemail', extension: '1001' } }),
    route(2, '_40080020XX', null, {
      destination: {
        type: 'schedule',
        scheduleId: 3,
        open: { type: 'seat', extension: '1002' },
        closed: { type: 'announcement', announcementId: 4 },
      },
      fallback: { type: 'voicemail', extension: '1002' },
    }),
    route(3, '4008001000', '_139X.', { destination: { type: 'seat', extension: '1003' } }),
    route(4, '_X.', null, { destination: { type: 'hangup' } }),
    route(5, '+861088880000', null, {
      destination: { type: 'seat', extension: '1001' },
      fallback: {
        type: 'schedule',
        scheduleId: 3,
        open: { type: 'seat', extension: '1002' },
        closed: { type: 'hangup' },
      },
    }),
    route(6, '4008009999', null, { enabled: false }),
  ];
  const g = golden('inbound/extensions_inbound.conf', inboundDialplan(routes));
  t.equal(g.actual, g.expected);
  t.notMatch(g.actual, /4008009999/, 'a disabled route is not generated');
});

t.test('the generator refuses a hostile pattern even if one reached the database', async (t) => {
  t.throws(() => inboundDialplan([route(1, '_X.,1,System(id)', null)]), /unsafe/);
  t.throws(() => inboundDialplan([route(1, '100', '_X.\n[x]')]), /unsafe/);
});
