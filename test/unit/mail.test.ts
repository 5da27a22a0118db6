import t, { type Test } from 'tap';
import { isAppError } from '../../src/errors.js';
import { startTestBox } from '../support/box.js';
import { header, PASSWORD, part, partBytes, smtpServer, USER } from '../support/smtp-server.js';

/** A test box closed when the test ends. */
async function testBox(tt: { teardown(fn: () => unknown): void }) {
  const box = await startTestBox();
  tt.teardown(box.close);
  return box;
}

/** An answer that refuses the request with a 400 naming `field`. */
function refusedNaming(
  tt: Test,
  r: { status: number; body: { error?: { field?: string } } },
  field: string,
  what = field,
) {
  tt.equal(r.status, 400, `${what} refused`);
  tt.equal(r.body.error?.field, field);
}

const settings = (port: number, more: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port,
  security: 'starttls',
  verifyCertificate: false,
  username: USER,
  password: PASSWORD,
  fromAddress: 'service@example.com',
  fromName: '客服中心',
  ...more,
});

/** The test server as the box's relay without TLS or login. */
const plainRelay = (
  box: { api: { req(m: string, p: string, b: unknown): Promise<unknown> } },
  port: number,
) =>
  box.api.req(
    'PUT',
    '/api/v1/mail/settings',
    settings(port, { security: 'none', username: '', password: null }),
  );

const BILL = {
  name: '账单提醒',
  subject: '您的{{month}}月账单：{{amount}} 元',
  textBody: '尊敬的{{name}}：\n您{{month}}月的话费账单为 {{amount}} 元，请于月底前缴清。\n——客服中心\n',
  htmlBody: '<p>尊敬的{{name}}：</p><p>账单 <strong>{{amount}}</strong> 元</p><script>alert(1)</script>',
};
const VARS = { name: '张三<李四>', month: 11, amount: '128.50' };

t.test(
  'a Chinese subject and body reach a real SMTP server intact, over STARTTLS with a login',
  async (tt) => {
    const box = await testBox(tt);
    const smtp = await smtpServer(tt);
    const mail = box.hotline.services.mail;

    tt.equal((await box.api.req('PUT', '/api/v1/mail/settings', settings(smtp.port))).status, 200);
    const tpl = await box.api.req('POST', '/api/v1/mail/templates', BILL);
    tt.equal(tpl.status, 201, JSON.stringify(tpl.body));
    tt.notMatch(tpl.body.htmlBody, /script/, 'the HTML body is sanitised on write');
    tt.same(tpl.body.variables, ['month', 'amount', 'name']);

    const id = mail.send({ to: 'customer@example.org', template: '账单提醒', vars: VARS, reason: 'test' });
    await mail.deliverDue();
    const sent = (await box.api.req('GET', `/api/v1/mail/outbox/${id}`)).body;
    tt.equal(sent.status, 'sent', sent.lastError);
    tt.equal(sent.attempts, 1);

    tt.equal(smtp.received.length, 1);
    const { raw, session } = smtp.received[0]!;
    tt.ok(session.secure, 'the session was upgraded by STARTTLS');
    tt.equal(session.user, USER, 'the box logged in');
    tt.match(raw, /^Subject: =\?UTF-8\?/m, 'the subject is RFC 2047 encoded');
    tt.equal(header(raw, 'Subject'), '您的11月账单：128.50 元');
    tt.equal(header(raw, 'From'), '客服中心 <service@example.com>');
    tt.equal(header(raw, 'Message-ID'), sent.messageId);
    tt.equal(
      part(raw, 'text/plain').replace(/\r\n/g, '\n'),
      '尊敬的张三<李四>：\n您11月的话费账单为 128.50 元，请于月底前缴清。\n——客服中心\n',
    );
    tt.equal(part(raw, 'text/html'), '<p>尊敬的张三&lt;李四&gt;：</p><p>账单 <strong>128.50</strong> 元</p>');

    // a self-signed certificate is refused unless the site says not to verify it
    await box.api.req('PUT', '/api/v1/mail/settings', settings(smtp.port, { verifyCertificate: true }));
    const verified = await box.api.req('POST', '/api/v1/mail/test', { to: 'admin@example.org' });
    tt.match(verified.body, { ok: false, permanent: false, error: /certificate/i });
    tt.equal(smtp.received.length, 1, 'nothing was sent over an unverified connection');

    // a refused login is the site's setting to fix, not the recipient's bounce: retried
    await box.api.req('PUT', '/api/v1/mail/settings', settings(smtp.port, { password: 'wrong' }));
    const test = await box.api.req('POST', '/api/v1/mail/test', { to: 'admin@example.org' });
    tt.equal(test.status, 200);
    tt.match(test.body, { ok: false, permanent: false, error: /535/ });
    const waits = mail.send({ to: 'customer@example.org', subject: '测试', text: '正文', reason: 'test' });
    await mail.deliverDue();
    tt.match((await box.api.req('GET', `/api/v1/mail/outbox/${waits}`)).body, {
      status: 'queued',
      attempts: 1,
    });
    await box.api.req('PUT', '/api/v1/mail/settings', settings(smtp.port, { password: undefined }));
    const good = await box.api.req('POST', '/api/v1/mail/test', { to: 'admin@example.org' });
    tt.equal(good.body.ok, false, 'the stored (wrong) password was kept');
    await box.api.req('PUT', '/api/v1/mail/settings', settings(smtp.port));
    tt.match((await box.api.req('POST', '/api/v1/mail/test', { to: 'admin@example.org' })).body, {
      ok: true,
    });
    tt.equal(smtp.received.length, 2, 'the test message arrived');
    tt.equal(header(smtp.received[1]!.raw, 'Subject'), 'Hotline 测试邮件 / test message');
  },
);

t.test('a 550 bounces the message; a 451 is retried with backoff and then sent', async (tt) => {
  const box = await testBox(tt);
  let tempFailures = 1;
  const smtp = await smtpServer(tt, (rcpt) => {
    if (rcpt.startsWith('nobody@')) return 550;
    if (rcpt.startsWith('never@')) return 421;
    if (rcpt.startsWith('busy@') && tempFailures > 0) {
      tempFailures--;
      return 451;
    }
    return null;
  });
  const mail = box.hotline.services.mail;
  await plainRelay(box, smtp.port);
  const get = async (id: number) => (await box.api.req('GET', `/api/v1/mail/outbox/${id}`)).body;

  const bounced = mail.send({ to: 'nobody@example.org', subject: '通知', text: '正文', reason: 'test' });
  await mail.deliverDue();
  const b = await get(bounced);
  tt.equal(b.status, 'bounced');
  tt.equal(b.attempts, 1);
  tt.match(b.lastError, /550/);

  const retried = mail.send({ to: 'busy@example.org', subject: '通知', text: '正文', reason: 'test' });
  await mail.deliverDue();
  const first = await get(retried);
  tt.equal(first.status, 'queued', `a 451 leaves it queued: ${JSON.stringify(first)}`);
  tt.equal(first.attempts, 1);
  tt.match(first.lastError, /451/);
  tt.ok(Date.parse(first.nextAttemptAt) > Date.now(), 'the retry waits');
  await mail.deliverDue();
  tt.equal((await get(retried)).attempts, 1, 'not retried before its time');
  await mail.deliverDue(Date.parse(first.nextAttemptAt));
  const second = await get(retried);
  tt.equal(second.status, 'sent');
  tt.equal(second.attempts, 2);
  tt.equal(smtp.received.length, 1);

  const never = mail.send({ to: 'never@example.org', subject: '通知', text: '正文', reason: 'test' });
  await mail.deliverDue();
  for (let i = 0; i < 10 && (await get(never)).status === 'queued'; i++)
    await mail.deliverDue(Date.parse((await get(never)).nextAttemptAt));
  const gaveUp = await get(never);
  tt.equal(gaveUp.status, 'failed', 'transient failures end as failed after the last retry');
  tt.equal(gaveUp.attempts, 6);

  const list = (await box.api.req('GET', '/api/v1/mail/outbox?status=bounced')).body;
  tt.same(
    list.items.map((m: { id: number }) => m.id),
    [bounced],
  );
  const both = (await box.api.req('GET', '/api/v1/mail/outbox?status=sent,bounced')).body;
  tt.same(
    both.items.map((m: { id: number }) => m.id),
    [retried, bounced],
  );
  const bad = await box.api.req('GET', '/api/v1/mail/outbox?status=lost');
  refusedNaming(tt, bad, 'status');
});

t.test('a bounce reported by Message-ID or as a DSN marks the message bounced', async (tt) => {
  const box = await testBox(tt);
  const mail = box.hotline.services.mail;
  const a = mail.send({ to: 'a@example.org', subject: 's', text: 't', reason: 'test' });
  const b = mail.send({ to: 'b@example.org', subject: 's', text: 't', reason: 'test' });
  const idOf = async (id: number) =>
    (await box.api.req('GET', `/api/v1/mail/outbox/${id}`)).body.messageId as string;

  const byId = await box.api.req('POST', '/api/v1/mail/bounces', { messageId: (await idOf(a)).slice(1, -1) });
  tt.equal(byId.status, 200, JSON.stringify(byId.body));
  tt.equal(byId.body.status, 'bounced');

  const dsn = [
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    'Final-Recipient: rfc822; b@example.org',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
    '',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${await idOf(b)}`,
    'Subject: s',
  ].join('\r\n');
  const byDsn = await box.api.req('POST', '/api/v1/mail/bounces', { dsn });
  tt.equal(byDsn.status, 200, JSON.stringify(byDsn.body));
  tt.equal(byDsn.body.id, b);
  tt.equal(byDsn.body.lastError, 'smtp; 550 5.1.1 user unknown');

  const unknown = await box.api.req('POST', '/api/v1/mail/bounces', { messageId: '<nope@example.org>' });
  refusedNaming(tt, unknown, 'messageId');
  const noId = await box.api.req('POST', '/api/v1/mail/bounces', { dsn: 'Status: 5.1.1\r\n' });
  refusedNaming(tt, noId, 'dsn');
  const neither = await box.api.req('POST', '/api/v1/mail/bounces', {});
  refusedNaming(tt, neither, 'messageId');
});

t.test(
  'the password is never answered nor audited; hostile settings are refused naming the field',
  async (tt) => {
    const box = await testBox(tt);
    const put = (body: unknown) => box.api.req('PUT', '/api/v1/mail/settings', body);
    tt.equal((await put(settings(2525))).status, 200);
    tt.equal((await put(settings(2526, { password: undefined }))).status, 200, 'left out keeps it');
    const got = await box.api.req('GET', '/api/v1/mail/settings');
    tt.equal(got.body.passwordSet, true);
    tt.equal(got.body.port, 2526);
    tt.notOk('password' in got.body);
    tt.notMatch(JSON.stringify(got.body), PASSWORD);
    const audit = await box.api.req('GET', '/api/v1/audit?limit=500');
    tt.match(JSON.stringify(audit.body), /mail_settings/, 'the change is audited');
    tt.notMatch(JSON.stringify(audit.body), PASSWORD, 'without the password');

    const agent = await box.userApi('agent1', 'agent');
    tt.equal((await agent.req('GET', '/api/v1/mail/settings')).status, 403);

    const refused: [Record<string, unknown>, string][] = [
      [{ host: 'smtp.example.com\r\nRCPT TO:<x@evil>' }, 'host'],
      [{ host: 'smtp;example' }, 'host'],
      [{ port: 70_000 }, 'port'],
      [{ port: '25' }, 'port'],
      [{ security: 'ssl' }, 'security'],
      [{ fromAddress: 'a@b.c\r\nBcc: x@evil.example' }, 'fromAddress'],
      [{ fromAddress: '"x" <a@b.c>' }, 'fromAddress'],
      [{ fromName: '客服\r\nBcc: x@evil.example' }, 'fromName'],
      [{ username: 'a\nb' }, 'username'],
      [{ password: 'a\r\nb' }, 'password'],
    ];
    for (const [bad, field] of refused) {
      refusedNaming(tt, await put(settings(25, bad)), field, JSON.stringify(bad));
    }
    const bcc = await box.api.req('POST', '/api/v1/mail/test', { to: 'a@b.c\nBcc: x@evil.example' });
    refusedNaming(tt, bcc, 'to');
  },
);

t.test(
  'a template variable without a value refuses the send; one that would break the subject too',
  async (tt) => {
    const box = await testBox(tt);
    const mail = box.hotline.services.mail;
    tt.equal((await box.api.req('POST', '/api/v1/mail/templates', BILL)).status, 201);
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return isAppError(err, 'validation') ? err.field : `not a validation error: ${err}`;
      }
      return 'accepted';
    };
    tt.equal(
      refusal(() =>
        mail.send({ to: 'x@example.org', template: '账单提醒', vars: { month: 1, amount: 2 }, reason: 't' }),
      ),
      'vars.name',
    );
    tt.equal(
      refusal(() =>
        mail.send({
          to: 'x@example.org',
          template: '账单提醒',
          vars: { ...VARS, month: '1\r\nBcc: x@evil' },
          reason: 't',
        }),
      ),
      'vars.month',
    );
    tt.equal(
      refusal(() => mail.send({ to: 'x@example.org', template: '无此模板', reason: 't' })),
      'template',
    );
    tt.equal((await box.api.req('GET', '/api/v1/mail/outbox')).body.total, 0, 'nothing was queued');

    const link = await box.api.req('POST', '/api/v1/mail/templates', {
      name: '链接',
      subject: '链接',
      textBody: '{{link}}',
      htmlBody: '<p><a href="{{link}}">查看</a></p>',
    });
    tt.equal(link.status, 201);
    const id = mail.send({
      to: 'x@example.org',
      template: '链接',
      vars: { link: 'javascript:alert(1)' },
      reason: 't',
    });
    const html = (await box.api.req('GET', `/api/v1/mail/outbox/${id}`)).body.htmlBody;
    tt.notMatch(html, /javascript/, 'a URL variable is sanitised once filled');
    tt.match(html, /查看/);
    const dup = await box.api.req('POST', '/api/v1/mail/templates', BILL);
    tt.equal(dup.status, 409);
    tt.equal(dup.body.error.field, 'name');
  },
);

t.test('an outbox message keeps its files until sent: retried with them, a 550 bounces it', async (tt) => {
  const box = await testBox(tt);
  let busy = 1;
  const smtp = await smtpServer(tt, (rcpt) => {
    if (rcpt.startsWith('gone@')) return 550;
    if (busy > 0) {
      busy--;
      return 451;
    }
    return null;
  });
  const mail = box.hotline.services.mail;
  await plainRelay(box, smtp.port);
  const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4000, 7)]);
  const files = [{ filename: '留言-1001.wav', contentType: 'audio/wav', content: wav }];
  const id = mail.send({
    to: 'kefu@example.org',
    subject: '新语音留言',
    text: '见附件',
    reason: 'voicemail',
    attachments: files,
  });
  await mail.deliverDue();
  const first = (await box.api.req('GET', `/api/v1/mail/outbox/${id}`)).body;
  tt.match(first, {
    status: 'queued',
    attempts: 1,
    attachments: [{ filename: '留言-1001.wav', contentType: 'audio/wav', size: wav.length }],
  });
  await mail.deliverDue(Date.now() + 2 * 60_000);
  tt.equal((await box.api.req('GET', `/api/v1/mail/outbox/${id}`)).body.status, 'sent');
  tt.same(partBytes(smtp.received[0]!.raw, 'audio/wav'), wav, 'the retry carried the file, byte for byte');

  const bounced = mail.send({
    to: 'gone@example.org',
    subject: '新语音留言',
    text: '见附件',
    reason: 'voicemail',
    attachments: files,
  });
  await mail.deliverDue();
  tt.match((await box.api.req('GET', `/api/v1/mail/outbox/${bounced}`)).body, {
    status: 'bounced',
    lastError: /550/,
  });
  tt.throws(
    () =>
      mail.send({
        to: 'kefu@example.org',
        subject: 'x',
        text: 'y',
        reason: 'voicemail',
        attachments: [{ ...files[0]!, content: 'not bytes' as never }],
      }),
    'an attachment must be bytes',
  );
});
