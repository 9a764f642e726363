/**
 * The document and package commands as two approvers use them, each with their own data folder:
 * generate documents, create keys (passphrase from the environment), exchange public keys,
 * export a package, sign it in turn, verify it (exit 0), tamper with it (exit 3), and refuse bad
 * arguments (exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

const work = tempDir('pcr-docs-cli-');
const lead = path.join(work, 'lead');
const manager = path.join(work, 'manager');
const out = (name: string) => path.join(work, name);
const asLead = (...args: string[]) => runCliProcess(['--data', lead, ...args], { PCR_WORKBENCH_USER: 'Élise Tremblay', PCR_WORKBENCH_KEY_PASSPHRASE: 'lead passphrase 1' });
const asManager = (...args: string[]) => runCliProcess(['--data', manager, ...args], { PCR_WORKBENCH_USER: 'Amrit Dhillon', PCR_WORKBENCH_KEY_PASSPHRASE: 'manager passphrase 2' });
let ref = '';

beforeAll(() => {
  const created = asLead('dossier', 'create', '--org', 'Sḵwx̱wú7mesh Úxwumixw Health Services', '--app', 'ʔaq̓am Clinic EMR', '--json');
  expect(created.code, created.stderr).toBe(0);
  ref = created.json().reference;
});
afterAll(() => removeDir(work));

describe('generate', () => {
  it('writes each document as PDF and DOCX, into a file or a folder', () => {
    const pdf = asLead('generate', 'approval-package', ref, '--format', 'pdf', '--out', out('package.pdf'), '--json');
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(pdf.json()).toMatchObject({ file_name: `${ref}-approval-package.pdf`, media_type: 'application/pdf', template_version: 2 });
    expect(fs.readFileSync(out('package.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const docx = asLead('generate', 'gap-report', ref, '--format', 'docx', '--out', work);
    expect(docx.code, docx.stderr).toBe(0);
    expect(docx.stdout).toContain(`${ref}-gap-report.docx`);
    expect(Object.keys(unzipSync(fs.readFileSync(path.join(work, `${ref}-gap-report.docx`))))).toContain('word/document.xml');
  });

  it('refuses an unknown document, format or dossier with exit 2 and writes nothing', () => {
    expect(asLead('generate', 'invoice', ref, '--format', 'pdf', '--out', out('x.pdf')).code).toBe(2);
    expect(asLead('generate', 'deployment-plan', ref, '--format', 'odt', '--out', out('x.odt')).code).toBe(2);
    const missing = asLead('generate', 'deployment-plan', 'PCR-1999-0001', '--format', 'pdf', '--out', out('x.pdf'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('PCR-1999-0001');
    expect(fs.existsSync(out('x.pdf'))).toBe(false);
  });
});

describe('keys and signed packages', () => {
  it('two approvers create keys and trust each other', () => {
    expect(asLead('keys', 'init', '--role', 'cgi_business_support_lead').code).toBe(0);
    expect(asManager('keys', 'init', '--role', 'moh_registries_manager').code).toBe(0);
    expect(asLead('keys', 'export', '--out', out('lead.pub.json')).code).toBe(0);
    expect(asManager('keys', 'export', '--out', out('manager.pub.json')).code).toBe(0);
    expect(asLead('keys', 'trust', out('manager.pub.json')).code).toBe(0);
    expect(asManager('keys', 'trust', out('lead.pub.json')).code).toBe(0);
    const status = asLead('keys', 'status', '--json').json();
    expect(status.trusted_keys.map((k: { name: string }) => k.name).sort()).toEqual(['Amrit Dhillon', 'Élise Tremblay']);
    const keyFile = fs.readFileSync(path.join(lead, 'keys', 'signing-key.json'), 'utf8');
    expect(keyFile).not.toContain('PRIVATE KEY');
  });

  it('a wrong passphrase cannot sign', () => {
    const exported = asLead('package', 'export', ref, '--out', out('v1.zip'));
    expect(exported.code, exported.stderr).toBe(0);
    const wrong = runCliProcess(['--data', lead, 'package', 'sign', out('v1.zip'), '--decision', 'approved'], { PCR_WORKBENCH_KEY_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr.toLowerCase()).toContain('passphrase');
  });

  it('export, sign in turn, verify: exit 0 with both signers trusted', () => {
    expect(asLead('package', 'sign', out('v1.zip'), '--decision', 'approved').code).toBe(0);
    const conditions = asManager('package', 'sign', out('v1.zip'), '--decision', 'approved_with_conditions');
    expect(conditions.code).toBe(2);
    expect(conditions.stderr).toContain('comment');
    const signed = asManager('package', 'sign', out('v1.zip'), '--decision', 'approved_with_conditions', '--comment', 'Hypercare of four weeks, not two.');
    expect(signed.code, signed.stderr).toBe(0);
    const verified = asManager('package', 'verify', out('v1.zip'), '--json');
    expect(verified.code).toBe(0);
    const report = verified.json();
    expect(report.ok).toBe(true);
    expect(report.signatures.map((s: { trust: string; decision: string }) => [s.trust, s.decision]).sort()).toEqual([
      ['trusted', 'approved'],
      ['trusted', 'approved_with_conditions'],
    ]);
    expect(asLead('package', 'verify', out('v1.zip')).stdout).toContain('VERIFIED');
  });

  it('a tampered package fails verification with exit 3, naming the file', () => {
    const entries = unzipSync(fs.readFileSync(out('v1.zip')));
    const docx = Object.keys(entries).find((n) => n.endsWith('.docx'))!;
    const bytes = Uint8Array.from(entries[docx]!);
    bytes[100] = bytes[100]! ^ 0xff;
    fs.writeFileSync(out('tampered.zip'), zipSync({ ...entries, [docx]: bytes }));
    const run = asLead('package', 'verify', out('tampered.zip'), '--json');
    expect(run.code).toBe(3);
    expect(run.json().problems.join(' ')).toContain(docx);
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!));
    manifest.reference = 'PCR-2026-9999';
    fs.writeFileSync(out('manifest-edited.zip'), zipSync({ ...entries, 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest)) }));
    expect(asLead('package', 'verify', out('manifest-edited.zip')).code).toBe(3);
  });

  it('an unchanged dossier keeps its version; a changed one gets the next; every exported file stays listed', () => {
    expect(asLead('package', 'export', ref, '--out', out('again.zip'), '--json').json()).toMatchObject({ version: 1, new_version: false });
    expect(asLead('dossier', 'set', ref, 'application.version=5.1').code).toBe(0);
    expect(asLead('package', 'export', ref, '--out', out('v2.zip'), '--json').json()).toMatchObject({ version: 2, new_version: true });
    const history = asLead('package', 'history', ref, '--json').json();
    expect(history.map((p: { version: number; current: boolean }) => [p.version, p.current])).toEqual([
      [2, true],
      [1, false],
      [1, false],
    ]);
    expect(new Set(history.map((p: { manifest_sha256: string }) => p.manifest_sha256)).size).toBe(3);
  });

  it('refuses a file that is not a package with exit 2', () => {
    fs.writeFileSync(out('notes.txt'), 'not a package');
    expect(asLead('package', 'verify', out('notes.txt')).code).toBe(2);
    expect(asLead('package', 'verify', out('missing.zip')).code).toBe(2);
  });
});
