import t from 'tap';
import { type Api, anonymous, loginCookie } from '../../dev/api-client.js';
import { buildTestHotline, startTestBox } from '../support/box.js';

/**
 * A password someone else chose is a temporary one: the generated first
 * admin's, or one an admin set with mustChangePassword. Until its owner sets
 * their own (POST /auth/password), the session may only ask who it is.
 */

const PW = 'correct horse battery';

/** A box as it first starts: the first admin with the password printed on the console. */
async function freshBox(t: { teardown(fn: () => unknown): void }) {
  const box = buildTestHotline();
  t.teardown(box.close);
  const url = await box.hotline.listen(0, '127.0.0.1');
  return { url, hotline: box.hotline, first: box.hotline.firstAdmin! };
}

const session = async (url: string, username: string, password: string): Promise<Api> =>
  anonymous(url, { cookie: await loginCookie(url, username, password) });

t.test(
  'the first admin logs in with the generated password and can do nothing but set their own',
  async (t) => {
    const { url, hotline, first } = await freshBox(t);
    const api = await session(url, first.username, first.password);
    const me = await api.get('/api/v1/auth/me');
    t.equal(me.user.mustChangePassword, true, '/auth/me says so');

    for (const [method, path, body] of [
      ['GET', '/api/v1/seats', undefined],
      ['POST', '/api/v1/auth/tokens', { name: 'x' }],
      ['GET', '/api/v1/users', undefined],
      ['GET', '/api/v1/auth/tokens', undefined],
    ] as const) {
      const r = await api.req(method, path, body);
      t.equal(r.status, 403, `${method} ${path}: 403`);
      t.equal(r.body.error.field, 'password', 'the refusal names the password');
      t.same(r.body.error.details, { passwordChangeRequired: true });
    }

    // refusals name their field and change nothing
    const wrong = await api.req('POST', '/api/v1/auth/password', {
      currentPassword: 'not the password',
      newPassword: 'my own password 1',
    });
    t.equal(wrong.status, 400);
    t.equal(wrong.body.error.field, 'currentPassword');
    const same = await api.req('POST', '/api/v1/auth/password', {
      currentPassword: first.password,
      newPassword: first.password,
    });
    t.equal(same.status, 400);
    t.equal(same.body.error.field, 'newPassword');
    const short = await api.req('POST', '/api/v1/auth/password', {
      currentPassword: first.password,
      newPassword: 'short',
    });
    t.equal(short.status, 400);
    t.equal(short.body.error.field, 'newPassword');
    const extra = await api.req('POST', '/api/v1/auth/password', {
      currentPassword: first.password,
      newPassword: 'my own password 1',
      role: 'admin',
    });
    t.equal(extra.status, 400, 'an unknown field is refused');
    t.equal((await api.get('/api/v1/auth/me')).user.mustChangePassword, true, 'still temporary');

    // a second session with the temporary password, opened before the change
    const other = await session(url, first.username, first.password);
    const ok = await api.req('POST', '/api/v1/auth/password', {
      currentPassword: first.password,
      newPassword: 'my own password 1',
    });
    t.equal(ok.status, 200, JSON.stringify(ok.body));
    t.equal(ok.body.user.mustChangePassword, false);
    t.equal((await api.req('GET', '/api/v1/seats')).status, 200, 'the same session goes on');
    t.equal((await other.req('GET', '/api/v1/auth/me')).status, 401, 'the other session is ended');
    await t.rejects(
      loginCookie(url, first.username, first.password),
      /401/,
      'the generated password is gone',
    );
    const again = await session(url, first.username, 'my own password 1');
    t.equal((await again.req('GET', '/api/v1/seats')).status, 200);

    const audit = hotline.db
      .prepare("SELECT action, after FROM audit_log WHERE entity = 'user' ORDER BY id")
      .all() as { action: string; after: string | null }[];
    t.same(
      audit.map((a) => a.action),
      ['create', 'password_change_failed', 'update'],
      'the failed and the done change are audited',
    );
    t.notOk(
      audit.some((a) => a.after?.includes('my own password 1') || a.after?.includes(first.password)),
      'no password in the audit log',
    );
  },
);

t.test('an admin gives a colleague a temporary password; API tokens are not sessions', async (t) => {
  const box = await startTestBox({ start: false });
  t.teardown(box.close);
  const created = await box.api.post('/api/v1/users', {
    username: 'zhang.san',
    role: 'supervisor',
    password: PW,
    mustChangePassword: true,
  });
  t.equal(created.user.mustChangePassword, true);
  const colleague = await session(box.url, 'zhang.san', PW);
  t.equal((await colleague.req('GET', '/api/v1/queues')).status, 403);

  // the admin can lift it (a password they trust) or set it on anyone
  await box.api.req('PATCH', `/api/v1/users/${created.user.id}`, { mustChangePassword: false });
  t.equal((await colleague.req('GET', '/api/v1/queues')).status, 200, 'lifted at once, same session');
  const token = await colleague.post('/api/v1/auth/tokens', { name: '对接' });
  await box.api.req('PATCH', `/api/v1/users/${created.user.id}`, { mustChangePassword: true });
  t.equal((await colleague.req('GET', '/api/v1/queues')).status, 403, 'set again: the session is held');
  const byToken = anonymous(box.url, { authorization: `Bearer ${token.secret}` });
  t.equal((await byToken.req('GET', '/api/v1/queues')).status, 200, 'an integration token keeps working');
  const r = await byToken.req('POST', '/api/v1/auth/password', {
    currentPassword: PW,
    newPassword: 'a new password 2',
  });
  t.equal(r.status, 403, 'a token cannot change the password');
  t.equal(r.body.error.field, 'currentPassword');

  const bad = await box.api.req('POST', '/api/v1/users', {
    username: 'li.si',
    role: 'agent',
    password: PW,
    mustChangePassword: 'yes',
  });
  t.equal(bad.status, 400);
  t.equal(bad.body.error.field, 'mustChangePassword');
});
