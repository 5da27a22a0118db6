import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { until } from '../../dev/api-client.js';
import { keyPresser } from '../../dev/rig-carrier.js';
import { sign } from '../../src/notify/signature.js';
import { launchChromium, logIn, newPage, pick } from '../support/browser.js';
import { type OutboundRig, outboundRig, untilPhonesAndTrunkReady } from '../support/outbound-rig.js';
import { carrierTrunk } from '../support/stack.js';

/**
 * The 外呼活动 and 通知 pages in headless Chromium against one real stack
 * with the rig's carrier: an admin makes a contact list and an agentless
 * campaign in the console, starts it, and sees the carrier's answers arrive
 * as results (figures, plots, contacts by result) and in the CSV export;
 * then makes an integration (its secret shown once), rotates it, makes a
 * rule with the condition builder, and finds a signed event's result on the
 * results page.
 */
let rig: OutboundRig;
let browser: Browser;

const CONFIRMS = keyPresser(1, '1');
const OPTS_OUT = keyPresser(2, '9');
const BUSY = '77700001';
const LISTENS = '77730001';

t.before(async () => {
  rig = await outboundRig([{ extension: '1001' }]);
  const trunk = await carrierTrunk(rig.api, rig.carrier);
  await rig.api.post('/api/v1/outbound-routes', {
    name: '外呼',
    patterns: ['_777XXXXX'],
    requiredClass: 'local',
    trunkIds: [trunk.id],
  });
  await untilPhonesAndTrunkReady(rig.api);
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await rig?.stop();
});

const modalOk = (page: Page) => page.locator('.ant-modal:visible .ant-modal-footer .ant-btn-primary').click();

/** The figure a campaign's stat card shows. */
const stat = (page: Page, key: string) =>
  page.getByTestId(`campaign-stat-${key}`).locator('.ant-statistic-content-value').innerText();

/** Waits until the chart inside `testId`'s card is drawn, and counts its painted pixels. */
async function drawnPixels(page: Page, testId: string): Promise<number> {
  const chart = page.getByTestId(testId).locator('[data-chart="drawn"]');
  await chart.waitFor({ timeout: 60_000 });
  return chart
    .locator('canvas')
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
      return n;
    });
}

t.test(
  'an agentless campaign made in the console runs on the carrier; its results, plots and CSV',
  async (t) => {
    const { stack, api } = rig;
    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(60_000);
    await logIn(page, stack.hotlined.url, stack.admin);

    // the contact list: made and imported on the 联系人名单 page
    await page.goto(`${stack.hotlined.url}/console/contacts`);
    await page.getByRole('button', { name: '新建名单' }).click();
    await page.locator('.ant-modal:visible input#name').fill('账单通知名单');
    await modalOk(page);
    const listRow = page.locator('tr', { hasText: '账单通知名单' });
    await listRow.getByRole('button', { name: /导入 CSV/ }).click();
    const csv = `number,name\n${[CONFIRMS, OPTS_OUT, BUSY, LISTENS].map((n, i) => `${n},客户${i}`).join('\n')}\n`;
    await page
      .locator('.ant-modal:visible input[type=file]')
      .setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await modalOk(page);
    await page.locator('.ant-modal:visible', { hasText: '导入 4' }).waitFor();
    await page.locator('.ant-modal:visible .ant-modal-footer .ant-btn-default').click();

    // the campaign: agentless, AMD off, a busy line tried once
    await page.goto(`${stack.hotlined.url}/console/campaigns`);
    await page.getByTestId('create').click();
    await page.locator('#campaigns_name').fill('账单到期通知');
    await page.locator('#campaigns_listId').click();
    await pick(page, '账单通知名单');
    await page.locator('#campaigns_mode').click();
    await pick(page, '自动语音（无坐席）');
    await page.locator('#campaigns_settings_ringSeconds').fill('15');
    await page.locator('#campaigns_settings_amd_enabled').click();
    await page.locator('#campaigns_settings_retry_busy_max').fill('1');
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/campaigns') && r.request().method() === 'POST',
    );
    await modalOk(page);
    const res = await created;
    t.equal(res.status(), 201, 'the form makes the campaign');
    const campaign = await res.json();
    t.match(campaign, {
      mode: 'agentless',
      state: 'stopped',
      settings: {
        ringSeconds: 15,
        amd: { enabled: false },
        abandonTarget: 0.03,
        retry: { busy: { max: 1 } },
      },
    });

    await page.getByTestId(`campaign-start-${campaign.id}`).click();
    await page.locator(`[data-testid="campaign-state-${campaign.id}"][data-state="running"]`).waitFor();
    await until(
      'the campaign is done',
      async () => (await api.get(`/api/v1/campaigns/${campaign.id}`)).state === 'done',
      180_000,
    );
    const results = await api.get(`/api/v1/campaigns/${campaign.id}/results`);
    t.match(results, {
      attempts: 4,
      connects: 3,
      confirmed: 1,
      optOuts: 1,
      busy: 1,
      abandons: 0,
      contacts: { confirmed: 1, 'opted-out': 1, busy: 1, human: 1 },
    });

    const timeline = await api.get(`/api/v1/campaigns/${campaign.id}/timeline`);
    t.equal(timeline.slotMinutes, 15);
    const sum = (k: string) => timeline.items.reduce((a: number, x: any) => a + x[k], 0);
    t.same([sum('attempts'), sum('connects'), sum('abandons')], [4, 3, 0], 'the timeline adds up');
    t.equal((await api.get(`/api/v1/campaigns/${campaign.id}/contacts?result=pending`)).total, 0);
    const bad = await api.req('GET', `/api/v1/campaigns/${campaign.id}/contacts?result=maybe`);
    t.equal(bad.status, 400);
    t.equal(bad.body.error?.field, 'result', 'a bad result filter is refused naming it');

    await page.reload();
    await page.locator(`[data-testid="campaign-state-${campaign.id}"][data-state="done"]`).waitFor();
    t.match(await page.getByTestId(`campaign-progress-${campaign.id}`).innerText(), '4/4');
    await page.getByTestId(`campaign-results-${campaign.id}`).click();
    await page.getByTestId('campaign-stat-attempts').waitFor();
    t.equal(await stat(page, 'attempts'), '4', 'attempts on the page');
    t.equal(await stat(page, 'connects'), '3');
    t.equal(await stat(page, 'confirmed'), '1');
    t.equal(await stat(page, 'optOuts'), '1');
    t.equal(await stat(page, 'abandons'), '0');
    t.ok((await drawnPixels(page, 'campaign-breakdown')) > 500, 'the results breakdown is drawn');
    t.ok((await drawnPixels(page, 'campaign-timeline')) > 500, 'the timeline is drawn');

    const table = page.getByTestId('campaign-contacts');
    await table.locator('tbody tr', { hasText: BUSY }).waitFor();
    t.equal(await table.locator('tbody tr.ant-table-row').count(), 4, 'every contact listed');
    const filtered = page.waitForResponse(
      (r) => r.url().includes(`/campaigns/${campaign.id}/contacts?`) && r.url().includes('result=confirmed'),
    );
    await page.getByTestId('campaign-result-filter').click();
    await pick(page, '已确认');
    t.match((await (await filtered).json()).items, [{ number: CONFIRMS, result: 'confirmed' }]);
    await until(
      'one confirmed row',
      async () => (await table.locator('tbody tr.ant-table-row').count()) === 1,
      10_000,
    );
    t.match(await table.locator('tbody tr.ant-table-row').innerText(), CONFIRMS);

    const download = page.waitForEvent('download');
    await page.getByTestId('campaign-export-csv').click();
    const file = readFileSync((await (await download).path())!);
    t.same([...file.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with the UTF-8 BOM');
    const lines = file.toString('utf8').trim().split(/\r?\n/);
    t.equal(lines.length, 5, 'a header and one line per attempt');
    t.match(
      lines.find((l) => l.includes(OPTS_OUT)),
      /opted-out/,
    );
    await context.close();
  },
);

t.test(
  'an integration shows its secret once; a rule made with the builder counts a signed event',
  async (t) => {
    const { stack, api } = rig;
    const queue = await api.post('/api/v1/queues', { name: '回访组' });
    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(60_000);
    await logIn(page, stack.hotlined.url, stack.admin);

    await page.goto(`${stack.hotlined.url}/console/notify-integrations`);
    await page.getByTestId('integration-create').click();
    await page.getByTestId('integration-name').fill('账务系统');
    await modalOk(page);
    const secret = (await page.getByTestId('integration-secret').innerText()).trim();
    const id = Number(await page.getByTestId('integration-id').innerText());
    t.match(secret, /^[0-9a-f]{64}$/, 'a 256-bit secret, shown');
    await page.getByTestId('secret-done').click();
    await page.reload();
    await page.getByTestId('integrations').locator('tr', { hasText: '账务系统' }).waitFor();
    t.notOk((await page.content()).includes(secret), 'the secret is not shown again');

    await page.getByTestId(`integration-rotate-${id}`).click();
    await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await page.getByTestId('integration-secret').waitFor();
    const rotated = (await page.getByTestId('integration-secret').innerText()).trim();
    t.match(rotated, /^[0-9a-f]{64}$/);
    t.not(rotated, secret, 'a new secret');
    await page.getByTestId('secret-done').click();
    const audit = await api.get('/api/v1/audit?entity=notify_integration');
    t.ok(
      audit.items.some((a: any) => a.action === 'rotate' && !JSON.stringify(a).includes(rotated)),
      'the rotation is audited, without the secret',
    );

    await page.goto(`${stack.hotlined.url}/console/notify-rules`);
    await page.getByTestId('create').click();
    await page.locator('#notify-rules_name').fill('账单到期回电');
    await page.locator('#notify-rules_eventType').fill('bill.due');
    const form = page.getByTestId('resource-form');
    await form.getByRole('button', { name: /添加条件/ }).click();
    await form.getByTestId('condition-path-0').fill('$.amount');
    await form.getByTestId('condition-operator-0').click();
    await pick(page, '大于');
    await form.getByTestId('condition-value-0').fill('100');
    await page.locator('#notify-rules_taskQueueId').click();
    await pick(page, '回访组');
    await page.locator('#notify-rules_message').fill('您的账单{{amount|money}}即将到期。');
    await page.locator('#notify-rules_webhook_url').fill('https://crm.example.com/hotline');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/notify/rules') && r.request().method() === 'POST',
    );
    await modalOk(page);
    const ruleRes = await saved;
    t.equal(ruleRes.status(), 201, 'the rule is made');
    const rule = await ruleRes.json();
    t.match(rule, {
      eventType: 'bill.due',
      chain: [],
      taskQueueId: queue.id,
      conditions: { all: [{ fact: 'vars', path: '$.amount', operator: 'greaterThan', value: 100 }] },
      webhook: { url: 'https://crm.example.com/hotline', timeoutMs: 5000, maxAttempts: 6 },
    });
    // the webhook's signing secret: in the answer and on screen once, never in the list again
    t.match(rule.webhookSecret, /^[A-Za-z0-9_-]{20,}$/);
    t.equal((await page.getByTestId('webhook-secret').innerText()).trim(), rule.webhookSecret);
    await page.getByRole('button', { name: /知道了|OK/ }).click();
    const listed = (await api.get('/api/v1/notify/rules')).items.find((r: any) => r.id === rule.id);
    t.notOk('webhookSecret' in listed, 'the secret is not listed');

    const postEvent = async (key: string, amount: number, withSecret: string) => {
      const text = JSON.stringify({ type: 'bill.due', key, number: '13800138000', vars: { amount } });
      return fetch(`${stack.hotlined.url}/api/v1/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hotline-integration': String(id),
          'x-hotline-signature': sign(withSecret, text, Date.now()),
        },
        body: text,
      });
    };
    t.equal((await postEvent('bill-0', 300, secret)).status, 401, 'the old secret no longer works');
    t.equal((await postEvent('bill-1', 50, rotated)).status, 200, 'under the threshold');
    t.equal((await postEvent('bill-2', 300, rotated)).status, 200, 'over it');

    await page.goto(`${stack.hotlined.url}/console/notify-results`);
    await page.getByTestId(`tasks-${rule.id}`).waitFor();
    t.equal(await page.getByTestId(`events-${rule.id}`).innerText(), '1', 'one event matched the rule');
    t.equal(await page.getByTestId(`tasks-${rule.id}`).innerText(), '1', 'one callback task');
    t.ok((await drawnPixels(page, 'notify-results-plot')) > 100, 'the plot is drawn');
    await context.close();
  },
);
