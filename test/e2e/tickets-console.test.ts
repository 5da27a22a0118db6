import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { type Api, login } from '../../dev/api-client.js';
import { type Stack, startStack } from '../../dev/stack.js';
import { launchChromium, logIn, newPage, pick, screenshot } from '../support/browser.js';

/**
 * The 工单 pages in a real headless Chromium against a real hotlined and
 * the box's Asterisk: an admin creates a ticket from a pre-filled form, moves
 * it along the workflow, comments and attaches a file; an overdue ticket is
 * highlighted; an agent sees only their tickets, and a new one arrives
 * without reloading the page.
 */
let stack: Stack;
let admin: Api;
let supervisor: Api;
let browser: Browser;
let customer: { id: number; name: string };
const T = '/api/v1/tickets';
const PASSWORD = 'correct horse battery';

/** Creates a user with `role` and returns its id. */
async function user(username: string, role: string): Promise<number> {
  return (await admin.post('/api/v1/users', { username, role, password: PASSWORD })).user.id;
}
const patchTicket = async (api: Api, id: number, body: unknown) => {
  const r = await api.req('PATCH', `${T}/${id}`, body);
  if (r.status !== 200) throw new Error(`PATCH ticket ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

let agentId: number;
let overdue: { id: number; number: string };
let onTime: { id: number; number: string };
let agentsOwn: { id: number; number: string };

t.before(async () => {
  stack = await startStack({ logLevel: 'warn' });
  admin = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  await user('sup1', 'supervisor');
  agentId = await user('agent7', 'agent');
  supervisor = await login(stack.hotlined.url, 'sup1', PASSWORD);
  customer = await admin.post('/api/v1/customers', { name: '王五', numbers: ['13800138000'], vip: 3 });
  await admin.post(`${T}/categories`, { name: '账务' });
  // a supervisor sets a due time in the past by hand: the ticket is overdue at once
  overdue = await supervisor.post(T, { title: '发票迟迟未开', priority: 'high' });
  await patchTicket(supervisor, overdue.id, { dueAt: new Date(Date.now() - 3_600_000).toISOString() });
  onTime = await supervisor.post(T, { title: '咨询套餐' });
  await patchTicket(supervisor, onTime.id, { dueAt: new Date(Date.now() + 86_400_000).toISOString() });
  agentsOwn = await supervisor.post(T, { title: '宽带报修', assigneeUserId: agentId });
  browser = await launchChromium();
});
t.teardown(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The table row of a ticket by its number. */
const rows = (page: Page) => page.getByTestId('tickets-table').locator('tr.ant-table-row');
const row = (page: Page, number: string) => rows(page).filter({ hasText: number });

t.test(
  'an admin creates a ticket from a pre-filled form, moves it, comments and attaches a file',
  async (t) => {
    const { context, page } = await newPage(browser);
    await logIn(page, stack.hotlined.url, stack.admin);
    // the desk opens the form like this: the customer chosen, the caller's number noted
    await page.goto(`${stack.hotlined.url}/console/tickets/new?customerId=${customer.id}&caller=13800138000`);
    await page.getByTestId('ticket-customer').getByText(/王五/).waitFor();
    t.match(await page.locator('#ticket_description').inputValue(), /来电号码：13800138000/, 'caller noted');
    await page.locator('#ticket_title').fill('退款未到账');
    await page
      .locator('.ant-form-item', { has: page.locator('#ticket_priority') })
      .locator('.ant-select')
      .click();
    await pick(page, '紧急');
    await page.getByTestId('submit-ticket').click();
    await page.waitForURL(/\/console\/tickets\?id=\d+/);
    const id = Number(new URL(page.url()).searchParams.get('id'));
    const created = await admin.get(`${T}/${id}`);
    t.match(created.number, /^GD\d{8}-\d{4}$/, `numbered ${created.number}`);
    t.equal(created.title, '退款未到账');
    t.equal(created.customerId, customer.id, 'the pre-filled customer');
    t.equal(created.priority, 'urgent', 'the priority picked');
    t.equal(created.createdBy, stack.admin.username);

    const drawer = page.getByTestId('ticket-drawer');
    await drawer.getByTestId('ticket-status').getByText('新建').waitFor();
    await drawer.getByTestId('move-in_progress').click();
    await drawer.getByTestId('ticket-status').getByText('处理中').waitFor();
    t.equal((await admin.get(`${T}/${id}`)).status, 'in_progress', '新建 → 处理中 through the API');

    await drawer.getByTestId('comment').fill('已联系财务核实');
    await drawer.getByTestId('add-comment').click();
    await drawer.getByTestId('timeline').getByText('已联系财务核实').waitFor();
    const timeline = await admin.get(`${T}/${id}/comments`);
    t.same(
      timeline.map((e: { kind: string; body: string }) => [e.kind, e.body]),
      [
        ['status', 'new → in_progress'],
        ['comment', '已联系财务核实'],
      ],
      'the status change and the comment are on the timeline',
    );

    await drawer.locator('input[type=file]').setInputFiles({
      name: '核实记录.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('财务已确认退款 200 元\n'),
    });
    await drawer.getByTestId('attachments').getByText('核实记录.txt').waitFor();
    const [file] = await admin.get(`${T}/${id}/attachments`);
    t.equal(file?.name, '核实记录.txt', 'the attachment is listed by the API');
    t.equal(file?.type, 'text/plain');
    const body = await (await admin.fetch(`${T}/${id}/attachments/${file.id}`)).text();
    t.equal(body, '财务已确认退款 200 元\n', 'and downloads as uploaded');
    await screenshot(page, 'ticket-drawer', { withDialog: true });

    // someone else moved it on meanwhile: the drawer's 待回访 button is now refused with the API's reason
    await patchTicket(admin, id, { status: 'follow_up' });
    await patchTicket(admin, id, { status: 'resolved' });
    await drawer.getByTestId('move-follow_up').click();
    const refusal = page.locator('.ant-message').getByText(/已解决 resolved to 待回访 follow_up/);
    await refusal.waitFor();
    t.pass('the 409 naming the refused transition is shown');
    t.equal((await admin.get(`${T}/${id}`)).status, 'resolved', 'and nothing changed');
    await context.close();
  },
);

t.test('an overdue ticket is highlighted and the overdue filter keeps only it', async (t) => {
  const { context, page } = await newPage(browser);
  await logIn(page, stack.hotlined.url, stack.admin);
  await page.goto(`${stack.hotlined.url}/console/tickets`);
  await row(page, overdue.number).waitFor();
  await row(page, onTime.number).waitFor();
  t.match(await row(page, overdue.number).getAttribute('class'), /ticket-overdue/, 'the late row is marked');
  t.equal(await row(page, overdue.number).getByTestId('overdue-tag').innerText(), '已超时');
  t.notMatch(await row(page, onTime.number).getAttribute('class'), /ticket-overdue/, 'not the one on time');
  t.equal(await row(page, onTime.number).getByTestId('overdue-tag').count(), 0);
  const cell = row(page, overdue.number).locator('td').first();
  t.equal(
    await cell.evaluate((td) => getComputedStyle(td).backgroundColor),
    'rgb(255, 241, 240)',
    'the late row is tinted red',
  );
  await screenshot(page, 'tickets');

  await page.getByTestId('filter-overdue').check();
  await row(page, onTime.number).waitFor({ state: 'detached' });
  t.equal(await rows(page).count(), 1, 'only the overdue ticket');
  t.equal(await row(page, overdue.number).count(), 1);
  await context.close();
});

t.test('an agent sees only their tickets, and a new one assigned to them appears by itself', async (t) => {
  const { context, page } = await newPage(browser);
  await logIn(page, stack.hotlined.url, { username: 'agent7', password: PASSWORD });
  await page.goto(`${stack.hotlined.url}/console/tickets`);
  await row(page, agentsOwn.number).waitFor();
  t.equal(await rows(page).count(), 1, 'one row: the ticket assigned to the agent');
  t.equal(await row(page, overdue.number).count(), 0, "not the supervisor's others");
  t.equal(await page.getByTestId('ticket-sla').count(), 0, 'no SLA settings for an agent');

  // assigned while the page is open: pushed on the ticket stream (the old 15 s poll would miss this wait)
  const late = await supervisor.post(T, { title: '回访满意度', assigneeUserId: agentId });
  await row(page, late.number).waitFor({ timeout: 5_000 });
  t.equal(await rows(page).count(), 2, 'the new ticket is listed without a reload');
  // due in two seconds: the server's overdue timer pushes it and the row turns overdue by itself
  await patchTicket(supervisor, late.id, { dueAt: new Date(Date.now() + 2_000).toISOString() });
  await row(page, late.number).getByTestId('overdue-tag').waitFor({ timeout: 7_000 });
  await context.close();
});

t.test('an admin adds a subcategory in the tree and sets SLA hours in the grid', async (t) => {
  const { context, page } = await newPage(browser);
  await logIn(page, stack.hotlined.url, stack.admin);
  await page.goto(`${stack.hotlined.url}/console/tickets`);
  await page.getByTestId('ticket-categories').click();
  const modal = page.getByRole('dialog', { name: '工单分类' });
  await modal.getByText('账务', { exact: true }).click();
  await modal.getByTestId('category-name').fill('发票');
  await modal.getByRole('button', { name: '添加子分类' }).click();
  await modal.getByText('发票', { exact: true }).waitFor();
  const categories = await admin.get(`${T}/categories`);
  t.same(
    categories.map((c: { path: string }) => c.path),
    ['账务', '账务/发票'],
    'the subcategory is under 账务',
  );
  await modal.locator('.ant-modal-close').click();
  await modal.waitFor({ state: 'hidden' });

  const before = await admin.get(`${T}/sla`);
  await page.getByTestId('ticket-sla').click();
  const sla = page.getByRole('dialog', { name: /SLA/ });
  const invoice = sla.locator('tr', { hasText: '账务/发票' });
  // the priorities' columns in order: 低 中 高 紧急
  await invoice.locator('input').nth(3).fill('4');
  await sla.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('保存成功').waitFor();
  const invoiceId = categories.find((c: { path: string }) => c.path === '账务/发票').id;
  const rules = (await admin.get(`${T}/sla`)).rules;
  t.same(
    rules.filter((r: { categoryId: number | null }) => r.categoryId === invoiceId),
    [{ categoryId: invoiceId, priority: 'urgent', hours: 4 }],
    'the rule typed in the grid is in the SLA',
  );
  t.same(
    rules.filter((r: { categoryId: number | null }) => r.categoryId === null),
    before.rules,
    'the default rules shown in the grid are kept',
  );
  await context.close();
});
