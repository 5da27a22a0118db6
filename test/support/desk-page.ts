/**
 * What the agent's desk page shows, recorded in the page itself (its own
 * clock, performance.now()), for the desk's end-to-end test and the
 * ring → pop bench: each pop card the moment it enters the DOM and the
 * moment it first shows `name`, and each SIP INVITE the browser phone
 * receives on its websocket, before JsSIP reads it.
 */
import type { Page } from 'playwright-core';
import { until } from '../../dev/api-client.js';

/** A pop card as first seen in the DOM. */
export interface SeenPop {
  callId: string;
  phase: string;
  text: string;
  /** performance.now() when the card entered the DOM, and when it first held the name watched for. */
  at: number;
  namedAt: number | null;
}

interface Watched {
  __pops: Record<string, SeenPop>;
  __invites: number[];
}

/**
 * Runs in the page before its own scripts (Page.addInitScript): a
 * MutationObserver notes each pop card the moment it enters the DOM, so a
 * card shown and changed within the same few milliseconds is still seen;
 * a WebSocket whose listener, added first, runs before JsSIP's notes the
 * arrival of every INVITE that is not a re-INVITE (no To tag).
 */
function watchDesk(name: string) {
  const w = window as unknown as Watched;
  w.__pops = {};
  w.__invites = [];
  const look = () => {
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="pop-card"]')) {
      const id = el.dataset.callId;
      if (!id) continue;
      const seen = w.__pops[id];
      if (seen?.namedAt) continue;
      const now = performance.now();
      const text = el.innerText;
      const namedAt = text.includes(name) ? now : null;
      if (seen) seen.namedAt = namedAt;
      else w.__pops[id] = { callId: id, phase: el.dataset.phase ?? '', text, at: now, namedAt };
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, attributes: true });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        const at = performance.now();
        if (typeof e.data !== 'string' || !e.data.startsWith('INVITE ')) return;
        if (/^To:.*;tag=/im.test(e.data)) return;
        w.__invites.push(at);
      });
    }
  };
}

/** Installs the watch on `page` (before it loads): pop cards, and when they first show `name`. */
export const watchDeskPage = (page: Page, name: string) => page.addInitScript(watchDesk, name);

export const seenPops = (page: Page): Promise<Record<string, SeenPop>> =>
  page.evaluate(() => (window as unknown as Watched).__pops);

/** performance.now() of each new INVITE the page's phone received, in order. */
export const seenInvites = (page: Page): Promise<number[]> =>
  page.evaluate(() => (window as unknown as Watched).__invites);

/** The first pop card whose call is not in `before`, once the page has shown it. */
export async function nextPop(page: Page, before: Set<string>, timeoutMs = 30_000): Promise<SeenPop> {
  return until(
    'the pop card',
    async () => Object.values(await seenPops(page)).find((p) => !before.has(p.callId)),
    timeoutMs,
  );
}

/** The calls whose cards the page has shown so far. */
export const shownCalls = async (page: Page) => new Set(Object.keys(await seenPops(page)));
