/**
 * Settings › Appearance in the real UI: text size, table density and motion chosen by keyboard and
 * by mouse, each with its visible effect (the root font size, the dossier list's row height,
 * animations), kept across a reload; the screens at the largest text in a 1024×700 window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

describe('Settings › Appearance', () => {
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
  const openAppearance = async () => {
    await mainNav('Settings').click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('button', { name: 'Appearance' }).click();
    await page.getByRole('heading', { name: 'Appearance', level: 1 }).waitFor();
  };
  const radio = (group: string, name: string) => page.getByRole('radiogroup', { name: group }).getByRole('radio', { name, exact: true });
  /** A radio is chosen by its label, as a person clicks it (the input itself is visually hidden). */
  const choose = (group: string, name: string) => page.getByRole('radiogroup', { name: group }).getByText(name, { exact: true }).click();
  const rootFontPx = () => page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
  const rows = () => page.locator('.dossier-table__body [role="row"]');
  const rowHeight = async () => {
    await mainNav('Dossiers').click();
    await waitForCount(rows(), (n) => n > 5, 'rows');
    return (await rows().first().boundingBox())!.height;
  };
  /** Whether an element styled as the list's loading skeleton animates: real CSS, real cascade. */
  const skeletonAnimation = () =>
    page.evaluate(() => {
      const probe = document.createElement('span');
      probe.className = 'skeleton';
      document.body.append(probe);
      const name = getComputedStyle(probe).animationName;
      probe.remove();
      return name;
    });
  const saved = () => workbench.engine.handlers['appearance.get']({});

  it('changes the text size by keyboard, and everything in rem grows with it', async () => {
    await openAppearance();
    expect(await rootFontPx()).toBe(16);
    expect(await radio('Text size', 'Normal').isChecked()).toBe(true);
    await screenshot(page, 'appearance-settings');
    const normalHeading = (await page.getByRole('heading', { name: 'Appearance', level: 1 }).boundingBox())!.height;

    await radio('Text size', 'Normal').focus();
    await page.keyboard.press('ArrowDown');
    await waitForText(page.getByRole('status').filter({ hasText: 'Saved' }), /Saved/);
    expect(await radio('Text size', 'Large').isChecked()).toBe(true);
    expect(await rootFontPx()).toBe(18);
    expect((await page.getByRole('heading', { name: 'Appearance', level: 1 }).boundingBox())!.height).toBeGreaterThan(normalHeading);
    expect((await saved()).text_size).toBe('large');

    await choose('Text size', 'Larger');
    await expect.poll(rootFontPx, { timeout: 30_000 }).toBe(20);
    await expect.poll(async () => (await saved()).text_size, { timeout: 30_000 }).toBe('larger');
  });

  it('makes the dossier list compact, rows following the text size', async () => {
    const comfortable = await rowHeight();
    expect(comfortable).toBeCloseTo(3.25 * 20, 0);
    await openAppearance();
    await choose('Table density', 'Compact');
    await expect.poll(async () => (await saved()).density, { timeout: 30_000 }).toBe('compact');
    const compact = await rowHeight();
    expect(compact).toBeCloseTo(2.25 * 20, 0);
    expect(compact).toBeLessThan(comfortable);
  });

  it('stops animations when motion is reduced, and follows the system otherwise', async () => {
    await openAppearance();
    expect(await skeletonAnimation()).toBe('shimmer');
    await choose('Motion', 'Reduce motion');
    await expect.poll(skeletonAnimation, { timeout: 30_000 }).toBe('none');
    await expect.poll(async () => (await saved()).motion, { timeout: 30_000 }).toBe('reduce');
    await screenshot(page, 'appearance-settings-changed');
  });

  it('keeps every setting across a reload', async () => {
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await rootFontPx()).toBe(20);
    expect(await skeletonAnimation()).toBe('none');
    expect(await rowHeight()).toBeCloseTo(2.25 * 20, 0);
    await openAppearance();
    expect(await radio('Text size', 'Larger').isChecked()).toBe(true);
    expect(await radio('Table density', 'Compact').isChecked()).toBe(true);
    expect(await radio('Motion', 'Reduce motion').isChecked()).toBe(true);
  });

  it('lays out the screens at the largest text in a 1024×700 window', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openAppearance();
    await screenshot(page, 'larger-text-appearance');
    await mainNav('Dashboard').click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await screenshot(page, 'larger-text-dashboard');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^My work/ }).click();
    await page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
    await screenshot(page, 'larger-text-my-work');
    await mainNav('Dossiers').click();
    await waitForCount(rows(), (n) => n > 3, 'rows');
    await screenshot(page, 'larger-text-list');
    const overflow = await page.locator('.dossier-table__scroll').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, 'no horizontal scroll bar in the list').toBeLessThanOrEqual(0);
    await rows().first().click();
    await page.locator('.dossier-header__reference').waitFor();
    await screenshot(page, 'larger-text-dossier');
    await page.getByRole('tab', { name: 'Gap analysis' }).click();
    await page.locator('.question-card__text').first().waitFor();
    await screenshot(page, 'larger-text-gap-analysis');
    // Nothing wider than the window: the page never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
  });
});
