/**
 * "My work" as an operations team member sees it: the counts in the navigation, the screen's
 * groups (overdue, this week, later) across several dossiers, and an item that opens the dossier's
 * Process tab on its activity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { OperationOutput } from '../../shared/api/contract';
import { addDays } from '../../shared/deployment-plan/time';
import type { ActivityKey } from '../../shared/workflow/definition';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

/** The browser runs in Vancouver time; its "today" is the one the screen asks for. */
const vancouverToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Vancouver' }).format(new Date());

describe('My work', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let expected: OperationOutput<'work.list'>;

  beforeAll(async () => {
    // Sofia Lindqvist is one of the operations team members the demo data assigns its activities to.
    workbench = await startWorkbench({ seed: 12, actor: 'Sofia Lindqvist' });
    const { handlers } = workbench.engine;
    await handlers['profile.set']({ name: 'Sofia Lindqvist', role: 'cgi_operations_team' });
    const today = vancouverToday();
    // On top of the demo's own due dates, two of her activities on different dossiers slip past
    // their due dates and a third comes due this week.
    const dueDates = [addDays(today, -3), addDays(today, -10), addDays(today, 2)];
    const moving = (await handlers['work.list']({ today })).items
      .filter((item) => item.kind === 'activity' && item.target.tab === 'process')
      .filter((item, i, all) => all.findIndex((other) => other.reference === item.reference) === i)
      .slice(0, dueDates.length);
    expect(moving).toHaveLength(dueDates.length);
    for (const [k, item] of moving.entries()) {
      await handlers['activity.update']({ id: item.dossier_id, activity: item.target.focus as ActivityKey, changes: { due_date: dueDates[k]! } });
    }
    expected = await handlers['work.list']({ today });
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /My work/ });

  it('shows the counts in the navigation and the items grouped by due date', async () => {
    expect(expected.role).toBe('cgi_operations_team');
    expect(expected.counts.overdue).toBeGreaterThan(0);
    expect(expected.counts.this_week).toBeGreaterThan(0);
    expect(new Set(expected.items.map((i) => i.reference)).size).toBeGreaterThan(1);
    await waitForText(nav().locator('[data-bucket="overdue"]'), `${expected.counts.overdue} overdue`);
    await waitForText(nav().locator('[data-bucket="this_week"]'), `${expected.counts.this_week} due this week`);

    await nav().click();
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    for (const bucket of ['overdue', 'this_week', 'later'] as const) {
      await waitForCount(page.locator(`section[data-bucket="${bucket}"] tbody tr`), (n) => n === expected.counts[bucket], `${expected.counts[bucket]} ${bucket} rows`);
    }
    await waitForText(page.locator('.page-heading__lede'), `${expected.counts.total} items for CGI operations team · Sofia Lindqvist`);
    await screenshot(page, 'my-work');
  });

  it('opens an item on its dossier’s Process tab with the activity in focus', async () => {
    const first = expected.items.find((i) => i.bucket === 'overdue' && i.target.tab === 'process')!;
    const row = page.locator('section[data-bucket="overdue"] tbody tr').first();
    expect(await row.locator('.cell-secondary').first().textContent()).toBe(first.reference);
    await row.focus();
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.dossier-header__reference'), first.reference);
    await page.getByRole('tab', { name: 'Process', selected: true }).waitFor();
    await page.waitForFunction((id) => document.activeElement?.id === id, `activity-card-${first.target.focus}`);
    await screenshot(page, 'my-work-opened-activity');
    expect(problems).toEqual([]);
  });
});
