/**
 * The acceptance scenario, in the real UI against a real engine: create a dossier for a partner
 * with an Indigenous-language name, work its intake, see the gate refuse and then let it through,
 * find it again by search with and without accents, and read its history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

const ORGANIZATION = 'Sḵwx̱wú7mesh Úxwumixw Health Services';

describe('onboarding a Connected Partner through intake', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    workbench = await startWorkbench({ actor: 'Élise Tremblay' });
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const field = (path: string) => page.locator(`[data-field="${path}"]`);
  const activity = (label: string) => page.getByRole('article', { name: label });
  const pickOption = async (trigger: ReturnType<Page['locator']>, option: string) => {
    await trigger.click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  it('creates the dossier, refuses the gate with reasons, then advances to Implementation', async () => {
    await waitForText(page.locator('main'), 'No onboarding dossiers yet');

    // Create form: the required fields and the e-mail are checked before anything is sent.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New dossier' }).click();
    await page.getByRole('heading', { name: 'New onboarding dossier' }).waitFor();
    await field('contacts.sponsor.name').locator('input').fill('Chloé Gagnon');
    await field('contacts.sponsor.email').locator('input').fill('chloe.gagnon@');
    await page.getByRole('button', { name: 'Create dossier' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'before creating the dossier' });
    await waitForText(summary, 'Legal name is required');
    await waitForText(summary, 'Application name is required');
    await waitForText(field('contacts.sponsor.email'), '"chloe.gagnon@" is not an e-mail address');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field'))).toBe('organization.legal_name');
    await screenshot(page, 'create-form-validation');

    await field('organization.legal_name').locator('input').fill(ORGANIZATION);
    await field('application.name').locator('input').fill('Community Health Record');
    await field('integration.standard').getByText('FHIR', { exact: true }).click();
    await pickOption(field('organization.type').locator('button'), 'Community clinic or practice');
    await field('contacts.sponsor.email').locator('input').fill('chloe.gagnon@example.org');
    await field('leads.cgi_business_support_lead').locator('input').fill('Élise Tremblay');
    await page.getByRole('button', { name: 'Create dossier' }).click();

    // The new dossier opens on its Overview.
    const title = page.locator('.dossier-header__title');
    await waitForText(title, ORGANIZATION);
    const reference = (await page.locator('.dossier-header__reference').textContent()) ?? '';
    expect(reference).toMatch(/^PCR-\d{4}-\d{4}$/);
    await waitForText(page.getByRole('status').filter({ hasText: 'created' }), `Dossier ${reference} created.`);
    expect(await field('integration.standard').locator('button').textContent()).toContain('FHIR');
    expect(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');

    // Tabs follow the arrow keys.
    await page.getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Process' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');

    // Fill in a few more intake fields; only the changed ones are sent.
    await field('contacts.sponsor.title').locator('input').fill('Health Director');
    await field('volumes.users').locator('input').fill('45');
    await waitForText(page.locator('.save-bar'), '2 unsaved changes');
    expect(await page.getByRole('tab', { name: /Overview/ }).textContent()).toContain('unsaved changes');
    await page.locator('main').evaluate((main) => main.scrollTo({ top: 0 }));
    await screenshot(page, 'overview');

    // The save bar stays over the bottom of the screen: Tab into a field beneath it scrolls that field above it, not behind it.
    await field('organization.address.postal_code').locator('input').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field'))).toBe('start.request_received_date');
    await page.waitForFunction(() => {
      const focused = document.activeElement!;
      const box = focused.getBoundingClientRect();
      const seen = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return seen !== null && (seen === focused || focused.contains(seen));
    });

    // Leaving with unsaved changes asks first; staying keeps every typed value.
    // The question is the workbench's own dialog: the focus starts inside it and comes back to the
    // button that asked once the person chooses to stay.
    const leaveQuestion = page.getByRole('dialog', { name: 'Leave this screen?' });
    const dashboardLink = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' });
    await dashboardLink.click();
    await waitForText(leaveQuestion, `Leave ${reference} without saving? 2 changes will be lost.`);
    expect(await leaveQuestion.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await leaveQuestion.getByRole('button', { name: 'Stay' }).click();
    await leaveQuestion.waitFor({ state: 'detached' });
    expect(await dashboardLink.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await field('contacts.sponsor.title').locator('input').inputValue()).toBe('Health Director');

    // A save the engine refuses keeps the values and puts its message next to the field.
    await page.route('**/api/dossier.update', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          ok: false,
          error: {
            code: 'validation',
            message: 'volumes.users (Point-of-service users): more than this partner is licensed for',
            details: { problems: [{ field: 'changes.volumes.users', message: 'volumes.users (Point-of-service users): more than this partner is licensed for' }] },
          },
        }),
      }),
    );
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(field('volumes.users'), 'More than this partner is licensed for');
    await waitForText(page.locator('.save-bar'), 'Not saved: volumes.users (Point-of-service users): more than this partner is licensed for');
    expect(await field('volumes.users').locator('input').inputValue()).toBe('45');
    expect(await field('contacts.sponsor.title').locator('input').inputValue()).toBe('Health Director');
    await page.unroute('**/api/dossier.update');

    const updates: unknown[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/dossier.update')) updates.push(request.postDataJSON());
    });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(page.locator('.save-bar'), 'All changes saved');
    expect(updates).toHaveLength(1);
    expect((updates[0] as { changes: unknown }).changes).toEqual({ 'contacts.sponsor.title': 'Health Director', 'volumes.users': 45 });

    // Process: work the kick-off, then try to advance while intake is still open.
    await page.getByRole('tab', { name: 'Process' }).click();
    const kickoff = activity('Kick-off (vendor discovery session)');
    await pickOption(kickoff.locator('.bcds-react-aria-Select--Button'), 'In progress');
    await waitForText(kickoff.locator('.status-pill').first(), 'In progress');
    await kickoff.getByLabel('Assignee').fill('Harpreet Sandhu');
    // A date typed the way people write it is saved as YYYY-MM-DD (a calendar button sits beside the box).
    await kickoff.getByLabel(/^Due date/).fill('Jan 15, 2099');
    await kickoff.getByLabel(/^Due date/).press('Tab');
    await expect.poll(() => kickoff.getByLabel(/^Due date/).inputValue(), { timeout: 60_000 }).toBe('2099-01-15');
    await waitForText(page.locator('.gate'), 'Kick-off (vendor discovery session) is not done (in progress).');
    expect(await activity('Develop integration').textContent()).toContain('Not required');

    await page.getByRole('button', { name: 'Advance to Implementation' }).click();
    const refused = page.locator('.gate--refused');
    await waitForText(refused, 'Advance to Implementation refused');
    await waitForText(refused, `${reference} cannot leave Intake`);
    // Reasons in words: the field's path the engine adds for the command line is not shown.
    await waitForText(refused, 'Integration type is missing.');
    await waitForText(refused, 'MoH Health Registries manager is missing.');
    expect(await refused.textContent()).not.toContain('(integration.type)');
    // The focus moves to what the refusal says, not to the page's body.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('gate-title');
    await waitForText(refused, 'Kick-off (vendor discovery session) is not done (in progress).');
    expect(await page.locator('.phase-badge').first().textContent()).toBe('Intake');
    await screenshot(page, 'process-advance-refused');

    // Complete what is missing: the reason's shortcut leads to the field on the Overview.
    await refused.getByRole('button', { name: 'Fill in Integration type on the Overview' }).click();
    expect(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field'))).toBe('integration.type');
    await pickOption(field('integration.type').locator('button'), 'Active integration (updates PCR)');
    await field('leads.moh_registries_manager').locator('input').fill('Harpreet Sandhu');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(page.getByRole('status').filter({ hasText: 'Saved' }), `Saved 2 changes to ${reference}.`);

    await page.getByRole('tab', { name: 'Process' }).click();
    await pickOption(kickoff.locator('.bcds-react-aria-Select--Button'), 'Done');
    await waitForText(kickoff.locator('.status-pill').first(), 'Done');
    expect(await kickoff.getByLabel(/^Completed/).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await waitForText(page.locator('.gate'), 'Ready to advance to Implementation');
    await page.getByRole('button', { name: 'Advance to Implementation' }).click();
    await waitForText(page.getByRole('status').filter({ hasText: 'moved' }), `${reference} moved to Implementation.`);
    await waitForText(page.locator('.dossier-header .phase-badge'), 'Implementation');
    await waitForText(page.locator('.gate'), 'Before advancing to Deployment');
    await waitForText(page.locator('.stepper__step--current'), 'Implementation');

    // History: who changed what, old → new.
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.locator('.history-table');
    await history.waitFor();
    const phaseRow = history.locator('tr', { hasText: 'Phase' }).first();
    await waitForText(phaseRow, 'Intake');
    await waitForText(phaseRow, 'Implementation');
    await waitForText(phaseRow, 'Élise Tremblay');
    await waitForText(history, 'Kick-off (vendor discovery session) — status');
    await waitForText(history, 'Integration type');
    await waitForText(history, 'Active integration (updates PCR)');
    expect(await phaseRow.locator('td').first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await screenshot(page, 'history');

    // Search finds the partner with and without its accents and glottal stops.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dossiers' }).click();
    const search = page.getByRole('searchbox', { name: 'Search dossiers' });
    const rows = page.locator('.dossier-table__body [role="row"]');
    for (const term of ['Skwxwu7mesh', 'Sḵwx̱wú7mesh', 'uxwumixw health']) {
      await search.fill(term);
      await waitForText(page.locator('.page-heading__lede'), `1 dossier matching “${term}”`);
      await waitForText(rows.first(), ORGANIZATION);
    }
    await search.fill('Nonexistent partner name');
    await waitForText(page.locator('main'), 'No dossiers match');
    await search.fill('Skwxwu7mesh');
    await waitForCount(rows, (n) => n === 1, 'one row');

    // Keyboard: Tab reaches the row, Enter opens it.
    await rows.first().focus();
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.dossier-header__reference'), reference);

    // The connection indicator follows the browser's online state.
    await waitForText(page.locator('.connection'), 'Online');
    await page.context().setOffline(true);
    await waitForText(page.locator('.connection'), 'Offline — working locally');
    await page.context().setOffline(false);
    await waitForText(page.locator('.connection'), 'Online');

    expect(problems).toEqual([]);
  });
});
