/**
 * The browser phone on the rig, for its end-to-end test and its bench: the
 * box with the carrier's trunk, a browser (wss) seat linked to an agent, a
 * DID routed to that seat, and headless Chromium with a WAV as its
 * microphone, trusting the box's certificate key and nothing else.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type Api, until } from '../../dev/api-client.js';
import type { CarrierInstance } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { soxWav } from './audio.js';
import { launchChromium, logIn, newPage, submitLogin } from './browser.js';
import { rigAmi } from './phones.js';
import { adminStack, carrierTrunk } from './stack.js';

export const PHONE_SEAT = '3001';
export const PHONE_DID = '5553001';
export const PHONE_AGENT = { username: 'desk1', password: 'correct horse battery' };

export interface PhoneRig {
  stack: Stack;
  api: Api;
  carrier: CarrierInstance;
  carrierAmi: Ami;
  /** The box's certificate (PEM), as the console offers it for download. */
  certificate: string;
  stop(): Promise<void>;
}

export async function phoneRig(): Promise<PhoneRig> {
  const { stack, api } = await adminStack();
  try {
    const carrier = await stack.startCarrier();
    await carrierTrunk(api, carrier);
    await api.post('/api/v1/seats', { extension: PHONE_SEAT, name: '网页坐席 张伟', transport: 'wss' });
    const user = await api.post('/api/v1/users', { ...PHONE_AGENT, role: 'agent' });
    await api.req('PATCH', `/api/v1/users/${user.user.id}`, { seatExtension: PHONE_SEAT });
    await api.post('/api/v1/inbound-routes', {
      did: PHONE_DID,
      destination: { type: 'seat', extension: PHONE_SEAT },
    });
    const certificate = await (await api.fetch('/api/v1/tls/certificate.pem')).text();
    const carrierAmi = await rigAmi(carrier);
    return {
      stack,
      api,
      carrier,
      carrierAmi,
      certificate,
      async stop() {
        await carrierAmi.stop();
        await stack.stop();
      },
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

/** base64 SHA-256 of the certificate's public key (SPKI): what Chromium's SPKI trust list takes. */
export function spkiHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Chromium whose microphone is `wav` (looped) and which trusts the box's
 * key, as a user who accepted the certificate does: every other certificate
 * error still fails. The fake UI grants the microphone without a prompt.
 */
export function launchPhoneBrowser(wav: string, certificate: string): Promise<Browser> {
  return launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    `--ignore-certificate-errors-spki-list=${spkiHash(certificate)}`,
    '--autoplay-policy=no-user-gesture-required',
  ]);
}

/** Resolves once the page's browser phone shows it registered. */
const phoneRegistered = (page: Page) =>
  page.locator('[data-testid="phone-status"][data-state="registered"]').waitFor({ timeout: 20_000 });

/** The agent logs in over HTTPS and opens 网页话机; resolves once the page shows it registered. */
export async function openPhone(browser: Browser, rig: PhoneRig): Promise<Page> {
  const { page } = await newPage(browser);
  await logIn(page, rig.stack.httpsUrl, PHONE_AGENT);
  await page.goto(`${rig.stack.httpsUrl}/console/phone`);
  await phoneRegistered(page);
  return page;
}

/**
 * The agent logs in on `page` over HTTPS and lands on their desk (an
 * agent's home page); resolves once the desk's browser phone registered.
 */
export async function openDesk(page: Page, rig: PhoneRig): Promise<void> {
  await page.goto(`${rig.stack.httpsUrl}/console/`);
  await page.waitForURL('**/console/login');
  await submitLogin(page, PHONE_AGENT);
  await page.waitForURL('**/console/desk');
  await phoneRegistered(page);
}

/** Asterisk's own view: the seat's contact came over the websocket and answers qualify. */
export const contactAvailable = (rig: PhoneRig) =>
  until('the browser seat’s contact available', async () =>
    new RegExp(`Contact:\\s+${PHONE_SEAT}/sip:\\S+;transport=WS\\s+\\S+\\s+Avail\\b`, 'i').test(
      await rig.stack.box.cli('pjsip show contacts'),
    ),
  );

/**
 * Listens in the page, for `ms`, to what the phone plays (its <audio>
 * element's stream, through a WebAudio analyser): the RMS amplitude on
 * sox's scale (full scale 1) and the loudest frequency, in Hz.
 */
export function pageAudio(page: Page, ms: number): Promise<{ rms: number; hz: number }> {
  return page.evaluate(async (ms) => {
    const el = document.querySelector<HTMLAudioElement>('[data-testid="phone-remote-audio"]');
    const stream = el?.srcObject;
    if (!(stream instanceof MediaStream) || stream.getAudioTracks().length === 0) return { rms: -1, hz: 0 };
    const ctx = new AudioContext();
    await ctx.resume();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 4096;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const wave = new Float32Array(analyser.fftSize);
    const spectrum = new Float32Array(analyser.frequencyBinCount);
    const power = new Float64Array(analyser.frequencyBinCount);
    let sum = 0;
    let n = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, 40));
      analyser.getFloatTimeDomainData(wave);
      for (const v of wave) sum += v * v;
      n += wave.length;
      analyser.getFloatFrequencyData(spectrum);
      spectrum.forEach((db, i) => {
        power[i]! += 10 ** (db / 10);
      });
    }
    let loudest = 1;
    for (let i = 1; i < power.length; i++) if (power[i]! > power[loudest]!) loudest = i;
    const hz = (loudest * ctx.sampleRate) / analyser.fftSize;
    await ctx.close();
    return { rms: Math.sqrt(sum / Math.max(n, 1)), hz };
  }, ms);
}

/** The phone's call stage as the page shows it: idle, ringing, calling or talking. */
export const callStage = (page: Page) => page.getByTestId('phone-panel').getAttribute('data-phone-call');

/**
 * What the browser phone's benches start with: the phone rig and a browser
 * whose microphone is a quiet 440 Hz tone; `stop` closes both and removes
 * the tone's temporary folder.
 */
export async function benchPhoneRig(): Promise<{ rig: PhoneRig; browser: Browser; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-bench-phone-'));
  const wav = soxWav(path.join(dir, 'mic.wav'), ['synth', '10', 'sine', '440', 'vol', '0.3']);
  const rig = await phoneRig();
  const browser = await launchPhoneBrowser(wav, rig.certificate).catch(async (err) => {
    await rig.stop();
    throw err;
  });
  return {
    rig,
    browser,
    async stop() {
      await browser.close();
      await rig.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
