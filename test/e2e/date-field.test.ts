/**
 * Dates in the real UI: a go-live date typed the way people write it is stored as YYYY-MM-DD, and
 * the calendar beside the field is worked by keyboard alone (open, move by day and month, pick,
 * close with Escape, focus back on its button).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { dispatch } from '../../shared/api/dispatch';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForText } from './support/expectations';

const ORGANIZATION = 'Nisg̱a’a Valley Health Authority';

describe('date fields', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let reference: string;

  beforeAll(async () => {
    workbench = await startWorkbench({ actor: 'Mei Chen' });
    reference = (await workbench.engine.handlers['dossier.create']({ fields: { 'organization.legal_name': ORGANIZATION, 'application.name': 'Valley EMR' } })).reference;
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const goLive = () => page.locator('[data-field="targets.go_live_date"]');
  const stored = async () => {
    const result = (await dispatch(workbench.engine.handlers, 'dossier.get', { id: reference })) as { ok: boolean; value?: { fields: Record<string, unknown> } };
    return result.value?.fields['targets.go_live_date'];
  };
  const save = async () => {
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(page.locator('.save-bar'), /saved/i);
  };

  it('stores a typed "Dec 15, 2026" as 2026-12-15 and picks another date from the calendar by keyboard', async () => {
    await page.locator('.recent-list__item', { hasText: ORGANIZATION }).click();
    await waitForText(page.locator('.dossier-header__reference'), reference);

    await goLive().locator('input').fill('Dec 15, 2026');
    await save();
    expect(await stored()).toBe('2026-12-15');

    const opener = goLive().getByRole('button', { name: 'Choose Go-live from a calendar' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Choose Go-live' });
    await dialog.waitFor();
    await waitForText(dialog.locator('h2'), 'December 2026');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-date'))).toBe('2026-12-15');
    await screenshot(page, 'date-picker');

    await page.keyboard.press('PageDown');
    await waitForText(dialog.locator('h2'), 'January 2027');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-date'))).toBe('2027-01-16');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await goLive().locator('input').inputValue()).toBe('2027-01-16');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Choose Go-live from a calendar');
    await save();
    expect(await stored()).toBe('2027-01-16');

    // Escape closes without picking, focus back on the button.
    await opener.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await goLive().locator('input').inputValue()).toBe('2027-01-16');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Choose Go-live from a calendar');
    expect(problems).toEqual([]);
  });
});
