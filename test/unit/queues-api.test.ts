import t from 'tap';
import { startQueuesApp } from '../support/queues-app.js';
import { openSse } from '../support/sse-client.js';

/**
 * The queues API in-process, as hotlined builds it, on a real SQLite file with
 * Asterisk disconnected: validation, cross-row rules and generation.
 */
const app = await startQueuesApp(['1003', '1004', '1005']);
t.teardown(() => app.close());
const { api, file } = app;
const LONG = 'x'.repeat(10_000);
const FILES = ['queues.conf', 'extensions_queues.conf', 'extensions_agents.conf'];
const snapshot = () => FILES.map((f) => file(f));

let main: { id: number; section: string };

t.test('a queue named 客服一组 is created, listed, searched, read and generated', async (t) => {
  const r = await api.req('POST', '/api/v1/queues', {
    name: '客服一组',
    number: '8001',
    settings: { strategy: 'leastrecent', ringTimeoutSeconds: 20, recording: 'always' },
    overflow: { type: 'seat', extension: '1005' },
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  main = r.body;
  t.match(r.body, {
    name: '客服一组',
    number: '8001',
    section: `q${r.body.id}`,
    context: `hotline-queue-${r.body.id}`,
    overflow: { type: 'seat', extension: '1005' },
    settings: { strategy: 'leastrecent', ringTimeoutSeconds: 20, wrapUpSeconds: 5, autoPauseAfterMissed: 3 },
  });
  t.match(r.body.createdAt, /^\d{4}-\d\d-\d\dT/, 'ISO 8601');
  const other = await api.req('POST', '/api/v1/queues', { name: 'Sales_100%' });
  t.equal(other.status, 201);
  t.same(other.body.overflow, { type: 'hangup' }, 'overflow defaults to hangup');
  t.equal(other.body.number, null);

  const list = await api.get('/api/v1/queues');
  t.equal(list.total, 2);
  t.same(
    list.items.map((q: any) => q.name),
    ['客服一组', 'Sales_100%'],
  );
  t.same(
    (await api.get(`/api/v1/queues?q=${encodeURIComponent('客服')}`)).items.map((q: any) => q.id),
    [main.id],
  );
  t.same(
    (await api.get('/api/v1/queues?q=8001')).items.map((q: any) => q.id),
    [main.id],
    'by number',
  );
  t.same(
    (await api.get('/api/v1/queues?q=%25')).items.map((q: any) => q.id),
    [other.body.id],
    '% is literal',
  );
  t.equal((await api.get('/api/v1/queues?q=_')).total, 1, '_ is literal');
  t.equal((await api.get('/api/v1/queues?limit=1&offset=1')).items[0].id, other.body.id);
  t.equal((await api.get(`/api/v1/queues/${main.id}`)).name, '客服一组');
  t.equal((await api.req('GET', '/api/v1/queues/999')).status, 404);

  const conf = file('queues.conf')!;
  t.match(conf, `[${main.section}]\nstrategy = leastrecent\ntimeout = 20\n`);
  t.match(file('extensions_queues.conf'), `exten => 8001,1,Goto(hotline-queue-${main.id},s,1)`);
  for (const f of snapshot()) t.notMatch(f, /客服一组|Sales/, 'names are never written');
  await api.req('DELETE', `/api/v1/queues/${other.body.id}`);
});

t.test('a PATCH of some settings keeps the others', async (t) => {
  const r = await api.req('PATCH', `/api/v1/queues/${main.id}`, { settings: { strategy: 'linear' } });
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.match(r.body.settings, { strategy: 'linear', ringTimeoutSeconds: 20, recording: 'always' });
  t.match(r.body, { name: '客服一组', number: '8001', overflow: { type: 'seat', extension: '1005' } });
  t.match(file('queues.conf'), `[${main.section}]\nstrategy = linear\ntimeout = 20\n`);
  const n = await api.req('PATCH', `/api/v1/queues/${main.id}`, { number: null });
  t.equal(n.status, 200);
  t.notMatch(file('extensions_queues.conf'), /exten => 8001,/, 'number removed');
  t.equal((await api.req('PATCH', `/api/v1/queues/${main.id}`, { number: '8001' })).status, 200);
  t.equal((await api.req('PATCH', '/api/v1/queues/999', { name: 'x' })).status, 404);
});

t.test('cross-row rules: 409 or 400 naming the field, files unchanged', async (t) => {
  const before = snapshot();
  const expect = async (method: string, p: string, body: unknown, status: number, field: string) => {
    const r = await api.req(method, p, body);
    t.equal(r.status, status, `${method} ${JSON.stringify(body).slice(0, 70)} → ${status}`);
    t.equal(r.body?.error?.field, field, `names ${field}`);
  };
  await expect('POST', '/api/v1/queues', { name: '客服一组' }, 409, 'name');
  await expect('POST', '/api/v1/queues', { name: '二组', number: '8001' }, 409, 'number');
  await expect('POST', '/api/v1/queues', { name: '二组', number: '1003' }, 409, 'number');
  await expect(
    'POST',
    '/api/v1/queues',
    { name: '二组', overflow: { type: 'seat', extension: '9999' } },
    400,
    'overflow.extension',
  );
  await expect(
    'POST',
    '/api/v1/queues',
    { name: '二组', overflow: { type: 'queue', queueId: 999 } },
    400,
    'overflow.queueId',
  );
  await expect(
    'PATCH',
    `/api/v1/queues/${main.id}`,
    { overflow: { type: 'queue', queueId: main.id } },
    400,
    'overflow.queueId',
  );
  await expect('PATCH', `/api/v1/queues/${main.id}`, { number: '1004' }, 409, 'number');
  const two = await api.req('POST', '/api/v1/queues', { name: '二组', number: '8002' });
  t.equal(two.status, 201);
  const mid = snapshot();
  await expect('PATCH', `/api/v1/queues/${two.body.id}`, { name: '客服一组' }, 409, 'name');
  await expect('PATCH', `/api/v1/queues/${two.body.id}`, { number: '8001' }, 409, 'number');
  t.same(snapshot(), mid, 'files byte-identical after refused changes');
  t.equal((await api.req('DELETE', `/api/v1/queues/${two.body.id}`)).status, 204);
  t.same(snapshot(), before, 'back to the files before');
});

t.test('an overflow chain that leads back to the queue is refused, also through a schedule', async (t) => {
  const before = snapshot();
  const b = (
    await api.req('POST', '/api/v1/queues', { name: '二线', overflow: { type: 'queue', queueId: main.id } })
  ).body;
  const c = (
    await api.req('POST', '/api/v1/queues', { name: '三线', overflow: { type: 'queue', queueId: b.id } })
  ).body;
  const schedule = (await api.req('POST', '/api/v1/schedules', { name: '客服时间' })).body;
  const mid = snapshot();
  const patch = (id: number, overflow: unknown) => api.req('PATCH', `/api/v1/queues/${id}`, { overflow });
  let r = await patch(main.id, { type: 'queue', queueId: b.id });
  t.equal(r.status, 400, 'A → B → A');
  t.equal(r.body.error.field, 'overflow.queueId');
  r = await patch(main.id, { type: 'queue', queueId: c.id });
  t.equal(r.status, 400, 'A → C → B → A');
  const viaSchedule = { type: 'schedule', scheduleId: schedule.id, open: { type: 'hangup' } };
  r = await patch(main.id, { ...viaSchedule, closed: { type: 'queue', queueId: c.id } });
  t.equal(r.status, 400, 'through a schedule branch');
  t.equal(r.body.error.field, 'overflow.closed.queueId');
  r = await patch(main.id, { ...viaSchedule, closed: { type: 'queue', queueId: main.id } });
  t.equal(r.body.error.field, 'overflow.closed.queueId', 'itself through a schedule');
  t.same(snapshot(), mid, 'files byte-identical');
  r = await patch(c.id, { ...viaSchedule, closed: { type: 'queue', queueId: main.id } });
  t.equal(r.status, 200, 'a chain without a loop is fine');
  for (const q of [c, b]) t.equal((await api.req('DELETE', `/api/v1/queues/${q.id}`)).status, 204);
  t.equal((await api.req('DELETE', `/api/v1/schedules/${schedule.id}`)).status, 204);
  t.same(snapshot(), before);
});

t.test('a queue in use by an inbound route or another queue cannot be deleted', async (t) => {
  const q = (await api.req('POST', '/api/v1/queues', { name: '售后' })).body;
  const route = await api.req('POST', '/api/v1/inbound-routes', {
    did: '4008001000',
    destination: { type: 'queue', queueId: q.id },
  });
  t.equal(route.status, 201, JSON.stringify(route.body));
  let d = await api.req('DELETE', `/api/v1/queues/${q.id}`);
  t.equal(d.status, 409);
  t.match(d.body.error.message, /in use by inbound route/);
  t.equal((await api.req('DELETE', `/api/v1/inbound-routes/${route.body.id}`)).status, 204);

  const over = await api.req('PATCH', `/api/v1/queues/${main.id}`, {
    overflow: { type: 'queue', queueId: q.id },
  });
  t.equal(over.status, 200);
  d = await api.req('DELETE', `/api/v1/queues/${q.id}`);
  t.equal(d.status, 409, 'overflow of another queue');
  t.match(d.body.error.message, /in use by queue/);
  await api.req('PATCH', `/api/v1/queues/${main.id}`, { overflow: { type: 'seat', extension: '1005' } });
  t.equal((await api.req('DELETE', `/api/v1/queues/${q.id}`)).status, 204);
  t.equal((await api.req('GET', `/api/v1/queues/${q.id}`)).status, 404);
  t.notMatch(file('queues.conf'), `[q${q.id}]`);
  const audit = await api.get('/api/v1/audit?entity=queue');
  t.ok(
    audit.items.some((a: any) => a.action === 'delete' && String(a.entityId) === String(q.id)),
    'audited',
  );
});

const HOSTILE: [string, Record<string, unknown>][] = [
  ['name', { name: 'a\nb' }],
  ['name', { name: 'a;b' }],
  ['name', { name: '[q1]' }],
  ['name', { name: '${SHELL(id)}' }],
  ['name', { name: 'say "hi"' }],
  ['name', { name: 'a\\b' }],
  ['name', { name: LONG }],
  ['name', { name: '' }],
  ['name', { name: 42 }],
  ['number', { number: '80;01' }],
  ['number', { number: '8001\n' }],
  ['number', { number: '8' }],
  ['number', { number: 8001 }],
  ['settings.strategy', { settings: { strategy: 'random' } }],
  ['settings.strategy', { settings: { strategy: 'ringall\n[x]' } }],
  ['settings.ringTimeoutSeconds', { settings: { ringTimeoutSeconds: -1 } }],
  ['settings.ringTimeoutSeconds', { settings: { ringTimeoutSeconds: 1e9 } }],
  ['settings.ringTimeoutSeconds', { settings: { ringTimeoutSeconds: '15' } }],
  ['settings.ringTimeoutSeconds', { settings: { ringTimeoutSeconds: 1.5 } }],
  ['settings.maxWaitSeconds', { settings: { maxWaitSeconds: 1e9 } }],
  ['settings.musicOnHold', { settings: { musicOnHold: 'default\n[x]' } }],
  ['settings.musicOnHold', { settings: { musicOnHold: 'default;x' } }],
  ['settings.musicOnHold', { settings: { musicOnHold: LONG } }],
  ['settings.joinEmpty', { settings: { joinEmpty: 'yes' } }],
  ['settings.recording', { settings: { recording: 'sometimes' } }],
  ['settings.autoPauseAfterMissed', { settings: { autoPauseAfterMissed: 11 } }],
  ['settings.announcePosition', { settings: { announcePosition: 'yes' } }],
  ['settings.context', { settings: { context: 'from-internal' } }],
  ['settings', { settings: 'ringall' }],
  ['overflow.type', { overflow: { type: 'System' } }],
  ['overflow.extension', { overflow: { type: 'seat', extension: '1003,1' } }],
  ['overflow.number', { overflow: { type: 'external', number: '10086,1,System(id)' } }],
  ['context', { context: 'from-internal' }],
];

t.test('hostile queue input is refused with 400 naming the field; files stay byte-identical', async (t) => {
  const before = snapshot();
  const total = (await api.get('/api/v1/queues')).total;
  for (const [field, patch] of HOSTILE) {
    const label = `${field}: ${JSON.stringify(patch).slice(0, 60)}`;
    const r = await api.req('POST', '/api/v1/queues', { name: '三组', ...patch });
    t.equal(r.status, 400, `POST ${label} → 400`);
    t.equal(r.body?.error?.field, field, `POST names ${field}`);
    t.notMatch(JSON.stringify(r.body), /at .*\.js:\d+/, 'no stack trace');
    const u = await api.req('PATCH', `/api/v1/queues/${main.id}`, patch);
    t.equal(u.status, 400, `PATCH ${label} → 400`);
    t.equal(u.body?.error?.field, field, `PATCH names ${field}`);
  }
  t.same(snapshot(), before, 'generated files byte-identical');
  t.equal((await api.get('/api/v1/queues')).total, total, 'nothing stored');
  t.equal((await api.req('GET', '/api/v1/queues?limit=0')).status, 400);
  t.equal((await api.req('GET', `/api/v1/queues?q=${LONG}`)).status, 400);
  t.equal((await api.req('GET', '/api/v1/queues/1;DROP')).status, 400);
});

t.test('only admins change queues; supervisors read them; agents neither', async (t) => {
  const sup = await app.userApi('sup1', 'supervisor');
  t.equal((await sup.req('GET', '/api/v1/queues')).status, 200);
  t.equal((await sup.req('POST', '/api/v1/queues', { name: '四组' })).status, 403);
  t.equal((await sup.req('PATCH', `/api/v1/queues/${main.id}`, { name: '四组' })).status, 403);
  const agent = await app.userApi('agent1', 'agent');
  t.equal((await agent.req('GET', '/api/v1/queues')).status, 403);
  t.equal((await agent.req('DELETE', `/api/v1/queues/${main.id}`)).status, 403);
});

t.test('a renamed queue shows its new name on the wallboard at once', async (t) => {
  await app.userApi('wallboard1', 'supervisor');
  const login = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'wallboard1', password: 'correct horse battery' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const sse = await openSse(`${app.url}/api/v1/live`, { cookie });
  t.teardown(() => sse.close());
  const snap = JSON.parse((await sse.waitFor((e) => e.event === 'snapshot', 'snapshot')).data);
  const section = `q${main.id}`;
  t.not(snap.queues[section]?.name, '客服九组', 'not yet renamed');
  const changed: unknown[] = [];
  app.bus.on('test', 'queue.changed', (e) => changed.push(e));
  t.teardown(() => app.bus.off('test'));
  t.equal((await api.req('PATCH', `/api/v1/queues/${main.id}`, { name: '客服九组' })).status, 200);
  t.same(changed, [{ action: 'update', id: main.id }], 'one queue.changed event');
  const delta = await sse.waitFor(
    (e) => e.event === 'delta' && JSON.parse(e.data).queues?.[section]?.name === '客服九组',
    'delta with the new name',
  );
  t.ok(delta);
});
