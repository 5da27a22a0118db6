import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { type Api, login } from '../../dev/api-client.js';
import { type Stack, startStack } from '../../dev/stack.js';
import { launchChromium, logIn, newPage, pick } from '../support/browser.js';

/**
 * The reports page in a real headless Chromium against a real hotlined:
 * calls written into its database (today's and yesterday's) and the rollups
 * rebuilt through the API; the page's periods and agent filter change the
 * summary it shows, the distribution plot draws, the agent performance table
 * shows talk and hold, and both exports download
 * (the CSV with its BOM, the XLSX read back).
 */
let stack: Stack;
let api: Api;
let browser: Browser;
let queueId: number;

/** Box-local midnight today, epoch seconds (hotlined runs on this machine, in its time zone). */
const todayStart = () => {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime() / 1000;
};

t.before(async () => {
  stack = await startStack({ logLevel: 'warn' });
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  browser = await launchChromium();
  queueId = (await api.post('/api/v1/queues', { name: '客服一组' })).id;
  for (const [extension, name] of [
    ['1001', '张三'],
    ['1002', '李四'],
  ])
    await api.post('/api/v1/seats', { extension, name, secret: `AbcdefGhijkl${extension}` });

  // today: 1001 answers two (holding the callers 7 s and 5 s), 1002 one, one abandon; yesterday: 1002 answers one
  const now = Math.floor(Date.now() / 1000);
  const today = (i: number) => Math.max(todayStart() + i, now - 60 * i);
  const yesterday = todayStart() - 5 * 3600;
  const rows: [number, string, string, number | null, number, number][] = [
    [today(1), 'answered', '1001', 5, 60, 7],
    [today(2), 'answered', '1001', 8, 90, 5],
    [today(3), 'answered', '1002', 12, 30, 0],
    [today(4), 'abandoned_queue', '', 40, 0, 0],
    [yesterday, 'answered', '1002', 4, 45, 0],
  ];
  const db = new Database(path.join(stack.dataDir, 'hotline.db'));
  const insert = db.prepare(
    `INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, queue_id, wait_seconds, agent,
       talk_seconds, hold_seconds, outcome, updated_at)
     VALUES (?, 'inbound', '13800138000', '80001', ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  for (const [i, [at, outcome, agent, wait, talk, hold]] of rows.entries())
    insert.run(`e2e-${i}`, at, at + (wait ?? 0) + talk, queueId, wait, agent, talk, hold, outcome);
  db.close();
  await api.post('/api/v1/reports/rebuild', {}, 200);
});
t.teardown(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The summary table's total row, cell by cell. */
async function totalRow(page: Page): Promise<string[]> {
  const row = page.getByTestId('reports-summary').locator('tr', { hasText: '合计' });
  return (await row.locator('td').allInnerTexts()).map((s) => s.trim());
}

/** Waits for the next queue summary the page asks for; its JSON. */
const nextSummary = (page: Page) =>
  page
    .waitForResponse((r) => r.url().includes('/api/v1/reports/queues?'), { timeout: 60_000 })
    .then((r) => r.json());

t.test('periods and the agent filter change the figures; the plot draws; exports download', async (t) => {
  const { context, page } = await newPage(browser);
  // the page's first load brings the chart chunks: room for a busy machine
  page.setDefaultTimeout(60_000);
  await logIn(page, stack.hotlined.url, stack.admin);
  const first = nextSummary(page);
  await page.goto(`${stack.hotlined.url}/console/reports`);
  t.match((await first).total, { offered: 4, answered: 3, abandoned: 1 }, "today's calls");
  await page.getByTestId('reports-summary').getByText('合计').waitFor();
  // the columns: queue, offered, answered, …
  t.same((await totalRow(page)).slice(0, 3), ['合计', '4', '3'], 'today: 4 offered, 3 answered');
  // agent performance: 1001 answered two, talked 150 s, held 12 s of it
  const agentRow = page.getByTestId('reports-agents').locator('tr[data-row-key="1001"]');
  await agentRow.waitFor();
  t.same(
    (await agentRow.locator('td').allInnerTexts()).slice(0, 5).map((s) => s.trim()),
    ['1001', '—', '2', '150', '12'],
    'agent 1001: answered, talk and hold',
  );

  const yesterday = nextSummary(page);
  await page.getByTestId('reports-period').click();
  await pick(page, '昨天');
  t.match((await yesterday).total, { offered: 1, answered: 1 });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="reports-summary"] tr')]
        .find((r) => r.textContent?.includes('合计'))
        ?.querySelectorAll('td')[1]?.textContent === '1',
  );
  t.same((await totalRow(page)).slice(0, 3), ['合计', '1', '1'], 'yesterday: one call');

  await page.getByTestId('reports-period').click();
  await pick(page, '今天');
  const filtered = nextSummary(page);
  await page.locator('#reportsFilter_agent').click();
  await pick(page, /^1001 · 张三$/);
  const mine = await filtered;
  t.match(mine.total, { offered: 2, answered: 2 }, 'agent 1001 today');
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="reports-summary"] tr')]
        .find((r) => r.textContent?.includes('合计'))
        ?.querySelectorAll('td')[1]?.textContent === '2',
  );
  t.same((await totalRow(page)).slice(0, 3), ['合计', '2', '2'], 'the table follows the filter');

  // the distribution plot: an ECharts canvas with something drawn on it
  const canvas = page.locator('.ant-card', { hasText: '时段分布' }).locator('canvas').first();
  await canvas.waitFor();
  const drawn = await canvas.evaluate((c: HTMLCanvasElement) => {
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
    return { n, width: c.width, height: c.height };
  });
  t.ok(drawn.width > 100 && drawn.height > 100, `a plot of ${drawn.width}×${drawn.height}`);
  t.ok(drawn.n > 1000, `${drawn.n} pixels drawn`);

  // exports: the page's links, with its period and filter, download through the browser
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('reports-export-queues-csv').click();
  const csv = readFileSync((await (await csvDownload).path())!);
  t.same([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with the UTF-8 BOM');
  const text = csv.toString('utf8');
  t.match(text, '进线量', 'Chinese headers');
  t.match(text, /客服一组,2,2,/, 'the filtered figures: 2 offered, 2 answered');

  const xlsxDownload = page.waitForEvent('download');
  await page.getByTestId('reports-export-queues-xlsx').click();
  const xlsx = await xlsxDownload;
  t.match(xlsx.suggestedFilename(), /\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await xlsx.path())!);
  const sheet = wb.worksheets[0]!;
  t.equal(sheet.getRow(1).getCell(2).value, '进线量', 'the XLSX header');
  t.equal(sheet.getRow(2).getCell(2).value, 2, 'the XLSX holds the filtered figure');
  await context.close();
});

t.test('a scheduled report is set up on the page and sent now; the failure shows', async (t) => {
  const { context, page } = await newPage(browser);
  page.setDefaultTimeout(60_000);
  await logIn(page, stack.hotlined.url, stack.admin);
  await page.goto(`${stack.hotlined.url}/console/reports`);
  await page.getByTestId('schedules-add').click();
  const form = page.locator('form#report-schedule');
  await form.locator('#report-schedule_name').fill('客服一组日报');
  await form.locator('#report-schedule_recipients').fill('Boss@example.com, team@example.org');
  await form.locator('#report-schedule_time').fill('07:45');
  const created = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/reports/schedules') && r.request().method() === 'POST',
  );
  await page.locator('.ant-modal:visible .ant-btn-primary').click();
  t.equal((await created).status(), 201);
  const row = page.getByTestId('report-schedules').locator('tr', { hasText: '客服一组日报' });
  await row.waitFor();
  t.match(
    await row.innerText(),
    /队列汇总 · 昨天 · XLSX[\s\S]*每天 07:45[\s\S]*boss@example\.com, team@example\.org/,
  );
  const [saved] = (await api.get('/api/v1/reports/schedules')).items;
  t.match(saved, {
    name: '客服一组日报',
    frequency: 'daily',
    time: '07:45',
    recipients: ['boss@example.com', 'team@example.org'],
  });

  // no SMTP server is set on this box: the run fails, says so, and the row keeps it
  await row.getByTestId(`schedule-send-${saved.id}`).click();
  await page.locator('.ant-modal-confirm', { hasText: '发送失败' }).waitFor();
  await page.locator('.ant-modal-confirm .ant-btn').click();
  await row.locator('.ant-tag', { hasText: '失败' }).waitFor();
  t.match(await api.get(`/api/v1/reports/schedules/${saved.id}`), {
    lastResult: 'failed',
    lastError: /SMTP/,
  });
  await context.close();
});
