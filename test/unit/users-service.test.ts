import { createHash } from 'node:crypto';
import t from 'tap';
import { isAppError } from '../../src/errors.js';
import type { Principal } from '../../src/http/principal.js';
import { buildTestHotline } from '../support/box.js';

const HOUR = 60 * 60 * 1000;
const PW = 'correct horse battery';

/** The users service of the box as hotlined builds it, on the box's clock. */
function setup(t: { teardown(fn: () => unknown): void }) {
  const clock = { now: Date.UTC(2025, 0, 1) };
  const box = buildTestHotline({ overrides: { now: () => clock.now } });
  t.teardown(box.close);
  const { db, services, firstAdmin } = box.hotline;
  const system: Principal = { userId: 0, username: 'test', role: 'admin', via: 'session' };
  return { db, users: services.users, svc: services.users, firstAdmin, clock, ctx: { principal: system } };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

t.test('ensureFirstAdmin creates admin once with a strong password, then returns null', async (t) => {
  const { db, users, svc, firstAdmin } = setup(t);
  const first = firstAdmin; // the builder asked on the box's first start
  t.equal(first?.username, 'admin');
  t.ok((first?.password.length ?? 0) >= 20);
  t.equal(users.ensureFirstAdmin(), null);
  const stored = db.prepare('SELECT password_hash FROM users').pluck().get() as string;
  t.match(stored, /^scrypt\$/);
  t.notOk(stored.includes(first?.password ?? '-'));
  t.equal(svc.list({ limit: 10, offset: 0 }).items[0]?.role, 'admin');
  const auditRow = db.prepare("SELECT username, after FROM audit_log WHERE entity = 'user'").get() as {
    username: string;
    after: string;
  };
  t.equal(auditRow.username, '', 'created by the system');
  t.notOk(auditRow.after.includes(first?.password ?? '-'));
});

t.test('ensureFirstAdmin does nothing when any user exists', async (t) => {
  const { db, users, svc, ctx } = setup(t);
  db.prepare('DELETE FROM users').run(); // a box whose admin is gone
  await svc.create({ username: 'someone', displayName: '', role: 'agent', password: PW }, ctx);
  t.equal(users.ensureFirstAdmin(), null);
  t.equal(svc.list({ limit: 10, offset: 0 }).total, 1, 'no admin was added');
});

t.test('sessions are stored only as a sha256 and expire after 12 hours', async (t) => {
  const { db, svc, ctx, clock } = setup(t);
  await svc.create({ username: 'agent1', displayName: '', role: 'agent', password: PW }, ctx);
  const { sessionId } = await svc.login('agent1', PW, '10.0.0.1');
  const stored = db.prepare('SELECT id_hash FROM sessions').pluck().all() as string[];
  t.same(stored, [sha256(sessionId)]);
  t.equal(svc.principalFromSession(sessionId)?.username, 'agent1');
  clock.now += 12 * HOUR - 1;
  t.ok(svc.principalFromSession(sessionId), 'still valid just before 12 h');
  clock.now += 1;
  t.equal(svc.principalFromSession(sessionId), null, 'expired at 12 h');
  t.equal(svc.purgeExpired(), 1);
  t.equal(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get(), 0);
});

t.test('login usernames are matched case-insensitively', async (t) => {
  const { svc, ctx } = setup(t);
  await svc.create({ username: 'agent1', displayName: '', role: 'agent', password: PW }, ctx);
  t.equal((await svc.login('  Agent1 ', PW, '10.0.0.2')).user.username, 'agent1');
});

t.test('api tokens store only a hash, expire, and record last use at most once a minute', async (t) => {
  const { db, svc, ctx, clock } = setup(t);
  const u = await svc.create({ username: 'integr', displayName: '', role: 'supervisor', password: PW }, ctx);
  const owner: Principal = { userId: u.id, username: u.username, role: u.role, via: 'session' };
  const { token, secret } = await svc.createToken(
    { name: 'crm', scope: 'api', expiresInDays: 1 },
    { principal: owner },
  );
  t.equal(db.prepare('SELECT token_hash FROM api_tokens').pluck().get(), sha256(secret));

  const lastUsed = () => db.prepare('SELECT last_used_at FROM api_tokens WHERE id = ?').pluck().get(token.id);
  t.equal(lastUsed(), null);
  t.same(svc.principalFromToken(secret), {
    userId: u.id,
    username: 'integr',
    role: 'supervisor',
    via: 'token',
  });
  const firstUse = clock.now;
  t.equal(lastUsed(), firstUse);
  clock.now += 30_000;
  svc.principalFromToken(secret);
  t.equal(lastUsed(), firstUse, 'not rewritten within a minute');
  clock.now += 30_000;
  svc.principalFromToken(secret);
  t.equal(lastUsed(), clock.now);

  clock.now = firstUse + 24 * HOUR;
  t.equal(svc.principalFromToken(secret), null, 'expired after expiresInDays');
  t.equal(svc.principalFromToken('hl_short'), null);
  t.equal(svc.principalFromToken(secret.toUpperCase()), null);
});

t.test('a token follows its owner: demoted owner, demoted token; disabled owner, dead token', async (t) => {
  const { svc, ctx } = setup(t);
  const u = await svc.create({ username: 'sup', displayName: '', role: 'supervisor', password: PW }, ctx);
  const { secret } = await svc.createToken(
    { name: 'wb', scope: 'wallboard' },
    { principal: { userId: u.id, username: 'sup', role: 'supervisor', via: 'session' } },
  );
  t.equal(svc.principalFromToken(secret)?.via, 'wallboard');
  await svc.update(u.id, { role: 'agent' }, ctx);
  t.equal(svc.principalFromToken(secret)?.role, 'agent');
  await svc.update(u.id, { disabled: true }, ctx);
  t.equal(svc.principalFromToken(secret), null);
});

t.test('deleting a user removes their sessions and tokens', async (t) => {
  const { db, svc, ctx } = setup(t);
  const u = await svc.create({ username: 'leaver', displayName: '', role: 'agent', password: PW }, ctx);
  const { sessionId } = await svc.login('leaver', PW, '10.0.0.3');
  svc.createToken(
    { name: 'x', scope: 'api' },
    { principal: { userId: u.id, username: 'leaver', role: 'agent', via: 'session' } },
  );
  svc.remove(u.id, ctx);
  t.equal(svc.principalFromSession(sessionId), null);
  t.equal(db.prepare('SELECT COUNT(*) FROM api_tokens').pluck().get(), 0);
  t.throws(() => svc.get(u.id), { code: 'not_found' });
});

t.test('two concurrent demotions cannot remove the last two admins', async (t) => {
  const { svc, users, ctx } = setup(t);
  t.equal(users.ensureFirstAdmin(), null, 'the first admin exists');
  const second = await svc.create({ username: 'admin2', displayName: '', role: 'admin', password: PW }, ctx);
  // Both patches hash a password first (async), then check and write in one transaction each.
  const results = await Promise.allSettled([
    svc.update(1, { role: 'agent', password: 'new password one' }, ctx),
    svc.update(second.id, { role: 'agent', password: 'new password two' }, ctx),
  ]);
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const failed = results.find((r) => r.status === 'rejected');
  t.ok(failed && isAppError(failed.reason, 'conflict'));
  t.equal(svc.list({ limit: 10, offset: 0 }).items.filter((u) => u.role === 'admin').length, 1);
});

t.test('a failed login changes nothing and says the same for unknown and disabled users', async (t) => {
  const { svc, ctx } = setup(t);
  const u = await svc.create({ username: 'gone', displayName: '', role: 'agent', password: PW }, ctx);
  await svc.update(u.id, { disabled: true }, ctx);
  const errs = await Promise.all(
    [
      svc.login('gone', PW, '10.1.0.1'),
      svc.login('gone', 'wrong password', '10.1.0.2'),
      svc.login('nobody', PW, '10.1.0.3'),
    ].map((p) =>
      p.then(
        () => null,
        (e: unknown) => e,
      ),
    ),
  );
  for (const e of errs) {
    t.ok(isAppError(e, 'unauthorized'));
    t.equal((e as Error).message, 'wrong username or password');
  }
});

t.test('an unknown username costs about as much time as a known one', async (t) => {
  const { svc, ctx } = setup(t);
  await svc.create({ username: 'known', displayName: '', role: 'agent', password: PW }, ctx);
  await svc.login('nobody', 'warm-up-the-dummy', '10.2.0.0').catch(() => {});
  const time = async (username: string, ip: string) => {
    const start = process.hrtime.bigint();
    await svc.login(username, 'wrong password', ip).catch(() => {});
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 3; i++) {
    known.push(await time('known', `10.2.1.${i}`));
    unknown.push(await time(`nobody${i}`, `10.2.2.${i}`));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] ?? 0;
  const ratio = median(unknown) / median(known);
  t.ok(ratio > 0.4 && ratio < 2.5, `unknown/known login time ratio ${ratio.toFixed(2)}`);
  t.ok(median(unknown) > 5, `an unknown user still runs scrypt (${median(unknown).toFixed(1)} ms)`);
});
