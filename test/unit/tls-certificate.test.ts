import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import t from 'tap';
import { createLogger } from '../../src/log.js';
import { describeCertificate, generateBoxCertificate } from '../../src/tls/certificate.js';
import { createTlsService } from '../../src/tls/service.js';
import { createTlsStore } from '../../src/tls/store.js';

const DAY = 86_400_000;
/** change() without a database: runs the write and records nothing (the API test covers the audit). */
const change = async (spec: { mutate(): unknown }) => spec.mutate() as never;

function service(dir: string, identity: { hostname: string; addresses: string[] }, now = Date.now()) {
  return createTlsService({
    store: createTlsStore(dir),
    change,
    log: createLogger('silent'),
    identity: () => identity,
    now: () => now,
  });
}

t.test('the certificate is made once per install and kept across restarts', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-tls-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const id = { hostname: 'hotline-box', addresses: ['127.0.0.1', '192.168.10.5'] };
  const first = await service(dir, id).info();
  t.same(first.sans, ['DNS:hotline-box', 'DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:192.168.10.5']);
  t.equal((await service(dir, id).info()).fingerprint, first.fingerprint, 'same certificate after a restart');

  const moved = await service(dir, { ...id, addresses: ['127.0.0.1', '192.168.10.77'] }).info();
  t.not(moved.fingerprint, first.fingerprint, 'a new address: a new certificate');
  t.ok(moved.sans.includes('IP Address:192.168.10.77'));

  const late = await service(
    dir,
    { ...id, addresses: ['127.0.0.1', '192.168.10.77'] },
    Date.now() + 800 * DAY,
  ).info();
  t.not(late.fingerprint, moved.fingerprint, 'renewed 30 days before it expires');
});

t.test("the customer's certificate is never replaced by a generated one", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-tls-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const id = { hostname: 'hotline-box', addresses: ['127.0.0.1'] };
  const svc = service(dir, id);
  await svc.ready();
  const p = await generate([{ name: 'commonName', value: 'pbx.example.cn' }], {
    keyType: 'ec',
    algorithm: 'sha256',
  });
  const theirs = { cert: p.cert, key: p.private };
  const swapped: string[] = [];
  svc.onChange((p) => swapped.push(describeCertificate(p.cert).fingerprint));
  const up = await svc.upload(theirs, { principal: null } as never);
  t.same(swapped, [up.fingerprint], 'the listener is told');
  const again = await service(dir, { hostname: 'elsewhere', addresses: ['10.9.9.9'] }).info();
  t.equal(again.fingerprint, up.fingerprint);
});

t.test('a host name that is no DNS name is left out of the certificate', async (t) => {
  const pair = await generateBoxCertificate({
    hostname: 'bad, CN=evil',
    addresses: ['127.0.0.1', 'not-an-ip', '::1'],
    now: Date.now(),
  });
  const info = describeCertificate(pair.cert);
  t.same(info.sans, ['DNS:localhost', 'IP Address:127.0.0.1']);
  t.equal(info.subject, 'CN=localhost, O=Hotline, OU=Hotline self-signed');
});
