/**
 * Keyboard and focus. The New dossier form: the integration standard's radio group is one Tab stop
 * after the application name, and the arrow keys choose within it; an organization that already
 * has a dossier is pointed out (a warning with a link, not a refusal). A dossier: the skip link
 * reaches the open tab and the gap analysis's first open question in four keystrokes; a PDF
 * preview takes the focus and gives it back; switching tabs and the first preview are timed
 * (figures printed, never failed on: the machine may be loaded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';
import { reportTiming, timeUntilShown } from './support/timing';

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
    // The test before leaves a standard chosen on this form: going to New dossier again asks first,
    // and staying keeps the form as it is.
    const unsaved = (await page.locator('[data-field="integration.standard"] input[type="radio"]:checked').count()) > 0;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New dossier' }).click();
    if (unsaved) {
      const question = page.getByRole('dialog', { name: 'Leave this screen?' });
      await question.getByRole('button', { name: 'Stay' }).click();
      await question.waitFor({ state: 'detached' });
    }
    await page.getByRole('heading', { name: 'New onboarding dossier' }).waitFor();
    await page.locator('[data-field="organization.legal_name"] input').fill('fraser health');
    await page.keyboard.press('Tab');
    const warning = page.locator('.create-form__similar');
    await waitForText(warning, 'A dossier already exists for a similar organization');
    await waitForText(warning, `${existing.reference} — Fraser Health Authority, Cerner Millennium`);
    await screenshot(page, 'create-similar-organization');
    await warning.getByRole('button', { name: new RegExp(existing.reference) }).click();
    // The typed name is not saved yet: leaving asks in the workbench's own dialog.
    await page.getByRole('dialog', { name: 'Leave this screen?' }).getByRole('button', { name: 'Leave' }).click();
    await waitForText(page.locator('.dossier-header__reference'), existing.reference);
    expect(problems).toEqual([]);
  });
});

describe('a dossier by keyboard', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let reference: string;

  beforeAll(async () => {
    // Demo dossiers in Implementation have a gap analysis partly done, a plan, documents and history.
    workbench = await startWorkbench({ seed: 12 });
    const { rows } = await workbench.engine.handlers['dossier.list']({ phase: 'implementation', sort: 'reference', direction: 'asc', offset: 0, limit: 1 });
    reference = rows[0]!.reference;
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dossiers' }).click();
    await page.getByRole('searchbox', { name: 'Search dossiers' }).fill(reference);
    const row = page.locator('.dossier-table__body [role="row"]', { hasText: reference });
    await waitForCount(row, (n) => n === 1, 'the dossier');
    await row.click();
    await waitForText(page.locator('.dossier-header__reference'), reference);
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { id: el?.id ?? '', role: el?.getAttribute('role') ?? '', text: (el?.textContent ?? '').trim(), className: el?.className ?? '', type: (el as HTMLInputElement | null)?.type ?? '' };
    });

  it('switches tabs quickly, measured from the key press to the tab shown (figures printed, not failed on)', async () => {
    // A tab is shown once its panel is visible and no longer says it is loading.
    const shown = (tab: string) => `#dossier-panel-${tab}:not(:has(.loading)) > *`;
    const tabs = ['overview', 'process', 'gaps', 'plan', 'conformance', 'documents', 'forms', 'history'];
    await page.getByRole('tab', { name: 'Overview' }).focus();
    for (const tab of tabs.slice(1)) {
      const ms = await timeUntilShown(page, shown(tab), () => page.keyboard.press('ArrowRight'));
      reportTiming(`tab ${tab}, first visit`, ms, 300);
    }
    for (const tab of [...tabs].reverse().slice(1)) {
      const ms = await timeUntilShown(page, shown(tab), () => page.keyboard.press('ArrowLeft'));
      reportTiming(`tab ${tab}, visited before`, ms, 100);
    }
    expect(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    expect(problems).toEqual([]);
  });

  it('skips to the open tab, then to the first question still to answer, in a few keystrokes', async () => {
    await page.getByRole('tab', { name: 'Gap analysis' }).click();
    await page.locator('.question-card').waitFor();
    // From the top of the page (the keyboard's starting point put before everything, as on a
    // fresh load): the first Tab stop is the skip link.
    await page.evaluate(() => {
      const start = document.createElement('div');
      start.tabIndex = -1;
      document.body.prepend(start);
      start.focus();
      start.remove();
    });
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await focused()).toMatchObject({ id: 'dossier-panel-gaps', role: 'tabpanel' });
    await page.keyboard.press('Tab');
    const skip = await focused();
    expect(skip.text).toMatch(/^Skip to question \d+\.\d+, the first still to answer or assess$/);
    await screenshot(page, 'gap-analysis-skip-link');
    await page.keyboard.press('Enter');
    const number = /question (\d+\.\d+)/.exec(skip.text)![1]!;
    expect((await focused()).className).toContain('question-card');
    await waitForText(page.locator('.question-card__id'), `Question ${number}`);
    // Past the question's guidance, the next stop answers it: six keystrokes from the top of the page.
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Guidance');
    await page.keyboard.press('Tab');
    expect((await focused()).type).toBe('radio');
    expect(problems).toEqual([]);
  });

  it('moves the focus to a PDF preview when it opens and back to its button when it closes', async () => {
    await page.getByRole('tab', { name: 'Documents' }).click();
    const previewButton = page.locator('.document-card[data-kind="gap-report"]').getByRole('button', { name: 'Preview', exact: true });
    await previewButton.focus();
    const ms = await timeUntilShown(page, '.pdf-page--rendered', () => page.keyboard.press('Enter'));
    reportTiming('first PDF preview, key press to first page drawn', ms, 1000);
    const title = page.locator('.pdf-preview [data-preview-title]');
    await waitForText(title, 'Gap-analysis report');
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'documents-preview-focused');
    await page.keyboard.press('Escape');
    await waitForCount(page.locator('.pdf-preview'), (n) => n === 0, 'the preview closed');
    expect(await previewButton.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(problems).toEqual([]);
  });
});
