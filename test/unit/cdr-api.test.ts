import t from 'tap';
import { type Api, anonymous } from '../../dev/api-client.js';
import type { Role } from '../../src/http/principal.js';
import { startTestBox } from '../support/box.js';
import { createSpool, spoolCall } from '../support/cdr-spool.js';

/** The part of tap's Test these helpers use. */
interface TestLike {
  teardown(fn: () => unknown): void;
}

const T0 = Date.UTC(2024, 10, 23, 0, 0, 0) / 1000; // 2024-11-23T00:00:00Z

/**
 * 20 calls, one per hour from T0: caller 1380000nnnn to 1001, except every
 * 5th call which 1001 places to 13912345678 and which is BUSY. The box as
 * hotlined builds it, not started: the test ingests the spool itself.
 */
async function startApp(tt: TestLike) {
  const box = await startTestBox({ start: false });
  tt.teardown(box.close);
  const spool = createSpool(box.settings.asterisk.cdrSpool);
  spool.add(
    Array.from({ length: 20 }, (_, i) =>
      spoolCall(
        i + 1,
        T0 + i * 3600,
        (i + 1) % 5 === 0
          ? { src: '1001', dst: '13912345678', disposition: 'BUSY', answer_epoch: '', billsec: '0' }
          : {},
      ),
    ),
  );
  spool.close();
  await box.hotline.services.cdrIngest.catchUp();

  const sessions = new Map<Role, Promise<Api>>();
  const as = (role: Role): Promise<Api> => {
    let s = sessions.get(role);
    if (!s) {
      s = role === 'admin' ? Promise.resolve(box.api) : box.userApi(`${role}1`, role);
      sessions.set(role, s);
    }
    return s;
  };
  return {
    async get(query: string, role: Role | null = 'supervisor') {
      const api = role ? await as(role) : anonymous(box.url);
      return api.req('GET', `/api/v1/cdrs${query}`);
    },
    /** GET /api/v1/cdrs with a supervisor's wallboard token. */
    async wallboard() {
      const made = await (await as('supervisor')).req('POST', '/api/v1/auth/tokens', {
        name: 'TV hall',
        scope: 'wallboard',
      });
      if (made.status !== 201) throw new Error(`wallboard token: ${made.status}`);
      return anonymous(box.url, { authorization: `Bearer ${made.body.secret}` }).req('GET', '/api/v1/cdrs');
    },
  };
}

t.test('lists CDRs newest first with paging and the documented fields', async (t) => {
  const app = await startApp(t);
  const r = await app.get('?limit=3&offset=1');
  t.equal(r.status, 200);
  t.equal(r.body.total, 20);
  t.equal(r.body.limit, 3);
  t.equal(r.body.offset, 1);
  t.same(
    r.body.items.map((c: { startAt: string }) => c.startAt),
    [T0 + 18 * 3600, T0 + 17 * 3600, T0 + 16 * 3600].map((s) => new Date(s * 1000).toISOString()),
  );
  const c = r.body.items[0];
  t.same(Object.keys(c).sort(), [
    'answerAt',
    'billsec',
    'channel',
    'clid',
    'did',
    'disposition',
    'dst',
    'dstchannel',
    'duration',
    'endAt',
    'id',
    'ivrpath',
    'linkedid',
    'recording',
    'src',
    'startAt',
    'uniqueid',
    'userfield',
  ]);
  t.equal(c.answerAt, new Date((T0 + 18 * 3600 + 5) * 1000).toISOString());
  t.equal(c.src, '13800000019');
  t.equal(c.duration, 65);
  t.equal(c.billsec, 60);
  t.equal((await app.get('')).body.items.length, 20, 'default limit 50');
});

t.test('filters by number, matching the calling or the called party', async (t) => {
  const app = await startApp(t);
  const callee = await app.get('?number=13912345678');
  t.equal(callee.body.total, 4);
  t.ok(callee.body.items.every((c: { dst: string }) => c.dst === '13912345678'));
  t.equal(callee.body.items[0].answerAt, null, 'a busy call has no answer time');
  const caller = await app.get('?number=13800000007');
  t.equal(caller.body.total, 1);
  t.equal(caller.body.items[0].src, '13800000007');
  const both = await app.get('?number=1001&limit=2&offset=2');
  t.equal(both.body.total, 20, '1001 is the callee of 16 calls and the caller of 4');
  t.equal(both.body.items.length, 2);
});

t.test('filters by time range (ISO or epoch seconds, to exclusive) and disposition', async (t) => {
  const app = await startApp(t);
  const iso = await app.get('?from=2024-11-23T02:00:00Z&to=2024-11-23T06:00:00Z');
  t.equal(iso.body.total, 4, 'calls at 02:00, 03:00, 04:00 and 05:00');
  t.equal(iso.body.items[0].startAt, '2024-11-23T05:00:00.000Z');
  const epoch = await app.get(`?from=${T0 + 2 * 3600}&to=${T0 + 6 * 3600}`);
  t.same(epoch.body, iso.body);
  const busy = await app.get(`?disposition=BUSY&from=${T0}&limit=2`);
  t.equal(busy.body.total, 4);
  t.equal(busy.body.items.length, 2);
  const two = await app.get('?disposition=BUSY,NO%20ANSWER');
  t.equal(two.body.total, 4);
  const answered = await app.get('?disposition=answered&number=13912345678');
  t.equal(answered.body.total, 0);
});

t.test('rejects bad queries with a validation error naming the field', async (t) => {
  const app = await startApp(t);
  for (const [q, field] of [
    ['?number=abc', 'number'],
    ['?number=' + '1'.repeat(33), 'number'],
    ['?limit=501', 'limit'],
    ['?limit=0', 'limit'],
    ['?offset=-1', 'offset'],
    ['?from=yesterday', 'from'],
    ['?from=2024-02-30', 'from'],
    ['?from=2024-11-24&to=2024-11-23', 'to'],
    ['?disposition=DROPPED', 'disposition.0'],
    ['?numbr=1001', undefined],
  ] as const) {
    const r = await app.get(q);
    t.equal(r.status, 400, q);
    t.equal(r.body.error.code, 'validation', q);
    if (field) t.equal(r.body.error.field, field, q);
  }
});

t.test('only supervisors and admins may read call records', async (t) => {
  const app = await startApp(t);
  t.equal((await app.get('', null)).status, 401);
  t.equal((await app.get('', 'agent')).status, 403);
  t.equal((await app.wallboard()).status, 403, 'a wallboard token cannot read call records');
  t.equal((await app.get('', 'admin')).status, 200);
});
