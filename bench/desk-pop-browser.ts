/**
 * Ring → screen-pop visible on the agent's desk page, on the rig: the
 * carrier calls a queue whose only agent is a browser seat; the agent's
 * /desk page in headless Chromium (logged in over HTTPS, its JsSIP phone
 * registered over WSS) rings and pops the caller up. One call at a time; the
 * caller hangs up 2 s after the queue answered it, unanswered.
 *
 *   HOTLINE_RIG_ROOT=... node dist/bench/desk-pop-browser.js [calls=20]
 *   HOTLINE_RIG_ROOT=... node dist/bench/desk-pop-browser.js --smoke   (3 calls)
 *
 * Per call, both instants on the page's own clock (performance.now(),
 * test/support/desk-page.ts):
 *   t0 = the browser phone's websocket delivers the call's INVITE to the page
 *        (a message listener that runs before JsSIP's; the device "rings" from
 *        here: Asterisk sent it when app_queue called the agent, AgentCalled);
 *   t1 = a MutationObserver sees the pop card in the DOM with the customer's
 *        name (王芳) in it, i.e. hotlined's AgentCalled → SSE `ringing` event
 *        → React render, before the browser paints that frame.
 * The pop and the INVITE travel separate paths (SSE from hotlined, SIP from
 * Asterisk through hotlined's websocket proxy), so t1 - t0 may be negative:
 * the pop was on the page before the phone rang. Prints p50/p99/max of
 * t1 - t0 and asserts no figure; exits 1 only when a call never popped up.
 */
import { loadavg } from 'node:os';
import { until } from '../dev/api-client.js';
import { carrierCall } from '../dev/rig-calls.js';
import { newPage } from '../test/support/browser.js';
import { benchPhoneRig, openDesk, PHONE_SEAT } from '../test/support/browser-phone.js';
import { seenInvites, seenPops, shownCalls, watchDeskPage } from '../test/support/desk-page.js';
import { deskQueue } from '../test/support/desk-rig.js';
import { noCallsUp } from '../test/support/stack.js';
import { latencySummary } from './fake-box.js';

const SMOKE = process.argv.includes('--smoke');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const CALLS = SMOKE ? 3 : Number(args[0] ?? 20);
const DID = '4008007777';
const CALLER = '13922220003';
const NAME = '王芳';

async function main(): Promise<number> {
  const { rig, browser, stop } = await benchPhoneRig();
  try {
    const { agent } = await deskQueue(rig.api, {
      did: DID,
      caller: CALLER,
      extension: PHONE_SEAT,
      queueSettings: { wrapUpSeconds: 0 },
    });
    await rig.api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
    const { page } = await newPage(browser);
    await watchDeskPage(page, NAME);
    await openDesk(page, rig);
    await page.locator('[data-testid="desk-state"][data-state="available"]').waitFor();

    const ms: number[] = [];
    let missing = 0;
    for (let i = 0; i < CALLS; i++) {
      await noCallsUp(rig.stack.box);
      await page.locator('[data-phone-call="idle"]').waitFor();
      const before = await shownCalls(page);
      const invitesBefore = (await seenInvites(page)).length;
      await carrierCall(rig.carrierAmi, { did: DID, callerId: CALLER, seconds: 2 });
      try {
        const pop = await until(
          'the pop card with the customer’s name',
          async () =>
            Object.values(await seenPops(page)).find((p) => !before.has(p.callId) && p.namedAt !== null),
          15_000,
        );
        const invite = await until(
          'the INVITE',
          async () => (await seenInvites(page))[invitesBefore],
          15_000,
        );
        ms.push(pop.namedAt! - invite);
      } catch (err) {
        missing++;
        process.stderr.write(`call ${i + 1}: ${(err as Error).message}\n`);
      }
    }
    await noCallsUp(rig.stack.box);
    process.stdout.write(
      `# desk ring → pop visible in the browser, ${CALLS} carrier calls one at a time, load ${loadavg()[0]!.toFixed(2)}\n` +
        `INVITE at the page → pop card with the customer's name in the DOM: ${latencySummary(ms, 1)}` +
        `${ms.length ? `; min ${Math.min(...ms).toFixed(1)} ms` : ''}${missing ? `; ${missing} calls never popped up` : ''}\n`,
    );
    return missing > 0 ? 1 : 0;
  } finally {
    await stop();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    process.stderr.write(`bench/desk-pop-browser failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
