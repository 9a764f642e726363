/**
 * The Conformance tab in the real UI against a real engine: a FHIR dossier's plan as a matrix, a
 * round started and worked by keyboard (P pass, F fail, N next, B block), evidence dropped onto a
 * case, a defect, a hand-written FHIR TestReport imported through review then apply, the CIS
 * approval signed, and the dashboard card.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ConformanceView } from '../../shared/conformance/model';
import { REPO } from '../support/cli';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForText } from './support/expectations';

const ORGANIZATION = 'Sḵwx̱wú7mesh Úxwumixw Health Services';

describe('the Conformance tab', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let reference: string;
  const view = () => workbench.engine.handlers['conformance.get']({ id: reference }) as ConformanceView;
  const statusOf = (caseId: string) => view().rounds.at(-1)!.results.find((r) => r.case_id === caseId)!.status;
  const waitFor = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    workbench = await startWorkbench({ actor: 'Chidi Okafor', profile: { name: 'Chidi Okafor', role: 'cis' } });
    const dossier = await workbench.engine.handlers['dossier.create']({
      fields: { 'organization.legal_name': ORGANIZATION, 'application.name': 'Clinic EMR', 'integration.standard': 'fhir', 'integration.transactions': ['find_candidates', 'get_demographics'] },
    });
    reference = dossier.reference;
    await workbench.engine.handlers['keys.init']({ role: 'cis', name: 'Chidi Okafor', force: false });
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  it('shows the plan, works a round by keyboard, takes dropped evidence, a defect, an imported TestReport and the CIS approval', async () => {
    await page.locator('.recent-list__item', { hasText: ORGANIZATION }).click();
    await waitForText(page.locator('.dossier-header__reference'), reference);
    await page.getByRole('tab', { name: 'Conformance' }).click();
    await waitForText(page.locator('.conformance-matrix'), 'Find Candidates');
    expect(await page.locator('.conformance-matrix tbody tr').count()).toBe(2);
    await waitForText(page.locator('.conformance-gate'), 'No conformance test round has been run in HT2');

    await page.getByLabel('Partner tester').fill('Amrit Dhillon');
    await page.getByRole('button', { name: 'Start round 1' }).click();
    await waitForText(page.locator('#round-heading'), 'Round 1 in HT2');

    // Keyboard: focus the first case, then P, F, N, B.
    await page.locator('.round-case').first().click();
    await page.keyboard.press('p');
    await waitFor(() => statusOf('FC-01') === 'passed', 'FC-01 passed');
    await waitForText(page.locator('.round-case--current'), 'FC-02');
    await page.keyboard.press('f');
    await waitFor(() => statusOf('FC-02') === 'failed', 'FC-02 failed');
    await waitForText(page.locator('.round-case--current'), 'FC-03');
    await page.keyboard.press('n');
    await waitForText(page.locator('.round-case--current'), 'FC-04');
    await page.keyboard.press('b');
    await waitFor(() => statusOf('FC-04') === 'blocked', 'FC-04 blocked');
    await waitForText(page.locator('.round-case--current'), 'FC-05');
    await page.keyboard.press('k');
    await waitForText(page.locator('.round-case--current'), 'FC-04');
    expect(statusOf('FC-03')).toBe('not_run');

    // Evidence by drop onto the case.
    const transfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['{"resourceType":"Bundle","type":"searchset"}'], 'fc04-response.json', { type: 'application/json' }));
      return dt;
    });
    await page.dispatchEvent('.round-view__case', 'drop', { dataTransfer: transfer });
    await waitForText(page.locator('.evidence-drop__list'), 'fc04-response.json');
    expect(view().rounds[0]!.results.find((r) => r.case_id === 'FC-04')!.evidence[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

    // A defect.
    await page.locator('.conformance-defects__add select').first().selectOption('FC-02');
    await page.locator('.conformance-defects__add').getByLabel('Description').fill('Score missing for the second candidate');
    await page.getByRole('button', { name: 'Record defect' }).click();
    await waitForText(page.locator('.conformance-defects'), 'D-1');

    // Import a TestReport: review, map the unmatched test, apply.
    await page.locator('.conformance-import input[type=file]').setInputFiles(path.join(REPO, 'test/fixtures/conformance/testreport-r4.json'));
    // The report is read in the isolated worker, which may take a while to start on a loaded machine.
    await waitForText(page.locator('.conformance-import__review, .conformance-import [role=alert]'), /FHIR TestReport|\S/, 90_000);
    await waitForText(page.locator('.conformance-import__review'), 'FHIR TestReport', 1_000);
    expect(statusOf('GD-02')).toBe('not_run'); // nothing written while reviewing
    await page.getByLabel('Case for test Partner-specific smoke test').selectOption('FC-06');
    await waitForText(page.locator('.conformance-import__review'), 'results would change', 60_000);
    await screenshot(page, 'conformance-import-review');
    await page.getByRole('button', { name: /^Apply \d+ results$/ }).click();
    await waitForText(page.locator('.conformance-import'), 'results recorded; the report is kept as evidence', 60_000);
    expect(statusOf('GD-02')).toBe('failed');
    expect(statusOf('FC-06')).toBe('passed');

    // The CIS approval, signed with the CIS key.
    await page.getByLabel('Approved with conditions').check();
    await page.getByRole('button', { name: 'Sign and record the decision' }).click();
    await waitForText(page.locator('.conformance-error[role=alert]'), 'needs the conditions');
    await page.locator('.conformance-approval').getByLabel('Conditions (required)').fill('Retest FC-02 and GD-02 in round 2');
    await page.getByRole('button', { name: 'Sign and record the decision' }).click();
    await waitForText(page.locator('.conformance-approval__list'), 'Approved with conditions');
    await waitForText(page.locator('.conformance-approval__list'), 'Signature valid');
    await screenshot(page, 'conformance-tab');

    // The dashboard card.
    await page.getByRole('link', { name: 'Dashboard' }).or(page.getByRole('button', { name: 'Dashboard' })).first().click();
    await waitForText(page.locator('.conformance-card'), '1 in testing');
    await waitForText(page.locator('.conformance-card'), reference);
    await screenshot(page, 'conformance-dashboard-card');
    expect(problems).toEqual([]);
  });
});
