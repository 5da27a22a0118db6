import t from 'tap';
import { REDACTED, redact } from '../../src/audit/index.js';
import type { Principal } from '../../src/http/principal.js';
import { buildTestHotline } from '../support/box.js';

const admin: Principal = { userId: 1, username: 'admin', role: 'admin', via: 'session' };

/** The audit log of the box as hotlined builds it, emptied of the box's own first-admin row. */
function setup(t: { teardown(fn: () => unknown): void }) {
  const box = buildTestHotline();
  t.teardown(box.close);
  const { db, bus, audit } = box.hotline;
  db.prepare('DELETE FROM audit_log').run();
  const events: { id: number; action: string; entity: string }[] = [];
  bus.on('test', 'audit.recorded', (e) => events.push(e));
  return { db, audit, events };
}

const tick = () => new Promise((r) => setImmediate(r));

t.test('secret-named keys are redacted at any depth and in any spelling', async (t) => {
  const out = redact({
    username: 'u',
    password: 'p',
    password_hash: 'h',
    passwordHash: 'h',
    nested: { secret: 's', token: 't', token_hash: 'th', list: [{ Secret: 'x', keep: 1 }] },
    extension: '1001',
  });
  t.same(out, {
    username: 'u',
    password: REDACTED,
    password_hash: REDACTED,
    passwordHash: REDACTED,
    nested: {
      secret: REDACTED,
      token: REDACTED,
      token_hash: REDACTED,
      list: [{ Secret: REDACTED, keep: 1 }],
    },
    extension: '1001',
  });
});

t.test('redaction survives cycles, dates and bigints instead of throwing', async (t) => {
  const a: Record<string, unknown> = { at: new Date(0), n: 10n };
  a.self = a;
  t.same(redact(a), { at: '1970-01-01T00:00:00.000Z', n: '10', self: '[circular]' });
});

t.test('a record stores who, what, before and after, with secrets redacted', async (t) => {
  const { db, audit } = setup(t);
  audit.record({
    principal: admin,
    action: 'update',
    entity: 'seat',
    entityId: 7,
    before: { extension: '1001', secret: 'old-sip-secret' },
    after: { extension: '1001', secret: 'new-sip-secret' },
    ip: '10.0.0.5',
  });
  const row = db
    .prepare('SELECT user_id, username, action, entity, entity_id, before, after, ip FROM audit_log')
    .get();
  t.same(row, {
    user_id: 1,
    username: 'admin',
    action: 'update',
    entity: 'seat',
    entity_id: '7',
    before: JSON.stringify({ extension: '1001', secret: REDACTED }),
    after: JSON.stringify({ extension: '1001', secret: REDACTED }),
    ip: '10.0.0.5',
  });
});

t.test('an audit row written in a rolled-back transaction disappears and is never announced', async (t) => {
  const { db, audit, events } = setup(t);
  const change = db.transaction((fail: boolean) => {
    audit.record({
      principal: admin,
      action: 'create',
      entity: 'seat',
      entityId: 1,
      after: { extension: '1001' },
    });
    if (fail) throw new Error('apply failed');
  });
  t.throws(() => change(true), /apply failed/);
  await tick();
  t.equal(db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get(), 0);
  t.same(events, []);

  change(false);
  await tick();
  t.equal(db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get(), 1);
  t.equal(events.length, 1);
  t.match(events[0], { action: 'create', entity: 'seat' });
});

t.test('system actions are recorded without a user', async (t) => {
  const { audit } = setup(t);
  audit.record({ principal: null, action: 'create', entity: 'user', entityId: 'admin' });
  const [row] = audit.list({ limit: 10, offset: 0 }).items;
  t.equal(row?.userId, null);
  t.equal(row?.username, '');
  t.equal(row?.before, null);
});

t.test('the list pages newest first and filters by entity and time', async (t) => {
  const { db, audit } = setup(t);
  for (let i = 0; i < 5; i++)
    audit.record({ principal: admin, action: 'create', entity: i % 2 ? 'user' : 'seat', entityId: i });
  // Spread the rows over known times so the from/to filter has something to cut.
  db.prepare('UPDATE audit_log SET at = id * 1000').run();
  const all = audit.list({ limit: 2, offset: 0 });
  t.equal(all.total, 5);
  t.same(
    all.items.map((r) => r.entityId),
    ['4', '3'],
  );
  t.same(
    audit.list({ limit: 2, offset: 2 }).items.map((r) => r.entityId),
    ['2', '1'],
  );
  t.same(
    audit.list({ limit: 10, offset: 0, entity: 'user' }).items.map((r) => r.entityId),
    ['3', '1'],
  );
  const window = audit.list({ limit: 10, offset: 0, from: 2000, to: 4000 });
  t.same(
    window.items.map((r) => r.entityId),
    ['3', '2', '1'],
  );
  t.equal(window.items[0]?.at, new Date(4000).toISOString());
});
