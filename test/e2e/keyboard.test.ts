/**
 * The New dossier form: the integration standard's radio group is one Tab stop after the
 * application name, and the arrow keys choose within it; an organization that already has a
 * dossier is pointed out (a warning with a link, not a refusal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForText } from './support/expectations';

describe('the New dossier form', () => {
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

  it('points out a dossier that already exists for a similar organization, with a link to it', async () => {
    const existing = await workbench.engine.handlers['dossier.create']({ fields: { 'organization.legal_name': 'Fraser Health Authority', 'application.name': 'Cerner Millennium' } });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New dossier' }).click();
    await page.getByRole('heading', { name: 'New onboarding dossier' }).waitFor();
    await page.locator('[data-field="organization.legal_name"] input').fill('fraser health');
    await page.keyboard.press('Tab');
    const warning = page.locator('.create-form__similar');
    await waitForText(warning, 'A dossier already exists for a similar organization');
    await waitForText(warning, `${existing.reference} — Fraser Health Authority, Cerner Millennium`);
    await screenshot(page, 'create-similar-organization');
    page.once('dialog', (dialog) => void dialog.accept());
    await warning.getByRole('button', { name: new RegExp(existing.reference) }).click();
    await waitForText(page.locator('.dossier-header__reference'), existing.reference);
    expect(problems).toEqual([]);
  });
});
