import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run); Playwright downloads no browser here. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The office screen the console is made for, and a phone for the public pages. */
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** Headless Chromium; Playwright gives each launch a fresh temporary user-data directory (removed on close). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** A new browser profile (cookies, storage) at the given screen size, in Chinese and in Asia/Shanghai. */
export async function newPage(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // generous waits: CI machines are shared and slow at times; a wait that passes returns at once anyway
  context.setDefaultTimeout(60_000);
  return context.newPage();
}

/** axe-core's serious and critical violations on the page as it is now: `[]` when there are none. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // checked as a person reads the page: after fades and slides (a toast appearing is transparent for a moment)
  await page
    .waitForFunction(
      "document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)",
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  // a toast (antd message, 3 s) fades in and out, and is read at full opacity (rgba(0,0,0,.88) on white) but may be
  // caught mid-fade: it is left out; everything that stays on the page is checked
  const results = await new AxeBuilder({ page }).exclude('.ant-message').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
          .slice(0, 3)
          .join('; ')}`,
    );
}
