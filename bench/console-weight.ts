/**
 * The console's first load as a browser sees it: headless Chromium opens
 * /console/ on a running hotlined (which serves web-ui/dist, pre-compressed),
 * is sent to the login page, logs in and waits for the dashboard's chart to
 * be drawn; then the page's resource timing says what every script cost on
 * the wire (transferSize: the compressed body plus headers) and unpacked
 * (decodedBodySize). A fresh browser context: nothing cached.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM, launchChromium, logIn, newPage } from '../test/support/browser.js';

export interface ConsoleWeight {
  scripts: number;
  transferred: number;
  /** The bodies alone, as sent (compressed); the rest of `transferred` is response headers. */
  encoded: number;
  decoded: number;
  /** Content-Encoding of the scripts as served (br, gzip or identity), with their count. */
  encodings: Record<string, number>;
  /** Every script, largest on the wire first. */
  files: { name: string; transferred: number }[];
}

export async function consoleFirstLoad(
  base: string,
  who: { username: string; password: string },
): Promise<ConsoleWeight> {
  const browser = await launchChromium();
  try {
    const { page } = await newPage(browser);
    const encodings: Record<string, number> = {};
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'script') return;
      const e = r.headers()['content-encoding'] ?? 'identity';
      encodings[e] = (encodings[e] ?? 0) + 1;
    });
    await logIn(page, base, who);
    // the calls-by-hour chart is drawn once the dashboard has its figures: the page is complete
    await page.locator('[data-chart="drawn"]').first().waitFor();
    const js = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.initiatorType === 'script' || /\.js(\?|$)/.test(new URL(e.name).pathname))
        .map((e) => ({
          name: e.name,
          transfer: e.transferSize,
          encoded: e.encodedBodySize,
          decoded: e.decodedBodySize,
        })),
    );
    return {
      scripts: js.length,
      transferred: js.reduce((n, e) => n + e.transfer, 0),
      encoded: js.reduce((n, e) => n + e.encoded, 0),
      decoded: js.reduce((n, e) => n + e.decoded, 0),
      encodings,
      files: js
        .map((e) => ({ name: new URL(e.name).pathname.split('/').pop() ?? e.name, transferred: e.transfer }))
        .sort((a, b) => b.transferred - a.transferred),
    };
  } finally {
    await browser.close();
  }
}

/** Lines for a bench's output; says so when there is no browser to measure with or no console built in `dist`. */
export async function consoleWeightLine(
  base: string,
  who: { username: string; password: string },
  dist: string,
): Promise<string> {
  if (!existsSync(CHROMIUM)) return `console first load: not measured (no Chromium at ${CHROMIUM})\n`;
  if (!existsSync(path.join(dist, 'index.html')))
    return `console first load: not measured (${dist} has no index.html: build web-ui)\n`;
  const w = await consoleFirstLoad(base, who);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const enc = Object.entries(w.encodings)
    .map(([e, n]) => `${n} ${e}`)
    .join(', ');
  const largest = w.files
    .slice(0, Number(process.env.HOTLINE_BENCH_LIST ?? 6))
    .map((f) => `${f.name} ${kb(f.transferred)}`)
    .join(', ');
  return (
    `console first load (login → dashboard): ${kb(w.transferred)} of JavaScript transferred (${kb(w.encoded)} of bodies, the rest headers), ${kb(w.decoded)} unpacked (${w.scripts} scripts: ${enc})\n` +
    `  largest: ${largest}\n`
  );
}
