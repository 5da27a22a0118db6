/**
 * The browser phone end to end: headless Chromium with a 1 kHz tone WAV as
 * its microphone, an agent signed in over HTTPS, JsSIP registered over WSS
 * through hotlined to the box's Asterisk, and a real call from the rig's
 * carrier. Audio is measured both ways: the carrier's recording of what it
 * heard (sox) holds the browser's tone, and the page's <audio> plays the
 * carrier's music (a WebAudio analyser in the page). DTMF from the pad
 * reaches the carrier through the box.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { until } from '../../dev/api-client.js';
import type { AmiMessage } from '../../src/asterisk/ami.js';
import { rms, roughFrequency, soxWav } from '../support/audio.js';
import { launchChromium, logIn, newPage } from '../support/browser.js';
import {
  callStage,
  contactAvailable,
  launchPhoneBrowser,
  openPhone,
  PHONE_AGENT,
  PHONE_DID,
  PHONE_SEAT,
  type PhoneRig,
  pageAudio,
  phoneRig,
} from '../support/browser-phone.js';
import { carrierCall } from '../support/phones.js';
import { noCallsUp } from '../support/stack.js';

let rig: PhoneRig;
let browser: Browser;
let page: Page;
const dir = mkdtempSync(path.join(tmpdir(), 'hotline-phone-'));
/** The browser's microphone: a 1 kHz tone at half scale, 48 kHz like Chromium's capture. */
const TONE_HZ = 1000;
/** What the carrier says: another tone, so neither side can pass for the other. */
const CARRIER_HZ = 600;
const tone = soxWav(
  path.join(dir, 'tone.wav'),
  ['synth', '20', 'sine', String(TONE_HZ), 'vol', '0.5'],
  ['-r', '48000', '-c', '1', '-b', '16'],
);

t.before(async () => {
  rig = await phoneRig();
  browser = await launchPhoneBrowser(tone, rig.certificate);
});
t.teardown(async () => {
  await browser?.close();
  await rig?.stop();
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

t.test('the agent’s page registers the browser seat over WSS and Asterisk has its contact', async (t) => {
  const started = Date.now();
  page = await openPhone(browser, rig);
  t.comment(`login to registered: ${Date.now() - started} ms`);
  await contactAvailable(rig);
  t.match(await page.getByTestId('phone-seat').innerText(), PHONE_SEAT);
  const seat = (await rig.api.get('/api/v1/seats')).items.find((s: any) => s.extension === PHONE_SEAT);
  await until('hotlined sees the seat registered', async () =>
    (await rig.api.get(`/api/v1/seats/${seat.id}`)).registration.registered ? true : null,
  );
  t.pass('registered');
});

t.test('a carrier call rings the page with the caller, is answered, and audio flows both ways', async (t) => {
  const caller = '13800138000';
  // the carrier says a 600 Hz tone for 4 s once answered: neither the microphone's tone nor music
  soxWav(rig.carrier.hostPath('tone-600.wav'), ['synth', '4', 'sine', String(CARRIER_HZ), 'vol', '0.5']);
  const listening = carrierEvent('CarrierListening', 40_000);
  const heard = carrierEvent('CarrierHeard', 60_000);
  await carrierCall(rig.carrierAmi, {
    did: PHONE_DID,
    callerId: caller,
    seconds: 0,
    talkFile: `${rig.carrier.dirs.inside}/tone-600`,
    recordFile: 'browser-call',
    readDigits: 2,
    dtmfDelay: 0,
  });
  await page.locator('[data-phone-call="ringing"]').waitFor({ timeout: 15_000 });
  t.equal(await page.getByTestId('phone-caller').innerText(), caller, 'the caller’s number before answering');
  await page.getByTestId('phone-answer').click();
  await page.locator('[data-phone-call="talking"]').waitFor({ timeout: 10_000 });

  // what the page plays while the carrier sends its tone
  const { rms: received, hz } = await pageAudio(page, 2000);
  t.comment(`browser received RMS ${received.toFixed(4)}, loudest at ${hz.toFixed(0)} Hz`);
  t.ok(received > 0.02, `the page plays the carrier’s audio (RMS ${received.toFixed(4)})`);
  t.ok(Math.abs(hz - CARRIER_HZ) < 50, `and it is the carrier’s ${CARRIER_HZ} Hz tone (${hz.toFixed(0)} Hz)`);

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
  const digits = await heard;
  t.equal(digits.Digits, '58', 'the carrier read the digits pressed on the pad');

  // mute stays in the page (the track is disabled); the call goes on
  await page.getByTestId('phone-mute').click();
  await page.getByTestId('phone-call').getByText('已静音').waitFor();
  t.equal(await callStage(page), 'talking', 'still talking after hold, resume and mute');

  await page.getByTestId('phone-hangup').click();
  await page.locator('[data-phone-call="idle"]').waitFor();
  await noCallsUp(rig.carrier);
  await noCallsUp(rig.stack.box);

  const file = rig.carrier.hostPath('rec/browser-call-heard.wav');
  await until(
    'the carrier’s recording closed',
    async () => existsSync(file) && statSync(file).size > 44,
    5000,
  );
  const sent = rms(file);
  const sentHz = roughFrequency(file);
  t.comment(`carrier heard RMS ${sent.toFixed(4)}, rough frequency ${sentHz} Hz`);
  t.ok(sent > 0.02, `the carrier heard the browser’s microphone (RMS ${sent.toFixed(4)})`);
  t.ok(
    Math.abs(sentHz - TONE_HZ) < TONE_HZ * 0.15,
    `and it is the microphone’s ${TONE_HZ} Hz tone (${sentHz} Hz)`,
  );
});

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
