import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import t from 'tap';
import type { Api } from '../../dev/api-client.js';
import type { Stack } from '../../dev/stack.js';
import { launchChromium, logIn, newPage, screenshot } from '../support/browser.js';
import { adminStack } from '../support/stack.js';

/**
 * The e-mail pages in headless Chromium against the real box: an admin sets
 * the SMTP server (the password never comes back), sends a test message that
 * a real SMTP server receives, writes a template whose script is dropped, and
 * opens the outbox.
 */
let stack: Stack;
let api: Api;
let browser: Browser;
const received: string[] = [];
let smtp: SMTPServer;
let smtpPort = 0;

t.before(async () => {
  ({ stack, api } = await adminStack());
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await stack?.stop();
});

const item = (page: Page, id: string) => page.locator('.ant-form-item', { has: page.locator(`#${id}`) });

t.test('an admin sets the SMTP server, sends a test message and writes a template', async (t) => {
  const { context, page } = await newPage(browser);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await logIn(page, stack.hotlined.url, stack.admin);
  await page.goto(`${stack.hotlined.url}/console/mail`);
  await page.locator('.ant-table').first().waitFor();

  await page.getByTestId('mail-settings').click();
  await page.locator('#mail-settings_host').fill('127.0.0.1');
  await page.locator('#mail-settings_port').fill(String(smtpPort));
  await item(page, 'mail-settings_security').locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '不加密' }).click();
  await page.locator('#mail-settings_password').fill('Smtp-Pass-77');
  await page.locator('#mail-settings_fromAddress').fill('service@example.com');
  await page.locator('#mail-settings_fromName').fill('客服中心');
  await screenshot(page, 'mail-settings', { withDialog: true });
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('保存成功').first().waitFor();
  const saved = await api.get('/api/v1/mail/settings');
  t.match(saved, {
    host: '127.0.0.1',
    port: smtpPort,
    security: 'none',
    passwordSet: true,
    fromName: '客服中心',
  });
  t.notMatch(JSON.stringify(saved), /Smtp-Pass-77/, 'the password is not answered');

  await page.getByRole('button', { name: '发送测试邮件' }).click();
  await page.locator('#mail-test_to').fill('admin@example.org');
  await page
    .getByRole('button', { name: /发\s*送/ })
    .last()
    .click();
  await page.getByText('测试邮件已发出').waitFor();
  t.equal(received.length, 1, 'the SMTP server received the test message');
  t.match(received[0], /^To: admin@example\.org/m);

  await page.getByTestId('create').click();
  await page.locator('#mail_name').fill('到货通知');
  await page.locator('#mail_subject').fill('{{name}}，您的包裹已到');
  await page.locator('#mail_textBody').fill('尊敬的{{name}}：\n您的包裹 {{parcel}} 已到达。');
  await page.locator('#mail_htmlBody').fill('<p>包裹 {{parcel}}</p><script>window.__xss=1</script>');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByRole('cell', { name: '到货通知' }).waitFor();
  await page.getByText('{{parcel}}').first().waitFor();
  const list = await api.get('/api/v1/mail/templates');
  const tpl = list.items.find((x: { name: string }) => x.name === '到货通知');
  t.same(tpl.variables, ['name', 'parcel']);
  t.equal(tpl.htmlBody, '<p>包裹 {{parcel}}</p>', 'the script was dropped');
  await screenshot(page, 'mail');

  await page.goto(`${stack.hotlined.url}/console/mail-outbox`);
  await page.locator('.ant-table').first().waitFor();
  t.equal(await page.locator('.ant-message-error').count(), 0, 'the outbox opens without an error');
  await screenshot(page, 'mail-outbox');
  t.same(errors, [], 'no script errors');
  await context.close();
});
