/**
 * The workbench in a small window (1024×700) as well as a large one (1440×900): the dossier header
 * stays compact, the gap analysis shows its first question without scrolling, and the dossier list
 * keeps its key columns without a horizontal scroll bar, lower-priority columns giving way, with its
 * title and actions on one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

const SIZES = [
  { name: 'large', width: 1440, height: 900 },
  { name: 'small', width: 1024, height: 700 },
] as const;

describe('the workbench at 1440×900 and at 1024×700', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    workbench = await startWorkbench({ seed: 40 });
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const mainNav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });
  const rows = () => page.locator('.dossier-table__body [role="row"]');
  const wholeRowsInView = () =>
    page.locator('.dossier-table__scroll').evaluate((scroller) => {
      const view = scroller.getBoundingClientRect();
      const bottom = Math.min(view.bottom, innerHeight);
      return [...scroller.querySelectorAll('.dossier-table__body [role="row"]')].filter((row) => {
        const box = row.getBoundingClientRect();
        return box.top >= view.top && box.bottom <= bottom + 0.5;
      }).length;
    });

  for (const size of SIZES) {
    it(`shows the dossier list's key columns without a horizontal scroll bar at ${size.width}×${size.height}`, async () => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await mainNav('Dossiers').click();
      await waitForCount(rows(), (n) => n > 5, 'rows');
      await screenshot(page, `list-${size.name}`);
      const scroller = page.locator('.dossier-table__scroll');
      const overflow = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      for (const column of ['Reference', 'Organization', 'Phase', 'RAG']) {
        const header = page.getByRole('columnheader', { name: new RegExp(column) });
        expect(await header.isVisible(), `${column} shown`).toBe(true);
      }
      // Lower-priority columns give way whole in a small window rather than squeezing the key ones.
      const updatedShown = await page.getByRole('columnheader', { name: /Updated/ }).isVisible();
      expect(updatedShown).toBe(size.name === 'large');
      // No cell's text is cut in the middle: a cell either shows whole or ends in an ellipsis it asked for.
      const cut = await rows().first().locator('[role="gridcell"], [role="cell"]').evaluateAll((cells) =>
        cells.filter((c) => c.getBoundingClientRect().right > innerWidth + 1).map((c) => c.textContent),
      );
      expect(cut).toEqual([]);
      // The title, the count and the actions keep to one line (in a smaller window the five exports
      // fold behind one "Exports" button), leaving the rows the rest of the window: nine whole rows
      // at 1440×900, six at 1024×700 (five before, when the exports wrapped onto three lines).
      const heading = (await page.locator('.list-page .page-heading').boundingBox())!;
      expect(heading.height, 'the title, count and actions in one band').toBeLessThanOrEqual(80);
      expect(await wholeRowsInView(), 'whole rows in view').toBeGreaterThanOrEqual(size.name === 'large' ? 9 : 6);
      if (size.name === 'small') {
        // The folded exports open by keyboard and close with Escape, the focus back on their button.
        const toggle = page.getByRole('button', { name: /^Exports/ });
        await toggle.focus();
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: 'Export CSV' }).waitFor();
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        await screenshot(page, 'list-small-exports-open');
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Export CSV' }).waitFor({ state: 'hidden' });
        expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
      }
    });

    it(`shows the first question's text without scrolling on the gap analysis at ${size.width}×${size.height}`, async () => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await mainNav('Dossiers').click();
      await waitForCount(rows(), (n) => n > 5, 'rows');
      await rows().first().click();
      await page.locator('.dossier-header__reference').waitFor();
      await page.getByRole('tab', { name: 'Gap analysis' }).click();
      const question = page.locator('.question-card__text').first();
      await question.waitFor();
      await screenshot(page, `gap-analysis-${size.name}`);
      const box = await question.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + 24, 'the first line of the question lies within the window').toBeLessThanOrEqual(size.height);
      expect(problems).toEqual([]);
    });
  }
});
