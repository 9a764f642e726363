/**
 * The Documents tab in the real UI against a real engine: preview a generated PDF drawn by pdf.js
 * under the Content Security Policy, save documents as PDF and DOCX, create a signing key, export
 * the approval package and sign it, verify it (Verified), then tamper with one file of the
 * package, drop it on the window and read which file was altered. The package history lists it.
 * The verified package's decision is recorded on the dossier and its signed copy saved and read.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { dropFile, launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

const ORGANIZATION = 'Sḵwx̱wú7mesh Úxwumixw Health Services';
const ACTOR = 'Élise Tremblay';

async function downloadedBytes(download: Download): Promise<Buffer> {
  const file = await download.path();
  return fs.readFileSync(file);
}

describe('the Documents tab of a dossier', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let reference: string;

  beforeAll(async () => {
    workbench = await startWorkbench({ actor: ACTOR });
    const dossier = await workbench.engine.handlers['dossier.create']({
      fields: { 'organization.legal_name': ORGANIZATION, 'application.name': 'ʔaq̓am Community Clinic EMR', 'integration.type': 'active' },
    });
    reference = dossier.reference;
    await workbench.engine.handlers['activity.update']({ id: dossier.id, activity: 'kickoff', changes: { status: 'done' } });
    await workbench.engine.handlers['questionnaire.provide']({ id: dossier.id });
    await workbench.engine.handlers['questionnaire.answer']({ id: dossier.id, question: 'governance.privacy-officer', response: 'compliant' });
    await workbench.engine.handlers['questionnaire.answer']({ id: dossier.id, question: 'governance.policies', response: 'not_compliant', comment: 'Policies are in draft.' });
    await workbench.engine.handlers['questionnaire.assess']({ id: dossier.id, question: 'governance.policies', assessment: 'not_compliant' });
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const card = (title: string) => page.locator('.document-card', { has: page.getByRole('heading', { name: title }) });
  const report = () => page.getByTestId('verification-report');

  it('previews, saves, signs and verifies, and names the altered file of a tampered package', async () => {
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.locator('.recent-list__item', { hasText: ORGANIZATION }).click();
    await waitForText(page.locator('.dossier-header__reference'), reference);
    await page.getByRole('tab', { name: 'Documents' }).click();
    await waitForCount(page.locator('.document-card'), (n) => n === 4, 'four document cards');
    await waitForText(page.locator('.keys-panel'), 'You have no signing key yet');
    await waitForText(page.locator('.package-history'), 'No approval package has been exported');
    await screenshot(page, 'documents-tab', { fullPage: true });

    // Preview: the pages of the PDF drawn on canvases, lazily, at the width of the panel.
    await card('Approval package').getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('region', { name: /^Preview: Approval package/ });
    await preview.locator('.pdf-page--rendered').first().waitFor();
    const pageCount = await page.locator('.pdf-page').count();
    expect(pageCount).toBeGreaterThanOrEqual(2);
    await waitForText(page.getByTestId('preview-page-count'), `Page 1 of ${pageCount}`);
    // Only the pages near the view are drawn.
    expect(await page.locator('.pdf-page--rendered').count()).toBeLessThan(pageCount);
    const inked = await page.locator('.pdf-page--rendered canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 160 && data[i + 1]! < 160 && data[i + 2]! < 160) dark++;
      return { dark, total: data.length / 4, width: canvas.width };
    });
    expect(inked.width).toBeGreaterThan(500);
    expect(inked.dark).toBeGreaterThan(1000);
    expect(inked.dark / inked.total).toBeLessThan(0.5);
    const fitPercent = await preview.locator('.pdf-preview__percent').textContent();
    await preview.getByRole('button', { name: 'Zoom out' }).click();
    await waitForText(preview.locator('.pdf-preview__percent'), /\d+ %/);
    expect(await preview.locator('.pdf-preview__percent').textContent()).not.toBe(fitPercent);
    expect(await preview.getByRole('button', { name: 'Fit width' }).getAttribute('aria-pressed')).toBe('false');
    await preview.getByRole('button', { name: 'Fit width' }).click();
    await waitForText(preview.locator('.pdf-preview__percent'), fitPercent!);
    // Scrolling far down draws the later pages too.
    await preview.locator('.pdf-preview__scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await waitForText(page.getByTestId('preview-page-count'), `Page ${pageCount} of ${pageCount}`);
    await preview.locator(`.pdf-page[data-page="${pageCount}"].pdf-page--rendered`).waitFor();
    await preview.locator('.pdf-preview__scroller').evaluate((el) => el.scrollTo(0, 0));
    await waitForText(page.getByTestId('preview-page-count'), `Page 1 of ${pageCount}`);
    await screenshot(page, 'documents-preview');
    await preview.getByRole('button', { name: 'Close preview' }).click();
    await waitForCount(page.locator('.pdf-preview'), (n) => n === 0, 'the preview closed');

    // Save as PDF and as DOCX: real files, downloaded.
    const gapCard = card('Gap-analysis report');
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), gapCard.getByRole('button', { name: 'Save as PDF' }).click()]);
    expect(pdfDownload.suggestedFilename()).toMatch(/\.pdf$/);
    expect((await downloadedBytes(pdfDownload)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await waitForText(gapCard.locator('.document-card__saved'), `Saved ${pdfDownload.suggestedFilename()}`);
    const [docxDownload] = await Promise.all([page.waitForEvent('download'), card('Deployment plan').getByRole('button', { name: 'Save as DOCX' }).click()]);
    expect(docxDownload.suggestedFilename()).toMatch(/\.docx$/);
    const docx = await downloadedBytes(docxDownload);
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(Object.keys(unzipSync(new Uint8Array(docx)))).toContain('word/document.xml');

    // A signing key first: the sign form says so until there is one.
    const keys = page.locator('.keys-panel');
    // Name and role default to the profile's (the workbench opened with the actor as manager).
    expect(await keys.getByLabel('Your name').inputValue()).toBe(ACTOR);
    await waitForText(keys.locator('.bcds-react-aria-Select button'), 'MoH Health Registries manager');
    await keys.getByRole('button', { name: 'Create my signing key' }).click();
    await waitForText(keys, `Signs as${ACTOR}, MoH Health Registries manager`);

    // Export the package, sign it with a decision and comment, and save it.
    const pkg = page.locator('.approval-package');
    await pkg.getByRole('button', { name: 'Export signed package…' }).click();
    const signForm = pkg.getByRole('form', { name: 'Sign the package' });
    await waitForText(signForm, 'Version 1 of the approval package');
    await signForm.getByRole('button', { name: 'Sign and save' }).click();
    await waitForText(signForm, 'Choose a decision.');
    await signForm.locator('label', { has: page.getByRole('radio', { name: /^Approved with conditions/ }) }).click();
    await signForm.getByRole('button', { name: 'Sign and save' }).click();
    await waitForText(signForm, 'Write the conditions of the approval.');
    await signForm.getByRole('textbox', { name: 'Comment' }).fill('Go-live after the privacy policies are approved by the board.');
    const [signedDownload] = await Promise.all([page.waitForEvent('download'), signForm.getByRole('button', { name: 'Sign and save' }).click()]);
    expect(signedDownload.suggestedFilename()).toMatch(/\.zip$/);
    const signed = await downloadedBytes(signedDownload);
    const entries = unzipSync(new Uint8Array(signed));
    expect(Object.keys(entries)).toContain('manifest.json');
    expect(Object.keys(entries).some((name) => name.startsWith('signatures/'))).toBe(true);
    await waitForText(pkg, 'Signed: Approved with conditions');
    await waitForText(page.locator('.package-history tbody tr'), 'v1');
    await waitForText(page.locator('.package-history tbody tr'), signedDownload.suggestedFilename());

    // Verify what was just saved: every file matches, the signature holds with a trusted key.
    await pkg.getByRole('button', { name: 'Verify it' }).click();
    await waitForText(page.getByTestId('verification-verdict'), 'Verified');
    const signer = report().locator('tr[data-signature-status="valid"]');
    await waitForText(signer, ACTOR);
    await waitForText(signer, 'MoH Health Registries manager');
    await waitForText(signer, 'Approved with conditions');
    await waitForText(signer, 'Trusted');
    await report().scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-verified');

    // Picking the saved file gives the same verdict.
    await page.getByTestId('verify-package-file').setInputFiles({ name: signedDownload.suggestedFilename(), mimeType: 'application/zip', buffer: signed });
    await waitForText(page.getByTestId('verification-verdict'), 'Verified');

    // The decision comes back into the record: imported from the verified package, the CIS approval still awaited.
    const decisions = page.getByTestId('package-decisions');
    await decisions.getByRole('button', { name: 'Record the decisions on the dossier' }).click();
    await waitForText(decisions.getByRole('status'), `Recorded one decision on ${reference}, package version 1. Still awaited: Conformance and Integration Services (CIS).`);
    await decisions.getByRole('button', { name: 'Record the decisions on the dossier' }).click();
    await waitForText(decisions.getByRole('status'), 'These decisions were already recorded');
    const recorded = await workbench.engine.handlers['package.approvals']({ id: reference });
    expect(recorded[0]!.required.map((r) => [r.role, r.status, r.name])).toEqual([
      ['moh_registries_manager', 'approved_with_conditions', ACTOR],
      ['cis', 'awaited', null],
    ]);
    // The signed copy: the package PDF with its approvals page filled from the verified signature.
    const [copyDownload] = await Promise.all([page.waitForEvent('download'), decisions.getByRole('button', { name: 'Save the signed copy (PDF)' }).click()]);
    expect(copyDownload.suggestedFilename()).toMatch(/\.pdf$/);
    await waitForText(decisions.getByRole('status'), `Saved ${copyDownload.suggestedFilename()}: the package with one verified decision on its approvals page.`);
    const copyText = execFileSync('pdftotext', [await copyDownload.path(), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const expected of [ACTOR, 'Approved with conditions', 'Go-live after the privacy policies are approved by the board.']) expect(copyText).toContain(expected);

    // Tamper: one byte of one document changed inside the zip, then dropped on the window.
    const altered = Object.keys(entries).find((name) => name.endsWith('.pdf'))!;
    const tamperedEntries = { ...entries, [altered]: Uint8Array.from(entries[altered]!) };
    const bytes = tamperedEntries[altered]!;
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0x01;
    const tampered = zipSync(tamperedEntries);
    const dragging = () => page.locator('.drop-zone--dragging').waitFor();
    await dropFile(page, page.locator('.documents__title'), { name: 'tampered-package.zip', type: 'application/zip', bytes: tampered }, dragging);
    await waitForText(page.getByTestId('verification-verdict'), 'Not verified');
    await waitForText(page.getByTestId('verification-problems'), altered);
    await waitForText(report().locator('tr[data-file-status="altered"]'), altered);
    await waitForText(report().locator('.verify-report__what'), 'tampered-package.zip');
    await report().scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-verify-tampered');

    // Something other than a package is refused with a message.
    await dropFile(page, page.locator('.documents__title'), { name: 'notes.txt', type: 'text/plain', bytes: new TextEncoder().encode('not a package') }, dragging);
    await waitForText(page.locator('.verify-package'), 'notes.txt is not an approval package');

    expect(problems).toEqual([]);
  });
});
