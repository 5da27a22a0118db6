import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (scripts/lib/common.sh installs it); never a downloaded browser. */
export const CHROMIUM = process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium';

/** `extraArgs`: more Chromium switches (a fake microphone, a trusted certificate key). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/**
 * Screenshots for people to look at (the README names this folder) are
 * refreshed on purpose, with HOTLINE_SCREENSHOTS=1; any other run writes them
 * to a temporary folder, so the code path still runs but no tracked file changes.
 */
export const SCREENSHOT_DIR =
  process.env.HOTLINE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
    : path.join(tmpdir(), `hotline-screenshots-${process.pid}`);

/** `withDialog` photographs an open dialog; otherwise a closing one is waited out. */
export async function screenshot(
  page: Page,
  name: string,
  opts: { withDialog?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (!opts.withDialog) {
    // A closing dialog fades out: wait until it is gone so the picture shows the page.
    await page.locator('.ant-modal-mask').first().waitFor({ state: 'hidden' });
    await page.locator('.ant-modal-content').first().waitFor({ state: 'hidden' });
  }
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: !opts.withDialog });
  return file;
}

/** A fresh browser context (no session cookie) and its page, Chinese, at a desktop's size unless told. */
export async function newPage(
  browser: Browser,
  viewport = { width: 1440, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Fills the console's login form `page` shows and submits it. */
export async function submitLogin(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByPlaceholder('用户名').fill(who.username);
  await page.getByPlaceholder('密码').fill(who.password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Opens the console at `base`, is sent to its login page, logs in and lands on the dashboard. */
export async function logIn(
  page: Page,
  base: string,
  who: { username: string; password: string },
): Promise<void> {
  await page.goto(`${base}/console/`);
  await page.waitForURL('**/console/login');
  await submitLogin(page, who);
  await page.waitForURL((u) => u.pathname.replace(/\/$/, '') === '/console');
}

/** Picks an option in the open antd Select dropdown by its text. */
export async function pick(page: Page, text: string | RegExp) {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: typeof text === 'string' ? new RegExp(`^${text}$`) : text })
    .first()
    .click();
  // a closing dropdown still matches :visible while it fades: wait it out before the next select
  for (let i = 0; i < 50 && (await page.locator('.ant-select-dropdown:visible').count()) > 0; i++)
    await page.waitForTimeout(50);
}
