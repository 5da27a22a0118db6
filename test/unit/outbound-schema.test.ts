import t from 'tap';
import type { ZodError } from 'zod';
import { DenyList, RouteCreate, RouteUpdate } from '../../src/outbound/schema.js';

function field(err: ZodError): string {
  const issue = err.issues[0]!;
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  return [...issue.path, ...(unknownKey ? [unknownKey] : [])].join('.');
}

const ok = { name: '国内长途', patterns: ['_0[1-9]X.'], requiredClass: 'national', trunkIds: [1, 2] };

t.test('a route needs name, patterns, class and trunks', async (t) => {
  t.same(RouteCreate.parse(ok), { ...ok, enabled: true, stripDigits: 0, prepend: '', callerId: null });
  const { requiredClass: _, ...noClass } = ok;
  t.equal(
    field(RouteCreate.safeParse(noClass).error!),
    'requiredClass',
    'no default class: international must be explicit',
  );
  t.equal(field(RouteCreate.safeParse({ ...ok, requiredClass: 'internal' }).error!), 'requiredClass');
});

t.test('a dial pattern that would inject dialplan is refused, naming the pattern', async (t) => {
  const r = RouteCreate.safeParse({ ...ok, patterns: ['_X.', '_X.,1,System(touch /tmp/pwned)'] });
  t.equal(field(r.error!), 'patterns.1');
  for (const p of ['_X.;', '_X.)', '${EXTEN}', '_[]X', '_X. ', '_[1']) {
    t.equal(field(RouteCreate.safeParse({ ...ok, patterns: [p] }).error!), 'patterns.0', JSON.stringify(p));
  }
  t.equal(field(RouteCreate.safeParse({ ...ok, patterns: [] }).error!), 'patterns');
  t.equal(field(RouteCreate.safeParse({ ...ok, patterns: ['_X.', '_X.'] }).error!), 'patterns');
});

t.test('strip, prepend, trunks and caller ID are validated', async (t) => {
  t.equal(field(RouteCreate.safeParse({ ...ok, prepend: '0,1' }).error!), 'prepend');
  t.equal(field(RouteCreate.safeParse({ ...ok, stripDigits: -1 }).error!), 'stripDigits');
  t.equal(field(RouteCreate.safeParse({ ...ok, stripDigits: 21 }).error!), 'stripDigits');
  t.equal(field(RouteCreate.safeParse({ ...ok, trunkIds: [] }).error!), 'trunkIds');
  t.equal(field(RouteCreate.safeParse({ ...ok, trunkIds: [1, 1] }).error!), 'trunkIds');
  t.equal(field(RouteCreate.safeParse({ ...ok, callerId: { number: '1${X}' } }).error!), 'callerId.number');
  t.equal(field(RouteCreate.safeParse({ ...ok, name: 'a[b]' }).error!), 'name');
  t.equal(field(RouteUpdate.safeParse({ dialplan: 'x' }).error!), 'dialplan');
});

t.test('the deny list takes the same patterns', async (t) => {
  t.ok(DenyList.safeParse({ patterns: ['_1600X.', '_00882X.', '16800'] }).success);
  t.equal(field(DenyList.safeParse({ patterns: ['_1600X.', '_X.,1,Hangup'] }).error!), 'patterns.1');
});
