/**
 * The dashboard and the dossier list with thousands of dossiers: the list shows the total, renders
 * only the rows in view, loads further pages as it scrolls, sorts, filters and works by keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

const DOSSIERS = 3000;

describe(`the dossier list with ${DOSSIERS.toLocaleString('en-CA')} dossiers`, () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const listRequests: { offset: number; limit: number; search?: string; phase?: string; sort: string; direction: string }[] = [];

  beforeAll(async () => {
    workbench = await startWorkbench({ seed: DOSSIERS });
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
    page.on('request', (request) => {
      if (request.url().endsWith('/api/dossier.list')) listRequests.push(request.postDataJSON());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const rows = () => page.locator('.dossier-table__body [role="row"]');
  const lede = () => page.locator('.page-heading__lede');

  it('shows the dashboard: phases, RAG, overdue work and recent changes', async () => {
    await waitForText(lede(), '3,000 onboarding dossiers');
    const phases = page.locator('.phase-card');
    expect(await phases.count()).toBe(4);
    const counts = await page.locator('.phase-card__count').allTextContents();
    expect(counts.map((c) => Number(c.replace(/,/g, ''))).reduce((a, b) => a + b, 0)).toBe(DOSSIERS);
    await waitForText(page.locator('.rag-summary'), 'Amber');
    await waitForCount(page.locator('#overdue-heading ~ table tbody tr'), (n) => n > 0, 'overdue activities');
    await waitForCount(page.locator('.recent-list li'), (n) => n === 8, 'eight recent dossiers');
    await screenshot(page, 'dashboard');

    // An overdue activity opens its dossier's Process tab.
    const firstOverdue = page.locator('#overdue-heading ~ table tbody tr').first();
    const reference = (await firstOverdue.locator('.cell-secondary').first().textContent()) ?? '';
    await firstOverdue.focus();
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.dossier-header__reference'), reference);
    expect(await page.getByRole('tab', { name: 'Process' }).getAttribute('aria-selected')).toBe('true');
    await waitForCount(page.locator('.status-pill--overdue'), (n) => n > 0, 'an overdue activity');
  });

  it('opens the list filtered by phase from a dashboard card', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
    const intake = page.locator('.phase-card--intake');
    const count = (await intake.locator('.phase-card__count').textContent()) ?? '';
    await intake.click();
    await waitForText(lede(), `${count} dossiers in Intake`);
    await waitForCount(rows(), (n) => n > 0, 'rows');
    const phases = await rows().locator('.phase-badge').allTextContents();
    expect(new Set(phases)).toEqual(new Set(['Intake']));
    expect(listRequests.at(-1)?.phase).toBe('intake');
  });

  it('virtualizes the rows and loads more pages while scrolling', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dossiers' }).click();
    // The dashboard card left a phase filter: the list keeps it until the user clears it.
    await waitForText(lede(), 'in Intake');
    await page.locator('.list-filters__phase button').click();
    await page.getByRole('option', { name: 'All phases' }).click();
    await waitForText(lede(), /^3,000 dossiers$/);
    await waitForCount(rows(), (n) => n > 5, 'rows');
    await screenshot(page, 'list');

    const rendered = await rows().count();
    expect(rendered).toBeLessThan(60);
    expect(await page.getByRole('table', { name: 'Dossiers' }).getAttribute('aria-rowcount')).toBe(String(DOSSIERS + 1));

    const before = listRequests.length;
    const scroller = page.locator('.dossier-table__scroll');
    for (const fraction of [0.1, 0.35, 0.6, 1]) {
      await scroller.evaluate((el, f) => el.scrollTo({ top: el.scrollHeight * f }), fraction);
      await page.waitForTimeout(150);
    }
    const last = page.locator(`[role="row"][aria-rowindex="${DOSSIERS + 1}"]`);
    await waitForText(last, /PCR-\d{4}-\d{4}/);
    const offsets = listRequests.slice(before).map((r) => r.offset);
    expect(offsets.length).toBeGreaterThan(1);
    expect(offsets).toContain(2800);
    expect(listRequests.every((r) => r.limit <= 200)).toBe(true);
    expect(await rows().count()).toBeLessThan(60);
  });

  it('filters by lead, whatever the case typed', async () => {
    const lead = page.getByRole('textbox', { name: 'Lead' });
    await lead.fill('mei chen');
    await waitForText(lede(), /dossiers led by mei chen$/);
    expect(listRequests.at(-1)).toMatchObject({ lead: 'mei chen', offset: 0 });
    await waitForCount(rows(), (n) => n > 0, 'rows');
    expect(new Set(await rows().locator('.dossier-table__cell--lead').allTextContents())).toEqual(new Set(['Mei Chen']));
    await lead.fill('');
    await waitForText(lede(), /^3,000 dossiers$/);
  });

  it('sorts by a column and moves through rows by keyboard', async () => {
    const organizationHeader = page.getByRole('columnheader', { name: /Organization/ });
    await organizationHeader.getByRole('button').click();
    await waitForCount(page.locator('[role="columnheader"][aria-sort="ascending"]'), (n) => n === 1, 'one ascending column');
    expect(await organizationHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(listRequests.at(-1)).toMatchObject({ sort: 'organization', direction: 'asc', offset: 0 });
    await waitForCount(rows(), (n) => n > 5, 'rows');
    const names = await rows().locator('.dossier-table__cell--organization').allTextContents();
    const visible = names.slice(0, 5);
    expect(visible).toEqual([...visible].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));

    await rows().first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe('4');
    await page.keyboard.press('End');
    await page.waitForFunction((n) => document.activeElement?.getAttribute('aria-rowindex') === String(n), DOSSIERS + 1);
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '2');
    const reference = (await page.locator('[role="row"][aria-rowindex="2"] .reference').textContent()) ?? '';
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.dossier-header__reference'), reference);

    // Back to the list: search and sort are where the lead left them.
    await page.getByRole('button', { name: 'Dossiers', exact: true }).first().click();
    expect(await page.getByRole('columnheader', { name: /Organization/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(problems).toEqual([]);
  });
});
