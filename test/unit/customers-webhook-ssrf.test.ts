import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import t from 'tap';
import { getWebhook, type Resolve, refusedUrl } from '../../src/customers/webhook.js';
import { startCustomersApp } from '../support/customers-app.js';

/** Loopback, link-local, metadata, unspecified and multicast targets, spelled every way an attacker would. */
const HOSTILE = [
  'http://127.0.0.1:8088/ari/channels',
  'http://2130706433:8088/',
  'http://0x7f.1:8088/',
  'http://0x7f000001/',
  'http://0177.0.0.1/',
  'http://127.1/',
  'http://127.255.255.254/',
  'http://[::1]:8088/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]:8088/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:7f00:1]/',
  'http://[::127.0.0.1]/',
  'http://[64:ff9b::127.0.0.1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://0.0.0.0:8080/',
  'http://0/',
  'http://[::]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://2852039166/',
  'http://[::ffff:169.254.169.254]/',
  'http://[fe80::1]/',
  'http://224.0.0.1/',
  'http://[ff02::1]/',
  'http://255.255.255.255/',
  'http://localhost:8088/',
  'http://LOCALHOST./',
  'http://ari.localhost/',
  'https://127.0.0.1/',
];

/** The box's own non-loopback addresses (this machine's, in the test). */
const own = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && !a.internal)
  .map((a) =>
    a!.family === 'IPv6' ? `http://[${a!.address.replace(/%.*$/, '')}]/` : `http://${a!.address}/`,
  );

const ALLOWED = [
  'http://192.168.1.20/crm',
  'http://10.0.0.5:8080/lookup',
  'http://172.16.0.1/',
  'https://crm.example/lookup?key=1',
  'http://[fd00::5]/',
  'http://100.64.0.1/',
];

t.test('a URL naming this box or a link-local address is refused, in any spelling', async (t) => {
  for (const url of [...HOSTILE, ...own]) t.ok(refusedUrl(url), `refused: ${url}`);
  for (const url of ALLOWED) {
    if (own.some((o) => url.startsWith(o.replace(/\/$/, '')))) continue;
    t.equal(refusedUrl(url), null, `allowed: ${url}`);
  }
});

t.test('saving such a webhook is a 400 naming url; a LAN CRM is fine', async (t) => {
  const app = await startCustomersApp(t);
  for (const url of [...HOSTILE, ...own]) {
    const r = await app.call('PUT', '/api/v1/customers/webhook', {
      body: { url, timeoutMs: 500, enabled: true },
    });
    t.equal(r.status, 400, url);
    t.equal(r.json?.error?.field, 'url', url);
  }
  const ok = await app.call('PUT', '/api/v1/customers/webhook', {
    body: { url: 'http://192.168.1.20/crm', timeoutMs: 500, enabled: false },
  });
  t.equal(ok.status, 200);
});

/** A CRM on loopback that counts what reaches it. */
async function crm(t: { teardown(fn: () => unknown): void }) {
  const hits: string[] = [];
  let closed = 0;
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.socket.on('close', () => closed++);
    if (req.url?.startsWith('/good')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: '外部客户', vip: 3 }));
    } else if (req.url?.startsWith('/redirect')) {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/good` });
      res.end();
    } else if (req.url?.startsWith('/endless')) {
      // an answer that never ends: only a reader that stops at the limit gets out before the timeout
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"name":"');
      const chunk = 'x'.repeat(8192);
      const timer = setInterval(() => res.write(chunk), 2);
      res.on('close', () => clearInterval(timer));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port, hits, closed: () => closed };
}

const REFUSED = { name: 'WebhookRefused' };

const call = (extra: Partial<Parameters<typeof getWebhook>[1]> = {}) => ({
  timeoutMs: 2000,
  maxBytes: 64 * 1024,
  allowLocal: false,
  ...extra,
});

t.test('at call time: names are resolved, checked, and connected to as checked', async (t) => {
  const server = await crm(t);
  const to = (host: string, p = '/good') => new URL(`http://${host}:${server.port}${p}`);
  let asked = 0;
  const resolveTo =
    (...answers: string[][]): Resolve =>
    async () => {
      const list = answers[Math.min(asked++, answers.length - 1)]!;
      return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };

  await t.rejects(
    getWebhook(to('crm.test'), call({ resolve: resolveTo(['127.0.0.1']) })),
    REFUSED,
    'a name resolving to loopback',
  );
  await t.rejects(
    getWebhook(to('crm.test'), call({ resolve: resolveTo(['192.168.1.20', '::1']) })),
    REFUSED,
    'a name with one loopback address among others',
  );
  await t.rejects(getWebhook(to('0x7f.1'), call()), REFUSED, 'a literal (stored before the check)');
  t.same(server.hits, [], 'nothing reached the loopback CRM');

  // DNS rebinding: an allowed answer for the check, loopback for the connect
  asked = 0;
  await t.rejects(
    getWebhook(to('crm.test'), call({ timeoutMs: 300, resolve: resolveTo(['10.255.255.1'], ['127.0.0.1']) })),
  );
  t.equal(asked, 1, 'resolved once');
  t.same(server.hits, [], 'the connect went to the checked address, not a second answer');

  // allowed by the settings: the request goes to the address the resolver gave (crm.test is no real name)
  asked = 0;
  const text = await getWebhook(
    to('crm.test'),
    call({ allowLocal: true, resolve: resolveTo(['127.0.0.1']) }),
  );
  t.same(JSON.parse(text), { name: '外部客户', vip: 3 });
  t.same(server.hits, ['/good']);
});

t.test('redirects are not followed; a long answer is cut at the limit', async (t) => {
  const server = await crm(t);
  const local = call({ allowLocal: true });
  await t.rejects(getWebhook(new URL(`http://127.0.0.1:${server.port}/redirect`), local), /302/);
  t.same(server.hits, ['/redirect'], 'the redirect target was not asked');

  await t.rejects(
    getWebhook(new URL(`http://127.0.0.1:${server.port}/endless`), { ...local, timeoutMs: 3000 }),
    /larger than 65536 bytes/,
    'stopped at the limit, not at the timeout',
  );
});

t.test('a refused webhook stored before the check: the call goes on with the local record', async (t) => {
  const app = await startCustomersApp(t);
  const server = await crm(t);
  const c = await app.call('POST', '/api/v1/customers', {
    body: { name: '本地客户', numbers: ['13800000001'] },
  });
  t.equal(c.status, 201);
  app.db
    .prepare('UPDATE customer_webhook SET url = ?, timeout_ms = 500, enabled = 1 WHERE id = 1')
    .run(`http://2130706433:${server.port}/good`);
  t.match(await app.customers.lookup('13800000001'), { source: 'local', name: '本地客户' });
  t.equal(await app.customers.lookup('13900000000'), null, 'unknown locally: no lookup at all');
  t.same(server.hits, [], 'the loopback CRM was never asked');
});
