import t from 'tap';
import { withApiApp } from '../support/api-app.js';

/** A literal `${x}`: hostile input for anything that later interpolates templates. */
const TEMPLATE = ['$', '{x}'].join('');

const PW = 'correct horse battery';

t.test('agents and supervisors are forbidden from the users API', async (t) => {
  const app = await withApiApp(t);
  await app.createUser('agent1', 'agent', PW);
  await app.createUser('super1', 'supervisor', PW);
  for (const name of ['agent1', 'super1']) {
    const cookie = await app.login(name, PW);
    const r = await app.call('GET', '/api/v1/users', { cookie });
    t.equal(r.status, 403, `${name} gets 403`);
    t.equal(r.json.error.code, 'forbidden');
    const c = await app.call('POST', '/api/v1/users', {
      cookie,
      body: { username: 'x1', role: 'admin', password: PW },
    });
    t.equal(c.status, 403);
  }
});

t.test('admin creates, lists with paging, reads, updates and deletes users', async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  const created = await app.call('POST', '/api/v1/users', {
    cookie,
    body: { username: 'li.wei', displayName: '客服一组 李伟', role: 'agent', password: PW },
  });
  t.equal(created.status, 201);
  t.equal(created.json.user.displayName, '客服一组 李伟');
  const id = created.json.user.id;
  await app.createUser('agent-2', 'agent');
  await app.createUser('agent-3', 'agent');

  const page = await app.call('GET', '/api/v1/users?limit=2&offset=1', { cookie });
  t.equal(page.status, 200);
  t.equal(page.json.total, 4);
  t.same(
    page.json.items.map((u: { username: string }) => u.username),
    ['li.wei', 'agent-2'],
  );
  t.equal((await app.call('GET', '/api/v1/users?limit=0', { cookie })).json.error.field, 'limit');

  const got = await app.call('GET', `/api/v1/users/${id}`, { cookie });
  t.equal(got.json.user.username, 'li.wei');

  const patched = await app.call('PATCH', `/api/v1/users/${id}`, {
    cookie,
    body: { role: 'supervisor', displayName: '班长' },
  });
  t.equal(patched.status, 200);
  t.equal(patched.json.user.role, 'supervisor');
  t.equal(patched.json.user.displayName, '班长');
  t.equal(patched.json.user.email, null, 'no e-mail address until one is set');

  const mail = await app.call('PATCH', `/api/v1/users/${id}`, {
    cookie,
    body: { email: ' li.wei@example.org ' },
  });
  t.equal(mail.status, 200);
  t.equal(mail.json.user.email, 'li.wei@example.org', 'trimmed');
  t.equal(mail.json.user.role, 'supervisor', 'the other fields are kept');
  for (const bad of ['li.wei', 'a@b@c', '"x" <x@example.org>', 'x@example.org\r\nBcc: y@example.org', 7]) {
    const r = await app.call('PATCH', `/api/v1/users/${id}`, { cookie, body: { email: bad } });
    t.equal(r.status, 400, String(bad));
    t.equal(r.json.error.field, 'email');
  }
  const cleared = await app.call('PATCH', `/api/v1/users/${id}`, { cookie, body: { email: null } });
  t.equal(cleared.json.user.email, null, 'null clears it');

  const dup = await app.call('POST', '/api/v1/users', {
    cookie,
    body: { username: 'li.wei', role: 'agent', password: PW },
  });
  t.equal(dup.status, 409);
  t.equal(dup.json.error.field, 'username');

  t.equal((await app.call('DELETE', `/api/v1/users/${id}`, { cookie })).status, 204);
  const gone = await app.call('GET', `/api/v1/users/${id}`, { cookie });
  t.equal(gone.status, 404);
  t.equal(gone.json.error.code, 'not_found');
  t.equal((await app.call('GET', '/api/v1/users/abc', { cookie })).json.error.field, 'id');
  const unknownField = await app.call('PATCH', '/api/v1/users/1', { cookie, body: { isRoot: true } });
  t.equal(unknownField.status, 400, 'unknown fields are refused, not ignored');
  t.equal(unknownField.json.error.field, 'isRoot');
});

t.test('the last enabled admin cannot be deleted, disabled or demoted', async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  const del = await app.call('DELETE', '/api/v1/users/1', { cookie });
  t.equal(del.status, 409);
  t.equal(del.json.error.code, 'conflict');
  const dis = await app.call('PATCH', '/api/v1/users/1', { cookie, body: { disabled: true } });
  t.equal(dis.status, 409);
  t.equal(dis.json.error.field, 'disabled');
  const dem = await app.call('PATCH', '/api/v1/users/1', { cookie, body: { role: 'agent' } });
  t.equal(dem.status, 409);
  t.equal(dem.json.error.field, 'role');

  const second = await app.createUser('admin2', 'admin');
  t.equal(
    (await app.call('PATCH', `/api/v1/users/${second}`, { cookie, body: { disabled: true } })).status,
    200,
  );
  t.equal(
    (await app.call('DELETE', '/api/v1/users/1', { cookie })).status,
    409,
    'a disabled admin does not count',
  );
  t.equal(
    (await app.call('PATCH', `/api/v1/users/${second}`, { cookie, body: { disabled: false } })).status,
    200,
  );
  t.equal((await app.call('PATCH', '/api/v1/users/1', { cookie, body: { role: 'supervisor' } })).status, 200);
});

t.test('disabling a user or changing their password ends their sessions', async (t) => {
  const app = await withApiApp(t);
  const admin = await app.login('admin', app.admin.password);
  const id = await app.createUser('carol', 'agent', PW);
  const carol = await app.login('carol', PW);
  t.equal((await app.call('GET', '/api/v1/auth/me', { cookie: carol })).status, 200);
  await app.call('PATCH', `/api/v1/users/${id}`, {
    cookie: admin,
    body: { password: 'another long password' },
  });
  t.equal((await app.call('GET', '/api/v1/auth/me', { cookie: carol })).status, 401);
  t.equal(
    (await app.call('POST', '/api/v1/auth/login', { body: { username: 'carol', password: PW } })).status,
    401,
  );
  const again = await app.login('carol', 'another long password');
  await app.call('PATCH', `/api/v1/users/${id}`, { cookie: admin, body: { disabled: true } });
  t.equal((await app.call('GET', '/api/v1/auth/me', { cookie: again })).status, 401);
  const disabled = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'carol', password: 'another long password' },
  });
  t.equal(disabled.status, 401, 'a disabled account cannot log in');
});

t.test('a password change revokes the user’s tokens and ends their other sessions', async (t) => {
  const app = await withApiApp(t);
  const admin = await app.login('admin', app.admin.password);
  const elsewhere = await app.login('admin', app.admin.password);
  const mine = await app.call('POST', '/api/v1/auth/tokens', { cookie: admin, body: { name: 'mine' } });
  const id = await app.createUser('erin', 'supervisor', PW);
  const erin = await app.login('erin', PW);
  const hers = await app.call('POST', '/api/v1/auth/tokens', { cookie: erin, body: { name: 'script' } });
  const wall = await app.call('POST', '/api/v1/auth/tokens', {
    cookie: erin,
    body: { name: 'tv', scope: 'wallboard' },
  });
  t.equal((await app.call('GET', '/api/v1/seats', { token: hers.json.secret })).status, 200);

  const changed = await app.call('PATCH', `/api/v1/users/${id}`, {
    cookie: admin,
    body: { password: 'another long password' },
  });
  t.equal(changed.status, 200);
  t.equal((await app.call('GET', '/api/v1/seats', { token: hers.json.secret })).status, 401, 'API token');
  t.equal(
    (await app.call('GET', '/api/v1/hardware/health', { token: wall.json.secret })).status,
    401,
    'wallboard',
  );
  t.equal((await app.call('GET', '/api/v1/auth/me', { cookie: erin })).status, 401, 'her session');

  const own = await app.call('PATCH', '/api/v1/users/1', {
    cookie: admin,
    body: { password: 'a new admin password' },
  });
  t.equal(own.status, 200);
  t.equal(
    (await app.call('GET', '/api/v1/auth/me', { cookie: admin })).status,
    200,
    'the session that made it',
  );
  t.equal((await app.call('GET', '/api/v1/auth/me', { cookie: elsewhere })).status, 401, 'another session');
  t.equal((await app.call('GET', '/api/v1/auth/me', { token: mine.json.secret })).status, 401, 'own token');
  const tokens = await app.call('GET', '/api/v1/auth/tokens', { cookie: admin });
  t.ok(
    tokens.json.items.every((tk: { revoked: boolean }) => tk.revoked),
    'listed as revoked',
  );
});

t.test('hostile usernames are refused with 400 naming the field', async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  const hostile = [
    'bad\nname',
    'a;b',
    'a[1]',
    TEMPLATE,
    "o'neil",
    '"quoted"',
    'x'.repeat(10_000),
    '客服一组',
    'UPPER',
    'a',
    '',
  ];
  for (const username of hostile) {
    const r = await app.call('POST', '/api/v1/users', {
      cookie,
      body: { username, role: 'agent', password: PW },
    });
    t.equal(r.status, 400, `username ${JSON.stringify(username.slice(0, 20))} → 400`);
    t.equal(r.json.error.field, 'username');
    t.equal(r.json.error.code, 'validation');
  }
  const numeric = await app.call('POST', '/api/v1/users', {
    cookie,
    body: { username: 42, role: 'agent', password: PW },
  });
  t.equal(numeric.json.error.field, 'username');
  const role = await app.call('POST', '/api/v1/users', {
    cookie,
    body: { username: 'ok1', role: 'root', password: PW },
  });
  t.equal(role.json.error.field, 'role');
  const short = await app.call('POST', '/api/v1/users', {
    cookie,
    body: { username: 'ok1', role: 'agent', password: 'short' },
  });
  t.equal(short.json.error.field, 'password');
});

t.test('hostile display names are refused or stored verbatim', async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  for (const displayName of ['two\nlines', 'tab\there', 'nul\u0000', 'bidi\u202eevil', 'x'.repeat(10_000)]) {
    const r = await app.call('POST', '/api/v1/users', {
      cookie,
      body: { username: 'dn1', displayName, role: 'agent', password: PW },
    });
    t.equal(r.status, 400, `display name ${JSON.stringify(displayName.slice(0, 12))} → 400`);
    t.equal(r.json.error.field, 'displayName');
  }
  const odd = [
    '客服一组',
    'a;b',
    '[queue]',
    TEMPLATE,
    '"quoted" \'single\'',
    "Robert'); DROP TABLE users;--",
  ];
  for (const [i, displayName] of odd.entries()) {
    const r = await app.call('POST', '/api/v1/users', {
      cookie,
      body: { username: `dn${i}`, displayName, role: 'agent', password: PW },
    });
    t.equal(r.status, 201);
    const back = await app.call('GET', `/api/v1/users/${r.json.user.id}`, { cookie });
    t.equal(back.json.user.displayName, displayName, `${displayName} round-trips unchanged`);
  }
  t.equal(
    (await app.call('GET', '/api/v1/users', { cookie })).json.total,
    odd.length + 1,
    'the users table is intact',
  );
});
