/**
 * The deployment plan in the real UI against a real engine: a fresh dossier's plan opens unstarted,
 * showing what the template would put in and writing nothing; the lead starts it from the template
 * by keyboard and gets the template's defaults; then edits by keyboard (scope, a step's time and duration, a checklist
 * tick, a RACI letter, environment readiness), sees the API's reasons beside refused values,
 * reorders cutover steps with Alt+arrows and the buttons, adds and removes rows, reloads and finds
 * it all kept, and reads the changes in the History.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import path from 'node:path';
import { dispatch } from '../../shared/api/dispatch';
import type { HistoryEntry } from '../../shared/api/types';
import { SCREENSHOT_DIR, launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

const ORGANIZATION = 'ʔaq̓am Community Health Centre';
const APPLICATION = 'Ktunaxa Clinic EMR';

describe('the deployment plan of a dossier', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let reference: string;

  beforeAll(async () => {
    workbench = await startWorkbench({ actor: 'Harpreet Sandhu' });
    const dossier = await workbench.engine.handlers['dossier.create']({
      fields: {
        'organization.legal_name': ORGANIZATION,
        'application.name': APPLICATION,
        'integration.environments': ['HT2', 'HP1'],
        'targets.go_live_date': '2026-09-14',
        'leads.cgi_business_support_lead': 'Mei Chen',
      },
    });
    reference = dossier.reference;
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const steps = () => page.locator('.steps__list > li');
  const stepTitles = () => steps().evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.stepTitle));
  const saved = () => waitForText(page.getByTestId('plan-save-indicator'), /^\s*✓\s*Saved/);
  const labelled = (text: string) => page.getByLabel(text, { exact: true });
  const fieldBox = (key: string) => page.locator(`[data-plan-field="${key}"]`);
  const openPlan = async () => {
    await page.locator('.recent-list__item', { hasText: ORGANIZATION }).click();
    await waitForText(page.locator('.dossier-header__reference'), reference);
    await page.getByRole('tab', { name: 'Deployment plan' }).click();
    await steps().first().waitFor();
  };

  it('opens unstarted without writing, starts from the template by keyboard, edits, reorders steps, keeps it all after a reload, and shows it in the History', async () => {
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.locator('.recent-list__item', { hasText: ORGANIZATION }).click();
    await waitForText(page.locator('.dossier-header__reference'), reference);

    const sent: { name: string; input: unknown }[] = [];
    page.on('request', (request) => {
      const name = /\/api\/(deploymentPlan\.[\w.]+)$/.exec(request.url())?.[1];
      if (name) sent.push({ name, input: request.postDataJSON() });
    });
    const planHistory = async () => {
      const result = await dispatch(workbench.engine.handlers, 'dossier.history', { id: reference });
      if (!result.ok) throw new Error(result.error.message);
      return (result.value as HistoryEntry[]).filter((entry) => entry.entity.startsWith('deployment_plan'));
    };

    // The arrow keys reach the tab from the tab list.
    await page.getByRole('tab', { name: 'Overview' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    const planTab = page.getByRole('tab', { name: 'Deployment plan' });
    expect(await planTab.getAttribute('aria-selected')).toBe('true');

    // Unstarted: what a plan holds, the two ways to start it, and what the template would put in.
    await page.getByRole('heading', { name: `Start the deployment plan of ${reference}` }).waitFor();
    const preview = page.getByRole('region', { name: /What the template puts in/ });
    await waitForCount(preview.locator('.plan-start__steps > li'), (n) => n === 10, 'the ten template steps in the preview');
    expect(await preview.locator('.plan-start__steps > li').first().textContent()).toBe(
      'Go/no-go meeting: confirm readiness with all parties2026-09-13 14:00 · 30 min · MoH Health Registries manager',
    );
    expect(await preview.locator('.plan-start__checklist > li').count()).toBe(10);
    await waitForText(preview.locator('.plan-start__checklist'), 'Rollback plan reviewed with all parties');
    await waitForText(page.locator('.plan-start__choice'), 'Recommended: 10 cutover steps, 10 checklist items, 5 communications and 9 RACI areas, filled in from this dossier.');
    expect(await page.getByRole('button', { name: 'Start empty' }).isVisible()).toBe(true);
    await screenshot(page, 'deployment-plan-unstarted');
    // The whole empty state, in a window tall enough to hold it.
    await page.setViewportSize({ width: 1440, height: 1800 });
    await page.locator('.plan-start').screenshot({ path: path.join(SCREENSHOT_DIR, 'deployment-plan-empty.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    // Looking wrote nothing: only reads went to the engine, and the History holds no plan change.
    expect([...new Set(sent.map((s) => s.name))].sort()).toEqual(['deploymentPlan.defaults', 'deploymentPlan.get']);
    expect(await planHistory()).toEqual([]);

    // From the tab, Tab reaches "Start from the template" first; Enter starts the plan and the focus goes to its title.
    await planTab.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Start from the template');
    await page.keyboard.press('Enter');

    // The plan holds the template's defaults, filled from the dossier.
    await waitForCount(steps(), (n) => n === 10, 'the ten template steps');
    await waitForText(page.locator('.plan__subtitle'), 'Started from the template (version 1)');
    await saved();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Deployment plan');
    expect(sent.filter((s) => s.name === 'deploymentPlan.start').map((s) => s.input)).toEqual([{ id: expect.any(String), from: 'template' }]);
    expect((await planHistory()).every((entry) => entry.actor === 'Harpreet Sandhu')).toBe(true);
    expect(await labelled('Scope').inputValue()).toContain(`Production go-live of ${APPLICATION} for ${ORGANIZATION}`);
    expect(await labelled('Planned start of step 1').inputValue()).toBe('2026-09-13 14:00');
    expect(await labelled('Hypercare start').inputValue()).toBe('2026-09-14');
    expect(await page.getByTestId('plan-checklist-count').textContent()).toBe('0 of 10 done');
    const original = await stepTitles();
    expect(original[0]).toBe('Go/no-go meeting: confirm readiness with all parties');
    await screenshot(page, 'deployment-plan-defaults');

    // Scope by keyboard: type at the end of the text; leaving the box saves it.
    const scope = labelled('Scope');
    await scope.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Cutover in the Saturday evening change window.');
    await page.keyboard.press('Tab');
    await saved();

    // A time the API cannot read is refused beside the field and stays typed; a good one saves.
    const start3 = labelled('Planned start of step 3');
    await start3.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Sept 14 17:15');
    await page.keyboard.press('Enter');
    await waitForText(fieldBox(`steps:${await steps().nth(2).getAttribute('data-row')}:planned_start`), 'YYYY-MM-DD HH:MM');
    expect(await start3.inputValue()).toBe('Sept 14 17:15');
    await waitForText(page.getByTestId('plan-save-indicator'), 'Not saved: The planned start of step 3');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-09-14 17:20');
    await page.keyboard.press('Enter');
    await saved();
    expect(await fieldBox(`steps:${await steps().nth(2).getAttribute('data-row')}:planned_start`).textContent()).not.toContain('Not saved');

    // A duration that is not whole minutes is refused with the API's words; 40 saves.
    const duration2 = labelled('Duration of step 2 in minutes');
    await duration2.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('half an hour');
    await page.keyboard.press('Enter');
    await waitForText(fieldBox(`steps:${await steps().nth(1).getAttribute('data-row')}:duration_minutes`), 'Expected a number of minutes');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('40');
    await page.keyboard.press('Enter');
    await saved();

    // Reorder: Alt+↑ in step 5 moves it above step 4, and the focus stays with it.
    const title5 = labelled('Title of step 5');
    await title5.focus();
    await page.keyboard.press('Alt+ArrowUp');
    await saved();
    let order = await stepTitles();
    expect(order[3]).toBe(original[4]);
    expect(order[4]).toBe(original[3]);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute('aria-label'))).toBe('Title of step 4');
    // And with a button: the last step moves up one.
    await page.getByRole('button', { name: `Move step 10 “${original[9]}” up` }).click();
    await saved();
    order = await stepTitles();
    expect(order[8]).toBe(original[9]);
    expect(order[9]).toBe(original[8]);
    const moves = sent.filter((s) => s.name === 'deploymentPlan.item.move');
    expect(moves).toHaveLength(2);

    // A new step by keyboard goes last; a removed one asks first.
    await labelled('New cutover step').focus();
    await page.keyboard.type('Send the go-live message to the partner’s users');
    await page.keyboard.press('Enter');
    await waitForCount(steps(), (n) => n === 11, 'eleven steps');
    expect((await stepTitles())[10]).toBe('Send the go-live message to the partner’s users');
    await page.getByRole('button', { name: `Remove step 10 “${original[8]}”` }).click();
    await page.getByRole('button', { name: `Remove step 10 “${original[8]}”` }).click();
    await waitForCount(steps(), (n) => n === 10, 'ten steps after the removal');

    // The checklist: Space ticks an item; the count follows.
    await page.getByRole('checkbox', { name: 'Rollback plan reviewed with all parties' }).focus();
    await page.keyboard.press('Space');
    await waitForText(page.getByTestId('plan-checklist-count'), '1 of 10 done');
    await saved();

    // A RACI letter and an environment's readiness.
    const raciCell = labelled('Conformance and Integration Services (CIS) on Rollback decision');
    expect(await raciCell.inputValue()).toBe('');
    await raciCell.focus();
    await page.keyboard.press('c');
    await page.getByRole('checkbox', { name: 'SSL certificates in place for HP1 Health Production' }).focus();
    await page.keyboard.press('Space');
    await saved();

    // Hypercare cannot end before it starts: the API's reason shows beside the end date.
    const hypercareEnd = labelled('Hypercare end');
    await hypercareEnd.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-09-01');
    await page.keyboard.press('Tab');
    await waitForText(fieldBox('plan:hypercare_end'), 'Hypercare cannot end (2026-09-01) before it starts (2026-09-14)');
    // Each section as a lead sees it, in a window tall enough to hold it.
    await page.setViewportSize({ width: 1440, height: 2400 });
    for (const id of ['environments', 'cutover', 'checklist', 'communications', 'contacts', 'support', 'rollback']) {
      await page.locator(`#plan-${id}`).screenshot({ path: path.join(SCREENSHOT_DIR, `deployment-plan-${id}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await hypercareEnd.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-10-09');
    await page.keyboard.press('Tab');
    await saved();

    // Every change went through the plan's field-level operations.
    expect(sent.filter((s) => s.name === 'deploymentPlan.update').every((s) => Object.keys((s.input as { changes: object }).changes).length === 1)).toBe(true);

    // A save the engine cannot make stays typed, with the reason; leaving asks first; Try again saves it.
    await page.route('**/api/deploymentPlan.update', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'The data folder is read-only' } }) }),
    );
    const escalation = labelled('Escalation path');
    await escalation.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nLevel 4: the ADM, Health Sector IM/IT.');
    await page.keyboard.press('Tab');
    await waitForText(page.getByTestId('plan-save-indicator'), 'Not saved: The escalation path: The data folder is read-only');
    await waitForText(fieldBox('plan:escalation'), 'Not saved: The data folder is read-only. What you typed stays here.');
    const leaveQuestion = page.getByRole('dialog', { name: 'Leave this screen?' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
    await waitForText(leaveQuestion, `Leave ${reference}? 1 deployment-plan field not saved yet will be lost.`);
    await page.keyboard.press('Escape');
    await leaveQuestion.waitFor({ state: 'detached' });
    expect(await escalation.inputValue()).toContain('Level 4: the ADM, Health Sector IM/IT.');
    await page.unroute('**/api/deploymentPlan.update');
    await page.getByRole('button', { name: 'Try again' }).click();
    await saved();
    expect(await fieldBox('plan:escalation').textContent()).not.toContain('Not saved');

    // A reload finds it all again.
    const expected = await stepTitles();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await openPlan();
    expect(await stepTitles()).toEqual(expected);
    expect(await labelled('Scope').inputValue()).toContain('Cutover in the Saturday evening change window.');
    expect(await labelled('Planned start of step 3').inputValue()).toBe('2026-09-14 17:20');
    expect(await labelled('Duration of step 2 in minutes').inputValue()).toBe('40');
    expect(await page.getByRole('checkbox', { name: 'Rollback plan reviewed with all parties' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'SSL certificates in place for HP1 Health Production' }).isChecked()).toBe(true);
    expect(await labelled('Hypercare end').inputValue()).toBe('2026-10-09');
    expect(await labelled('Escalation path').inputValue()).toContain('Level 4: the ADM, Health Sector IM/IT.');
    await waitForText(page.getByTestId('plan-checklist-count'), '1 of 10 done');
    expect(await labelled('Conformance and Integration Services (CIS) on Rollback decision').inputValue()).toBe('C');

    // The History names each change in words.
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.locator('.history-table');
    await waitForText(history, /Cutover step “Add the partner's IP addresses[^”]*” — positionearlier place→new place/);
    await waitForText(history, 'Go-live checklist “Rollback plan reviewed with all parties” — done on');
    await waitForText(history, 'Deployment plan — started');
    await waitForText(history, 'Deployment plan — Hypercare end');
    await waitForText(history, 'HP1 Health Production readiness — SSL certificates in place on');
    await waitForText(history, 'RACI “Rollback decision” — Conformance and Integration Services (CIS)empty→C (Consulted)');
    await screenshot(page, 'deployment-plan-history');

    // Starting from the template is one line with its count, closed; Tab reaches its button and Enter opens it.
    const started = page.getByRole('button', { name: /^Deployment plan started from the template \(\d{3,} values\)$/ });
    expect(await started.getAttribute('aria-expanded')).toBe('false');
    const startedRow = history.locator('tr', { hasText: 'Deployment plan — started' });
    expect(await startedRow.isVisible()).toBe(false);
    await page.getByRole('tab', { name: 'History' }).focus();
    for (let i = 0; i < 60 && !(await started.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await started.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await started.getAttribute('aria-expanded')).toBe('true');
    await startedRow.waitFor({ state: 'visible' });
    expect(await page.locator(`#${await started.getAttribute('aria-controls')}`).locator('tr').count()).toBeGreaterThan(100);
    await screenshot(page, 'history-grouped-open');
    await page.keyboard.press('Space');
    expect(await started.getAttribute('aria-expanded')).toBe('false');
    await startedRow.waitFor({ state: 'hidden' });

    // Only the plan's changes, by keyboard: every line left is about the plan.
    const planOnly = page.getByRole('checkbox', { name: 'Deployment plan' });
    await planOnly.focus();
    await page.keyboard.press('Space');
    await waitForText(page.locator('.history .card__subtitle'), /^\d+ entr(y|ies)/);
    await expect.poll(async () => (await history.locator('tbody.history-group').allTextContents()).some((line) => line.includes('Dossier created')), { timeout: 60_000 }).toBe(false);
    const lines = await history.locator('tbody.history-group').allTextContents();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => /Deployment plan|Cutover step|Go-live checklist|RACI|Communication|readiness/.test(line))).toBe(true);
    expect(lines.some((line) => line.includes('Dossier created'))).toBe(false);
    await screenshot(page, 'history-grouped-filtered');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForText(history, 'Dossier created');

    expect(problems).toEqual([]);
  });

  it('starts empty by keyboard; a plan started elsewhere meanwhile is shown as it is, with a notice', async () => {
    const create = async (organization: string) =>
      (await workbench.engine.handlers['dossier.create']({ fields: { 'organization.legal_name': organization, 'application.name': 'Clinic EMR' } })).reference;
    const emptyRef = await create('Stó:lō Service Agency');
    const elsewhereRef = await create('Tŝilhqot’in National Government Health');
    const openTab = async (organization: string, ref: string) => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
      await page.locator('.recent-list__item', { hasText: organization }).click();
      await waitForText(page.locator('.dossier-header__reference'), ref);
      await page.getByRole('tab', { name: 'Deployment plan' }).click();
      await page.getByRole('heading', { name: `Start the deployment plan of ${ref}` }).waitFor();
    };

    // Without a go-live target the preview gives times relative to it, and says why.
    await openTab('Stó:lō Service Agency', emptyRef);
    const preview = page.getByRole('region', { name: /What the template puts in/ });
    await waitForText(preview, 'The dossier has no go-live target yet');
    await waitForText(preview.locator('.plan-start__steps > li').first(), 'Go-live day −1, 14:00 · 30 min');
    const startEmpty = page.getByRole('button', { name: 'Start empty' });
    await startEmpty.focus();
    await page.keyboard.press('Space');
    await waitForText(page.locator('.plan__subtitle'), 'Started empty');
    await waitForText(page.getByTestId('plan-checklist-count'), '0 of 0 done');
    expect(await steps().count()).toBe(0);

    // Another device started this one while the tab showed it unstarted; a sync brought it in.
    await openTab('Tŝilhqot’in National Government Health', elsewhereRef);
    const elsewhere = await dispatch(workbench.engine.handlers, 'deploymentPlan.start', { id: elsewhereRef, from: 'empty' });
    expect(elsewhere.ok).toBe(true);
    await page.getByRole('button', { name: 'Start from the template' }).click();
    await waitForText(page.getByRole('status').filter({ hasText: 'The plan was already started' }), `The deployment plan of ${elsewhereRef} was already started empty on`);
    await waitForText(page.locator('.plan__subtitle'), 'Started empty');
    expect(await steps().count()).toBe(0);
    await screenshot(page, 'deployment-plan-started-elsewhere');
    expect(problems).toEqual([]);
  });
});
