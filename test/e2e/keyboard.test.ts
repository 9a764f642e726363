/**
 * Keyboard reach on the New dossier form: the integration standard's radio group is one Tab stop
 * after the application name, and the arrow keys choose within it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, startWorkbench, type Workbench } from './support/workbench';

describe('keyboard on the New dossier form', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    workbench = await startWorkbench();
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  it('reaches the integration standard radios by Tab and chooses with the arrows', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New dossier' }).click();
    await page.getByRole('heading', { name: 'New onboarding dossier' }).waitFor();
    await page.locator('[data-field="application.name"] input').focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => ({ type: (document.activeElement as HTMLInputElement | null)?.type, field: document.activeElement?.closest('[data-field]')?.getAttribute('data-field') }));
    expect(await focused()).toEqual({ type: 'radio', field: 'integration.standard' });
    await page.keyboard.press('ArrowRight');
    const checked = await page.locator('[data-field="integration.standard"] input[type="radio"]:checked').count();
    expect(checked).toBe(1);
    expect(problems).toEqual([]);
  });
});
