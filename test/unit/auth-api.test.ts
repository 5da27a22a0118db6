import t from 'tap';
import { withApiApp } from '../support/api-app.js';

const PW = 'correct horse battery';

t.test(
  'login sets an HttpOnly SameSite=Strict session cookie and returns the user without secrets',
  async (t) => {
    const app = await withApiApp(t);
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
      'seatExtension',
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
  const app = await withApiApp(t, { secureCookies: true });
  const r = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'admin', password: app.admin.password },
  });
  t.match(r.headers.get('set-cookie') ?? '', /; Secure/);
});

t.test('logout ends the session and clears the cookie', async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  const out = await app.call('POST', '/api/v1/auth/logout', { cookie });
  t.equal(out.status, 204);
  t.match(out.headers.get('set-cookie') ?? '', /^hotline_session=; .*Max-Age=0/);
  const me = await app.call('GET', '/api/v1/auth/me', { cookie });
  t.equal(me.status, 401);
  t.equal(me.json.error.code, 'unauthorized');
});

t.test('a wrong password gets 401 with the same message as an unknown user', async (t) => {
  const app = await withApiApp(t);
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
  const app = await withApiApp(t);
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
  const app = await withApiApp(t, { tuning: { now: () => now } });
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
  const app = await withApiApp(t);
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
  const app = await withApiApp(t);
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
  const app = await withApiApp(t);
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
  const app = await withApiApp(t);
  const replies = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      app.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: `burst-${i}-guess` } }),
    ),
  );
  t.equal(replies.filter((r) => r.status === 401).length, 5);
  t.equal(replies.filter((r) => r.status === 429).length, 7);
});

t.test('users API without a session is 401', async (t) => {
  const app = await withApiApp(t);
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

t.test('a bearer API token works until it is revoked, and its secret is shown once', async (t) => {
  const app = await withApiApp(t);
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
  const app = await withApiApp(t);
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
  const app = await withApiApp(t);
  await app.createUser('sup', 'supervisor', PW);
  const sup = await app.login('sup', PW);
  const made = await app.call('POST', '/api/v1/auth/tokens', {
    cookie: sup,
    body: { name: 'TV hall', scope: 'wallboard' },
  });
  t.equal(made.status, 201);
  const wb: string = made.json.secret;

  // span health is a wallboard route (admin, supervisor, wallboard)
  t.equal((await app.call('GET', `/api/v1/hardware/health?wallboard_token=${wb}`)).status, 200);
  t.equal((await app.call('GET', '/api/v1/hardware/health', { token: wb })).status, 200);
  const viaQuery = await app.call('GET', `/api/v1/auth/me?wallboard_token=${wb}`);
  t.equal(viaQuery.status, 200);
  t.equal(viaQuery.json.via, 'wallboard');
  t.equal((await app.call('GET', '/api/v1/auth/me', { token: wb })).json.via, 'wallboard');

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
  const apiInUrl = await app.call('GET', `/api/v1/hardware/health?wallboard_token=${api.json.secret}`);
  t.equal(apiInUrl.status, 401, 'an API token is not accepted in a URL');
});

t.test('bodies must be JSON; malformed or oversized bodies are 400/413 without a stack trace', async (t) => {
  const app = await withApiApp(t);
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
  const app = await withApiApp(t);
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
