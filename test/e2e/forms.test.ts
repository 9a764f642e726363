/**
 * Partner forms in the real UI against a real engine. In a dossier: save a pre-filled PCR
 * Onboarding Form as PDF from the Partner forms tab, fill it with pdf.js (not the library that
 * made it), drop it on the window, read the recognized form, each field's check (a refused e-mail,
 * a blank required field) and the difference against the dossier, keep the dossier's value for one
 * field by keyboard, apply, and find the dossier changed — but not that field nor the refused one.
 * A truncated PDF gives a message. Outside a dossier: save an empty Request for Integration as
 * DOCX, fill it by editing its XML, pick it, apply, and land on the dossier it created.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { fillDocx, fillPdfWithPdfjs } from '../unit/forms-fillers';
import { dropFile, launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

const ORGANIZATION = 'Sḵwx̱wú7mesh Úxwumixw Health Services';
const APPLICATION = 'ʔaq̓am Community Clinic EMR';

interface DossierView {
  id: string;
  reference: string;
  fields: Record<string, unknown>;
}

async function downloadedBytes(download: Download): Promise<Uint8Array> {
  return new Uint8Array(fs.readFileSync(await download.path()));
}

describe('partner forms in the UI', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let dossier: DossierView;

  beforeAll(async () => {
    workbench = await startWorkbench();
    dossier = (await workbench.engine.handlers['dossier.create']({
      fields: {
        'organization.legal_name': ORGANIZATION,
        'application.name': APPLICATION,
        'integration.type': 'active',
        'integration.standard': 'hl7v3',
        'contacts.technical_lead.name': 'Harpreet Sandhu',
        'contacts.technical_lead.email': 'harpreet@example.org',
      },
    })) as DossierView;
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const row = (key: string) => page.locator(`tr.field-row[data-field="${key}"]`);
  const getDossier = async (id: string) => (await workbench.engine.handlers['dossier.get']({ id })) as DossierView;

  it('imports a pre-filled PDF filled by pdf.js into its dossier, with a choice per field', async () => {
    await page.locator('.recent-list__item', { hasText: ORGANIZATION }).click();
    await waitForText(page.locator('.dossier-header__reference'), dossier.reference);
    await page.getByRole('tab', { name: 'Partner forms' }).click();
    await waitForCount(page.locator('.partner-form-card'), (n) => n === 3, 'three form cards');
    await screenshot(page, 'forms-dossier-tab', { fullPage: true });

    // A pre-filled PDF, saved from the UI.
    const card = page.locator('.partner-form-card[data-form="pcr-onboarding"]');
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Save pre-filled PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`pcr-onboarding-v1-${dossier.reference}.pdf`);
    const blank = await downloadedBytes(download);
    expect(Buffer.from(blank.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    await waitForText(card.locator('.partner-form-card__saved'), `Saved ${download.suggestedFilename()}`);

    // The partner fills it in another tool: a new standard, a new technical lead, an e-mail
    // address that is not one, and no signature.
    const filled = await fillPdfWithPdfjs(blank, {
      source_code: 'SKWX',
      integration_standard: 'FHIR',
      environments__HT2: true,
      environments__HP1: true,
      source_ips: '142.34.0.0/16\n10.1.2.3',
      tech_name: 'Ava Chen',
      tech_email: 'ava.chen at example.org',
      completed_by_name: 'Ava Chen',
      signature_date: '2026-04-01',
    });

    await dropFile(page, page.locator('#import-wizard-title'), { name: 'onboarding-filled.pdf', type: 'application/pdf', bytes: filled });
    const inspection = page.getByTestId('form-inspection');
    await inspection.waitFor();
    // Recognized: the form, its version, the file, the dossier it was made for.
    await waitForText(page.getByTestId('inspection-form'), 'pcr-onboarding, version 1');
    await waitForText(page.getByTestId('inspection-file'), 'onboarding-filled.pdf · PDF');
    await waitForText(page.getByTestId('inspection-dossier'), dossier.reference);
    await waitForText(inspection.locator('.inspection__title'), 'Recognized: Provincial Client Registry Onboarding Form');
    // The heading takes the focus, so the keyboard continues from the review.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Recognized');

    // Every field with its value and check; the refused e-mail and the blank signature are marked.
    expect(await page.locator('tr.field-row').count()).toBeGreaterThan(30);
    await waitForText(row('source_code'), 'SKWX');
    expect(await row('source_code').getAttribute('data-state')).toBe('taken');
    await waitForText(row('source_code').locator('.field-row__check'), 'Valid');
    expect(await row('tech_email').getAttribute('data-state')).toBe('invalid');
    await waitForText(row('tech_email').locator('.field-row__check'), 'Invalid');
    await waitForText(row('tech_email').locator('.field-row__raw'), 'ava.chen at example.org');
    await waitForText(row('tech_email').locator('.field-row__choice'), 'Dossier value kept');
    await waitForText(page.getByTestId('inspection-problems'), /e-mail/i);
    expect(await row('signature').getAttribute('data-state')).toBe('missing');
    await waitForText(page.getByTestId('inspection-missing'), 'Signature (type your full name)');

    // The difference field by field: the form's value beside the dossier's.
    await waitForText(row('integration_standard').locator('td').nth(0), 'FHIR');
    await waitForText(row('integration_standard').locator('.field-row__current'), 'HL7v3');
    await waitForText(row('tech_name').locator('.field-row__current'), 'Harpreet Sandhu');
    expect(await row('org_legal_name').getAttribute('data-state')).toBe('same');
    await screenshot(page, 'forms-review', { fullPage: false });

    // Only the differences, then keep the dossier's technical lead — by keyboard.
    await inspection.getByRole('radio', { name: /^Differences/ }).check();
    await waitForCount(page.locator('tr.field-row'), (n) => n > 3 && n < 15, 'only the differing rows');
    await row('tech_name').getByRole('radio', { name: 'Take form value' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await row('tech_name').getByRole('radio', { name: 'Keep dossier value' }).isChecked()).toBe(true);
    expect(await row('tech_name').getAttribute('data-state')).toBe('kept');
    // Select none, then all, and the choice for the one field again.
    await inspection.getByRole('button', { name: 'Keep all dossier values' }).click();
    await waitForText(inspection.getByRole('button', { name: /^Keep the file as evidence only$/ }), 'evidence');
    await inspection.getByRole('button', { name: 'Take all form values' }).click();
    await row('tech_name').getByRole('radio', { name: 'Keep dossier value' }).check();
    const differing = await page.locator('tr.field-row').count();
    // Choices made by hand are not dropped silently: leaving asks, and staying keeps them.
    const leaveQuestion = page.getByRole('dialog', { name: 'Leave this screen?' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard' }).click();
    await waitForText(leaveQuestion, 'Leave without applying onboarding-filled.pdf?');
    await leaveQuestion.getByRole('button', { name: 'Stay' }).click();
    await leaveQuestion.waitFor({ state: 'detached' });
    expect(await row('tech_name').getAttribute('data-state')).toBe('kept');
    await screenshot(page, 'forms-review-differences');

    const apply = inspection.getByRole('button', { name: `Apply ${differing - 1} changes` });
    await apply.focus();
    await page.keyboard.press('Enter');
    const result = page.getByTestId('form-apply-result');
    await result.waitFor();
    await waitForText(result.locator('.apply-result__title'), `Provincial Client Registry Onboarding Form applied to ${dossier.reference}`);
    await waitForText(page.getByTestId('apply-evidence'), `The original file onboarding-filled.pdf`);
    await waitForText(page.getByTestId('apply-evidence'), `is kept on ${dossier.reference} as evidence`);
    await waitForText(page.getByTestId('applied-fields').locator('tr[data-field="integration_standard"]'), 'FHIR');
    await waitForText(page.getByTestId('kept-fields'), 'Technical lead — name');
    await screenshot(page, 'forms-applied', { fullPage: true });

    const after = await getDossier(dossier.id);
    expect(after.fields['integration.standard']).toBe('fhir');
    expect(after.fields['integration.environments']).toEqual(['HP1', 'HT2']);
    // The deselected field and the refused one kept the dossier's values.
    expect(after.fields['contacts.technical_lead.name']).toBe('Harpreet Sandhu');
    expect(after.fields['contacts.technical_lead.email']).toBe('harpreet@example.org');
    // The evidence is on the dossier: the file by its hash.
    const sha = ((await page.getByTestId('apply-evidence').locator('code').getAttribute('title')) ?? '').trim();
    expect(fs.existsSync(`${workbench.dataDir}/attachments/${sha.slice(0, 2)}/${sha}`)).toBe(true);

    // A broken file: a clear message, and the wizard waits for another.
    await dropFile(page, page.locator('#import-wizard-title'), { name: 'truncated.pdf', type: 'application/pdf', bytes: filled.subarray(0, Math.floor(filled.length / 3)) });
    const error = page.getByTestId('form-import-error');
    await waitForText(error, 'truncated.pdf cannot be imported');
    const message = (await error.textContent()) ?? '';
    expect(message).toMatch(/PDF/);
    await screenshot(page, 'forms-broken-file');
    const unchanged = await getDossier(dossier.id);
    expect(unchanged.fields).toEqual(after.fields);

    expect(problems).toEqual([]);
  });

  it('creates a dossier from a Request for Integration picked on the Partner forms screen', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Partner forms' }).click();
    await page.getByRole('heading', { name: 'Partner forms', level: 1 }).waitFor();
    const card = page.locator('.partner-form-card[data-form="request-for-integration"]');
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Save as DOCX' }).click()]);
    expect(download.suggestedFilename()).toBe('request-for-integration-v1.docx');
    await page.locator('#main-content').evaluate((main) => main.scrollTo(0, 0));
    await screenshot(page, 'forms-screen');

    // A form that belongs to a dossier but does not name one: the message says so, and the lead
    // picks the dossier and tries again. (Filled as the workbench's JSON, edited as plain data.)
    const blankJson = await workbench.engine.handlers['forms.blank']({ form: 'pcr-onboarding', format: 'json' });
    const json = JSON.parse(Buffer.from(blankJson.content_base64, 'base64').toString('utf8')) as { values: Record<string, unknown> };
    json.values['source_code'] = 'LILW';
    await dropFile(page, page.locator('#import-wizard-title'), { name: 'onboarding.json', type: 'application/json', bytes: new TextEncoder().encode(JSON.stringify(json)) });
    await waitForText(page.getByTestId('form-import-error'), 'belongs to an existing dossier');
    await page.getByLabel(/^Compare with dossier/).fill(dossier.reference);
    await page.getByTestId('form-import-error').getByRole('button', { name: 'Try again' }).click();
    await waitForText(page.getByTestId('inspection-dossier'), dossier.reference);
    await waitForText(row('source_code'), 'LILW');
    await page.getByRole('button', { name: 'Choose another file' }).click();
    await page.getByLabel(/^Compare with dossier/).fill('');

    const organization = 'Lil̓wat Nation Health Centre';
    const filled = fillDocx(await downloadedBytes(download), {
      org_legal_name: organization,
      org_type: 'First Nations health organization',
      sponsor_name: 'Maxine Joseph',
      sponsor_email: 'maxine@example.org',
      tech_name: 'Ava Chen',
      tech_email: 'ava.chen@example.org',
      app_name: 'Lil̓wat Clinic EMR',
      integration_standard: 'FHIR',
      purpose: 'Confirm PHNs at registration.',
      declaration_read_standards: 'Yes',
      signatory_name: 'Maxine Joseph',
      signatory_title: 'Health Director',
      signature: 'Maxine Joseph',
      signature_date: '2026-05-04',
    });
    await page.getByTestId('form-file').setInputFiles({ name: 'rfi-filled.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(filled) });
    await waitForText(page.getByTestId('inspection-dossier'), 'A new dossier');
    await waitForText(page.getByTestId('inspection-file'), 'rfi-filled.docx · DOCX');
    expect(await page.getByTestId('inspection-missing').count()).toBe(0);
    await waitForText(row('org_legal_name'), organization);
    await page.getByRole('button', { name: /^Create the dossier with \d+ values$/ }).click();

    // The new dossier opens on its Partner forms tab with what was applied.
    await waitForText(page.locator('.dossier-header__title'), organization);
    const result = page.getByTestId('form-apply-result');
    await waitForText(result.locator('.apply-result__title'), 'created from the Request for Integration');
    await waitForText(page.getByTestId('applied-fields'), organization);
    expect(await page.getByRole('tab', { name: 'Partner forms' }).getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'forms-created-dossier', { fullPage: true });

    const reference = ((await page.locator('.dossier-header__reference').textContent()) ?? '').trim();
    const created = await getDossier(reference);
    expect(created.fields['organization.legal_name']).toBe(organization);
    expect(created.fields['contacts.technical_lead.email']).toBe('ava.chen@example.org');
    expect(problems).toEqual([]);
  });
});
