/**
 * Browser phone call set-up on the rig: the carrier calls a DID routed to a
 * browser seat registered by headless Chromium (the agent's 网页话机 page,
 * JsSIP over WSS through hotlined), one call at a time.
 *
 *   HOTLINE_RIG_ROOT=... node dist/bench/phone-setup.js [calls=20]
 *
 * Per call: the carrier's Originate (its INVITE to the box) → the page
 * showing the call ringing (a MutationObserver on the panel's
 * `data-phone-call`, clocked in the page; the page and this process share
 * the system clock); then the agent answers: click → the page showing it
 * talking (getUserMedia, bounded ICE gathering, the 200 OK and its ACK);
 * then the page hangs up. Prints p50/p99/max of both; asserts nothing.
 */
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { carrierCall } from '../dev/rig-calls.js';
import { benchPhoneRig, openPhone, PHONE_DID } from '../test/support/browser-phone.js';
import { noCallsUp } from '../test/support/stack.js';
import { latencySummary as stats } from './fake-box.js';

const CALLS = Number(process.argv[2] ?? 20);

/**
 * Watches the panel until its call stage becomes `stage`; once the watch is
 * installed, resolves with a function that waits for it and answers when
 * it happened, in the page's clock.
 */
async function armStage(page: Page, stage: string): Promise<() => Promise<number>> {
  await page.evaluate((stage) => {
    const panel = document.querySelector('[data-testid="phone-panel"]')!;
    (window as unknown as { stageAt: Promise<number> }).stageAt = new Promise<number>((resolve) => {
      const seen = new MutationObserver(() => {
        if (panel.getAttribute('data-phone-call') !== stage) return;
        seen.disconnect();
        resolve(Date.now());
      });
      seen.observe(panel, { attributes: true, attributeFilter: ['data-phone-call'] });
    });
  }, stage);
  return () => page.evaluate(() => (window as unknown as { stageAt: Promise<number> }).stageAt);
}

async function main(): Promise<void> {
  const { rig, browser, stop } = await benchPhoneRig();
  try {
    const page = await openPhone(browser, rig);
    const ring: number[] = [];
    const answer: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      await noCallsUp(rig.stack.box);
      const ringing = await armStage(page, 'ringing');
      const invited = Date.now();
      const callerId = `1380013${String(i).padStart(4, '0')}`;
      await carrierCall(rig.carrierAmi, { did: PHONE_DID, callerId, seconds: 30 });
      ring.push((await ringing()) - invited);
      const talking = await armStage(page, 'talking');
      const clicked = Date.now();
      await page.getByTestId('phone-answer').click();
      answer.push((await talking()) - clicked);
      const idle = await armStage(page, 'idle');
      await page.getByTestId('phone-hangup').click();
      await idle();
    }
    await noCallsUp(rig.stack.box);
    process.stdout.write(
      `# browser phone set-up, ${CALLS} carrier calls one at a time, load ${loadavg()[0]!.toFixed(2)}\n` +
        `carrier INVITE → page ringing: ${stats(ring)}\n` +
        `answer click → page talking (200 OK acknowledged): ${stats(answer)}\n`,
    );
  } finally {
    await stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    process.stderr.write(`bench/phone-setup failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
