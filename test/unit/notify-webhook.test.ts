import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { loginCookie, until } from '../../dev/api-client.js';
import { buildHotline, type Hotline } from '../../src/hotline.js';
import { signatureProblem } from '../../src/notify/signature.js';
import { buildTestHotline, startTestBox, type TestBox, testOverrides } from '../support/box.js';
import { postEvent } from '../support/notify-events.js';

/**
 * A rule's webhook against a real local HTTP server: the signature verifies
 * with the secret answered once, a 500 is retried until a 200, a box
 * stopped between two attempts resumes the delivery after its restart, and
 * URLs the rules refuse are 400s naming webhook.url.
 */
interface Hit {
  headers: IncomingMessage['headers'];
  body: string;
}
const hits: Hit[] = [];
/** What the partner answers next (200 when the list is empty). */
const answers: number[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.statusCode = answers.shift() ?? 200;
    res.end('ok');
  });
});

let box: TestBox;
let hotline: Hotline;
let hookUrl = '';
let integration: { id: number; secret: string };

t.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/hotline`;
  // the partner runs on this machine: loopback allowed, as a LAN partner is by default
  box = await startTestBox({ settings: (s) => (s.notify = { webhookAllowLocal: true }) });
  hotline = box.hotline;
  integration = (await box.api.req('POST', '/api/v1/notify/integrations', { name: '订单系统' })).body;
});
t.teardown(async () => {
  await hotline?.stop();
  rmSync(box.dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const post = async (body: unknown) =>
  (await (await postEvent(box.url, integration, body)).json()) as { eventId: number };
const webhookOf = (eventId: number) =>
  hotline.services.notify.event(eventId).actions.find((a) => a.channel === 'webhook')!;

let secret = '';
let ruleId = 0;

t.test('a rule’s webhook secret is answered once; bad URLs are 400s naming webhook.url', async (t) => {
  const bad = [
    'ftp://partner.example.org/hook',
    'http://user:pass@partner.example.org/hook',
    `https://partner.example.org/${'a'.repeat(1000)}`, // over the length cap
    'not a url',
    'http://partner.example.org/\nx',
  ];
  for (const url of bad) {
    const r = await box.api.req('POST', '/api/v1/notify/rules', {
      name: '坏地址',
      eventType: 'order.shipped',
      message: '订单已发货',
      webhook: { url },
    });
    t.equal(r.status, 400, url.slice(0, 60));
    t.match(JSON.stringify(r.body), /webhook/, `${url.slice(0, 60)}: the field is named`);
  }
  const r = await box.api.req('POST', '/api/v1/notify/rules', {
    name: '发货通知',
    eventType: 'order.shipped',
    message: '订单{{order}}已发货',
    webhook: { url: hookUrl, timeoutMs: 2000, maxAttempts: 4 },
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  t.match(r.body.webhookSecret, /^[0-9a-f]{64}$/);
  secret = r.body.webhookSecret;
  ruleId = r.body.id;
  const again = await box.api.req('GET', `/api/v1/notify/rules/${ruleId}`);
  t.notOk('webhookSecret' in again.body, 'never shown again');
  t.notMatch(JSON.stringify((await box.api.req('GET', '/api/v1/notify/rules')).body), secret);
  const patched = await box.api.req('PATCH', `/api/v1/notify/rules/${ruleId}`, {
    message: '订单{{order}}已发出',
  });
  t.equal(patched.status, 200);
  t.notOk('webhookSecret' in patched.body, 'a change that keeps the webhook keeps its secret');
});

t.test('without the setting, link-local, metadata and loopback targets are refused', async (t) => {
  const strict = buildTestHotline();
  t.teardown(() => strict.close());
  const actor = { principal: { userId: 0, username: 'test', role: 'admin' as const, via: 'token' as const } };
  for (const url of [
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://127.0.0.1:8088/ari',
  ]) {
    await t.rejects(
      strict.hotline.services.notify.rules.create(
        { name: '元数据', eventType: 'order.shipped', message: 'x', webhook: { url } } as never,
        actor,
      ),
      { field: 'webhook.url' } as never,
      url,
    );
  }
});

t.test('the delivery is signed like the intake; a 500 is retried until a 200', async (t) => {
  answers.push(500);
  const { eventId } = await post({
    type: 'order.shipped',
    key: 'o-1',
    number: '13800138000',
    vars: { order: 'A1' },
  });
  await until('the first attempt answered 500', async () => webhookOf(eventId).attempts === 1);
  t.match(webhookOf(eventId), { status: 'pending', httpStatus: 500, attempts: 1, detail: 'answered 500' });
  const first = hits[0]!;
  t.equal(
    signatureProblem(
      secret,
      String(first.headers['x-hotline-signature']),
      Buffer.from(first.body),
      Date.now(),
    ),
    null,
    'the partner verifies the signature with the secret it was shown',
  );
  t.match(
    signatureProblem(
      '0'.repeat(64),
      String(first.headers['x-hotline-signature']),
      Buffer.from(first.body),
      Date.now(),
    ),
    /does not match/,
  );
  const body = JSON.parse(first.body);
  t.match(body, {
    deliveryId: webhookOf(eventId).id,
    event: { id: eventId, type: 'order.shipped', number: '13800138000', vars: { order: 'A1' } },
    rule: { id: ruleId, name: '发货通知' },
    actions: [],
  });
  t.equal(first.headers['x-hotline-delivery'], String(webhookOf(eventId).id));

  // the backoff is seconds: the retry is asked for as if they had passed
  await hotline.services.notify.runDue(Date.now() + 60_000);
  t.match(webhookOf(eventId), { status: 'sent', httpStatus: 200, attempts: 2 });
  t.equal(hits.length, 2);
  t.equal(hits[1]!.body, first.body, 'the same body, signed again');

  const results = (await box.api.req('GET', '/api/v1/notify/results')).body.items.find(
    (r: any) => r.ruleId === ruleId,
  );
  t.match(results.webhook, {
    sent: 1,
    failed: 0,
    pending: 0,
    deliveries: [{ httpStatus: 200, attempts: 2, status: 'sent' }],
  });
  const csv = await fetch(`${box.url}/api/v1/notify/results/export?format=csv`, {
    headers: { cookie: await loginCookie(box.url, box.admin.username, box.admin.password) },
  });
  const text = await csv.text();
  t.match(text, /Webhook 成功/);
  t.match(text, /sent HTTP 200，2 次/);
});

t.test('a 404 is not retried', async (t) => {
  answers.push(404);
  const { eventId } = await post({ type: 'order.shipped', key: 'o-404', vars: { order: 'A4' } });
  await until('the delivery failed', async () => webhookOf(eventId).status === 'failed');
  t.match(webhookOf(eventId), { httpStatus: 404, attempts: 1 });
});

t.test('a box restarted between two attempts resumes the delivery and keeps a delayed SMS', async (t) => {
  const hhmm = (ms: number) => {
    const d = new Date(ms);
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  };
  const quiet = await box.api.req('POST', '/api/v1/notify/rules', {
    name: '夜间短信',
    eventType: 'parcel.late',
    chain: ['sms'],
    message: '包裹{{order}}延误',
    quietHours: { from: hhmm(Date.now() - 3_600_000), to: hhmm(Date.now() + 2 * 3_600_000) },
  });
  t.equal(quiet.status, 201, JSON.stringify(quiet.body));
  const late = await post({ type: 'parcel.late', key: 'l-1', number: '13900139000', vars: { order: 'C3' } });
  const delayed = () => hotline.services.notify.event(late.eventId).actions[0]!;
  t.match(delayed(), { channel: 'sms', status: 'delayed' });
  const dueAt = delayed().dueAt!;

  answers.push(503);
  const before = hits.length;
  const { eventId } = await post({ type: 'order.shipped', key: 'o-2', vars: { order: 'B2' } });
  await until('the first attempt answered 503', async () => webhookOf(eventId).attempts === 1);
  await hotline.stop();
  hotline = buildHotline(box.settings, testOverrides());
  await hotline.start();
  t.match(webhookOf(eventId), { status: 'pending', attempts: 1, httpStatus: 503 }, 'kept in the database');
  t.match(delayed(), { status: 'delayed', dueAt }, 'the delayed SMS too');
  await hotline.services.notify.runDue(Date.now() + 60_000);
  t.match(webhookOf(eventId), { status: 'sent', httpStatus: 200, attempts: 2 });
  t.equal(hits.length - before, 2);
  await hotline.services.notify.runDue(dueAt);
  t.match(delayed(), { status: 'sent', dueAt }, 'the SMS goes when the window ends');
});
