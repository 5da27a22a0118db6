import { statSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';
import t from 'tap';
import { loginCookie } from '../../dev/api-client.js';
import { startTestBox } from '../support/box.js';
import { httpsJson, presentedCertificate } from '../support/https.js';

const DAY = 86_400_000;

/** A customer's certificate: another key pair, valid for a year unless said otherwise. */
const customerPair = async (opts: { from?: number; to?: number } = {}) => {
  const p = await generate([{ name: 'commonName', value: 'callcenter.example.cn' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(opts.from ?? Date.now() - DAY),
    notAfterDate: new Date(opts.to ?? Date.now() + 365 * DAY),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { cert: p.cert, key: p.private };
};

t.test('the box generates its certificate, serves it over HTTPS and keeps the key 0600', async (t) => {
  const box = await startTestBox();
  t.teardown(box.close);
  const info = await box.api.get('/api/v1/tls/certificate');
  t.equal(info.generated, true);
  t.ok(info.sans.includes('IP Address:127.0.0.1'), `SANs ${info.sans}`);
  t.ok(info.sans.includes('DNS:localhost'));
  t.match(info.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  t.ok(Date.parse(info.validTo) > Date.now() + 800 * DAY, 'valid for about 825 days');
  t.equal(statSync(path.join(box.dir, 'tls', 'box.pem')).mode & 0o777, 0o600);

  const pem = await (await box.api.fetch('/api/v1/tls/certificate.pem')).text();
  t.match(pem, /^-----BEGIN CERTIFICATE-----/);
  t.notMatch(pem, /PRIVATE KEY/);
  // verified against the downloaded certificate for the address dialled: the SANs are right
  const served = await presentedCertificate(box.hotline.httpsUrl()!, pem);
  t.equal(served.fingerprint, info.fingerprint);
});

t.test("an admin uploads the customer's certificate; the next connection gets it", async (t) => {
  const box = await startTestBox();
  t.teardown(box.close);
  const before = await box.api.get('/api/v1/tls/certificate');
  const mine = await customerPair();
  const r = await box.api.req('PUT', '/api/v1/tls/certificate', mine);
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.equal(r.body.generated, false);
  t.match(r.body.subject, /CN=callcenter\.example\.cn/);
  t.not(r.body.fingerprint, before.fingerprint);
  t.equal((await presentedCertificate(box.hotline.httpsUrl()!, mine.cert)).fingerprint, r.body.fingerprint);
  t.equal((await box.api.get('/api/v1/tls/certificate')).fingerprint, r.body.fingerprint);
  const audit = await box.api.get('/api/v1/audit?entity=tls_certificate');
  const row = audit.items.find((a: any) => a.action === 'upload');
  t.ok(row, 'the upload is audited');
  t.notMatch(JSON.stringify(audit), /PRIVATE KEY/, 'the key is not in the audit log');
});

t.test('a bad upload is a 400 naming the field, and the served certificate stays', async (t) => {
  const box = await startTestBox();
  t.teardown(box.close);
  const served = (await box.api.get('/api/v1/tls/certificate')).fingerprint;
  const good = await customerPair();
  const other = await customerPair();
  const expired = await customerPair({ from: Date.now() - 400 * DAY, to: Date.now() - DAY });
  const future = await customerPair({ from: Date.now() + 10 * DAY, to: Date.now() + 400 * DAY });
  const cases: [string, unknown, string][] = [
    ['a key of another certificate', { cert: good.cert, key: other.key }, 'key'],
    ['an expired certificate', expired, 'cert'],
    ['a certificate not yet valid', future, 'cert'],
    ['text that is no PEM', { cert: 'hello', key: good.key }, 'cert'],
    ['a key where the certificate goes', { cert: good.key, key: good.key }, 'cert'],
    ['a certificate where the key goes', { cert: good.cert, key: good.cert }, 'key'],
    [
      'a PEM block with garbage inside',
      { cert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', key: good.key },
      'cert',
    ],
    [
      'a script after the certificate',
      { cert: `${good.cert}<script>alert(1)</script>`, key: good.key },
      'cert',
    ],
    [
      'an encrypted key',
      { cert: good.cert, key: good.key.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY') },
      'key',
    ],
    ['two keys', { cert: good.cert, key: good.key + other.key }, 'key'],
    ['a cert of more than 64 kB', { cert: good.cert + 'A'.repeat(70_000), key: good.key }, 'cert'],
    ['a number', { cert: 1, key: good.key }, 'cert'],
    ['no key', { cert: good.cert }, 'key'],
  ];
  for (const [what, body, field] of cases) {
    const r = await box.api.req('PUT', '/api/v1/tls/certificate', body);
    t.equal(r.status, 400, what);
    t.equal(r.body?.error?.field, field, `${what}: ${JSON.stringify(r.body)}`);
  }
  const extra = await box.api.req('PUT', '/api/v1/tls/certificate', { ...good, note: 'x' });
  t.equal(extra.status, 400, 'an unknown field is refused');
  t.equal((await presentedCertificate(box.hotline.httpsUrl()!)).fingerprint, served);
  t.equal((await box.api.get('/api/v1/tls/certificate')).fingerprint, served);
});

t.test('only admins replace the certificate; every signed-in user reads its fingerprint', async (t) => {
  const box = await startTestBox();
  t.teardown(box.close);
  const sup = await box.userApi('sup', 'supervisor');
  const agent = await box.userApi('agent', 'agent');
  t.equal((await sup.req('GET', '/api/v1/tls/certificate')).status, 200);
  t.equal((await sup.req('PUT', '/api/v1/tls/certificate', await customerPair())).status, 403);
  // the browser phone shows an agent the fingerprint to compare before accepting the certificate
  // (the certificate itself is public: every TLS client is shown it, and /certificate.pem is theirs too)
  const seen = await agent.req('GET', '/api/v1/tls/certificate');
  t.equal(seen.status, 200);
  t.match(seen.body.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  t.notOk(JSON.stringify(seen.body).includes('PRIVATE'), 'never the key');
  t.equal((await agent.req('PUT', '/api/v1/tls/certificate', await customerPair())).status, 403);
  t.equal((await fetch(`${box.url}/api/v1/tls/certificate`)).status, 401, 'signed in only');
});

t.test('the desk gets the credentials of its own browser seat, and of no other', async (t) => {
  const box = await startTestBox();
  t.teardown(box.close);
  const seat = async (extension: string, transport: string) =>
    box.api.post('/api/v1/seats', { extension, name: `坐席 ${extension}`, transport });
  const mine = await seat('3001', 'wss');
  const theirs = await seat('3002', 'wss');
  await seat('1001', 'udp');
  const agent = await box.userApi('desk1', 'agent', '3001');
  const deskPhone = await box.userApi('desk2', 'agent', '1001');
  const noSeat = await box.userApi('desk3', 'agent');
  const sup = await box.userApi('sup', 'supervisor');
  const httpsPort = Number(new URL(box.hotline.httpsUrl()!).port);

  const r = await agent.req('GET', '/api/v1/webrtc/credentials');
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.same(r.body, {
    extension: '3001',
    displayName: '坐席 3001',
    wsUrl: `wss://127.0.0.1:${httpsPort}/ws`,
    sipUri: 'sip:3001@127.0.0.1',
    authorizationUser: '3001',
    password: mine.secret,
    registerExpires: 120,
    ice: { servers: [], gatheringTimeoutMs: 1000 },
  });
  t.equal(r.headers.get('cache-control'), 'no-store');
  t.equal((await agent.req('GET', '/api/v1/webrtc/credentials?extension=3001')).status, 200);

  // over HTTPS the URL keeps the origin the page came from
  const cookie = await loginCookie(box.url, 'desk1', 'correct horse battery');
  const ca = await (await box.api.fetch('/api/v1/tls/certificate.pem')).text();
  const overTls = await httpsJson(`https://localhost:${httpsPort}`, '/api/v1/webrtc/credentials', {
    ca,
    cookie,
  });
  t.equal(overTls.status, 200);
  t.equal(overTls.body.wsUrl, `wss://localhost:${httpsPort}/ws`);

  const other = await agent.req('GET', '/api/v1/webrtc/credentials?extension=3002');
  t.equal(other.status, 403, 'another seat is refused');
  t.notMatch(JSON.stringify(other.body), theirs.secret);
  t.equal(
    (await deskPhone.req('GET', '/api/v1/webrtc/credentials')).status,
    404,
    'a udp seat is no browser seat',
  );
  t.equal((await noSeat.req('GET', '/api/v1/webrtc/credentials')).status, 404);
  t.equal((await noSeat.req('GET', '/api/v1/webrtc/credentials?extension=3001')).status, 403);
  for (const [who, api] of [
    ['admin', box.api],
    ['supervisor', sup],
  ] as const) {
    const own = await api.req('GET', '/api/v1/webrtc/credentials');
    t.equal(own.status, 404, `${who} without a seat gets no secret`);
    const asked = await api.req('GET', '/api/v1/webrtc/credentials?extension=3001');
    t.equal(asked.status, 403, `${who} cannot read a seat's secret through the desk route`);
    t.notMatch(JSON.stringify(asked.body), mine.secret);
  }
  t.equal((await agent.req('GET', '/api/v1/seats')).status, 403, 'nor through /seats');

  for (const bad of ['1;x', '3001%0A[evil]', '%24%7BEXTEN%7D', 'x'.repeat(10_000), '客服一组']) {
    const b = await agent.req('GET', `/api/v1/webrtc/credentials?extension=${bad}`);
    t.equal(b.status, 400, bad.slice(0, 20));
    t.equal(b.body?.error?.field, 'extension');
  }
  t.equal((await agent.req('GET', '/api/v1/webrtc/credentials?seat=3002')).status, 400, 'unknown parameter');

  // the seat disabled: no credentials any more
  await box.api.req('PATCH', `/api/v1/seats/${mine.id}`, { enabled: false });
  t.equal((await agent.req('GET', '/api/v1/webrtc/credentials')).status, 404);
});

t.test('a hostile Host header never reaches the answer', async (t) => {
  const box = await startTestBox();
  t.teardown(box.close);
  await box.api.post('/api/v1/seats', { extension: '3001', name: 'Desk', transport: 'wss' });
  await box.userApi('desk1', 'agent', '3001');
  const cookie = await loginCookie(box.url, 'desk1', 'correct horse battery');
  const { request } = await import('node:http');
  const u = new URL(box.url);
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: '/api/v1/webrtc/credentials',
        headers: { cookie, host: 'evil.example/"><script>' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once('error', reject);
    req.end();
  });
  t.equal(status, 400);
});
