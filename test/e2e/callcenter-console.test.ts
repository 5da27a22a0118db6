import type { Browser, BrowserContext, Page } from 'playwright-core';
import t from 'tap';
import { type Api, login } from '../../dev/api-client.js';
import { type Stack, startStack } from '../../dev/stack.js';
import { launchChromium, logIn, newPage, pick, screenshot } from '../support/browser.js';

/**
 * The call-center pages in a real headless Chromium against a real hotlined
 * and the box's Asterisk: a queue and a three-level IVR made through the UI
 * (the IVR in the tree editor) and read back through the API; the API's
 * validation error lands on the node field it names; agents change state
 * from their page; the E1 page says there is no hardware.
 */
let stack: Stack;
let api: Api;
let browser: Browser;
let overflowQueueId: number;
let welcomePromptId: number;

t.before(async () => {
  stack = await startStack({ logLevel: 'warn' });
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  browser = await launchChromium();
  overflowQueueId = (await api.post('/api/v1/queues', { name: '溢出组' })).id;
  welcomePromptId = (await api.post('/api/v1/prompts', { name: '欢迎', text: '欢迎致电', language: 'zh' }))
    .id;
  await api.post('/api/v1/prompts', { name: '售后菜单', text: '售后请按一', language: 'zh' });
});
t.teardown(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A new page logged in as the admin, on the dashboard. */
async function adminPage(): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await newPage(browser);
  await logIn(page, stack.hotlined.url, stack.admin);
  return { context, page };
}

/** Opens the select with this test id and picks an option. */
async function choose(page: Page, testId: string, text: string | RegExp) {
  await page.getByTestId(testId).click();
  await pick(page, text);
}

t.test('a queue made on the queues page, overflowing to another queue picked by name', async (t) => {
  const { context, page } = await adminPage();
  await page.goto(`${stack.hotlined.url}/console/queues`);
  await page.getByTestId('create').click();
  await page.locator('#queues_name').fill('客服一组');
  await page.locator('#queues_number').fill('600');
  await page.locator('#queues_settings_ringTimeoutSeconds').fill('25');
  await page.locator('#queues_settings_strategy').click();
  await pick(page, '全部振铃');
  const overflow = page.locator('#queues_overflow');
  await overflow.locator('.ant-select').first().click();
  await pick(page, '队列');
  await overflow.locator('.ant-select').nth(1).click();
  await pick(page, '溢出组'); // a real queue by its name, no id to type
  await screenshot(page, 'queue-form', { withDialog: true });
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('创建成功').waitFor();
  await page.getByRole('cell', { name: '客服一组' }).waitFor();
  await screenshot(page, 'queues');

  const list = await api.get('/api/v1/queues');
  const q = list.items.find((x: { name: string }) => x.name === '客服一组');
  t.ok(q, 'the queue is there through the API');
  t.equal(q.number, '600');
  t.equal(q.settings.ringTimeoutSeconds, 25);
  t.equal(q.settings.strategy, 'ringall');
  t.equal(q.settings.serviceLevelSeconds, 20, 'untouched settings keep their defaults');
  t.same(q.overflow, { type: 'queue', queueId: overflowQueueId });

  // wallboard thresholds of the queue, from its row
  await page.getByTestId(`thresholds-${q.id}`).click();
  await page.locator(`#thresholds-${q.id}_slTargetPct`).fill('90');
  await page.locator(`#thresholds-${q.id}_longestWaitLimitSec`).fill('45');
  await page
    .locator('.ant-modal:visible')
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await page.getByText('保存成功').waitFor();
  t.match(await api.get(`/api/v1/live/thresholds/${q.id}`), { slTargetPct: 90, longestWaitLimitSec: 45 });
  await context.close();
});

t.test('a three-level IVR built in the tree editor; a bad key is shown on its node and field', async (t) => {
  const queues = await api.get('/api/v1/queues');
  const target = queues.items.find((x: { name: string }) => x.name === '客服一组') ?? queues.items[0];
  const { context, page } = await adminPage();
  await page.goto(`${stack.hotlined.url}/console/ivrs`);
  await page.getByTestId('ivr-create').click();
  await page.getByTestId('ivr-name').fill('客服导航');

  // level 1: main becomes a menu; key 1 leads to a new node
  await page.getByTestId('ivr-node-main').click();
  await choose(page, 'field-type', '按键菜单');
  await choose(page, 'field-promptId', '欢迎');
  await page.getByTestId('ivr-add-child').click(); // key 1 → node1, which is now selected
  await page.getByTestId('ivr-node-main').click();
  await page.getByRole('button', { name: '添加按键' }).click(); // key 2, pointing nowhere yet
  await choose(page, 'ref-onTimeout', 'main');
  await choose(page, 'ref-onInvalid', 'main');

  await page.getByTestId('ivr-save').click();
  const err = page.getByTestId('error-options.2');
  await err.waitFor();
  t.match(
    await err.innerText(),
    /^must be a node id/,
    `the API's message is on key 2 of main: ${await err.innerText()}`,
  );
  t.equal(
    await page.getByTestId('error-options').count(),
    0,
    'shown once, on the key, not on the whole list',
  );
  t.equal((await api.get('/api/v1/ivrs')).total, 0, 'nothing was stored');
  await screenshot(page, 'ivr-editor-error');
  t.equal(
    await page.getByTestId('ivr-node-main').evaluate((e) => getComputedStyle(e).color),
    'rgb(207, 19, 34)',
    'the node is marked in the tree',
  );
  await page.getByTestId('remove-option-2').click();

  // level 2: node1 is a menu whose key 1 leads on
  await page.getByTestId('ivr-node-node1').click();
  await choose(page, 'field-type', '按键菜单');
  await page.getByTestId('field-name').fill('售后');
  await choose(page, 'field-promptId', '售后菜单');
  await page.getByTestId('ivr-add-child').click(); // node1 key 1 → node2
  await page.getByTestId('ivr-node-node1').click();
  await choose(page, 'ref-onTimeout', 'main');
  await choose(page, 'ref-onInvalid', 'node1 · 售后');

  // level 3: node2 transfers to the queue, picked by name
  await page.getByTestId('ivr-node-node2').click();
  await choose(page, 'field-type', '转接');
  const picker = page.getByTestId('ivr-node-form');
  await picker.getByTestId('destination-type').click();
  await pick(page, '队列');
  await choose(page, 'destination-queue', target.name);
  await screenshot(page, 'ivr-editor');
  await page.getByTestId('ivr-save').click();
  await page.getByText('语音导航已保存').waitFor();

  const ivrs = await api.get('/api/v1/ivrs');
  t.equal(ivrs.total, 1, 'one IVR through the API');
  const tree = ivrs.items[0].tree;
  t.equal(ivrs.items[0].name, '客服导航');
  t.equal(tree.start, 'main');
  t.same(tree.nodes.main.options, { 1: 'node1' }, 'level 1: key 1 to node1');
  t.equal(tree.nodes.main.promptId, welcomePromptId);
  t.same(tree.nodes.node1.options, { 1: 'node2' }, 'level 2: key 1 to node2');
  t.equal(tree.nodes.node1.name, '售后');
  t.same(
    tree.nodes.node2,
    { type: 'transfer', destination: { type: 'queue', queueId: target.id } },
    'level 3',
  );
  await context.close();
});

t.test('agents: skills by queue, log in and pause with a reason from the page', async (t) => {
  const seat = await api.post('/api/v1/seats', { extension: '1001', name: '张三' });
  void seat;
  const queues = await api.get('/api/v1/queues');
  const agent = await api.post('/api/v1/agents', {
    extension: '1001',
    name: '坐席 张三',
    skills: [{ queueId: queues.items[0].id, level: 1 }],
  });
  const reasons = await api.get('/api/v1/agents/pause-reasons');
  if (!reasons.items.some((r: { name: string }) => r.name === '培训'))
    await api.post('/api/v1/agents/pause-reasons', { code: 7, name: '培训' });
  const { context, page } = await adminPage();
  await page.goto(`${stack.hotlined.url}/console/agents`);
  await page.getByRole('cell', { name: '坐席 张三' }).waitFor();
  await page.getByText(`${queues.items[0].name} · 1`).waitFor();
  t.pass('the skill shows the queue by name and the level');
  const state = page.getByTestId(`agent-state-${agent.id}`);
  t.equal(await state.innerText(), '未签入');

  await page.getByTestId(`agent-login-${agent.id}`).click();
  await state.getByText('空闲').waitFor();
  // the column follows the live stream, like the wallboard: state and time in state
  await state.locator('[data-live="yes"][data-state="available"]').waitFor();
  t.match(await state.innerText(), /^空闲 · \d+:\d\d/, 'live state with its time in state');
  t.equal((await api.get(`/api/v1/agents/${agent.id}`)).state.loggedIn, true, 'logged in through the API');

  await page.getByTestId(`agent-pause-${agent.id}`).click();
  await page.getByRole('menuitem', { name: '培训' }).click();
  await state.getByText('示忙 · 培训').waitFor();
  const a = await api.get(`/api/v1/agents/${agent.id}`);
  t.same([a.state.paused, a.state.pauseReason], [true, '培训'], 'paused with the reason');
  await screenshot(page, 'agents');

  await page.getByTestId(`agent-unpause-${agent.id}`).click();
  await state.getByText('空闲').waitFor();
  await page.getByTestId(`agent-logout-${agent.id}`).click();
  await state.getByText('未签入').waitFor();
  t.equal((await api.get(`/api/v1/agents/${agent.id}`)).state.loggedIn, false, 'logged out');
  await context.close();
});

t.test('the calls page filters and the E1 page says there is no DAHDI hardware', async (t) => {
  const { context, page } = await adminPage();
  await page.goto(`${stack.hotlined.url}/console/calls`);
  await page.getByText('通话记录').first().waitFor();
  const asked = page.waitForRequest(
    (r) => r.url().includes('/api/v1/calls') && r.url().includes('agent=1001'),
  );
  await page.getByPlaceholder('1001').fill('1001');
  t.ok(await asked, 'the agent filter goes to the API');
  await page.goto(`${stack.hotlined.url}/console/hardware`);
  await page.getByTestId('no-hardware').waitFor();
  t.equal(await page.getByTestId('no-hardware').innerText(), '未检测到 DAHDI 硬件');
  await context.close();
});

t.test('the staffing page: a queue’s half-hour forecast and the Erlang C calculator', async (t) => {
  const { context, page } = await adminPage();
  await page.goto(`${stack.hotlined.url}/console/staffing`);
  await page.getByText('按半小时的话务预测与所需坐席').waitFor();
  const sales = (await api.get('/api/v1/queues')).items.find((q: { name: string }) => q.name === '客服一组');
  await page.getByTestId('staffing-queue').click();
  const asked = page.waitForResponse(
    (r) => r.url().includes('/api/v1/staffing/day') && r.url().includes(`queueId=${sales.id}`),
  );
  await pick(page, '客服一组');
  const day = await (await asked).json();
  t.equal(day.slots.length, 48, 'the day of the picked queue');
  await page.getByText(/预测取自以下同一星期几的平均/).waitFor();
  t.match(await page.getByText(/预测取自/).innerText(), day.sampledDates[0], 'the sampled dates are shown');

  // the textbook half hour: 100 calls of 180 s, 80 % within 20 s needs 14 agents
  const result = page.getByTestId('whatif-result');
  await result.getByText('14', { exact: true }).waitFor();
  await page.getByTestId('whatif-calls').fill('200');
  await result.getByText('24', { exact: true }).waitFor();
  const sl = await result.locator('.ant-statistic').nth(1).innerText();
  t.match(sl, /8\d\.\d/, `200 calls: 24 agents answer ${sl.replace(/\s+/g, ' ')} in time`);
  await context.close();
});

t.test('the call-center pages open without errors or React/antd warnings, in English too', async (t) => {
  const { context, page } = await adminPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !m.text().startsWith('Failed to load resource'))
      problems.push(m.text().slice(0, 300));
  });
  const ivr = (await api.get('/api/v1/ivrs')).items[0];
  for (const p of ['queues', 'agents', 'calls', 'staffing', 'hardware', 'ivrs', `ivrs?edit=${ivr.id}`]) {
    await page.goto(`${stack.hotlined.url}/console/${p}`);
    await page.locator('.ant-card').first().waitFor();
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
    t.equal(await page.locator('.ant-message-error').count(), 0, `${p}: no error message`);
  }
  await page.getByTestId('ivr-node-node2').waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.getByText('Call flow').waitFor();
  t.pass('the IVR editor in English');
  await page.goto(`${stack.hotlined.url}/console/queues`);
  await page.getByRole('columnheader', { name: 'Overflow destination' }).waitFor();
  await page.getByRole('cell', { name: 'Queue 溢出组' }).waitFor();
  t.pass('the overflow column names the queue');
  t.same(problems, [], 'no script errors or warnings');
  await context.close();
});
