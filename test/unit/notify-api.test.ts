import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import t from 'tap';
import { loginCookie, until } from '../../dev/api-client.js';
import { startTestBox, type TestBox } from '../support/box.js';
import { header, part } from '../support/mail-message.js';
import { postEvent } from '../support/notify-events.js';

/**
 * Notifications by rules through the API on a box with a real SQLite file
 * and a real SMTP server (the smtp-server package), Asterisk unreachable:
 * signed event intake, idempotency, e-mail with Chinese text intact, the
 * fallback chain, quiet hours (delayed), throttles, loops, results and export.
 */
let box: TestBox;
let integration: { id: number; secret: string };
const received: string[] = [];
let smtpPort = 0;

t.before(async () => {
  box = await startTestBox();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  smtpPort = (server.server.address() as AddressInfo).port;
  const put = await box.api.req('PUT', '/api/v1/mail/settings', {
    host: '127.0.0.1',
    port: smtpPort,
    security: 'none',
    fromAddress: 'hotline@example.org',
    fromName: '客服中心',
  });
  t.equal(put.status, 200, JSON.stringify(put.body));
  const r = await box.api.req('POST', '/api/v1/notify/integrations', { name: '订单系统' });
  t.equal(r.status, 201);
  integration = r.body;
});
t.teardown(() => box?.close());

/** Posts an event as a business system would: signed with the integration's secret. */
async function post(body: unknown, opts: Parameters<typeof postEvent>[3] = {}) {
  const res = await postEvent(box.url, integration, body, opts);
  return { status: res.status, body: (await res.json()) as any };
}

const customer = async (
  name: string,
  numbers: string[],
  pref?: { channels: string[]; email: string | null },
) => {
  const c = (await box.api.req('POST', '/api/v1/customers', { name, numbers })).body;
  if (pref) t.equal((await box.api.req('PUT', `/api/v1/notify/preferences/${c.id}`, pref)).status, 200);
  return c.id as number;
};

const rule = async (body: Record<string, unknown>) => {
  const r = await box.api.req('POST', '/api/v1/notify/rules', {
    message: '尊敬的客户，您的账单{{amount|money}}将于{{date}}到期。',
    subject: '账单提醒：{{month}}月',
    ...body,
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id as number;
};

t.test('the secret is shown once; unsigned, forged, stale and unknown posts are refused', async (t) => {
  t.match(integration.secret, /^[0-9a-f]{64}$/);
  const list = await box.api.req('GET', '/api/v1/notify/integrations');
  t.notMatch(JSON.stringify(list.body), integration.secret, 'the list never shows the secret');
  const body = { type: 'bill.due', key: 'x-1' };
  const unsigned = await fetch(`${box.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hotline-integration': String(integration.id) },
    body: JSON.stringify(body),
  });
  t.equal(unsigned.status, 401);
  t.equal((await post(body, { secret: 'f'.repeat(64) })).status, 401, 'another secret');
  t.equal((await post(body, { at: Date.now() - 10 * 60_000 })).status, 401, 'a replay ten minutes later');
  t.equal((await post(body, { id: 999 })).status, 401, 'an unknown integration');
  const events = await box.api.req('GET', '/api/v1/notify/events');
  t.equal(events.body.total, 0, 'nothing refused was stored');
});

t.test('hostile signed bodies are refused with 400 naming the field', async (t) => {
  const cases: [unknown, string][] = [
    [{ type: 'Bill Due', key: 'a' }, 'type'],
    [{ type: 'bill.due\n[x]', key: 'a' }, 'type'],
    [{ type: 'bill.due', key: 'a;b' }, 'key'],
    [{ type: 'bill.due', key: 'k'.repeat(500) }, 'key'],
    [{ type: 'bill.due', key: 'a', number: '${EXTEN}' }, 'number'],
    [{ type: 'bill.due', key: 'a', vars: { amount: 'a\nb' } }, 'vars'],
    [{ type: 'bill.due', key: 'a', vars: { 'a b': '1' } }, 'vars'],
    [{ type: 'bill.due', key: 'a', customerId: 424242 }, 'customerId'],
    [{ type: 'bill.due', key: 'a', extra: 1 }, 'extra'],
  ];
  for (const [body, field] of cases) {
    const r = await post(body);
    t.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
    t.match(JSON.stringify(r.body), field);
  }
  t.equal((await post(null, { raw: '{"type": "bill.due",' })).status, 400, 'not JSON');
});

t.test(
  'an e-mail notification arrives with its Chinese subject and body; the same key twice is one',
  async (t) => {
    await rule({ name: '账单到期', eventType: 'bill.due', chain: ['email'] });
    const id = await customer('张三', ['13800138000'], { channels: ['email'], email: 'zhang@example.org' });
    const body = {
      type: 'bill.due',
      key: 'bill-2026-12-zhang',
      customerId: id,
      vars: { amount: '123.45', date: '2026-12-20', month: 12 },
    };
    const first = await post(body);
    t.equal(first.status, 200, JSON.stringify(first.body));
    t.equal(first.body.duplicate, false);
    t.match(first.body.actions, [{ channel: 'email', status: 'sent' }]);
    const again = await post(body);
    t.equal(again.body.duplicate, true, 'the same idempotency key');
    t.equal(again.body.eventId, first.body.eventId);
    await box.hotline.services.mail.deliverDue();
    await until('the message reaches the SMTP server', async () => received.length >= 1);
    t.equal(received.length, 1, 'one message for two posts');
    const raw = received[0]!;
    t.equal(header(raw, 'Subject'), '账单提醒：12月');
    t.equal(header(raw, 'To'), 'zhang@example.org');
    t.equal(part(raw, 'text/plain').trim(), '尊敬的客户，您的账单123.45将于2026-12-20到期。');
  },
);

t.test(
  'voice that cannot be placed falls back to SMS; conditions on customer fields select the rule',
  async (t) => {
    await rule({
      name: 'VIP 催缴',
      eventType: 'bill.overdue',
      chain: ['voice', 'sms', 'email'],
      conditions: { all: [{ fact: 'customer', path: '$.vip', operator: 'greaterThanInclusive', value: 3 }] },
    });
    const vip = (
      await box.api.req('POST', '/api/v1/customers', { name: '王芳', numbers: ['13900139000'], vip: 5 })
    ).body.id;
    const plain = await customer('李四', ['13700137000']);
    const r = await post({
      type: 'bill.overdue',
      key: 'od-1',
      customerId: vip,
      vars: { amount: '88', date: '2026-12-01', month: 12 },
    });
    // Asterisk is unreachable on this box: the call fails, the SMS is the next channel
    await until('voice failed, SMS queued', async () => {
      const e = (await box.api.req('GET', `/api/v1/notify/events/${r.body.eventId}`)).body;
      return e.actions.some((a: any) => a.channel === 'sms' && a.status === 'sent') && e;
    });
    const e = (await box.api.req('GET', `/api/v1/notify/events/${r.body.eventId}`)).body;
    t.match(e.actions, [
      { channel: 'voice', status: 'failed' },
      { channel: 'sms', status: 'sent' },
    ]);
    t.equal(e.actions.length, 2, 'the chain stops once a channel took it');
    const sms = (await box.api.req('GET', `/api/v1/sms/${e.actions[1].ref}`)).body;
    t.match(sms, { number: '13900139000', text: /账单88/ });
    const other = await post({ type: 'bill.overdue', key: 'od-2', customerId: plain, vars: { amount: '1' } });
    t.same(other.body.actions, [], 'VIP 0 does not match');
  },
);

t.test(
  'quiet hours delay SMS to the window’s end, once per number; throttles apply when it goes',
  async (t) => {
    const now = new Date();
    const hhmm = (d: Date) =>
      `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    const later = new Date(now.getTime() + 2 * 3_600_000);
    const end = new Date(later);
    end.setSeconds(0, 0);
    await rule({
      name: '夜间静默',
      eventType: 'parcel.arrived',
      chain: ['sms', 'email'],
      quietHours: { from: hhmm(new Date(now.getTime() - 3_600_000)), to: hhmm(later) },
      perHourLimit: 1,
    });
    const id = await customer('赵六', ['13600136000'], { channels: ['sms'], email: 'zhao@example.org' });
    const first = await post({ type: 'parcel.arrived', key: 'p-1', customerId: id, vars: { amount: '1' } });
    t.match(first.body.actions, [{ channel: 'sms', status: 'delayed', dueAt: end.getTime() }]);
    t.equal(first.body.actions.length, 1, 'the chain waits with it: no e-mail in the meantime');
    const again = await post({ type: 'parcel.arrived', key: 'p-2', customerId: id, vars: { amount: '1' } });
    t.match(again.body.actions, [{ channel: 'sms', status: 'skipped', detail: /^duplicate/ }]);

    // e-mail is never delayed: a customer who prefers it gets it now
    const mailFirst = await customer('孙八', ['13600136001'], {
      channels: ['email'],
      email: 'sun@example.org',
    });
    const mailed = await post({
      type: 'parcel.arrived',
      key: 'p-3',
      customerId: mailFirst,
      vars: { amount: '1' },
    });
    t.match(mailed.body.actions, [{ channel: 'email', status: 'sent' }]);

    const other = await customer('周九', ['13600136002']);
    const third = await post({
      type: 'parcel.arrived',
      key: 'p-4',
      customerId: other,
      vars: { amount: '1' },
    });
    t.match(third.body.actions, [{ channel: 'sms', status: 'delayed' }]);

    await box.hotline.services.notify.runDue(end.getTime() - 60_000);
    t.match(
      (await box.api.req('GET', `/api/v1/notify/events/${first.body.eventId}`)).body.actions,
      [{ status: 'delayed' }],
      'not before its time',
    );
    await box.hotline.services.notify.runDue(end.getTime());
    const fired = (await box.api.req('GET', `/api/v1/notify/events/${first.body.eventId}`)).body.actions;
    t.match(fired, [{ id: first.body.actions[0].id, channel: 'sms', status: 'sent', dueAt: end.getTime() }]);
    // both came due together: the first went, the second is over the rule's 1 SMS an hour
    const throttled = (await box.api.req('GET', `/api/v1/notify/events/${third.body.eventId}`)).body.actions;
    t.match(throttled, [{ channel: 'sms', status: 'skipped', detail: 'throttled' }, { channel: 'email' }]);
  },
);

t.test('a rule triggered by its own action’s outcome is refused, so the loop stops', async (t) => {
  // a rule that e-mails whenever a notification e-mail is sent: its own e-mail would trigger it again
  const loop = await rule({ name: '邮件回环', eventType: 'notify.email.sent', chain: ['email'] });
  await box.hotline.services.mail.deliverDue();
  const before = received.length;
  const id = await customer('钱七', ['13500135000'], { channels: ['email'], email: 'qian@example.org' });
  await post({ type: 'bill.due', key: 'loop-1', customerId: id, vars: { amount: '5', month: 1 } });
  await box.hotline.services.mail.deliverDue();
  const results = await until('the loop refused', async () => {
    const all = (await box.api.req('GET', '/api/v1/notify/results')).body.items;
    const r = all.find((x: any) => x.ruleId === loop);
    return r?.skipped.loop >= 1 && r;
  });
  t.equal(results.actions.email, 1, 'it answered 账单到期’s e-mail once; its own e-mail was refused');
  await box.hotline.services.mail.deliverDue();
  await new Promise((r) => setTimeout(r, 500));
  const after = (await box.api.req('GET', '/api/v1/notify/results')).body.items.find(
    (x: any) => x.ruleId === loop,
  );
  t.same(after.actions, results.actions, 'no more actions came');
  t.equal(received.length - before, 2, 'the bill and the one answer to it');
});

t.test('results per rule and their export', async (t) => {
  const r = (await box.api.req('GET', '/api/v1/notify/results')).body.items;
  const bill = r.find((x: any) => x.rule === '账单到期');
  t.match(bill, { events: 2, actions: { email: 2 }, email: { sent: 2, bounced: 0 } });
  const vip = r.find((x: any) => x.rule === 'VIP 催缴');
  t.match(vip, { voice: { calls: 1, connects: 0 }, sms: { sent: 1 }, optOuts: 0 });
  // the number that got the rule's SMS opts out (回复TD does the same with source sms): counted for the rule
  const out = await box.api.req('POST', '/api/v1/contacts/opt-out', { number: '13900139000', source: 'sms' });
  t.equal(out.status, 200, JSON.stringify(out.body));
  const after = (await box.api.req('GET', '/api/v1/notify/results')).body.items;
  t.equal(after.find((x: any) => x.rule === 'VIP 催缴').optOuts, 1, 'the opt-out after its SMS');
  t.equal(after.find((x: any) => x.rule === '账单到期').optOuts, 0, 'not for a rule that sent it none');
  const csv = await fetch(`${box.url}/api/v1/notify/results/export?format=csv`, {
    headers: { cookie: await loginCookie(box.url, box.admin.username, box.admin.password) },
  });
  t.equal(csv.status, 200);
  const text = await csv.text();
  t.match(text, /规则,事件,语音呼叫/);
  t.match(text, /账单到期,2,0/);
});
