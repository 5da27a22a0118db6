import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { type Api, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { launchChromium, logIn, newPage, screenshot, submitLogin } from '../support/browser.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { adminStack, carrierTrunk, seatsWithPhones } from '../support/stack.js';

/**
 * The wallboard in headless Chromium at 1920×1080, opened from the link the
 * console makes, against the real box: a real carrier call waits in a real
 * queue, the agent answers, a second caller abandons, Asterisk is killed and
 * started again; each shows on the wallboard as it happens.
 */
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let phones: PhonesInstance;
let api: Api;
let browser: Browser;
let board: Page;
let agentId: number;

const DID = '80002';
/** An agent name longer than a tile is wide. */
const LONG_NAME = '客服部第二小组资深坐席欧阳明月（夜班）';

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  ({ phones } = await seatsWithPhones(
    stack,
    api,
    [
      { extension: '1001', name: '坐席 张三' },
      { extension: '1002', name: '坐席 1002' },
    ],
    ['1001'],
  ));
  await carrierTrunk(api, carrier);
  carrierAmi = await rigAmi(carrier);
  const q = await api.post('/api/v1/queues', {
    name: '客服一组',
    settings: {
      strategy: 'ringall',
      wrapUpSeconds: 0,
      joinEmpty: 'always',
      leaveWhenEmpty: 'always',
      announcePosition: false,
      boundAgentSeconds: 0,
      recording: 'always',
    },
  });
  if (q.section !== 'q1') throw new Error(`expected section q1, got ${q.section}`);
  await api.post('/api/v1/inbound-routes', { did: DID, destination: { type: 'queue', queueId: q.id } });
  agentId = (
    await api.post('/api/v1/agents', { extension: '1001', name: '张三', skills: [{ queueId: q.id }] })
  ).id;
  await api.post('/api/v1/agents', { extension: '1002', name: LONG_NAME, skills: [{ queueId: q.id }] });
  browser = await launchChromium();
});

t.teardown(async () => {
  await browser?.close();
  await carrierAmi?.stop();
  await carrier?.destroy();
  await stack?.stop();
  void phones;
});

const text = (testId: string) => board.getByTestId(testId).innerText();
/** Waits until a figure on the board reads `want`; returns the browser's clock at that moment. */
const boardShows = (testId: string, want: string, timeoutMs = 15_000) =>
  board
    .waitForFunction(
      ([id, w]) => (document.querySelector(`[data-testid="${id}"]`)?.textContent === w ? Date.now() : false),
      [testId, want] as const,
      { polling: 20, timeout: timeoutMs },
    )
    .then((h) => h.jsonValue() as Promise<number>);
const seconds = (mmss: string) => mmss.split(':').reduce((acc, x) => acc * 60 + Number(x), 0);

t.test('the console makes a wallboard link; the board opens at 1920×1080 with no login', async (t) => {
  const { context, page } = await newPage(browser);
  await logIn(page, stack.hotlined.url, stack.admin);
  await page.goto(`${stack.hotlined.url}/console/queues`);
  await page.getByTestId('wallboard-link').click();
  await page.getByTestId('wallboard-create').click();
  const url = (await page.getByTestId('wallboard-url').innerText()).trim();
  t.match(url, /\/wallboard\?token=hl_/, 'a wallboard URL with its token');
  await context.close();

  // a fresh browser context: no session cookie, only the token in the URL
  ({ page: board } = await newPage(browser, { width: 1920, height: 1080 }));
  await board.goto(url);
  await board.getByTestId('wb-queue-q1').waitFor();
  t.equal(await text('wb-waiting-q1'), '0');
  t.match(await text('wb-clock'), /^\d{2}:\d{2}:\d{2}$/, 'a clock');
  const weight = await board.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .filter((e) => !e.name.includes('/api/v1/live'))
      .reduce((n, e) => n + (e as PerformanceResourceTiming).transferSize, 0),
  );
  t.comment(`wallboard page weight: ${(weight / 1024).toFixed(1)} KB transferred (without the live stream)`);
  t.ok(weight > 0, 'the page loaded something');

  // agent tiles tell agents apart: the extension, and a long name whole (wrapped, not cut)
  t.equal(await text('wb-agent-ext-1001'), '1001');
  t.equal(await text('wb-agent-ext-1002'), '1002');
  const name = board.getByTestId('wb-agent-name-1002');
  t.equal(await name.innerText(), LONG_NAME, 'the whole name');
  t.equal(await name.getAttribute('title'), `${LONG_NAME} (1002)`, 'and as a tooltip');
  const cut = await name.evaluate(
    (el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
  );
  t.equal(cut, false, 'no part of the name is hidden');
});

t.test('a carrier call waits, is answered by the agent, a second caller abandons', async (t) => {
  await carrierCall(carrierAmi, { did: DID, callerId: '13800138000', seconds: 25 });
  const seenAt = await boardShows('wb-waiting-q1', '1');
  const since = Date.parse((await board.getByTestId('wb-queue-q1').getAttribute('data-longest-since')) ?? '');
  t.comment(`waiting caller on the wallboard ${seenAt - since} ms after hotlined saw it join the queue`);
  const before = seconds(await text('wb-longest-q1'));
  // the board re-renders once a second: the longest wait goes on ticking without a new event
  const after = await board
    .waitForFunction(
      (from) => {
        const [m, s] = (document.querySelector('[data-testid="wb-longest-q1"]')?.textContent ?? '').split(
          ':',
        );
        const now = Number(m) * 60 + Number(s);
        return now >= from + 2 ? now : false;
      },
      before,
      { polling: 100, timeout: 10_000 },
    )
    .then((h) => h.jsonValue() as Promise<number>);
  t.ok(after >= before + 2, `the longest wait ticks on the board (${before} s → ${after} s)`);

  await api.post(`/api/v1/agents/${agentId}/login`, {}, 200);
  await board.waitForSelector('[data-testid="wb-agent-1001"][data-state="talking"]');
  t.pass('the agent tile turns to talking');
  // the console's agents page shows the same live state
  const { context, page } = await newPage(browser);
  await logIn(page, stack.hotlined.url, stack.admin);
  await page.goto(`${stack.hotlined.url}/console/agents`);
  const row = page.getByRole('row', { name: /张三/ });
  await row.locator('[data-live="yes"][data-state="talking"]').waitFor();
  t.match(
    await row.locator('[data-live="yes"]').innerText(),
    /^通话中 · \d+:\d{2}$/,
    'talking, with its time, on the agents page',
  );
  await context.close();
  await boardShows('wb-answered-q1', '1');
  await boardShows('wb-waiting-q1', '0');
  t.equal(await text('wb-sl-q1'), '100%', 'answered within the service level');

  // 1001 is busy: the next caller waits, then hangs up (after more than the 5 s short-abandon threshold)
  await carrierCall(carrierAmi, { did: DID, callerId: '13900139000', seconds: 9 });
  await boardShows('wb-waiting-q1', '1');
  await screenshot(board, 'wallboard'); // one caller waiting while the agent talks
  await boardShows('wb-abandoned-q1', '1', 20_000);
  t.equal(await text('wb-offered-q1'), '2');
  t.equal(await text('wb-waiting-q1'), '0');
});

t.test('Asterisk killed: the banner shows; started again: it goes and the figures are right', async (t) => {
  await stack.box.stop({ kill: true });
  await board.locator('[data-testid="wb-banner"] [data-code="asterisk_disconnected"]').first().waitFor();
  t.match(await text('wb-banner'), /Asterisk 连接中断/, 'the banner, in Chinese');
  await screenshot(board, 'wallboard-banner');
  await stack.box.start();
  await board.getByTestId('wb-banner').waitFor({ state: 'detached', timeout: 30_000 });
  t.pass('the banner is gone');
  await board.waitForSelector('[data-testid="wb-agent-1001"][data-state="available"]', { timeout: 30_000 });
  t.equal(await text('wb-answered-q1'), '1', "today's answered call is still counted");
  t.equal(await text('wb-abandoned-q1'), '1');
  t.equal(await text('wb-waiting-q1'), '0');
  t.equal(await board.getByTestId('wallboard').getAttribute('data-connection'), 'open');
});

t.test('hotlined restarted: the board reconnects by itself with the same figures', async (t) => {
  await stack.hotlined.stop('SIGTERM');
  await board.waitForSelector('[data-testid="wallboard"][data-connection="lost"]');
  t.pass('the board says the connection is lost');
  await stack.hotlined.start();
  await board.waitForSelector('[data-testid="wallboard"][data-connection="open"]', { timeout: 30_000 });
  t.pass('reconnected without a reload');
  await board.waitForSelector('[data-testid="wb-agent-1001"][data-state="available"]', { timeout: 30_000 });
  t.equal(await text('wb-answered-q1'), '1');
  t.equal(await text('wb-abandoned-q1'), '1');
  t.equal(await text('wb-offered-q1'), '2');
});

t.test('a recorded queue call is on the calls page with its recording to play and download', async (t) => {
  await carrierCall(carrierAmi, { did: DID, callerId: '13700137000', seconds: 4 });
  await board.waitForSelector('[data-testid="wb-agent-1001"][data-state="talking"]');
  const call = await until(
    'the answered call with its recording',
    async () =>
      (await api.get('/api/v1/calls?number=13700137000')).items.find(
        (c: { outcome: string; recording: string | null }) => c.outcome === 'answered' && c.recording,
      ),
    40_000,
  );
  const { context, page } = await newPage(browser);
  await page.goto(`${stack.hotlined.url}/console/calls`);
  await submitLogin(page, stack.admin);
  const link = page.getByTestId(`recording-${call.id}`);
  await link.waitFor();
  t.equal(await link.getAttribute('href'), call.recording, 'the download link is the recording');
  t.equal(await page.locator(`audio[src="${call.recording}"]`).count(), 1, 'and a player');
  const res = await page.request.get(`${stack.hotlined.url}${call.recording}`);
  t.equal(res.headers()['content-type'], 'audio/wav', 'the browser session may fetch it');
  await screenshot(page, 'calls');
  await context.close();
});
