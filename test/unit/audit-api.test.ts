import t from 'tap';
import { withApiApp } from '../support/api-app.js';

const PW = 'correct horse battery';

t.test('the audit log records user changes, tokens and logins with secrets redacted', async (t) => {
  const app = await withApiApp(t);
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
  const app = await withApiApp(t);
  await app.createUser('sup2', 'supervisor', PW);
  await app.createUser('agent9', 'agent', PW);
  t.equal((await app.call('GET', '/api/v1/audit', { cookie: await app.login('sup2', PW) })).status, 200);
  t.equal((await app.call('GET', '/api/v1/audit', { cookie: await app.login('agent9', PW) })).status, 403);
  t.equal((await app.call('GET', '/api/v1/audit')).status, 401);
});
