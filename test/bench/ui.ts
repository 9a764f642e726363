/**
 * The dossier screen in real Chromium against a real engine (browser host): switching tabs of an
 * open dossier, first visit and visited before, and the first PDF preview, each from the key press
 * to the tab (or the first page) drawn. Prints medians over a few dossiers. Aims: a tab visited
 * before < 100 ms, a first visit < 300 ms, the first preview < 1 s. Needs `npx vite build` first.
 */
import type { Page } from 'playwright-core';
import { launchChromium, openWorkbench, startWorkbench } from '../e2e/support/workbench';
import { timeUntilShown } from '../e2e/support/timing';

const DOSSIERS = Number(process.env.BENCH_UI_DOSSIERS ?? 3);
const TABS = ['overview', 'process', 'gaps', 'plan', 'conformance', 'documents', 'forms', 'history'] as const;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const shown = (tab: string) => `#dossier-panel-${tab}:not(:has(.loading)) > *`;

const workbench = await startWorkbench({ seed: 30 });
// As the desktop engine and the browser host do right after start (the e2e harness does not, so
// its printed first preview is the cold one).
await workbench.engine.warmUp();
const browser = await launchChromium();
try {
  const { page } = await openWorkbench(browser, workbench);
  const { rows } = await workbench.engine.handlers['dossier.list']({ phase: 'implementation', sort: 'reference', direction: 'asc', offset: 0, limit: DOSSIERS });
  const first = new Map<string, number[]>();
  const again = new Map<string, number[]>();
  const previews: number[] = [];
  const record = (map: Map<string, number[]>, tab: string, ms: number) => map.set(tab, [...(map.get(tab) ?? []), ms]);
  for (const row of rows) {
    await openDossier(page, row.reference);
    await page.getByRole('tab', { name: 'Overview' }).focus();
    for (const tab of TABS.slice(1)) record(first, tab, await timeUntilShown(page, shown(tab), () => page.keyboard.press('ArrowRight')));
    for (const tab of [...TABS].reverse().slice(1)) record(again, tab, await timeUntilShown(page, shown(tab), () => page.keyboard.press('ArrowLeft')));
    await page.getByRole('tab', { name: 'Documents' }).click();
    const preview = page.locator('.document-card[data-kind="gap-report"]').getByRole('button', { name: 'Preview', exact: true });
    await preview.focus();
    previews.push(await timeUntilShown(page, '.pdf-page--rendered', () => page.keyboard.press('Enter')));
    await page.keyboard.press('Escape');
  }
  console.log(`Dossier screen, ${rows.length} dossiers in Implementation (of 30 seeded), Chromium headless`);
  const line = (label: string, xs: number[], aim: number) =>
    console.log(`${label.padEnd(44)} median ${median(xs).toFixed(0).padStart(5)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}; aim < ${aim} ms)`);
  for (const tab of TABS.slice(1)) line(`tab ${tab}, first visit`, first.get(tab)!, 300);
  for (const tab of TABS.slice(0, -1)) line(`tab ${tab}, visited before`, again.get(tab)!, 100);
  line('PDF preview (gap-analysis report), first page', previews, 1000);
} finally {
  await browser.close();
  await workbench.close();
}

async function openDossier(page: Page, reference: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dossiers' }).click();
  await page.getByRole('searchbox', { name: 'Search dossiers' }).fill(reference);
  const row = page.locator('.dossier-table__body [role="row"]', { hasText: reference });
  await row.first().waitFor();
  await row.first().click();
  await page.locator('.dossier-header__reference', { hasText: reference }).waitFor();
}
