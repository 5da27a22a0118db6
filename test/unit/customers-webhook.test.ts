import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startCustomersApp } from '../support/customers-app.js';

/** A fake external CRM: each path behaves differently. */
async function fakeCrm(t: { teardown(fn: () => unknown): void }) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    seen.push(`${u.pathname}?${u.searchParams.toString()}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    switch (u.pathname) {
      case '/good':
        return json(200, { name: '外部客户', vip: 7, boundAgent: '1003', extra: 'ignored' });
      case '/unknown-agent':
        return json(200, { name: 'Ext', boundAgent: '4242' });
      case '/slow':
        setTimeout(() => json(200, { name: 'too late', vip: 9 }), 2000).unref();
        return;
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"name":');
        setTimeout(() => res.end('"late"}'), 2000).unref();
        return;
      case '/500':
        return json(500, { error: 'boom' });
      case '/garbage':
        return json(200, '<html>not json');
      case '/junk-values':
        return json(200, { name: 'a\nb', vip: 99 });
      case '/huge':
        return json(200, { name: 'x', pad: 'y'.repeat(200_000) });
      default:
        return json(404, {});
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

t.test('caller lookup: webhook first, local record as the safe default', async (t) => {
  // the fake CRM listens on loopback, which only this setting lets the webhook reach
  const app = await startCustomersApp(t, { allowLocal: true });
  const crm = await fakeCrm(t);
  const { call } = app;
  const seat = await call('POST', '/api/v1/seats', { body: { extension: '1003', name: '坐席' } });
  t.equal(seat.status, 201);
  const local = await call('POST', '/api/v1/customers', {
    body: { name: '本地客户', numbers: ['+8613800000001'], vip: 2, boundAgent: '1003' },
  });
  t.equal(local.status, 201);
  const localInfo = { source: 'local', id: local.json.id, name: '本地客户', vip: 2, boundAgent: '1003' };
  const useHook = async (path: string, timeoutMs = 300, enabled = true) => {
    const r = await call('PUT', '/api/v1/customers/webhook', {
      body: { url: `${crm.url}${path}`, timeoutMs, enabled },
    });
    t.equal(r.status, 200);
  };

  t.same(await app.customers.lookup('+8613800000001'), localInfo, 'no webhook: local');
  t.equal(await app.customers.lookup('99999'), null, 'unknown number: null');
  t.equal(await app.customers.lookup('not;a number'), null, 'not a number: null, webhook not asked');

  await useHook('/good');
  t.same(await app.customers.lookup('+8613800000001'), {
    source: 'webhook',
    id: null,
    name: '外部客户',
    vip: 7,
    boundAgent: '1003',
  });
  t.equal(crm.seen.at(-1), '/good?number=%2B8613800000001', 'number passed as a query parameter');

  await useHook('/unknown-agent');
  t.match(await app.customers.lookup('555000'), { source: 'webhook', name: 'Ext', vip: 0, boundAgent: null });

  for (const path of ['/slow', '/slow-body', '/500', '/garbage', '/junk-values', '/huge', '/missing']) {
    await useHook(path);
    const started = Date.now();
    t.same(await app.customers.lookup('+8613800000001'), localInfo, `${path}: falls back to local`);
    t.ok(Date.now() - started < 1500, `${path}: answered within the timeout`);
    t.equal(await app.customers.lookup('99999'), null, `${path}: unknown locally: null`);
  }

  // nothing listening: connection refused
  const dead = await call('PUT', '/api/v1/customers/webhook', {
    body: { url: 'http://127.0.0.1:1/x', timeoutMs: 300, enabled: true },
  });
  t.equal(dead.status, 200);
  t.same(await app.customers.lookup('+8613800000001'), localInfo, 'refused: local');

  await useHook('/good', 300, false);
  const asked = crm.seen.length;
  t.same(await app.customers.lookup('+8613800000001'), localInfo, 'disabled: local');
  t.equal(crm.seen.length, asked, 'disabled webhook is not asked');

  // the bound seat is deleted: the binding is kept but not offered; unrelated edits still work
  t.equal((await call('DELETE', `/api/v1/seats/${seat.json.id}`)).status, 204);
  t.same(
    await app.customers.lookup('+8613800000001'),
    { ...localInfo, boundAgent: null },
    'stale binding ignored',
  );
  const p = await call('PATCH', `/api/v1/customers/${local.json.id}`, { body: { vip: 4 } });
  t.equal(p.status, 200, 'edit of a customer bound to a deleted seat');
  t.equal(p.json.boundAgent, '1003');
  const rebind = await call('PATCH', `/api/v1/customers/${local.json.id}`, { body: { boundAgent: '1004' } });
  t.equal(rebind.json.error.field, 'boundAgent', 'a new binding must name a seat');
});
