import t, { type Test } from 'tap';
import { withApiApp } from '../support/api-app.js';
import { httpsJson } from '../support/https.js';

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
      'email',
      'id',
      'mustChangePassword',
      'role',
      'seatExtension',
      'supervisedQueueIds',
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

t.test('the session cookie is Secure when the login came over TLS, and not over plain HTTP', async (t) => {
  const app = await withApiApp(t);
  const body = { username: 'admin', password: app.admin.password };
  const tls = await httpsJson(app.httpsUrl, '/api/v1/auth/login', { ca: app.ca, method: 'POST', body });
  t.equal(tls.status, 200);
  const cookie = String(tls.headers['set-cookie'] ?? '');
  t.match(cookie, /; Secure/, 'over HTTPS');
  const out = await httpsJson(app.httpsUrl, '/api/v1/auth/logout', {
    ca: app.ca,
    method: 'POST',
    cookie: cookie.split(';')[0],
  });
  t.match(String(out.headers['set-cookie'] ?? ''), /Max-Age=0.*; Secure/, 'the clearing cookie too');
  const plain = await app.call('POST', '/api/v1/auth/login', { body });
  t.notMatch(plain.headers.get('set-cookie') ?? '', /Secure/, 'over plain HTTP');
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

t.test(
  'after 20 wrong passwords from one address even the right password from it is refused with 429',
  async (t) => {
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
  },
);

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

t.test(
  'five wrong admin passwords from one address do not stop the admin logging in from another',
  async (t) => {
    const app = await withApiApp(t);
    for (let i = 0; i < 5; i++) {
      const r = await app.call('POST', '/api/v1/auth/login', {
        body: { username: 'admin', password: 'wrong-password' },
        ip: '10.66.0.1',
      });
      t.equal(r.status, 401);
    }
    const attacker = await app.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: app.admin.password },
      ip: '10.66.0.1',
    });
    t.equal(attacker.status, 429, 'the guessing address itself is throttled');
    const admin = await app.call('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: app.admin.password },
      ip: '10.9.9.9',
    });
    t.equal(admin.status, 200, 'the admin at another address logs in');
  },
);

t.test('a username guessed from many addresses is slowed down, not locked', async (t) => {
  let now = Date.now();
  const app = await withApiApp(t, { tuning: { now: () => now } });
  await app.createUser('alice', 'agent', PW);
  for (let i = 0; i < 5; i++) {
    await app.call('POST', '/api/v1/auth/login', {
      body: { username: 'alice', password: 'wrong-password' },
      ip: `10.0.0.${i + 1}`,
    });
  }
  const again = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'alice', password: 'wrong-password' },
    ip: '10.0.0.1',
  });
  t.equal(again.status, 429, 'an address that already failed must wait before guessing alice again');
  const retry = Number(again.headers.get('retry-after'));
  t.ok(retry >= 1 && retry <= 60, `a short wait, not a lock (${retry}s)`);
  now += retry * 1000;
  const later = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'alice', password: 'wrong-password' },
    ip: '10.0.0.2',
  });
  t.equal(later.status, 401, 'after the wait the next guess is answered');
  const sooner = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'alice', password: 'wrong-password' },
    ip: '10.0.0.3',
  });
  t.equal(sooner.status, 429);
  t.ok(Number(sooner.headers.get('retry-after')) > retry, 'each further failure doubles the wait');
  const alice = await app.call('POST', '/api/v1/auth/login', {
    body: { username: 'alice', password: PW },
    ip: '10.9.9.9',
  });
  t.equal(alice.status, 200, 'alice from an address with no failures is not slowed');
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

t.test('a failed login keeps the typed username only when it names an existing user', async (t) => {
  const app = await withApiApp(t);
  const pasted = 'Tr0ub4dor&3-my-real-password';
  await app.call('POST', '/api/v1/auth/login', { body: { username: pasted, password: 'whatever-1' } });
  await app.call('POST', '/api/v1/auth/login', { body: { username: 'Admin', password: 'wrong-password' } });
  const rows = app.db
    .prepare("SELECT after FROM audit_log WHERE action = 'login_failed' ORDER BY id")
    .pluck()
    .all() as string[];
  t.equal(rows.length, 2);
  t.notOk(rows[0]!.toLowerCase().includes('tr0ub4dor'), 'an unknown name is not stored');
  t.same(JSON.parse(rows[0]!), { reason: 'unknown_user' });
  t.same(JSON.parse(rows[1]!), { username: 'admin', reason: 'wrong_password' });
});

t.test('the auth and users routers refuse JSON bodies over 64 KB with 413', async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  const big = 'x'.repeat(100_000);
  const login = await app.call('POST', '/api/v1/auth/login', { body: { username: big, password: big } });
  t.equal(login.status, 413, 'login');
  const user = await app.call('POST', '/api/v1/users', {
    cookie,
    body: { username: 'big', role: 'agent', password: 'correct horse battery', displayName: big },
  });
  t.equal(user.status, 413, 'users');
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

/** A fresh app, the first admin's session cookie, and an API token it made (expiring in 30 days). */
async function adminWithToken(t: Test) {
  const app = await withApiApp(t);
  const admin = await app.login('admin', app.admin.password);
  const made = await app.call('POST', '/api/v1/auth/tokens', {
    cookie: admin,
    body: { name: 'CRM sync', expiresInDays: 30 },
  });
  t.equal(made.status, 201);
  return { app, admin, made };
}

t.test('a bearer API token works until it is revoked, and its secret is shown once', async (t) => {
  const { app, admin, made } = await adminWithToken(t);
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

t.test('an API token cannot mint tokens, with or without an expiry', async (t) => {
  const { app, admin, made } = await adminWithToken(t);
  for (const body of [
    { name: 'forever' },
    { name: 'month', expiresInDays: 30 },
    { name: 'tv', scope: 'wallboard' },
  ]) {
    const r = await app.call('POST', '/api/v1/auth/tokens', { token: made.json.secret, body });
    t.equal(r.status, 403, body.name);
    t.equal(r.json.error.code, 'forbidden');
  }
  const list = await app.call('GET', '/api/v1/auth/tokens', { cookie: admin });
  t.equal(list.json.items.length, 1, 'nothing was made');
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
  const alarms = await app.call('GET', `/api/v1/hardware/alarms?wallboard_token=${wb}&limit=5`);
  t.equal(alarms.status, 200, 'the token parameter is not taken for a route parameter');
  t.equal(alarms.json.limit, 5);
  const bad = await app.call('GET', `/api/v1/hardware/alarms?wallboard_token=${wb}&colour=red`);
  t.equal(bad.status, 400, 'other unknown parameters are still refused');
  t.equal((await app.call('GET', `/api/v1/auth/me?wallboard_token=${wb}`)).status, 403, 'no owner record');
  t.equal((await app.call('GET', '/api/v1/auth/me', { token: wb })).status, 403);

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
