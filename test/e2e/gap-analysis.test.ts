/**
 * The Volume 2 gap analysis in the real UI against a real engine: answer and assess a whole
 * section with the keyboard only, watch the section's progress and the compliance chart move,
 * rate the gap that opened and find it on the heat map, filter to the gaps, reload and find
 * everything saved, then follow the dashboard's high-risk card back to the register.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

const ORGANIZATION = 'Nisg̱a’a Valley Health Authority';

/** Keys pressed for the six questions of the first section: partner response, then assessment. */
const GOVERNANCE: { id: string; response: string }[] = [
  { id: 'governance.privacy-officer', response: '1' },
  { id: 'governance.security-officer', response: '1' },
  { id: 'governance.policies', response: '3' },
  { id: 'governance.pia', response: '1' },
  { id: 'governance.stra', response: '2' },
  { id: 'governance.agreements', response: '1' },
];

describe('the gap analysis of a dossier', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let reference: string;

  beforeAll(async () => {
    workbench = await startWorkbench({ actor: 'Élise Tremblay' });
    const dossier = await workbench.engine.handlers['dossier.create']({
      fields: { 'organization.legal_name': ORGANIZATION, 'application.name': 'Valley Community EMR' },
    });
    reference = dossier.reference;
    // Partner answers come after CIS provided the questionnaire, which follows the kick-off.
    await workbench.engine.handlers['activity.update']({ id: dossier.id, activity: 'kickoff', changes: { status: 'done' } });
    await workbench.engine.handlers['questionnaire.provide']({ id: dossier.id });
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const sectionNav = (id: string) => page.locator(`.section-nav__item[data-section="${id}"]`);
  const card = () => page.locator('.question-card');
  const chartRow = (id: string) => page.locator(`.compliance-chart__row[data-section="${id}"]`);
  const view = (name: string) => page.getByRole('group', { name: 'View' }).getByRole('button', { name });
  const saved = () => waitForText(page.getByTestId('save-indicator'), /^\s*✓\s*Saved/);
  const openDossierGaps = async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
    await page.locator('.recent-list__item', { hasText: ORGANIZATION }).click();
    await waitForText(page.locator('.dossier-header__reference'), reference);
    await page.getByRole('tab', { name: 'Gap analysis' }).click();
    await card().waitFor();
  };

  it('answers and assesses a section by keyboard, rates the gap, filters, and keeps it all after a reload', async () => {
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.locator('.recent-list__item', { hasText: ORGANIZATION }).click();
    await waitForText(page.locator('.dossier-header__reference'), reference);
    await waitForText(page.getByTestId('gap-summary'), 'Not started');

    // Keyboard from the tab list: the arrow keys reach the Gap analysis tab.
    await page.getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Gap analysis' }).getAttribute('aria-selected')).toBe('true');
    await waitForText(card(), 'A named individual is designated as accountable for the privacy');
    expect(await sectionNav('governance').getByTestId('section-progress').textContent()).toBe('0/6');
    await waitForText(page.locator('.shortcut-legend'), 'Reviewer assessment');

    // The chart starts empty.
    await view('Results & gap register').click();
    expect(await chartRow('governance').getAttribute('data-score')).toBe('');
    await waitForText(chartRow('governance'), 'Not assessed');
    await view('One at a time').click();

    // A whole section by keyboard only: 1–4 for the partner, Shift+1–4 for the reviewer, J for next.
    const answers: unknown[] = [];
    page.on('request', (request) => {
      if (/\/api\/questionnaire\.(answer|assess)$/.test(request.url())) answers.push(request.postDataJSON());
    });
    for (const [i, question] of GOVERNANCE.entries()) {
      expect(await card().getAttribute('data-question')).toBe(question.id);
      await page.keyboard.press(question.response);
      await page.keyboard.press(`Shift+Digit${question.response}`);
      expect(await card().getByRole('radiogroup', { name: 'Partner response' }).getByRole('radio', { checked: true }).count()).toBe(1);
      if (i === 2) {
        // The comment box takes the typing; Esc leaves it (and saves), the keys answer again.
        await card().getByLabel('Partner comment').focus();
        await page.keyboard.type('Policies are drafted; board approval is scheduled for Q3.');
        await page.keyboard.press('Escape');
        expect(await page.evaluate(() => document.activeElement?.classList.contains('question-card'))).toBe(true);
        await waitForText(card().locator('.gap-callout'), 'Gap open');
      }
      await page.keyboard.press('j');
    }
    // Past the last question of the section, J moves on to the next section.
    await waitForText(page.locator('.question-view__section'), 'Collection, use, disclosure and purpose limitation');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('question-card'))).toBe(true);
    await saved();
    expect(answers.filter((a) => (a as { response?: string }).response !== undefined)).toHaveLength(6);
    expect(answers.filter((a) => (a as { assessment?: string }).assessment !== undefined)).toHaveLength(6);

    // Evidence on the first question: a reference, then a small file; a large one is refused here.
    await sectionNav('governance').click();
    expect(await card().getAttribute('data-question')).toBe('governance.privacy-officer');
    const evidence = card().locator('.evidence');
    await evidence.getByLabel('Reference').fill('Delegation letter, Privacy Office SharePoint');
    await evidence.getByRole('button', { name: 'Add reference' }).click();
    await waitForText(evidence.locator('.evidence__list'), 'Delegation letter, Privacy Office SharePoint');
    const fileInput = page.getByTestId('evidence-file-governance.privacy-officer');
    await fileInput.setInputFiles({ name: 'privacy-officer-delegation.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 delegation') });
    await waitForText(evidence.locator('.evidence__list'), 'privacy-officer-delegation.pdf');
    await fileInput.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(600 * 1024, 7) });
    await waitForText(evidence.getByRole('alert'), 'files up to 500 KB can be attached');
    expect(await evidence.locator('.evidence__item').count()).toBe(2);

    // A comment the engine refuses stays in its box, with the reason; it saves once retried.
    await page.route('**/api/questionnaire.assess', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'The data folder is read-only' } }) }),
    );
    const reviewerComment = card().getByLabel('Reviewer comment');
    await reviewerComment.fill('Delegation letter seen, signed by the CEO.');
    await reviewerComment.press('Escape');
    await waitForText(page.getByTestId('save-indicator'), 'Not saved: the reviewer comment on question 1.1: The data folder is read-only');
    await waitForText(card().locator('[data-comment="reviewer_comment"]'), 'Not saved: The data folder is read-only. What you typed stays here');
    expect(await reviewerComment.inputValue()).toBe('Delegation letter seen, signed by the CEO.');
    await page.unroute('**/api/questionnaire.assess');
    await page.getByRole('button', { name: 'Try again' }).click();
    await saved();
    expect(await card().locator('[data-comment="reviewer_comment"]').textContent()).not.toContain('Not saved');
    // A taller window shows the whole question: answers, comments, evidence and the key legend.
    await page.setViewportSize({ width: 1440, height: 1500 });
    await screenshot(page, 'gap-analysis-question');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The section's progress and the overall completion follow.
    await waitForText(sectionNav('governance').getByTestId('section-progress'), '6/6');
    await waitForText(sectionNav('governance'), '✓');
    expect(await page.getByTestId('overall-completion').textContent()).not.toBe('0%');
    await waitForText(page.getByTestId('gap-summary'), '%');

    // Table view: one row per question.
    await view('Table').click();
    const rows = page.locator('.question-table tbody tr[data-question]');
    await waitForCount(rows, (n) => n > 90, 'every question');
    await waitForText(page.locator('.question-table tr[data-question="governance.policies"]'), 'Not compliant');
    await waitForText(page.locator('.question-table tr[data-question="hosting.provider-regions"]'), 'Does not apply');
    await screenshot(page, 'gap-analysis-table');

    // A question that does not apply opens collapsed, with the reason.
    await page.locator('.question-table tr[data-question="hosting.provider-regions"]').click();
    await waitForText(card(), 'Does not apply to this partner');
    // Questions named by their number, as people cite them; the id only for reviewers, on hover.
    await waitForText(card(), 'Applies when question 8.1 is answered other than Not applicable; it is not answered yet.');
    await waitForText(card().locator('.question-card__id'), 'Question 8.2');
    expect(await card().locator('.question-card__id').getAttribute('title')).toBe('Question id hosting.provider-regions');
    expect(await card().getByRole('radiogroup').count()).toBe(0);
    await view('Table').click();

    // The compliance chart: 4 compliant, 1 partially and 1 not compliant make 75%.
    await view('Results & gap register').click();
    await waitForText(chartRow('governance'), '75%');
    expect(await chartRow('governance').getAttribute('data-score')).toBe('75');
    expect(Number(await chartRow('governance').locator('.compliance-chart__fill').getAttribute('width'))).toBe(75);
    await waitForText(page.getByTestId('unrated-gaps'), '2 open gaps not rated yet');
    expect(await page.locator('.heat-map__cell[data-likelihood="4"][data-impact="5"]').getAttribute('data-count')).toBe('0');

    // Rate the not-compliant gap in the register: likelihood 4 × impact 5 is critical.
    const gapRow = page.locator('.gap-row[data-gap="governance.policies"]');
    await gapRow.getByRole('button', { name: 'Edit the gap on question 1.3' }).click();
    const editor = page.getByRole('form', { name: 'Edit the gap on question 1.3' });
    const pick = async (label: string, option: string) => {
      await editor.locator(`[data-gap-field="${label}"] button`).click();
      await page.getByRole('option', { name: option }).click();
    };
    await pick('likelihood', '4 — Likely');
    await pick('impact', '5 — Severe');
    await waitForText(editor.locator('.gap-editor__rating'), 'Critical');
    await editor.getByLabel('Owner').fill('Harpreet Sandhu');
    // Typed the way people write dates; saved as 2020-01-31, so overdue.
    await editor.getByLabel(/^Due date/).fill('Jan 31, 2020');
    await editor.getByLabel('Remediation plan').fill('Board to approve the privacy and security policies.');
    await editor.getByRole('button', { name: 'Save gap' }).click();
    await waitForText(gapRow.locator('.risk-badge'), 'Critical');
    await waitForText(gapRow, 'Overdue');
    await waitForText(page.locator('.heat-map__cell[data-likelihood="4"][data-impact="5"]'), '1');
    expect(await page.locator('.heat-map__cell[data-likelihood="4"][data-impact="5"]').getAttribute('data-count')).toBe('1');
    await waitForText(page.getByTestId('unrated-gaps'), '1 open gap not rated yet');

    // Accepting a risk: the acceptor is the profile (shown, not typed); a justification and an expiry
    // are needed, and the form says so before sending anything. The acceptance is signed with the key.
    const partialRow = page.locator('.gap-row[data-gap="governance.stra"]');
    await partialRow.getByRole('button', { name: 'Edit the gap on question 1.5' }).click();
    const partial = page.getByRole('form', { name: 'Edit the gap on question 1.5' });
    for (const [label, option] of [['likelihood', '2 — Unlikely'], ['impact', '3 — Moderate'], ['status', 'Risk accepted']] as const) {
      await partial.locator(`[data-gap-field="${label}"] button`).click();
      await page.getByRole('option', { name: option }).click();
    }
    await waitForText(partial.getByTestId('acceptor'), 'Élise Tremblay, MoH Health Registries manager');
    await partial.getByRole('button', { name: 'Save gap' }).click();
    await waitForText(partial.locator('[data-gap-field="acceptance_justification"]'), 'Why the risk is acceptable is required');
    await waitForText(partial.locator('[data-gap-field="acceptance_expires"]'), 'The date the acceptance ends is required');
    await partial.getByLabel('Justification').fill('The board approves the strategy in Q3; the draft is followed meanwhile.');
    await partial.getByLabel('Conditions (optional)').fill('Board approval recorded by September 30.');
    await partial.getByLabel(/^Expires on/).fill('June 30, 2099');
    await partial.evaluate((form) => form.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'gap-risk-acceptance');
    // No signing key yet: the refusal says how to make one.
    await partial.getByRole('button', { name: 'Save gap' }).click();
    await waitForText(partial.getByRole('alert'), 'you have no signing key yet');
    await workbench.engine.handlers['keys.init']({ force: false });
    await partial.getByRole('button', { name: 'Save gap' }).click();
    await waitForText(partialRow, 'Risk accepted');
    await waitForText(partialRow, 'by Élise Tremblay, MoH Health Registries manager');
    await waitForText(partialRow.getByTestId('acceptance'), 'Signature verifies, key trusted.');
    await waitForText(partialRow.getByTestId('acceptance'), 'Justification: The board approves the strategy');
    // Anyone but the manager is told up front that a critical risk is not theirs to accept.
    await workbench.engine.handlers['profile.set']({ name: 'Mei Chen', role: 'cgi_business_support_lead' });
    await gapRow.getByRole('button', { name: 'Edit the gap on question 1.3' }).click();
    const critical = page.getByRole('form', { name: 'Edit the gap on question 1.3' });
    await critical.locator('[data-gap-field="status"] button').click();
    await page.getByRole('option', { name: 'Risk accepted' }).click();
    await waitForText(critical.getByTestId('acceptance-refusal'), 'Only the MoH Health Registries manager accepts a critical risk');
    // Opening another gap while this one has changes asks first, in the workbench's dialog; Escape keeps editing.
    await partialRow.getByRole('button', { name: 'Edit the gap on question 1.5' }).click();
    const discard = page.getByRole('dialog', { name: 'Discard your changes?' });
    await waitForText(discard, 'Discard the changes to the gap being edited?');
    await page.keyboard.press('Escape');
    await discard.waitFor({ state: 'detached' });
    expect(await critical.count()).toBe(1);
    await critical.getByRole('button', { name: 'Cancel' }).click();
    await critical.waitFor({ state: 'detached' });
    await workbench.engine.handlers['profile.set']({ name: 'Élise Tremblay', role: 'moh_registries_manager' });
    // A taller window shows the chart, the heat map and both rows of the register together.
    await page.setViewportSize({ width: 1440, height: 1100 });
    await page.locator('.gap-results').evaluate((results) => results.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'gap-analysis-register');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The "gaps" filter leaves the one open gap.
    await view('Table').click();
    await page.getByRole('group', { name: 'Filter questions' }).getByRole('button', { name: /^Gaps/ }).click();
    await waitForCount(rows, (n) => n === 1, 'one open gap');
    expect(await rows.first().getAttribute('data-question')).toBe('governance.policies');
    await waitForText(sectionNav('governance'), '1 match');

    // Everything was saved as it went: a reload finds it again.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await openDossierGaps();
    await waitForText(sectionNav('governance').getByTestId('section-progress'), '6/6');
    await sectionNav('governance').click();
    for (let i = 0; i < 2; i++) await page.keyboard.press('j');
    expect(await card().getAttribute('data-question')).toBe('governance.policies');
    expect(await card().getByLabel('Partner comment').inputValue()).toBe('Policies are drafted; board approval is scheduled for Q3.');
    expect(await card().getByRole('radiogroup', { name: 'Reviewer assessment' }).getByRole('radio', { checked: true }).getAttribute('value')).toBe('not_compliant');
    await waitForText(page.getByTestId('gap-summary'), '1 high/critical');

    // The dashboard lists the partner under high-risk gaps; the card opens its register.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
    const atRisk = page.locator('.at-risk__item', { hasText: ORGANIZATION });
    await waitForText(atRisk, '1 critical');
    await screenshot(page, 'gap-analysis-dashboard');
    await atRisk.click();
    await waitForText(page.locator('.dossier-header__reference'), reference);
    expect(await page.getByRole('tab', { name: 'Gap analysis' }).getAttribute('aria-selected')).toBe('true');
    await waitForText(page.locator('.gap-row[data-gap="governance.policies"]'), 'Critical');

    expect(problems).toEqual([]);
  });
});

describe('a gap analysis moved to a newer questionnaire version', () => {
  const TEMPLATE = path.resolve(import.meta.dirname, '../../templates/questionnaires/privacy-security-volume2/v1.json');
  let templatesDir: string;
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let dossierId: string;

  beforeAll(async () => {
    // A templates folder of our own, so that a version 2 can appear while the dossier answers version 1.
    templatesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcr-workbench-templates-'));
    const folder = path.join(templatesDir, 'questionnaires', 'privacy-security-volume2');
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(TEMPLATE, path.join(folder, 'v1.json'));
    workbench = await startWorkbench({ templatesDir });
    const dossier = await workbench.engine.handlers['dossier.create']({
      fields: { 'organization.legal_name': 'Kootenay Family Practice Network', 'application.name': 'Clinic EMR' },
    });
    dossierId = dossier.id;
    await workbench.engine.handlers['activity.update']({ id: dossierId, activity: 'kickoff', changes: { status: 'done' } });
    await workbench.engine.handlers['questionnaire.provide']({ id: dossierId });
    const answer = workbench.engine.handlers['questionnaire.answer'];
    const assess = workbench.engine.handlers['questionnaire.assess'];
    await answer({ id: dossierId, question: 'governance.privacy-officer', response: 'compliant' });
    await assess({ id: dossierId, question: 'governance.privacy-officer', assessment: 'compliant' });
    await answer({ id: dossierId, question: 'governance.security-officer', response: 'compliant' });
    await answer({ id: dossierId, question: 'governance.agreements', response: 'partially_compliant', comment: 'Information-sharing agreement in signature.' });

    // Version 2: one question reworded, one removed, one added.
    const v1 = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8')) as {
      version: number;
      sections: { id: string; questions: { id: string; text: string; guidance: string; reference: string; evidenceExpected: boolean }[] }[];
    };
    const governance = v1.sections.find((s) => s.id === 'governance')!;
    governance.questions = governance.questions
      .filter((q) => q.id !== 'governance.agreements')
      .map((q) => (q.id === 'governance.privacy-officer' ? { ...q, text: `${q.text} The designation is reviewed every year.` } : q));
    governance.questions.push({
      id: 'governance.annual-attestation',
      text: 'The organization attests every year that the privacy and security controls described here are still in place.',
      guidance: 'Look for the signed attestation of the last twelve months.',
      reference: 'Conformance Standards Volume 2',
      evidenceExpected: true,
    });
    fs.writeFileSync(path.join(folder, 'v2.json'), JSON.stringify({ ...v1, version: 2 }, null, 2));

    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
    if (templatesDir) fs.rmSync(templatesDir, { recursive: true, force: true });
  });

  it('offers the upgrade, reports what moved, and keeps answers to removed questions apart', async () => {
    await page.locator('.recent-list__item', { hasText: 'Kootenay Family Practice Network' }).click();
    await page.getByRole('tab', { name: 'Gap analysis' }).click();
    const banner = page.getByRole('note').filter({ hasText: 'Version 2 of the questionnaire is available' });
    await waitForText(banner, 'This gap analysis answers version 1.');
    await banner.getByRole('button', { name: 'Upgrade to version 2' }).click();

    const report = page.getByRole('status').filter({ hasText: 'Moved from version 1 to version 2' });
    await waitForText(report, '1 changed question to answer again (governance.privacy-officer)');
    await waitForText(report, '1 new question');
    await waitForText(report, '1 question no longer asked');
    expect(await page.getByText('Version 2 of the questionnaire is available').count()).toBe(0);
    await waitForText(page.locator('.gap-analysis__subtitle'), 'Version 2');

    // The reworded question starts again; the new one is there; the kept answer stays.
    await page.locator('.section-nav__item[data-section="governance"]').click();
    const card = page.locator('.question-card');
    expect(await card.getAttribute('data-question')).toBe('governance.privacy-officer');
    await waitForText(card, 'The designation is reviewed every year.');
    expect(await card.getByRole('radio', { checked: true }).count()).toBe(0);
    await page.keyboard.press('j');
    expect(await card.getAttribute('data-question')).toBe('governance.security-officer');
    expect(await card.getByRole('radiogroup', { name: 'Partner response' }).getByRole('radio', { checked: true }).getAttribute('value')).toBe('compliant');
    expect(await page.locator('.question-strip li').count()).toBe(6);

    // Answers to the removed question are kept apart, collapsed until asked for.
    const retired = page.locator('details.retired');
    await waitForText(retired.locator('summary'), 'Answers to questions no longer asked');
    await retired.locator('summary').click();
    await waitForText(retired.locator('tr', { hasText: 'governance.agreements' }), 'Information-sharing agreement in signature.');
    await page.locator('main').evaluate((main) => main.scrollTo({ top: 0 }));
    await screenshot(page, 'gap-analysis-upgraded');

    // A conditional question comes into play once the question it depends on is answered.
    const hosting = page.locator('.section-nav__item[data-section="hosting"]');
    expect(await hosting.getByTestId('section-progress').textContent()).toBe('0/1');
    await hosting.click();
    expect(await card.getAttribute('data-question')).toBe('hosting.third-party-hosted');
    await page.keyboard.press('1');
    await waitForText(hosting.getByTestId('section-progress'), '0/5');

    expect(problems).toEqual([]);
  });
});

describe('the phase gate of a dossier in Implementation', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let reference: string;
  let blockingBefore = 0;

  beforeAll(async () => {
    workbench = await startWorkbench({ seed: 12 });
    const { rows } = await workbench.engine.handlers['dossier.list']({ phase: 'implementation', sort: 'reference', direction: 'asc', offset: 0, limit: 1 });
    reference = rows[0]!.reference;
    // Demo dossiers in Implementation carry realistic gaps; some may already block the gate.
    blockingBefore = (await workbench.engine.handlers['questionnaire.get']({ id: reference })).rollup.blocking_gaps.length;
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  it('names the gap analysis among the reasons, leads to it, and follows a new blocking gap', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dossiers' }).click();
    await page.getByRole('searchbox', { name: 'Search dossiers' }).fill(reference);
    const row = page.locator('.dossier-table__body [role="row"]', { hasText: reference });
    await waitForCount(row, (n) => n === 1, 'the dossier');
    await row.click();
    await waitForText(page.locator('.dossier-header__reference'), reference);
    await page.getByRole('tab', { name: 'Process' }).click();
    const gate = page.locator('.gate');
    await waitForText(gate, 'The Volume 2 gap analysis is not complete');

    await gate.getByRole('button', { name: 'Open the gap analysis' }).click();
    expect(await page.getByRole('tab', { name: 'Gap analysis' }).getAttribute('aria-selected')).toBe('true');
    const card = page.locator('.question-card');
    await card.waitFor();
    const question = (await card.getAttribute('data-question')) ?? '';
    const number = ((await card.locator('.question-card__id').textContent()) ?? '').replace('Question ', '');
    await page.keyboard.press('3');
    await page.keyboard.press('Shift+Digit3');
    await card.getByRole('button', { name: 'Rate it in the gap register' }).click();
    const editor = page.getByRole('form', { name: `Edit the gap on question ${number}` });
    for (const [field, option] of [
      ['likelihood', '5 — Almost certain'],
      ['impact', '5 — Severe'],
    ] as const) {
      await editor.locator(`[data-gap-field="${field}"] button`).click();
      await page.getByRole('option', { name: option }).click();
    }
    await editor.getByRole('button', { name: 'Save gap' }).click();
    await waitForText(page.locator(`.gap-row[data-gap="${question}"] .risk-badge`), 'Critical');

    // Back on the Process tab, the gate has been read again and names the new gap.
    await page.getByRole('tab', { name: 'Process' }).click();
    await waitForText(gate, `Gap on question ${number} is rated critical and is open.`);
    await gate.getByRole('button', { name: 'Open the gap register' }).first().click();
    const blocking = blockingBefore + 1;
    await waitForText(page.locator('#gap-register-title'), `${blocking} ${blocking === 1 ? 'gap' : 'gaps'} blocking the phase gate`);

    expect(problems).toEqual([]);
  });
});
