/**
 * Layout of a long document as a reader sees it: a gap report of a full 99-question gap analysis
 * with many gaps, rendered to PDF (and the DOCX as LibreOffice lays it out), read back with
 * poppler's pdftotext. No date, status or ordinary word is broken across lines, and no page ends
 * with a heading.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import { buildFullDossier, type FullDossier } from '../support/fullDossier';
import { removeDir, tempDir, tempEngine } from '../support/tempData';

interface Generated {
  content_base64: string;
  page_count: number | null;
}

let engine: ReturnType<typeof tempEngine>;
let dossier: FullDossier;
let gaps: { status: string; due_date: string | null }[];
let pdf: Buffer;
let docx: Buffer;
const work = tempDir('pcr-layout-');

async function call<T>(name: string, input: unknown): Promise<T> {
  const result = await dispatch(engine.handlers, name, input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

/** pdftotext -layout, page by page. */
function pagesOf(file: string): string[] {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).normalize('NFC').split('\f').filter((p) => p.trim());
}

const LONG_DATES: Record<string, string> = { '2026-12-20': 'December 20, 2026', '2027-01-15': 'January 15, 2027', '2027-02-28': 'February 28, 2027', '2026-09-30': 'September 30, 2026' };
const WORDS_NEVER_BROKEN = ['December', 'January', 'February', 'September', 'Remediated', 'Compliant', 'compliant', 'Partially', 'progress', 'accepted', 'Critical', 'Medium', 'Questions', 'Assessed', 'Remediation', 'procedure', 'Whitehorse', 'operations'];

/** The words that appear cut in two: both halves as separate tokens of the text (the first maybe with a hyphen added). */
function brokenWords(text: string): string[] {
  const tokens = new Set(text.split(/\s+/).map((t) => t.replace(/^[("]+|[),.;:"]+$/g, '')));
  const broken: string[] = [];
  for (const word of WORDS_NEVER_BROKEN) {
    for (let k = 1; k < word.length - 1; k++) {
      const head = word.slice(0, k);
      if ((tokens.has(head) || tokens.has(`${head}-`)) && tokens.has(word.slice(k))) broken.push(`${head}|${word.slice(k)}`);
    }
  }
  return broken;
}

/** Each page's last line of body text (the running header and footer left out). */
function lastBodyLines(pages: string[]): string[] {
  return pages.map((page) => {
    const lines = page.split('\n').map((l) => l.trim()).filter(Boolean);
    const body = lines.slice(1).filter((l) => !/Page \d+ of \d+$/.test(l));
    return body.at(-1) ?? '';
  });
}

beforeAll(async () => {
  engine = tempEngine({ actor: 'Amrit Dhillon', keyPassphrase: 'documents test key' });
  dossier = await buildFullDossier(engine.handlers, 0, { manyGaps: true });
  gaps = await call('gap.list', { id: dossier.reference });
  pdf = Buffer.from((await call<Generated>('document.generate', { id: dossier.reference, kind: 'gap-report', format: 'pdf' })).content_base64, 'base64');
  docx = Buffer.from((await call<Generated>('document.generate', { id: dossier.reference, kind: 'gap-report', format: 'docx' })).content_base64, 'base64');
  fs.writeFileSync(path.join(work, 'gap-report.pdf'), pdf);
  fs.writeFileSync(path.join(work, 'gap-report.docx'), docx);
});
afterAll(() => {
  engine?.close();
  removeDir(work);
});

describe('a long gap report', () => {
  it('has many gaps over many pages', () => {
    expect(dossier.gaps).toBeGreaterThan(50);
    expect(pagesOf(path.join(work, 'gap-report.pdf')).length).toBeGreaterThanOrEqual(20);
  });

  it('PDF: no date, status or word is broken across lines, and every due date and status is there', () => {
    const text = pagesOf(path.join(work, 'gap-report.pdf')).join('\n');
    expect(brokenWords(text)).toEqual([]);
    // A date may wrap between its words where a column is narrow, never inside one.
    const words = text.split(/\s+/);
    for (const [iso, long] of Object.entries(LONG_DATES)) {
      const due = gaps.filter((g) => g.due_date === iso).length;
      expect(due).toBeGreaterThan(0);
      expect(words.filter((w) => w === long.split(' ')[0]).length).toBeGreaterThanOrEqual(due);
    }
    expect(text.split('Remediated').length - 1).toBeGreaterThanOrEqual(gaps.filter((g) => g.status === 'remediated').length);
    expect(text).toMatch(/generated \d{4}-\d{2}-\d{2}/);
  });

  it('PDF: no page ends with a heading', async () => {
    const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
    type Item = { title: string; items: Item[] };
    const flatten = (items: Item[]): string[] => items.flatMap((i) => [i.title, ...flatten(i.items)]);
    const headings = new Set(flatten(((await document.getOutline()) ?? []) as Item[]));
    expect(headings.size).toBeGreaterThan(3);
    const endings = lastBodyLines(pagesOf(path.join(work, 'gap-report.pdf')));
    expect(endings.filter((line) => headings.has(line))).toEqual([]);
  });

  it('DOCX as LibreOffice lays it out: no date, status or word broken across lines; the contents listed', () => {
    const profile = path.join(work, 'lo-profile');
    execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', path.join(work, 'lo'), path.join(work, 'gap-report.docx')], { stdio: 'ignore', timeout: 240_000 });
    const text = pagesOf(path.join(work, 'lo', 'gap-report.pdf')).join('\n');
    expect(brokenWords(text)).toEqual([]);
    const words = text.split(/\s+/);
    for (const long of Object.values(LONG_DATES)) expect(words).toContain(long.split(' ')[0]);
    // The table of contents shows in LibreOffice too, before Word updates its page numbers.
    const contents = text.indexOf('Contents');
    expect(contents).toBeGreaterThan(0);
    expect(text.slice(contents, contents + 2000)).toContain('Gap register');
  }, 300_000);
});
