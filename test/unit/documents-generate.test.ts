/**
 * Documents generated from the shipped templates for a dossier with a complete gap analysis and a
 * deployment plan: every document in both formats, what they say, the approval package built from
 * them, and a template with a misspelt placeholder giving a clear error.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { ApiError } from '../../shared/api/errors';
import { docxWorkerStats } from '../../electron/documents/docx/docxWorker';
import { buildFullDossier, type FullDossier } from '../support/fullDossier';
import { removeDir, tempDir, tempEngine } from '../support/tempData';

const SHIPPED_TEMPLATES = path.resolve(import.meta.dirname, '../../templates');
const PARTNER = 'Sḵwx̱wú7mesh Úxwumixw Health Services';

interface Generated {
  file_name: string;
  media_type: string;
  content_base64: string;
  template_version: number;
  page_count: number | null;
}

let engine: ReturnType<typeof tempEngine>;
let dossier: FullDossier;
const work = tempDir('pcr-docs-');

async function call<T>(name: string, input: unknown, target = engine): Promise<T> {
  const result = await dispatch(target.handlers, name, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { apiError: result.error });
  return result.value as T;
}

async function failure(name: string, input: unknown, target = engine): Promise<ApiError> {
  const result = await dispatch(target.handlers, name, input);
  if (result.ok) throw new Error(`${name} succeeded`);
  return result.error;
}

/** The PDF's text, per page, from poppler's pdftotext (as a reader copying text would get it). */
function pdfPages(bytes: Buffer): string[] {
  const file = path.join(work, `doc-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').split('\f').filter((p) => p.trim());
}

const docxText = (bytes: Buffer) =>
  [...strFromU8(unzipSync(bytes)['word/document.xml']!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ').normalize('NFC');

beforeAll(async () => {
  engine = tempEngine({ actor: 'Amrit Dhillon', keyPassphrase: 'documents test key' });
  dossier = await buildFullDossier(engine.handlers);
});
afterAll(() => {
  engine?.close();
  removeDir(work);
});

describe('generated documents', () => {
  it('has a complete gap analysis of more than 80 questions to report on', () => {
    expect(dossier.questions).toBeGreaterThan(80);
    expect(dossier.gaps).toBeGreaterThan(5);
  });

  for (const kind of ['deployment-plan', 'gap-report', 'approval-package'] as const) {
    it(`${kind}: PDF and DOCX say the same things, partner name intact`, async () => {
      const pdf = await call<Generated>('document.generate', { id: dossier.reference, kind, format: 'pdf' });
      const docx = await call<Generated>('document.generate', { id: dossier.reference, kind, format: 'docx' });
      expect(pdf.file_name).toBe(`${dossier.reference}-${kind}.pdf`);
      expect(docx.media_type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(pdf.template_version).toBe(kind === 'deployment-plan' ? 1 : 2);
      const pages = pdfPages(Buffer.from(pdf.content_base64, 'base64'));
      expect(pages).toHaveLength(pdf.page_count!);
      const words = docxText(Buffer.from(docx.content_base64, 'base64'));
      const pdfText = pages.join('\n');
      expect(pdfText).toContain(PARTNER);
      expect(words).toContain(PARTNER);
      pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    });
  }

  it('the approval package has every section the Ministry reads, and a signature block per approver', async () => {
    const pdf = await call<Generated>('document.generate', { id: dossier.reference, kind: 'approval-package', format: 'pdf' });
    const text = pdfPages(Buffer.from(pdf.content_base64, 'base64')).join('\n');
    for (const heading of ['Approval package', 'Executive summary', 'Partner and system', 'Integration and transactions', 'Phase and activity status', 'Conformance testing', 'Gap analysis and open risks', 'Open risks', 'Risk acceptances', 'Deployment plan', 'Cutover steps', 'Go-live checklist', 'Rollback plan', 'Approvals']) {
      expect(text).toContain(heading);
    }
    for (const role of ['MoH Health Registries manager', 'Conformance and Integration Services (CIS)', 'CGI business support lead', 'Connected Partner']) expect(text).toContain(role);
    expect(text).toContain('ʔaq̓am Élise Tremblay'.normalize('NFC'));
    expect(text).not.toContain('[object Object]');
  });

  it('the gap report lists every gap, its risk, and the accepted risk with who accepted it', async () => {
    const gaps = await call<{ question_id: string; status: string }[]>('gap.list', { id: dossier.reference });
    const docx = await call<Generated>('document.generate', { id: dossier.reference, kind: 'gap-report', format: 'docx' });
    const words = docxText(Buffer.from(docx.content_base64, 'base64'));
    for (const gap of gaps) expect(words).toContain(gap.question_id);
    expect(words).toContain('Risk acceptances');
    expect(words).toContain('Amrit Dhillon, MoH Health Registries manager');
  });

  it('exports an approval package holding these documents, its version on the cover', async () => {
    const exported = await call<{ content_base64: string; version: number }>('package.export', { id: dossier.reference });
    const entries = unzipSync(Buffer.from(exported.content_base64, 'base64'));
    const names = Object.keys(entries);
    expect(names.some((n) => n.endsWith('approval-package.pdf'))).toBe(true);
    expect(names.some((n) => n.endsWith('approval-package.docx'))).toBe(true);
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as { template_versions: Record<string, string> };
    expect(manifest.template_versions).toEqual({ 'approval-package': '2' });
    const pdfName = names.find((n) => n.endsWith('.pdf'))!;
    expect(pdfPages(Buffer.from(entries[pdfName]!)).join('\n')).toMatch(new RegExp(`Package version\\s+${exported.version}`));
  });

  it('refuses an unknown document kind and an unknown dossier clearly', async () => {
    expect((await failure('document.generate', { id: dossier.reference, kind: 'invoice', format: 'pdf' })).code).toBe('validation');
    const missing = await failure('document.generate', { id: 'PCR-1999-0001', kind: 'gap-report', format: 'pdf' });
    expect(missing.code).toBe('not_found');
  });
});

describe('templates a lead edits', () => {
  function templatesWith(edit: (text: string) => string): string {
    const dir = tempDir('pcr-templates-');
    fs.cpSync(SHIPPED_TEMPLATES, dir, { recursive: true });
    const file = path.join(dir, 'documents', 'deployment-plan.md');
    fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
    return dir;
  }

  it('a misspelt placeholder stops generation with the file, the line and the name', async () => {
    const dir = templatesWith((t) => t.replace('{{orDash partner.legal_name}}', '{{orDash partner.legal_nmae}}'));
    const other = tempEngine({ templatesDir: dir });
    try {
      await call('dossier.create', { fields: { 'organization.legal_name': PARTNER, 'application.name': 'Community EMR' } }, other);
      const error = await failure('document.generate', { id: 'PCR-2026-0001', kind: 'deployment-plan', format: 'pdf' }, other);
      expect(error.message).toMatch(/deployment-plan\.md, line 9/);
      expect(error.message).toContain('"partner.legal_nmae"');
      expect(error.message).toContain('templates/documents/README.md');
    } finally {
      other.close();
      removeDir(dir);
    }
  });

  it('an edited template is used at once, and a broken front matter is named', async () => {
    const dir = templatesWith((t) => t.replace('# Deployment plan\n', '# Deployment and cutover plan\n'));
    fs.appendFileSync(path.join(dir, 'documents', 'partials', 'deployment-plan-body.md'), '\nReviewed by the CIS lead.\n');
    const other = tempEngine({ templatesDir: dir });
    try {
      await call('dossier.create', { fields: { 'organization.legal_name': PARTNER, 'application.name': 'Community EMR' } }, other);
      await call('deploymentPlan.start', { id: 'PCR-2026-0001' }, other);
      const docx = await call<Generated>('document.generate', { id: 'PCR-2026-0001', kind: 'deployment-plan', format: 'docx' }, other);
      expect(docxText(Buffer.from(docx.content_base64, 'base64'))).toContain('Deployment and cutover plan');
      fs.writeFileSync(path.join(dir, 'documents', 'gap-report.md'), '# No front matter\n');
      const error = await failure('document.generate', { id: 'PCR-2026-0001', kind: 'gap-report', format: 'pdf' }, other);
      expect(error.message).toMatch(/gap-report\.md cannot be used: it does not start with a front matter block/);
    } finally {
      other.close();
      removeDir(dir);
    }
  });

  it('values cannot change the layout: Markdown characters in a name stay text', async () => {
    const name = 'Table | *Bold* # Health_Services [link](x) <b>';
    const other = tempEngine();
    try {
      await call('dossier.create', { fields: { 'organization.legal_name': name, 'application.name': 'Community EMR' } }, other);
      const pdf = await call<Generated>('document.generate', { id: 'PCR-2026-0001', kind: 'deployment-plan', format: 'pdf' }, other);
      expect(pdfPages(Buffer.from(pdf.content_base64, 'base64')).join('\n')).toContain(name);
    } finally {
      other.close();
    }
  });
});

describe('start-up warm-up', () => {
  it('renders a document ahead of the first preview without writing anything, with or without dossiers', async () => {
    const changes = (target: ReturnType<typeof tempEngine>) => (target.store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = changes(engine);
    await engine.warmUp();
    expect(changes(engine)).toBe(before);

    // After it, the package's DOCX renders in the DOCX worker while the PDF renders here.
    const rendered = docxWorkerStats.rendered;
    const exported = await call<{ content_base64: string }>('package.export', { id: dossier.reference });
    expect(docxWorkerStats.rendered).toBe(rendered + 1);
    const entries = unzipSync(Buffer.from(exported.content_base64, 'base64'));
    const docx = Buffer.from(entries[Object.keys(entries).find((n) => n.endsWith('.docx'))!]!);
    expect(docxText(docx)).toContain(PARTNER.normalize('NFC'));
    expect(Object.keys(unzipSync(docx)).filter((n) => n.endsWith('.odttf')).length).toBeGreaterThan(0);

    const empty = tempEngine();
    try {
      const start = changes(empty);
      await empty.warmUp();
      expect(changes(empty)).toBe(start);
      expect(await call<{ total: number }>('dossier.list', {}, empty)).toMatchObject({ total: 0 });
    } finally {
      empty.close();
      removeDir(empty.dataDir);
    }
  });
});
