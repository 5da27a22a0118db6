import t from 'tap';
import { type ApiApp, type Reply, startApiApp } from '../support/api-app.js';

/** A literal `${x}`: hostile input for anything that later interpolates templates. */
const TEMPLATE = ['$', '{x}'].join('');

const LEAKS = [/\n\s+at /, /scrypt\$/, /password_hash/, /token_hash/, /id_hash/, /node_modules/];

/** A fresh app per test: the login throttle is per process, like in production. */
async function withApp(t: Teardown, opts: Parameters<typeof startApiApp>[0] = {}): Promise<ApiApp> {
  // Every response of every test, including logins made by helpers, is checked for leaks.
  const onReply = (r: Reply) => {
    for (const re of LEAKS) if (re.test(r.text)) t.fail(`a response leaked ${re}: ${r.text.slice(0, 200)}`);
  };
  const app = await startApiApp({ ...opts, onReply });
  t.teardown(() => app.close());
  return app;
}

interface Teardown {
  teardown(fn: () => unknown): void;
  fail(message: string): unknown;
}

const PW = 'correct horse battery';

t.test(
  'login sets an HttpOnly SameSite=Strict session cookie and returns the user without secrets',
  async (t) => {
    const app = await withApp(t);
    const r = await app.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: app.admin.password },
    });
    t.equal(r.status, 200);
    t.same(Object.keys(r.json.user).sort(), [
      'createdAt',
      'disabled',
      'displayName',
      'id',
      'role',
      'updatedAt',
      'username',
    ]);
    t.equal(r.json.user.role, 'admin');
    const cookie = r.headers.get('set-cookie') ?? '';
    t.match(cookie, /^hotline_session=[A-Za-z0-9_-]{43};/);
    t.match(cookie, /; HttpOnly/);
    t.match(cookie, /; SameSite=Strict/);
    t.match(cookie, /; Path=\//);
    t.match(cookie, /; Max-Age=43200/);
    t.notMatch(cookie, /Secure/, 'no Secure flag when hotlined is not behind TLS');
    t.equal(r.headers.get('cache-control'), 'no-store');
    const me = await app.call('GET', '/api/v1/auth/me', { cookie: cookie.split(';')[0] });
    t.equal(me.status, 200);
    t.equal(me.json.user.username, 'admin');
    t.equal(me.json.via, 'session');
  },
);

t.test('session cookie carries Secure when secureCookies is set', async (t) => {
  const app = await withApp(t, { secureCookies: true });
  const r = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'admin', password: app.admin.password },
  });
  t.match(r.headers.get('set-cookie') ?? '', /; Secure/);
});

t.test('logout ends the session and clears the cookie', async (t) => {
  const app = await withApp(t);
  const cookie = await app.login('admin', app.admin.password);
  const out = await app.call('POST', '/api/v1/auth/logout', { cookie });
  t.equal(out.status, 204);
  t.match(out.headers.get('set-cookie') ?? '', /^hotline_session=; .*Max-Age=0/);
  const me = await app.call('GET', '/api/v1/auth/me', { cookie });
  t.equal(me.status, 401);
  t.equal(me.json.error.code, 'unauthorized');
});

t.test('a wrong password gets 401 with the same message as an unknown user', async (t) => {
  const app = await withApp(t);
  const wrong = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'admin', password: 'nope-nope-nope' },
  });
  const unknown = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'ghost', password: 'nope-nope-nope' },
  });
  t.equal(wrong.status, 401);
  t.equal(unknown.status, 401);
  t.equal(wrong.json.error.message, unknown.json.error.message);
  t.notOk(wrong.headers.get('set-cookie'));
});

t.test('after 20 wrong passwords even the right password is refused with 429 and Retry-After', async (t) => {
  const app = await withApp(t);
  const statuses: number[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await app.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: `wrong-guess-${i}` },
    });
    statuses.push(r.status);
  }
  t.same(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
  t.ok(
    statuses.slice(5).every((s) => s === 429),
    'attempts after the fifth are refused',
  );
  const right = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'admin', password: app.admin.password },
  });
  t.equal(right.status, 429);
  t.equal(right.json.error.code, 'rate_limited');
  const retry = Number(right.headers.get('retry-after'));
  t.ok(retry > 800 && retry <= 900, `Retry-After is about 15 minutes (${retry}s)`);
  t.notOk(right.headers.get('set-cookie'));
});

t.test('the throttle lifts once the window has passed', async (t) => {
  let now = Date.now();
  const app = await withApp(t, { tuning: { now: () => now } });
  for (let i = 0; i < 5; i++) {
    await app.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
  }
  const blocked = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'admin', password: app.admin.password },
  });
  t.equal(blocked.status, 429);
  now += 15 * 60 * 1000 + 1;
  const ok = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'admin', password: app.admin.password },
  });
  t.equal(ok.status, 200);
});

t.test('a username under attack is throttled from every address; other users are not', async (t) => {
  const app = await withApp(t);
  await app.createUser('alice', 'agent', PW);
  for (let i = 0; i < 5; i++) {
    await app.call('POST', '/api/v1/auth/login', {
      body: { username: 'alice', password: 'wrong-password' },
      ip: `10.0.0.${i + 1}`,
    });
  }
  const alice = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'alice', password: PW },
    ip: '10.9.9.9',
  });
  t.equal(alice.status, 429);
  t.equal(
    (
      await app.call('POST', '/api/v1/auth/login', {
        body: { username: 'admin', password: app.admin.password },
        ip: '10.9.9.9',
      })
    ).status,
    200,
  );
});

t.test('an address spraying many usernames is throttled; other addresses are not', async (t) => {
  const app = await withApp(t);
  await app.createUser('bob', 'agent', PW);
  for (let i = 0; i < 5; i++) {
    await app.call('POST', '/api/v1/auth/login', {
      body: { username: `guess${i}`, password: 'password123' },
      ip: '10.1.1.1',
    });
  }
  const sprayer = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'bob', password: PW },
    ip: '10.1.1.1',
  });
  t.equal(sprayer.status, 429);
  const elsewhere = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'bob', password: PW },
    ip: '10.2.2.2',
  });
  t.equal(elsewhere.status, 200);
});

t.test('a successful login clears the failures counted against that username', async (t) => {
  const app = await withApp(t);
  for (let i = 0; i < 4; i++) {
    await app.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: 'wrong-password' },
      ip: `10.3.0.${i}`,
    });
  }
  await app.login('admin', app.admin.password, '10.3.1.1');
  for (let i = 0; i < 4; i++) {
    const r = await app.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: 'wrong-password' },
      ip: `10.4.0.${i}`,
    });
    t.equal(r.status, 401, 'four more failures are allowed after the reset');
  }
});

t.test('parallel guesses cannot slip past the throttle while hashes compute', async (t) => {
  const app = await withApp(t);
  const replies = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      app.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: `burst-${i}-guess` } }),
    ),
  );
  t.equal(replies.filter((r) => r.status === 401).length, 5);
  t.equal(replies.filter((r) => r.status === 429).length, 7);
});

t.test('users API without a session is 401', async (t) => {
  const app = await withApp(t);
  const r = await app.call('GET', '/api/v1/users');
  t.equal(r.status, 401);
  t.equal(r.json.error.code, 'unauthorized');
  const forged = await app.call('GET', '/api/v1/users', {
    cookie: 'hotline_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  });
  t.equal(forged.status, 401);
  const junk = await app.call('GET', '/api/v1/users', {
    headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
  });
  t.equal(junk.status, 401);
});

t.test('agents and supervisors are forbidden from the users API', async (t) => {
  const app = await withApp(t);
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
  const app = await withApp(t);
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
  const app = await withApp(t);
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
  const app = await withApp(t);
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

t.test('a bearer API token works until it is revoked, and its secret is shown once', async (t) => {
  const app = await withApp(t);
  const admin = await app.login('admin', app.admin.password);
  const made = await app.call('POST', '/api/v1/auth/tokens', {
    cookie: admin,
    body: { name: 'CRM sync', expiresInDays: 30 },
  });
  t.equal(made.status, 201);
  const secret: string = made.json.secret;
  t.match(secret, /^hl_[A-Za-z0-9_-]{43}$/);
  t.equal(made.json.token.scope, 'api');
  t.ok(made.json.token.expiresAt);

  const me = await app.call('GET', '/api/v1/auth/me', { token: secret });
  t.equal(me.json.via, 'token');
  const users = await app.call('GET', '/api/v1/users', { token: secret });
  t.equal(users.status, 200, 'the token carries its owner role');

  const list = await app.call('GET', '/api/v1/auth/tokens', { cookie: admin });
  t.equal(list.json.items.length, 1);
  t.notOk(list.text.includes(secret), 'the list never shows the secret');
  t.ok(list.json.items[0].lastUsedAt, 'last use is recorded');

  const stored = app.db.prepare('SELECT token_hash FROM api_tokens').pluck().get() as string;
  t.not(stored, secret);
  t.notOk(stored.includes(secret.slice(3)));

  t.equal(
    (await app.call('DELETE', `/api/v1/auth/tokens/${made.json.token.id}`, { cookie: admin })).status,
    204,
  );
  const after = await app.call('GET', '/api/v1/users', { token: secret });
  t.equal(after.status, 401);
});

t.test('an agent token is limited to the agent role, and agents cannot mint wallboard tokens', async (t) => {
  const app = await withApp(t);
  await app.createUser('dave', 'agent', PW);
  const dave = await app.login('dave', PW);
  const made = await app.call('POST', '/api/v1/auth/tokens', { cookie: dave, body: { name: 'my script' } });
  t.equal(made.status, 201);
  t.equal((await app.call('GET', '/api/v1/users', { token: made.json.secret })).status, 403);
  const wb = await app.call('POST', '/api/v1/auth/tokens', {
    cookie: dave,
    body: { name: 'tv', scope: 'wallboard' },
  });
  t.equal(wb.status, 403);
  const admin = await app.login('admin', app.admin.password);
  const others = await app.call('DELETE', `/api/v1/auth/tokens/${made.json.token.id}`, { cookie: admin });
  t.equal(others.status, 204, 'an admin may revoke anyone’s token');
  const adminToken = await app.call('POST', '/api/v1/auth/tokens', {
    cookie: admin,
    body: { name: 'admin script' },
  });
  const steal = await app.call('DELETE', `/api/v1/auth/tokens/${adminToken.json.token.id}`, { cookie: dave });
  t.equal(steal.status, 404, 'an agent cannot revoke another user’s token');
});

t.test('a wallboard token reads wallboard routes only and cannot reach users or write', async (t) => {
  const app = await withApp(t);
  await app.createUser('sup', 'supervisor', PW);
  const sup = await app.login('sup', PW);
  const made = await app.call('POST', '/api/v1/auth/tokens', {
    cookie: sup,
    body: { name: 'TV hall', scope: 'wallboard' },
  });
  t.equal(made.status, 201);
  const wb: string = made.json.secret;

  const viaQuery = await app.call('GET', `/api/v1/probe?wallboard_token=${wb}`);
  t.equal(viaQuery.status, 200);
  t.equal(viaQuery.json.principal.via, 'wallboard');
  t.equal((await app.call('GET', '/api/v1/probe', { token: wb })).json.principal.via, 'wallboard');

  t.equal((await app.call('GET', `/api/v1/users?wallboard_token=${wb}`)).status, 403);
  t.equal((await app.call('GET', '/api/v1/users', { token: wb })).status, 403);
  t.equal((await app.call('GET', '/api/v1/audit', { token: wb })).status, 403);
  const write = await app.call('POST', '/api/v1/auth/tokens', { token: wb, body: { name: 'more' } });
  t.equal(write.status, 403);
  const post = await app.call('POST', `/api/v1/users?wallboard_token=${wb}`, {
    body: { username: 'x1', role: 'admin', password: PW },
  });
  t.equal(post.status, 403);

  const api = await app.call('POST', '/api/v1/auth/tokens', { cookie: sup, body: { name: 'api' } });
  const apiInUrl = await app.call('GET', `/api/v1/probe?wallboard_token=${api.json.secret}`);
  t.equal(apiInUrl.status, 401, 'an API token is not accepted in a URL');
});

t.test('hostile usernames are refused with 400 naming the field', async (t) => {
  const app = await withApp(t);
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
  const app = await withApp(t);
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

t.test('bodies must be JSON; malformed or oversized bodies are 400/413 without a stack trace', async (t) => {
  const app = await withApp(t);
  const form = await app.call('POST', '/api/v1/auth/login', {
    raw: `username=admin&password=${app.admin.password}`,
    contentType: 'application/x-www-form-urlencoded',
  });
  t.equal(form.status, 400);
  t.equal(form.json.error.field, 'body');
  const broken = await app.call('POST', '/api/v1/auth/login', { raw: '{"username": "admin",' });
  t.equal(broken.status, 400);
  t.equal(broken.json.error.field, 'body');
  const huge = await app.call('POST', '/api/v1/auth/login', {
    raw: JSON.stringify({ username: 'x'.repeat(400_000) }),
  });
  t.equal(huge.status, 413);
  const missing = await app.call('POST', '/api/v1/auth/login', { body: {} });
  t.equal(missing.status, 400);
  t.equal(missing.json.error.field, 'username');
  for (const r of [form, broken, huge, missing]) t.notMatch(r.text, /\bat .*\(.*:\d+:\d+\)/);
});

t.test('ensureFirstAdmin gives a password once and null afterwards', async (t) => {
  const app = await withApp(t);
  t.ok(app.admin.password.length >= 20);
  t.equal(app.users.ensureFirstAdmin(), null);
  t.equal(app.users.ensureFirstAdmin(), null);
  t.equal(
    (
      await app.call('POST', '/api/v1/auth/login', {
        body: { username: 'admin', password: app.admin.password },
      })
    ).status,
    200,
  );
});

t.test('the audit log records user changes, tokens and logins with secrets redacted', async (t) => {
  const app = await withApp(t);
  const admin = await app.login('admin', app.admin.password);
  const id = await app.createUser('erin', 'agent', PW);
  await app.call('PATCH', `/api/v1/users/${id}`, {
    cookie: admin,
    body: { role: 'supervisor', password: 'new secret pass 1' },
  });
  await app.call('POST', '/api/v1/auth/login', { body: { username: 'erin', password: 'wrong password!' } });
  const tok = await app.call('POST', '/api/v1/auth/tokens', { cookie: admin, body: { name: 'export' } });
  await app.call('DELETE', `/api/v1/auth/tokens/${tok.json.token.id}`, { cookie: admin });
  await app.call('DELETE', `/api/v1/users/${id}`, { cookie: admin });

  const r = await app.call('GET', '/api/v1/audit?limit=100', { cookie: admin });
  t.equal(r.status, 200);
  const rows = r.json.items as {
    action: string;
    entity: string;
    entityId: string;
    username: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    ip: string;
  }[];
  const find = (action: string, entity: string) =>
    rows.find((x) => x.action === action && x.entity === entity);

  const firstAdmin = rows.find(
    (x) => x.action === 'create' && x.entity === 'user' && x.after?.username === 'admin',
  );
  t.equal(firstAdmin?.username, '', 'the first admin was created by the system, not a user');
  const erinCreate = rows.find(
    (x) => x.action === 'create' && x.entity === 'user' && x.after?.username === 'erin',
  );
  t.equal(erinCreate?.username, 'admin', 'who did it');
  t.ok(erinCreate?.ip, 'from where');
  const update = rows.find((x) => x.action === 'update' && x.entity === 'user');
  t.equal(update?.before?.role, 'agent');
  t.equal(update?.after?.role, 'supervisor');
  t.equal(update?.after?.passwordChanged, true);
  t.ok(find('login_failed', 'session'));
  t.equal(find('login_failed', 'session')?.after?.reason, 'wrong_password');
  t.ok(find('login', 'session'));
  t.ok(find('create', 'api_token'));
  t.equal(find('revoke', 'api_token')?.after?.revoked, true);
  t.equal(find('delete', 'user')?.before?.username, 'erin');
  t.notOk(r.text.includes(PW) || r.text.includes('new secret pass 1') || r.text.includes(tok.json.secret));

  const onlyTokens = await app.call('GET', '/api/v1/audit?entity=api_token', { cookie: admin });
  t.same(
    onlyTokens.json.items.map((x: { action: string }) => x.action),
    ['revoke', 'create'],
  );
  t.equal(
    (await app.call('GET', '/api/v1/audit?from=yesterday', { cookie: admin })).json.error.field,
    'from',
  );
});

t.test('supervisors may read the audit log, agents may not', async (t) => {
  const app = await withApp(t);
  await app.createUser('sup2', 'supervisor', PW);
  await app.createUser('agent9', 'agent', PW);
  t.equal((await app.call('GET', '/api/v1/audit', { cookie: await app.login('sup2', PW) })).status, 200);
  t.equal((await app.call('GET', '/api/v1/audit', { cookie: await app.login('agent9', PW) })).status, 403);
  t.equal((await app.call('GET', '/api/v1/audit')).status, 401);
});
