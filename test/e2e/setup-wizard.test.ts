import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import t from 'tap';
import { startTestBox, type TestBox } from '../support/box.js';
import { launchChromium, newPage, pick, screenshot, submitLogin } from '../support/browser.js';

/**
 * The first-login wizard in headless Chromium: a new admin sets their own
 * password and lands in it; host name and time reach their files; a static
 * address not confirmed in time goes back by itself, one confirmed from the
 * new address stays. The box needs no Asterisk for this (its files applier
 * writes under the data directory), so it runs on a test box listening on
 * every address: the browser reaches it over the LAN address too.
 */
const lan = Object.entries(networkInterfaces())
  .flatMap(([name, as]) => (as ?? []).map((a) => ({ name, ...a })))
  .find((a) => a.family === 'IPv4' && !a.internal);

let box: TestBox;
let browser: Browser;
let port: string;
t.before(async () => {
  box = await startTestBox({ overrides: { staticDir: undefined }, listenHost: '0.0.0.0' });
  port = new URL(box.url).port;
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await box?.close();
});

const base = (host = '127.0.0.1') => `http://${host}:${port}`;
const hostFile = (rel: string) => {
  try {
    return readFileSync(path.join(box.dir, 'host-root', rel), 'utf8');
  } catch {
    return null;
  }
};
/** The form item holding the input with this id (antd ids are `<form name>_<field>`). */
const formItemText = (page: import('playwright-core').Page, field: string) =>
  page.locator('.ant-form-item', { has: page.locator(`#${field}`) }).innerText();

t.test('a new admin sets their password, lands in the wizard, names the box and sets its time', async (t) => {
  const admin = { username: 'it-admin', password: 'temporary-pass-9' };
  const created = await box.api.req('POST', '/api/v1/users', {
    ...admin,
    role: 'admin',
    displayName: '信息部 李工',
    mustChangePassword: true,
  });
  t.equal(created.status, 201, JSON.stringify(created.body));
  const { context, page } = await newPage(browser);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base()}/console/`);
  await page.waitForURL('**/console/login');
  await submitLogin(page, admin);
  await page.getByTestId('password-current').fill(admin.password);
  await page.getByTestId('password-new').fill('it-admin-own-1');
  await page.getByTestId('password-again').fill('it-admin-own-1');
  await page.getByTestId('password-submit').click();
  await page.waitForURL('**/console/setup');
  await page.getByTestId('setup-page').waitFor();
  t.pass('the wizard follows the first password change');
  await page.getByText('开发环境').waitFor();

  await page.locator('#hostname_hostname').fill('bad_name;reboot');
  await page.getByTestId('hostname-save').click();
  await page.getByText('letters a-z', { exact: false }).waitFor();
  t.match(await formItemText(page, 'hostname_hostname'), /letters a-z/, 'the refusal is under the field');
  await page.locator('#hostname_hostname').fill('callcenter-01');
  await page.getByTestId('hostname-save').click();
  await page.getByText('已保存').waitFor();
  t.equal(hostFile('etc/hostname'), 'callcenter-01\n');

  await page.getByTestId('setup-next').click();
  await page.getByTestId('setup-step-network').waitFor();
  await page.getByTestId('setup-next').click();
  await page.getByTestId('setup-step-time').waitFor();
  await page.locator('#time_timezone').click();
  await page.keyboard.type('Urumqi');
  await pick(page, 'Asia/Urumqi');
  await page.locator('#time_ntp').fill('ntp.aliyun.com');
  await page.locator('#time_ntp').press('Enter');
  await page.getByTestId('time-save').click();
  await page.getByText('已保存').last().waitFor();
  t.equal(hostFile('etc/timezone'), 'Asia/Urumqi\n');
  t.match(hostFile('etc/systemd/timesyncd.conf.d/hotline.conf'), /^NTP=ntp\.aliyun\.com$/m);
  await page.getByTestId('setup-next').click();
  await page.getByTestId('cert-info').waitFor();
  t.match(
    await page.getByTestId('cert-info').innerText(),
    /[0-9A-F]{2}(:[0-9A-F]{2}){31}/,
    'the fingerprint',
  );
  await screenshot(page, 'setup-wizard');
  await page.getByTestId('setup-finish').click();
  await page.waitForURL((u) => u.pathname.replace(/\/$/, '') === '/console');
  t.equal((await box.api.get('/api/v1/host')).wizardCompleted, true);
  t.equal(await page.getByTestId('setup-banner').count(), 0, 'no banner once finished');
  t.same(errors, [], 'no script errors');
  await context.close();
});

t.test(
  'a static address: unconfirmed it reverts by itself; confirmed from the new address it stays',
  { skip: !lan && 'this machine has no LAN address' },
  async (t) => {
    const { context, page } = await newPage(browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const who = { username: box.admin.username, password: box.admin.password };
    await page.goto(`${base()}/console/setup`);
    await page.waitForURL('**/console/login');
    await submitLogin(page, who);
    await page.getByTestId('setup-page').waitFor();
    await page.getByTestId('setup-next').click();

    // an address nobody will confirm from
    const applyStatic = async (address: string, gateway: string) => {
      await page.getByText('静态地址').click();
      await page.locator('#network_address').fill(address);
      await page.locator('#network_prefix').fill(String(lan!.cidr!.split('/')[1]));
      await page.locator('#network_gateway').fill(gateway);
      await page.locator('#network_confirmSeconds').fill('10');
      await page.getByTestId('network-apply').click();
      await page.getByTestId('network-pending').waitFor();
    };
    const [a, b, c] = lan!.address.split('.');
    const unreachable = `${a}.${b}.${c}.${lan!.address.endsWith('.250') ? 251 : 250}`;
    const gateway = `${a}.${b}.${c}.${lan!.address.endsWith('.1') ? 2 : 1}`;
    await applyStatic(unreachable, gateway);
    t.match(hostFile('etc/systemd/network/10-hotline.network'), new RegExp(`Address=${unreachable}/`));
    t.match(
      await page.getByTestId('network-new-url').innerText(),
      new RegExp(`${unreachable}:${port}/console/setup`),
    );
    await screenshot(page, 'setup-network-pending');
    await page.getByTestId('network-confirm').click();
    await page.getByTestId('confirm-error').waitFor();
    t.match(
      await page.getByTestId('confirm-error').innerText(),
      new RegExp(unreachable),
      'not from the old address',
    );
    await page.getByTestId('network-reverted').waitFor({ timeout: 20_000 });
    t.pass('the page says the change was undone');
    t.equal(hostFile('etc/systemd/network/10-hotline.network'), null, 'back to DHCP');
    t.same((await box.api.get('/api/v1/host')).network, { mode: 'dhcp' });

    // the box's own LAN address: the browser opens the new address, logs in there and confirms
    await applyStatic(lan!.address, gateway);
    const there = await newPage(browser);
    await there.page.goto(`${base(lan!.address)}/console/setup`);
    await there.page.waitForURL('**/console/login');
    await submitLogin(there.page, who);
    await there.page.getByTestId('setup-page').waitFor();
    await there.page.getByTestId('setup-next').click();
    await there.page.getByTestId('network-confirm').click();
    await there.page.getByText('网络设置已确认').waitFor();
    await new Promise((r) => setTimeout(r, 11_000));
    const host = await box.api.get('/api/v1/host');
    t.equal(host.network.address, lan!.address, 'still static after the window');
    t.equal(host.pending, null);
    t.match(hostFile('etc/systemd/network/10-hotline.network'), new RegExp(`Address=${lan!.address}/`));
    t.same(errors, [], 'no script errors');
    await there.context.close();
    await context.close();
  },
);
