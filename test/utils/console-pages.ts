import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { seriousViolations } from './browser';

/**
 * What the console's browser tests do on many pages (test/web/*.e2e-spec.ts): sign in, confirm a dialog, pick a
 * month, read the menu, check accessibility, save a screenshot for the docs.
 */

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s?录/ }).click();
  await page.getByRole('heading', { name: '工作台' }).waitFor();
}

/** Clicks the button `trigger`, then the OK button of the confirmation dialog it opens. */
export async function confirm(page: Page, trigger: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: trigger }).click();
  const dialog = page.locator('.ant-modal-confirm:visible');
  // a click while the dialog still zooms in can be lost: wait until it has settled
  await page.locator('.ant-modal-confirm:not(.ant-zoom-appear):not(.ant-zoom-enter):visible').waitFor();
  await dialog.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * Types a month (or a day) into the Ant Design picker with this label, and checks that it took: a click that lands while
 * cards above are still loading (the page moves) can leave the picker closed, and then Enter keeps the old value.
 */
export async function pickMonth(page: Page, label: string, value: string): Promise<void> {
  const input = page.getByLabel(label);
  for (let attempt = 1; ; attempt++) {
    await input.click();
    await input.fill(value);
    await input.press('Enter');
    await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
    await input.blur(); // text that was typed but not taken goes back to the picker's value
    if ((await input.inputValue()) === value) return;
    if (attempt === 3) throw new Error(`the picker ${label} shows ${await input.inputValue()}, not ${value}`);
  }
}

/** Picks `option` in the Ant Design select with this label (no search), once its list has finished sliding in. */
export async function chooseListed(page: Page, label: string, option: string): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' }); // the previous list has gone
  await select.click();
  const list = page.locator('.ant-select-dropdown:not(.ant-slide-up-appear):not(.ant-slide-up-enter):visible');
  await list.waitFor();
  await list.locator('.ant-select-item-option', { hasText: option }).first().click();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  const id = await select.getAttribute('id');
  await page.locator(`.ant-select:has([id="${id}"])`).getByText(option).first().waitFor();
}

/**
 * Picks `option` in the Ant Design select labelled `label` (a select with search: the option is typed first, as
 * the list renders only the options in view), and waits until its dropdown is gone.
 */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.type(option);
  // a click while the list still slides in can be lost (the list then stays open): wait until it has settled
  const list = page.locator('.ant-select-dropdown:not(.ant-slide-up-appear):not(.ant-slide-up-enter):visible');
  await list.waitFor();
  await list.locator('.ant-select-item-option', { hasText: option }).first().click();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

export async function menuLabels(page: Page): Promise<string[]> {
  return (await page.locator('nav[aria-label="主菜单"] .ant-menu-item').allInnerTexts()).map((s) => s.trim());
}

/** axe-core finds no serious or critical violation, judged at rest (not the hover colours of the button just clicked). */
export async function expectAccessible(page: Page): Promise<void> {
  // antd fades hover colours over 0.2 s
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  expect(await seriousViolations(page)).toEqual([]);
}

/** With SCREENSHOTS=<dir> (npm run screenshots), saves the whole page as <dir>/<name>.png for the docs. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
