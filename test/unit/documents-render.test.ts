/**
 * The two renderers on document models built here: layout in the PDF (long tables split over
 * pages with the header row repeated, long words wrapped inside their cell with a hyphen, "Page X of Y",
 * bookmarks, metadata, extractable Unicode text) and structure in the DOCX (Word heading styles,
 * repeated table header rows, page-number fields, properties, Unicode text in the XML).
 * PDFs are read back with pdf.js, as a PDF reader would.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit, { type Font } from '@cantoo/fontkit';
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel, TextRun } from '../../shared/documents/model';
import { renderDocx } from '../../electron/documents/docx/render';
import { renderPdf } from '../../electron/documents/pdf/render';

const NAMES = ['Sḵwx̱wú7mesh Úxwumixw', 'ʔaq̓am', 'Nisg̱a’a Lisims', 'Stó:lō Xwexwilmexw', 'Ktunaxa ʔamakʔis', 'Łutselk’e', 'Tŝilhqot’in'];
const LONG_WORD = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(4);
const ROWS = 140;
const HEADER = ['Reference', 'Partner', 'Transaction', 'Notes'];

const cell = (text: string): TextRun[] => [{ text }];
const model: DocumentModel = {
  meta: { title: `Layout test: ${NAMES[0]}`, subject: 'Renderer layout', author: 'Élise Tremblay', header: 'PCR-2026-0001 · Layout', footer: `${NAMES[1]} · test`, language: 'en-CA' },
  blocks: [
    { kind: 'heading', level: 1, text: `Partners: ${NAMES[0]}` },
    { kind: 'paragraph', runs: [{ text: 'Names ' }, { text: NAMES.join(', '), bold: true }, { text: ' in ' }, { text: 'italic', italic: true }, { text: '.' }] },
    { kind: 'list', ordered: true, items: NAMES.map((n) => cell(n)) },
    { kind: 'keyValue', pairs: [{ key: 'Partner', value: cell(NAMES[0]!) }, { key: 'Long', value: cell(LONG_WORD) }] },
    { kind: 'checklist', items: [{ checked: true, text: cell('Certificates installed') }, { checked: false, text: cell('ACL opened') }] },
    { kind: 'heading', level: 2, text: 'The long table' },
    {
      kind: 'table',
      header: HEADER,
      widths: [2, 3, 3, 4],
      rows: Array.from({ length: ROWS }, (_, i) => [cell(`ROW-${String(i + 1).padStart(3, '0')}`), cell(NAMES[i % NAMES.length]!), cell(i === 7 ? LONG_WORD : 'Find Candidates'), cell(i % 9 === 0 ? 'A longer note that wraps over a few lines of its narrow cell, to make rows of different heights.' : '—')]),
    },
    { kind: 'pageBreak' },
    { kind: 'heading', level: 1, text: 'Approvals' },
    { kind: 'signatures', blocks: [{ role: 'MoH Health Registries manager', name: NAMES[1]!, decision: 'Approved', date: '2026-11-26' }] },
  ],
};

interface PageText {
  items: { str: string; x: number; width: number }[];
  text: string;
  width: number;
}

async function readPdf(bytes: Uint8Array) {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
  const pages: PageText[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const items = content.items.flatMap((i) => ('str' in i ? [{ str: i.str, x: i.transform[4] as number, width: i.width }] : []));
    pages.push({ items, text: items.map((i) => i.str).join(' ').normalize('NFC'), width: page.view[2]! });
  }
  return { pdf, pages, metadata: await pdf.getMetadata(), outline: (await pdf.getOutline()) ?? [] };
}

describe('PDF renderer', () => {
  let read: Awaited<ReturnType<typeof readPdf>>;
  let pageCount: number;

  beforeAll(async () => {
    const rendered = await renderPdf(model, { now: new Date('2026-11-26T10:00:00Z') });
    pageCount = rendered.pageCount;
    read = await readPdf(rendered.bytes);
  });

  it('splits a long table over pages and repeats its header row on each', () => {
    const tablePages = read.pages.filter((p) => /ROW-\d{3}/.test(p.text));
    expect(tablePages.length).toBeGreaterThan(2);
    for (const page of tablePages) for (const title of HEADER) expect(page.text).toContain(title);
    const all = read.pages.map((p) => p.text).join(' ');
    for (let i = 1; i <= ROWS; i++) expect(all).toContain(`ROW-${String(i).padStart(3, '0')}`);
  });

  it('numbers every page "Page X of Y" and carries the header and footer', () => {
    expect(read.pages).toHaveLength(pageCount);
    read.pages.forEach((page, i) => {
      expect(page.text).toContain(`Page ${i + 1} of ${pageCount}`);
      expect(page.text).toContain('PCR-2026-0001 · Layout');
      expect(page.text).toContain(`${NAMES[1]} · test`);
    });
  });

  it('wraps a word longer than its cell inside the page, keeping every letter', () => {
    for (const page of read.pages) for (const item of page.items) expect(item.x + item.width).toBeLessThanOrEqual(page.width - 60);
    // Cut between letters, each piece but the last ending in a hyphen (the word itself has none).
    const all = read.pages.map((p) => p.items.map((i) => i.str).join('')).join('');
    expect(all).toMatch(/Pneumono[a-z]*-/);
    expect(all.replaceAll('-', '').split(LONG_WORD).length - 1).toBeGreaterThanOrEqual(2);
  });

  it('keeps accented and Indigenous-language names as extractable text', () => {
    const all = read.pages.map((p) => p.text).join(' ');
    for (const name of NAMES) expect(all).toContain(name.normalize('NFC'));
  });

  it('keeps a letter that shaping split off an accented capital: "Úxwumixw" beside x̱ does not lose later capitals U', async () => {
    const small: DocumentModel = { meta: model.meta, blocks: [{ kind: 'paragraph', runs: [{ text: `${NAMES[0]} Users`, bold: true }] }, { kind: 'paragraph', runs: [{ text: 'Updates and Users', bold: true }] }] };
    const text = (await readPdf((await renderPdf(small)).bytes)).pages.map((p) => p.text).join(' ');
    expect(text).toContain(`${NAMES[0]!.normalize('NFC')} Users`);
    expect(text).toContain('Updates and Users');
  });

  it('keeps a small table on one page wherever it falls, and still splits a large one', async () => {
    const small = Array.from({ length: 5 }, (_, i) => [cell(`KEEP-${i + 1}`), cell('Risk accepted until 2027-03-31 by the Health Registries manager')]);
    // Fillers of every length move the table's start down a page, line by line, past the foot.
    for (let filler = 20; filler <= 70; filler += 3) {
      const doc: DocumentModel = {
        meta: model.meta,
        blocks: [
          ...Array.from({ length: filler }, (_, i): DocumentModel['blocks'][number] => ({ kind: 'paragraph', runs: [{ text: `Filler line ${i}` }] })),
          { kind: 'table', header: ['Key', 'Acceptance'], rows: small },
        ],
      };
      const pages = (await readPdf((await renderPdf(doc)).bytes)).pages;
      const holding = pages.filter((p) => /KEEP-\d/.test(p.text));
      expect(holding, `after ${filler} filler paragraphs`).toHaveLength(1);
      for (let i = 1; i <= 5; i++) expect(holding[0]!.text).toContain(`KEEP-${i}`);
    }
    expect(read.pages.filter((p) => /ROW-\d{3}/.test(p.text)).length).toBeGreaterThan(2);
  });

  it('has bookmarks for the headings and the metadata', () => {
    const titles = read.outline.flatMap((o: { title: string; items: { title: string }[] }) => [o.title, ...o.items.map((i) => i.title)]);
    expect(titles).toEqual(expect.arrayContaining([`Partners: ${NAMES[0]}`, 'The long table', 'Approvals']));
    const info = read.metadata.info as Record<string, string>;
    expect(info.Title).toBe(`Layout test: ${NAMES[0]}`);
    expect(info.Author).toBe('Élise Tremblay');
    expect(info.Subject).toBe('Renderer layout');
  });
});

/** An embedded font of a DOCX, de-obfuscated (ECMA-376 Part 2, 11.2: the first 32 bytes are XORed with the key's bytes in reverse). */
function embeddedFonts(docx: Uint8Array): { name: string; bytes: Uint8Array }[] {
  const entries = unzipSync(docx);
  const table = strFromU8(entries['word/fontTable.xml']!);
  const rels = strFromU8(entries['word/_rels/fontTable.xml.rels']!);
  return [...table.matchAll(/<w:embed(\w+) [^>]*r:id="(rId\d+)"[^>]*w:fontKey="\{([0-9A-F-]+)\}"|<w:embed(\w+) [^>]*w:fontKey="\{([0-9A-F-]+)\}"[^>]*r:id="(rId\d+)"/gi)].map((m) => {
    const face = m[1] ?? m[4]!;
    const id = m[2] ?? m[6]!;
    const key = (m[3] ?? m[5]!).replace(/-/g, '').match(/../g)!.map((h) => Number.parseInt(h, 16)).reverse();
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!;
    const bytes = entries[`word/${target[1] ?? target[2]}`]!.slice();
    for (let i = 0; i < 32; i++) bytes[i]! ^= key[i % key.length]!;
    return { name: face, bytes };
  });
}

describe('tagged PDF', () => {
  let bytes: Uint8Array;
  const file = path.join(os.tmpdir(), `pcr-tagged-${process.pid}.pdf`);

  beforeAll(async () => {
    bytes = (await renderPdf(model, { now: new Date('2026-11-26T10:00:00Z') })).bytes;
    fs.writeFileSync(file, bytes);
  });
  afterAll(() => fs.rmSync(file, { force: true }));

  it('is tagged, with its language, its title shown in the title bar, and PDF/UA identification', async () => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Metadata Stream:\s+yes$/m);
    const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
    expect(((await pdf.getMetadata()).info as Record<string, unknown>).Language).toBe('en-CA');
    expect(((await pdf.getViewerPreferences()) as Record<string, unknown> | null)?.DisplayDocTitle).toBe(true);
    const xmp = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp.normalize('NFC')).toContain(`<rdf:li xml:lang="x-default">Layout test: ${NAMES[0]!.normalize('NFC')}</rdf:li>`);
  });

  it('has a structure tree whose headings are the outline, in order, and lists and tables with header cells', async () => {
    const tree = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' }).normalize('NFC');
    const lines = tree.split('\n');
    const headings = lines.flatMap((line, i) => (/^\s+H[1-3]\b/.test(line) ? [JSON.parse(lines[i + 1]!.trim()) as string] : []));
    const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
    type Item = { title: string; items: Item[] };
    const flatten = (items: Item[]): string[] => items.flatMap((i) => [i.title, ...flatten(i.items)]);
    expect(headings).toEqual(flatten(((await pdf.getOutline()) ?? []) as Item[]).map((t) => t.normalize('NFC')));
    expect(lines[0]).toBe('Document');
    for (const role of ['L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'P']) expect(tree).toMatch(new RegExp(`^\\s+${role}\\b`, 'm'));
    expect(tree).toContain('/Scope /Column');
    expect(tree).toContain('/Scope /Row');
    expect(tree).toContain('"ROW-140"');
    // pdf.js, as a reader's accessibility layer would, finds the tree on every page.
    for (let n = 1; n <= pdf.numPages; n++) expect((await (await pdf.getPage(n)).getStructTree())?.children.length ?? 0).toBeGreaterThan(0);
  });

  it('marks all text: content with its structure element, running headers, footers and repeated table headers as artifacts', async () => {
    const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent({ includeMarkedContent: true });
      const stack: string[] = [];
      const unmarked: string[] = [];
      const artifacts: string[] = [];
      for (const item of content.items as { type?: string; tag?: string; str?: string }[]) {
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push(item.tag ?? '');
        else if (item.type === 'endMarkedContent') stack.pop();
        else if (item.str?.trim()) {
          if (stack.length === 0) unmarked.push(item.str);
          if (stack.at(-1) === 'Artifact') artifacts.push(item.str);
        }
      }
      expect(unmarked).toEqual([]);
      expect(artifacts.join(' ')).toContain(`Page ${n} of ${pdf.numPages}`);
      expect(artifacts.join(' ')).toContain('PCR-2026-0001 · Layout');
    }
  });
});

describe('DOCX fonts', () => {
  it('embeds BC Sans subset to the glyphs used: far smaller than the faces, still with the Indigenous-language letters', async () => {
    const bytes = await renderDocx(model);
    const fonts = embeddedFonts(bytes);
    expect(fonts.map((f) => f.name).sort()).toEqual(['Bold', 'BoldItalic', 'Italic', 'Regular'].filter((f) => f !== 'BoldItalic').sort());
    const full = fontkit.create(fs.readFileSync(path.resolve(import.meta.dirname, '../../assets/fonts/BCSans-Regular.ttf'))) as Font;
    const regular = fontkit.create(Buffer.from(fonts.find((f) => f.name === 'Regular')!.bytes)) as Font;
    // Every glyph number kept (the cmap and layout tables stay valid); only unused outlines emptied.
    expect(regular.numGlyphs).toBe(full.numGlyphs);
    for (const ch of [...'Sḵwx̱wú7meshʔaq̓amŁŝ’'.normalize('NFD')]) {
      const glyph = regular.glyphForCodePoint(ch.codePointAt(0)!);
      expect(glyph && glyph.id !== 0, ch).toBe(true);
      if (!/\p{M}/u.test(ch)) expect(glyph!.path.commands.length, ch).toBeGreaterThan(0);
    }
    expect(regular.glyphForCodePoint('Ж'.codePointAt(0)!)?.path.commands.length ?? 0).toBe(0);
    // Each face embedded is well under the face shipped with the workbench.
    const files: Record<string, string> = { Regular: 'BCSans-Regular.ttf', Bold: 'BCSans-Bold.ttf', Italic: 'BCSans-Italic.ttf' };
    for (const font of fonts) expect(font.bytes.length, font.name).toBeLessThan(fs.statSync(path.resolve(import.meta.dirname, '../../assets/fonts', files[font.name]!)).size / 2);
    expect(bytes.length).toBeLessThan(160_000);
  });
});

describe('DOCX small tables', () => {
  it('keeps a small table on one page (rows unsplit, each kept with the next) and lets a large one flow', async () => {
    const rows = (n: number, tag: string) => Array.from({ length: n }, (_, i) => [cell(`${tag}-${i + 1}`), cell('value')]);
    const doc: DocumentModel = { meta: model.meta, blocks: [{ kind: 'table', header: ['K', 'V'], rows: rows(3, 'SMALL') }, { kind: 'table', header: ['K', 'V'], rows: rows(30, 'LARGE') }] };
    const xml = strFromU8(unzipSync(await renderDocx(doc, { embedFonts: false }))['word/document.xml']!);
    const [small, large] = xml.split('<w:tbl>').slice(1);
    const bodyRows = (table: string) => table.split('<w:tr>').slice(2); // after the header row
    const smallRows = bodyRows(small!);
    expect(smallRows).toHaveLength(3);
    smallRows.forEach((row, i) => {
      expect(row).toContain('<w:cantSplit/>');
      expect(row.includes('<w:keepNext/>'), `row ${i + 1}`).toBe(i < 2);
    });
    for (const row of bodyRows(large!)) expect(row).not.toContain('<w:keepNext/>');
  });
});

describe('DOCX renderer', () => {
  let files: Record<string, string>;

  beforeAll(async () => {
    const bytes = await renderDocx(model, { embedFonts: false });
    files = Object.fromEntries(Object.entries(unzipSync(bytes)).filter(([name]) => name.endsWith('.xml')).map(([name, data]) => [name, strFromU8(data)]));
  });

  const documentXml = () => files['word/document.xml']!;
  const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

  it('uses Word heading styles, so the navigation pane and a table of contents work', () => {
    expect(documentXml()).toMatch(/<w:pStyle w:val="Heading1"\/>/);
    expect(documentXml()).toMatch(/<w:pStyle w:val="Heading2"\/>/);
    expect(files['word/styles.xml']).toMatch(/w:styleId="Heading1"/);
  });

  it('marks table header rows to repeat on every page', () => {
    expect(documentXml()).toContain('<w:tblHeader/>');
  });

  it('has a footer with PAGE and NUMPAGES fields and the page header text', () => {
    const footer = Object.entries(files).find(([name]) => /word\/footer\d*\.xml/.test(name))?.[1] ?? '';
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
    const header = Object.entries(files).find(([name]) => /word\/header\d*\.xml/.test(name))?.[1] ?? '';
    expect(text(header)).toContain('PCR-2026-0001 · Layout');
  });

  it('keeps accented and Indigenous-language names in the text and properties', () => {
    const body = text(documentXml()).normalize('NFC');
    for (const name of NAMES) expect(body).toContain(name.normalize('NFC'));
    expect(files['docProps/core.xml']).toContain(`<dc:title>Layout test: ${NAMES[0]}</dc:title>`);
  });

  it('has a table of contents field over headings 1 and 2, filled in with their entries, and asks Word to update it', () => {
    expect(documentXml()).toMatch(/<w:instrText[^>]*>TOC [^<]*\\o &quot;1-2&quot;<\/w:instrText>/);
    expect(documentXml()).toContain('Table of Contents');
    expect(files['word/settings.xml']).toMatch(/<w:updateFields( w:val="(true|1)")?\/>/);
    expect(text(documentXml())).toContain('The long table');
  });

  it('lays out every row of the long table', () => {
    const body = text(documentXml());
    for (let i = 1; i <= ROWS; i++) expect(body).toContain(`ROW-${String(i).padStart(3, '0')}`);
  });
});
