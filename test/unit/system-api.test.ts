import t from 'tap';
import { withApiApp } from '../support/api-app.js';
import { httpsJson } from '../support/https.js';

t.test('anonymous callers get only up or down from the health endpoint', async (t) => {
  const app = await withApiApp(t);
  const anon = await app.call('GET', '/api/v1/system/health');
  t.equal(anon.status, 200);
  t.same(anon.json, { status: 'degraded' }, 'no versions, uptime or connection details');
  const junk = await app.call('GET', '/api/v1/system/health', { cookie: 'hotline_session=nonsense' });
  t.same(junk.json, { status: 'degraded' }, 'a bad cookie is simply anonymous');
  const bad = await app.call('GET', '/api/v1/system/health', { token: 'hl_wrong' });
  t.equal(bad.status, 200, 'a bad bearer token does not break the probe');
  t.same(bad.json, { status: 'degraded' });
});

t.test('signed-in callers get the health details', async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  const r = await app.call('GET', '/api/v1/system/health', { cookie });
  t.equal(r.status, 200);
  t.equal(r.json.status, 'degraded');
  t.match(r.json.hotlined, { version: String, uptimeSeconds: Number });
  t.equal(r.json.ami.state, 'disconnected');
  t.ok(r.json.db.ok);
  const made = await app.call('POST', '/api/v1/auth/tokens', { cookie, body: { name: 'monitor' } });
  const viaToken = await app.call('GET', '/api/v1/system/health', { token: made.json.secret });
  t.match(viaToken.json.hotlined, { version: String }, 'an API token too');
});

t.test('the system page warns while the console is reached without TLS', async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  const plain = await app.call('GET', '/api/v1/system/info', { cookie });
  t.equal(plain.status, 200);
  t.ok(
    plain.json.warnings.some((w: { key: string }) => w.key === 'tls'),
    'over plain HTTP: a tls warning',
  );
  const tls = await httpsJson(app.httpsUrl, '/api/v1/system/info', { ca: app.ca, cookie });
  t.equal(tls.status, 200);
  t.notOk(
    tls.body.warnings.some((w: { key: string }) => w.key === 'tls'),
    'over HTTPS: none',
  );
});

t.test('the metrics say what a leak or a stall shows in, to admins only', async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  const r = await app.call('GET', '/api/v1/system/metrics', { cookie });
  t.equal(r.status, 200);
  t.ok(r.json.memory.rssBytes > 1024 * 1024, `rss ${r.json.memory.rssBytes}`);
  t.ok(r.json.memory.heapUsedBytes > 0);
  t.ok(r.json.openFds > 3, `${r.json.openFds} open fds (this process's /proc/self/fd)`);
  t.equal(r.json.eventLoopLag.windowSeconds, 10);
  t.match(r.json.eventLoopLag, { p99Ms: Number, maxMs: Number, sinceStart: { p99Ms: Number } });
  // this app's adapters never connect (test/support/box.ts): the figures are theirs, passed through
  t.match(r.json.ami, { state: 'disconnected', eventListeners: 0, stateListeners: 0, socketListeners: 0 });
  t.match(r.json.ari, { eventListeners: 0, stateListeners: 0, socketListeners: 0 });
  t.ok(r.json.busListeners > 10, `${r.json.busListeners} bus listeners`);
  t.equal(r.json.streams, 0, 'no live streams open');
  t.ok(r.json.walBytes >= 0);
  const anon = await app.call('GET', '/api/v1/system/metrics');
  t.equal(anon.status, 401, 'not for anonymous callers');
  await app.createUser('sup1', 'supervisor');
  const denied = await app.call('GET', '/api/v1/system/metrics', {
    cookie: await app.login('sup1', 'correct horse battery'),
  });
  t.equal(denied.status, 403, 'not for supervisors');
});

t.test("admins read hotlined's runtime figures; the span is checked", async (t) => {
  const app = await withApiApp(t);
  const cookie = await app.login('admin', app.admin.password);
  await new Promise((r) => setTimeout(r, 100)); // a few event-loop samples
  const r = await app.call('GET', '/api/v1/system/runtime?seconds=30', { cookie });
  t.equal(r.status, 200);
  t.match(r.json, {
    rssBytes: Number,
    heapUsedBytes: Number,
    eventLoopLagMs: { count: Number, p50: Number, p99: Number, max: Number, seconds: Number },
    ivrStepMs: { count: 0 },
  });
  t.ok(r.json.eventLoopLagMs.count > 0, 'the loop was sampled');
  const bad = await app.call('GET', '/api/v1/system/runtime?seconds=0', { cookie });
  t.equal(bad.status, 400);
  t.match(bad.json.error.field, /seconds/);
  t.equal((await app.call('GET', '/api/v1/system/runtime')).status, 401);
});
