/**
 * The desk's acceptance (issue: the agent's desk in the browser), end to
 * end: headless Chromium with a 1 kHz tone WAV as its microphone, the agent
 * of browser seat 3001 logs in over HTTPS and lands on /desk, whose phone
 * (JsSIP) registers over WSS to the box's Asterisk; rig phones 1002 (a
 * transfer target) and 1004 (an expert) answer at once. A carrier call to
 * the queue (recorded on the box) pops up with the customer's name and VIP
 * level while it rings; the agent answers from the page; the carrier (who
 * plays a 600 Hz tone) records what it hears, and both recordings are
 * measured with sox in the other side's band; the agent transfers the call
 * (attended) to 1002 from the page, wraps it up with a disposition and opens
 * a ticket from it. A second call becomes a conference with expert 1004;
 * the knowledge-base search of the desk finds 退款 and 发票. The desk's
 * phone also holds, resumes, mutes and sends DTMF the carrier reads on a
 * direct call; a browser that has not accepted the box's certificate is
 * told how, with the fingerprint.
 */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { login, loginCookie, until } from '../../dev/api-client.js';
import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';
import { rms, soxWav, toneRms } from '../support/audio.js';
import { type ChannelMatch, connected, isSeat } from '../support/bridges.js';
import { launchChromium, logIn, newPage, pick, screenshot } from '../support/browser.js';
import {
  callStage,
  contactAvailable,
  launchPhoneBrowser,
  openDesk,
  PHONE_AGENT,
  PHONE_DID,
  PHONE_SEAT,
  type PhoneRig,
  pageAudio,
  phoneRig,
} from '../support/browser-phone.js';
import { nextPop, type SeenPop, shownCalls, watchDeskPage } from '../support/desk-page.js';
import { type DeskQueue, deskQueue } from '../support/desk-rig.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { noCallsUp, seatsWithPhones } from '../support/stack.js';

let rig: PhoneRig;
let desk: DeskQueue;
let boxAmi: Ami;
let browser: Browser;
let page: Page;
let trunkId: number;
const DID = '4008006666';
const CALLER = '13922220002';
/** The browser's microphone, and what the carrier says once the box answers: tones apart. */
const MIC_HZ = 1000;
const CARRIER_HZ = 600;
/** A tone is "there" when its band alone is this loud (sox RMS, full scale 1; each tone is sent at 0.5). */
const AUDIBLE = 0.02;
const dir = mkdtempSync(path.join(tmpdir(), 'hotline-desk-'));
const mic = soxWav(
  path.join(dir, 'mic.wav'),
  ['synth', '20', 'sine', String(MIC_HZ), 'vol', '0.5'],
  ['-r', '48000', '-c', '1', '-b', '16'],
);
const REFUND = '退款到账时间';
const INVOICE = '电子发票开具';

t.before(async () => {
  rig = await phoneRig();
  const { api } = rig;
  await seatsWithPhones(rig.stack, api, [{ extension: '1002' }, { extension: '1004', name: '专家 1004' }]);
  desk = await deskQueue(api, {
    did: DID,
    caller: CALLER,
    extension: PHONE_SEAT,
    queueSettings: { wrapUpSeconds: 0, recording: 'always' },
  });
  trunkId = (await api.get('/api/v1/trunks')).items[0].id;
  await api.post('/api/v1/kb/articles', {
    title: REFUND,
    scenario: '客户询问退款何时到账',
    solution: '<p>原路退回，<b>3 个工作日</b>内到账。</p><script>window.__kbScript = 1</script>',
    tags: ['客服一组', '退款'],
    status: 'published',
  });
  await api.post('/api/v1/kb/articles', {
    title: INVOICE,
    scenario: '客户要开具增值税电子发票',
    solution: '<p>在订单页申请，发票发送到邮箱。</p>',
    tags: ['开票'],
    status: 'published',
  });
  // the carrier says a 600 Hz tone from the box's answer on, longer than any call here
  soxWav(rig.carrier.hostPath('tone-600.wav'), ['synth', '60', 'sine', String(CARRIER_HZ), 'vol', '0.5']);
  boxAmi = await rigAmi(rig.stack.box);
  browser = await launchPhoneBrowser(mic, rig.certificate);
  ({ page } = await newPage(browser));
  await watchDeskPage(page, '王芳');
});

t.teardown(async () => {
  await browser?.close();
  await boxAmi?.stop();
  await rig?.stop();
});

const isCaller: ChannelMatch = (c) => (c.Channel ?? '').startsWith(`PJSIP/trunk-${trunkId}-`);
const card = (callId: string) => page.locator(`[data-testid="pop-card"][data-call-id="${callId}"]`);

async function hangUpAll(): Promise<void> {
  await rig.stack.box.cli('channel request hangup all');
  await noCallsUp(rig.stack.box);
  await noCallsUp(rig.carrier);
}

/** A carrier call to the queue: its card while it rings, then answered from the page's phone. */
async function answeredFromPage(t: Test, call: Parameters<typeof carrierCall>[1]): Promise<SeenPop> {
  const before = await shownCalls(page);
  await carrierCall(rig.carrierAmi, call);
  const seen = await nextPop(page, before);
  t.equal(seen.phase, 'ringing', 'the card was on the page while the call still rang');
  await page.locator('[data-phone-call="ringing"]').waitFor();
  await page.getByTestId('phone-answer').click();
  await page.locator('[data-phone-call="talking"]').waitFor();
  await card(seen.callId).and(page.locator('[data-phase="talking"]')).waitFor();
  await until('the agent bridged with the caller', () => connected(boxAmi, isSeat(PHONE_SEAT), isCaller));
  return seen;
}

t.test('the agent lands on the desk, the browser phone registers over WSS, they log in', async (t) => {
  await openDesk(page, rig);
  await contactAvailable(rig);
  t.match(await page.getByTestId('phone-seat').innerText(), PHONE_SEAT);
  const state = page.getByTestId('desk-state');
  await page.locator('[data-testid="desk-state"][data-state="logged_out"]').waitFor();
  t.equal(await state.innerText(), '未签入');
  t.equal(await page.getByTestId('pop-idle').count(), 1, 'no call yet');
  await page.getByTestId('desk-login').click();
  await page.locator('[data-testid="desk-state"][data-state="available"]').waitFor();
  t.equal(await state.innerText(), '空闲');
  t.match(
    (await rig.api.get('/api/v1/agents')).items.find((a: any) => a.id === desk.agent.id),
    { state: { loggedIn: true } },
  );
});

t.test(
  'a call pops up before the answer, audio is recorded both ways, it is transferred to 1002 and wrapped up into a ticket',
  async (t) => {
    t.teardown(hangUpAll);
    const seen = await answeredFromPage(t, {
      did: DID,
      callerId: CALLER,
      seconds: 0,
      talkFile: `${rig.carrier.dirs.inside}/tone-600`,
      recordFile: 'desk-call',
    });
    t.match(seen.text, '王芳', "the customer's name, before the answer");
    t.match(seen.text, 'VIP 5', 'the VIP level, before the answer');
    t.match(seen.text, CALLER, 'the number');
    t.match(seen.text, '客服一组', 'the queue');
    t.equal(
      await page.getByTestId('pop-screen-pop').getAttribute('href'),
      `https://crm.example/find?tel=${CALLER}`,
    );
    // the knowledge base suggests the queue's article as soon as the pop is there
    await page.getByTestId('kb-panel').getByText(REFUND).waitFor();
    // two seconds of talk, listened to in the page: the carrier's tone is played
    const heardInPage = await pageAudio(page, 2000);
    t.comment(`the page plays RMS ${heardInPage.rms.toFixed(4)}, loudest at ${heardInPage.hz.toFixed(0)} Hz`);
    t.ok(Math.abs(heardInPage.hz - CARRIER_HZ) < 50, 'the page plays the carrier’s tone');

    // attended transfer from the page: consult 1002, then complete it
    await page.getByTestId('desk-transfer').click();
    const form = page.locator('form#desk-transfer');
    await form.getByText('咨询转接').click();
    await form.getByTestId('transfer-seat').click();
    await pick(page, /^1002 · /);
    await form.getByTestId('transfer-submit').click();
    await page.getByTestId('call-controls').getByText('正在与转接目标通话', { exact: false }).waitFor();
    await until('the agent consulting 1002', () => connected(boxAmi, isSeat(PHONE_SEAT), isSeat('1002')));
    t.notOk(await connected(boxAmi, isCaller, isSeat('1002')), 'the caller is not yet with 1002');
    await page.getByTestId('desk-hangup').click(); // 完成转接
    await until('the caller connected with 1002', () => connected(boxAmi, isCaller, isSeat('1002')));
    await card(seen.callId).and(page.locator('[data-phase="ended"]')).waitFor();
    await page.locator('[data-phone-call="idle"]').waitFor();
    t.notOk(
      (await boxAmi.list('CoreShowChannels')).some(isSeat(PHONE_SEAT)),
      'the agent is off the call; the caller talks with 1002',
    );
    await hangUpAll();

    // the carrier's recording of what it heard holds the browser's microphone
    const heard = rig.carrier.hostPath('rec/desk-call-heard.wav');
    await until('the carrier’s recording closed', async () => existsSync(heard) && statSync(heard).size > 44);
    const micInCarrier = toneRms(heard, MIC_HZ);
    // the box's recording of the call holds the carrier's tone
    const agentApi = await login(rig.stack.hotlined.url, PHONE_AGENT.username, PHONE_AGENT.password);
    const row = await until('the calls row with its recording', async () =>
      (await rig.api.get(`/api/v1/calls?number=${CALLER}`)).items.find(
        (c: any) => c.linkedid === seen.callId && c.recording,
      ),
    );
    const res = await rig.api.fetch(row.recording);
    t.equal(res.status, 200);
    const boxFile = path.join(dir, 'box.wav');
    writeFileSync(boxFile, Buffer.from(await res.arrayBuffer()));
    const carrierInBox = toneRms(boxFile, CARRIER_HZ);
    t.comment(
      `carrier's recording: RMS ${rms(heard).toFixed(4)}, ${MIC_HZ} Hz band ${micInCarrier.toFixed(4)}; ` +
        `box's recording: RMS ${rms(boxFile).toFixed(4)}, ${CARRIER_HZ} Hz band ${carrierInBox.toFixed(4)}`,
    );
    t.ok(micInCarrier > AUDIBLE, 'the carrier heard the browser’s microphone');
    t.ok(carrierInBox > AUDIBLE, 'the box recorded the carrier');

    // wrap-up from the page lands on the call
    const wrap = page.locator(`[data-testid="wrap-up"][data-call-id="${seen.callId}"]`);
    await wrap.waitFor();
    await wrap.getByTestId('wrap-up-disposition').click();
    await pick(page, '需回访');
    await wrap.getByTestId('wrap-up-notes').fill('客户要求明天回电');
    const ticketHref = await wrap.getByTestId('wrap-up-ticket').getAttribute('href');
    t.equal(
      ticketHref,
      `/console/tickets/new?customerId=${desk.customer.id}&linkedid=${seen.callId}&caller=${CALLER}`,
      'a ticket for the call opens the ticket page pre-filled',
    );
    await screenshot(page, 'desk-wrap-up');
    await wrap.getByTestId('wrap-up-submit').click();
    await page.getByText('话后处理已保存').waitFor();
    await wrap.waitFor({ state: 'detached' });
    const call = await until('the calls row with its wrap-up', async () =>
      (await agentApi.get(`/api/v1/calls?number=${CALLER}`)).items.find(
        (c: any) => c.linkedid === seen.callId && c.wrapUp,
      ),
    );
    t.match(call, {
      agent: PHONE_SEAT,
      outcome: 'answered',
      wrapUp: { agent: PHONE_SEAT, disposition: '需回访', notes: '客户要求明天回电' },
    });
    await page.getByTestId('my-calls').getByRole('button', { name: '刷新' }).click();
    await page.getByTestId(`my-call-wrapup-${seen.callId}`).waitFor();

    // a ticket created from the call is linked to it (the page finds the call's row by linkedid)
    const ticketPage = await page.context().newPage();
    await ticketPage.goto(`${rig.stack.httpsUrl}${ticketHref}`);
    await ticketPage.getByTestId('prefilled-call').getByText(`#${call.id}`).waitFor();
    await ticketPage.locator('#ticket_title').fill('客户要求回电');
    await ticketPage.getByTestId('submit-ticket').click();
    await ticketPage.waitForURL(/\/console\/tickets\?id=\d+/);
    const ticketId = Number(new URL(ticketPage.url()).searchParams.get('id'));
    t.match(
      await agentApi.get(`/api/v1/tickets/${ticketId}`),
      { callIds: [call.id], customerId: desk.customer.id },
      'the ticket is linked to the call and its customer',
    );
    await ticketPage.close();

    // the desk lists the new ticket; its call button asks the desk to dial the customer back
    const { number: ticketNumber } = await agentApi.get(`/api/v1/tickets/${ticketId}`);
    await page.route('**/api/v1/desk/dial*', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'conflict', message: 'not dialled in this test' } }),
      }),
    );
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/desk/dial') && r.method() === 'POST');
    await page.getByTestId(`my-ticket-call-${ticketNumber}`).click();
    t.match(
      JSON.parse((await asked).postData() ?? '{}'),
      { number: CALLER },
      'the ticket calls its customer',
    );
    await page.unroute('**/api/v1/desk/dial*');
  },
);

t.test('a conference from the page: caller, agent and expert 1004 in one ConfBridge', async (t) => {
  t.teardown(hangUpAll);
  const seen = await answeredFromPage(t, { did: DID, callerId: CALLER, seconds: 120 });
  await page.getByTestId('desk-conference').click();
  await page.getByTestId('conference-seat').click();
  await pick(page, /^1004 · /);
  await page.getByTestId('conference-submit').click();
  await page.getByText('已邀请 1004 加入会议').waitFor();
  // one room per call, named after its linkedid (src/desk/telephony.ts)
  const conference = `desk-${seen.callId.replace(/[^0-9]/g, '')}`;
  const members = await until('three parties in the conference', async () => {
    const list = await boxAmi.list('ConfbridgeList', { Conference: conference });
    return list.length === 3 ? list : null;
  });
  const names = members.map((m) => m.Channel ?? '');
  t.comment(names.join(' + '));
  t.ok(members.some(isSeat(PHONE_SEAT)), 'the agent (the browser phone)');
  t.ok(members.some(isSeat('1004')), 'the expert');
  t.ok(members.some(isCaller), 'the caller');
  t.equal(await callStage(page), 'talking', 'the page still talks, now in the room');
  await page.getByTestId('desk-hangup').click();
  await until('the agent left the room', async () => {
    const list = await boxAmi.list('ConfbridgeList', { Conference: conference });
    return list.length === 2;
  });
  await page.locator('[data-phone-call="idle"]').waitFor();
});

t.test('the desk’s knowledge-base search finds 退款 and 发票; a stored script never runs', async (t) => {
  const panel = page.getByTestId('kb-panel');
  const search = page.getByTestId('kb-search').locator('input');
  await search.fill('发票');
  await panel.getByText(INVOICE).waitFor();
  t.equal(await panel.getByText(REFUND).count(), 0, '发票 finds only the invoice article');
  await search.fill('退款');
  await panel.getByText(REFUND).waitFor();
  t.equal(await panel.getByText(INVOICE).count(), 0, '退款 finds only the refund article');
  await panel.getByText(REFUND).click();
  const solution = page.getByTestId('kb-solution');
  await solution.waitFor();
  t.match(await solution.innerText(), '3 个工作日');
  t.equal(await solution.locator('script').count(), 0);
  t.equal(await page.evaluate(() => (window as unknown as { __kbScript?: number }).__kbScript), undefined);
  await page.keyboard.press('Escape');
});

const carrierEvent = (name: string, timeoutMs = 30_000) =>
  new Promise<AmiMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} from the carrier in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = rig.carrierAmi.onEvent((e) => {
      if (e.Event === 'UserEvent' && e.UserEvent === name) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });

t.test('the desk’s phone on a direct call: hold and resume, DTMF from the pad, mute', async (t) => {
  t.teardown(hangUpAll);
  const listening = carrierEvent('CarrierListening', 40_000);
  const heard = carrierEvent('CarrierHeard', 60_000);
  const caller = '13800138000';
  await carrierCall(rig.carrierAmi, {
    did: PHONE_DID,
    callerId: caller,
    seconds: 0,
    readDigits: 2,
    dtmfDelay: 0,
  });
  await page.locator('[data-phone-call="ringing"]').waitFor();
  t.equal(await page.getByTestId('phone-caller').innerText(), caller, 'the caller’s number before answering');
  await page.getByTestId('phone-answer').click();
  await page.locator('[data-phone-call="talking"]').waitFor();
  // hold and resume are re-INVITEs (sendonly, then sendrecv) to Asterisk; the digits
  // below travel in the resumed RTP stream, so they also show the resume worked
  const call = page.getByTestId('phone-call');
  await page.getByTestId('phone-hold').click();
  await call.getByText('已保持').waitFor();
  await page.getByTestId('phone-hold').click();
  await call.getByText('已保持').waitFor({ state: 'detached' });
  await listening;
  // DTMF from the pad (RFC 4733 in the RTP) reaches the carrier through the box
  await page.getByTestId('phone-key-5').click();
  await page.getByTestId('phone-key-8').click();
  t.equal((await heard).Digits, '58', 'the carrier read the digits pressed on the pad');
  // mute stays in the page (the track is disabled); the call goes on
  await page.getByTestId('phone-mute').click();
  await call.getByText('已静音').waitFor();
  t.equal(await callStage(page), 'talking', 'still talking after hold, resume and mute');
  await page.getByTestId('phone-hangup').click();
  await page.locator('[data-phone-call="idle"]').waitFor();
});

t.test(
  'a preview campaign on the desk: offered live, a contact taken with its fields, its result saved',
  async (t) => {
    const { api, stack } = rig;
    const list = await api.post('/api/v1/contacts/lists', {
      name: '预览回访名单',
      purpose: 'notification',
      mapping: { number: 'number', variables: { name: '姓名' } },
    });
    const cookie = await loginCookie(stack.hotlined.url, stack.admin.username, stack.admin.password);
    const csv = 'number,姓名\n13900001111,王先生\n13900002222,李女士\n';
    const imported = await fetch(`${stack.hotlined.url}/api/v1/contacts/lists/${list.id}/import`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/csv' },
      body: csv,
    });
    t.equal(imported.status, 200, await imported.clone().text());
    const campaign = await api.post('/api/v1/campaigns', {
      name: '预览回访',
      listId: list.id,
      mode: 'preview',
      agents: [PHONE_SEAT],
    });
    t.teardown(() => api.req('POST', `/api/v1/campaigns/${campaign.id}/stop`));
    const card = page.getByTestId('desk-preview');
    t.equal(await card.count(), 0, 'no card while no preview campaign runs');
    // started in the console's back: the desk's stream brings the card, no reload
    await api.post(`/api/v1/campaigns/${campaign.id}/start`, undefined, 200);
    const offer = page.getByTestId(`desk-preview-offer-${campaign.id}`);
    await offer.getByText('待呼 2 个').waitFor();
    await page.getByTestId(`desk-preview-take-${campaign.id}`).click();
    const contact = page.getByTestId('desk-preview-contact');
    await contact.waitFor();
    const shown = await contact.innerText();
    t.match(shown, /139000(01111|02222)/, 'the contact’s number');
    t.match(shown, /王先生|李女士/, 'its field from the CSV');
    await page.getByTestId('desk-preview-result').click();
    await pick(page, '无人接听');
    await page.getByTestId('desk-preview-save').click();
    await offer.getByText('待呼 1 个').waitFor();
    const [attempt] = (await api.get(`/api/v1/campaigns/${campaign.id}/attempts`)).items as any[];
    t.match(attempt, { seat: PHONE_SEAT, result: 'no-answer' }, 'the result is the campaign’s, by this seat');
    await api.post(`/api/v1/campaigns/${campaign.id}/stop`, undefined, 200);
    await card.waitFor({ state: 'detached' });
  },
);

t.test(
  'a page whose browser has not accepted the certificate explains how, with the fingerprint',
  async (t) => {
    // a browser that trusts nothing, on the plain HTTP console: the page loads, the WSS does not open
    const plain = await launchChromium();
    t.teardown(() => plain.close());
    const { page: p } = await newPage(plain);
    await logIn(p, rig.stack.hotlined.url, PHONE_AGENT);
    await p.goto(`${rig.stack.hotlined.url}/console/phone`);
    await p.getByTestId('phone-certificate-help').waitFor({ timeout: 20_000 });
    t.equal(await p.getByTestId('phone-status').getAttribute('data-state'), 'error');
    t.equal(await p.getByTestId('phone-accept-link').getAttribute('href'), `${rig.stack.httpsUrl}/`);
    const info = await rig.api.get('/api/v1/tls/certificate');
    t.equal(await p.getByTestId('phone-fingerprint').innerText(), info.fingerprint);
    t.equal(await callStage(p), 'idle');
  },
);
