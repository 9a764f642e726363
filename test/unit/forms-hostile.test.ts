/** Hostile and broken form files: each refused with a message naming the problem, nothing written. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { PDFDocument, PDFName, PDFString } from '@cantoo/pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { FORM_LIMITS, applyForm, blankForm, formsContext, inspectForm, type FormsContext } from '../../electron/forms/index';
import { fillDocx, fillPdfWithPdfjs } from './forms-fillers';
import * as hostile from '../support/hostileFiles';

let dir: string;
let engine: Engine;
let ctx: FormsContext;
const changeCount = () => (engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-hostile-'));
  engine = createEngine({ dataDir: dir, actor: 'Test Lead' });
  ctx = formsContext(engine.context);
});
afterEach(() => {
  engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function refused(name: string, bytes: Uint8Array, message: RegExp): Promise<void> {
  const before = changeCount();
  await expect(applyForm(ctx, { name, bytes })).rejects.toThrow(message);
  await expect(inspectForm(ctx, name, bytes)).rejects.toThrow(message);
  expect(changeCount()).toBe(before);
  expect(fs.existsSync(path.join(dir, 'attachments'))).toBe(false);
}

const hasQpdf = (() => {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('hostile PDFs', () => {
  it('a truncated PDF', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' });
    await refused('rfi.pdf', bytes.subarray(0, Math.floor(bytes.length / 2)), /truncated/);
  });

  it('a corrupt PDF', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' });
    const corrupt = Buffer.from(bytes);
    corrupt.fill(0x41, 2000, 60_000);
    await refused('rfi.pdf', corrupt, /damaged PDF|not a form the workbench handed out/);
  });

  it.skipIf(!hasQpdf)('an encrypted PDF (qpdf: CI installs it)', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' });
    const plain = path.join(dir, 'plain.pdf');
    const locked = path.join(dir, 'locked.pdf');
    fs.writeFileSync(plain, bytes);
    execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, locked]);
    await refused('locked.pdf', fs.readFileSync(locked), /encrypted \(password-protected\)/);
  });

  it('a PDF with JavaScript', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' });
    const doc = await PDFDocument.load(bytes);
    const action = doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert("hi")') });
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
    await refused('rfi.pdf', await doc.save(), /contains JavaScript/);
  });

  it.skipIf(!hasQpdf)('a filled PDF whose appearance streams are gone is still read from the field values', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' });
    const filled = await fillPdfWithPdfjs(bytes, { org_legal_name: 'ʔaq̓am Health', app_name: 'Clinic EMR', transactions__merge: true });
    const src = path.join(dir, 'filled.pdf');
    const flat = path.join(dir, 'flat.pdf');
    fs.writeFileSync(src, filled);
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', src, flat]);
    // Rename every /AP key to a same-length unknown key: the byte offsets stay valid.
    const stripped = Buffer.from(fs.readFileSync(flat).toString('latin1').replaceAll('/AP ', '/ZZ ').replaceAll('/AP<<', '/ZZ<<'), 'latin1');
    expect(stripped.toString('latin1')).not.toMatch(/\/AP[\s<]/);
    const { inspection } = await inspectForm(ctx, 'flat.pdf', stripped);
    const byKey = new Map(inspection.fields.map((f) => [f.key, f.value]));
    expect(byKey.get('org_legal_name')).toBe('ʔaq̓am Health');
    expect(byKey.get('transactions')).toEqual(['merge']);
  });

  it('a PDF renamed .docx', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' });
    await refused('rfi.docx', bytes, /named \.docx but is a PDF/);
  });

  it('a file over the size limit', async () => {
    await refused('big.pdf', new Uint8Array(FORM_LIMITS.maxFileBytes + 1), /over the 10 MB limit/);
  });

  it('a PDF that is no workbench form', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    await refused('other.pdf', await doc.save(), /not a form the workbench handed out/);
  });
});

describe('PDFs built to crash or exhaust the reader (read in the worker, refused, nothing written)', () => {
  const blankPdf = async () => (await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' })).bytes;

  it('a 470 KB object stream that inflates to 480 MB', async () => {
    const bomb = hostile.objectStreamBomb();
    expect(bomb.length).toBeLessThan(520 * 1024);
    await refused('bomb.pdf', bomb, /compressed stream that expands past 16 MB; it is built to exhaust the reader/);
    // The engine process itself never held the inflated data.
    expect(process.memoryUsage().rss).toBeLessThan(1024 * 1024 * 1024);
  });

  it('an object stream declaring millions of objects, refused before decoding', async () => {
    await refused('count.pdf', hostile.objectCountBomb(), /declares more than 200000 objects/);
  });

  it('a file that is only a PDF header', async () => {
    await refused('header.pdf', hostile.headerOnly(), /no document catalog/);
    await refused('header.pdf', Buffer.from('%PDF-1.7\n'), /truncated/);
  });

  it('page trees whose /Kids or /Parent loop', async () => {
    const blank = await blankPdf();
    await refused('kids.pdf', await hostile.pagesKidsLoop(blank), /its page tree loops back on itself/);
    await refused('parent.pdf', await hostile.pageParentLoop(blank), /a \/Parent chain in its page tree loops back on itself/);
  });

  it('a form with duplicated field objects', async () => {
    const blank = await blankPdf();
    await refused('dup.pdf', await hostile.duplicatedFields(blank, 'same-ref'), /form fields loop back on themselves or list one field twice/);
    await refused('copy.pdf', await hostile.duplicatedFields(blank, 'copied-object'), /form fields loop back on themselves or list one field twice/);
  });

  it('a 300,000-character field value is read without overflowing the stack', async () => {
    const blank = await blankPdf();
    for (const encoding of ['utf16', 'pdfdoc'] as const) {
      const { inspection } = await inspectForm(ctx, 'long.pdf', await hostile.longFieldValue(blank, encoding));
      const field = inspection.fields.find((f) => f.key === 'org_legal_name')!;
      expect(String(field.value ?? field.raw_text ?? '').length).toBeGreaterThan(1000);
    }
  });

  for (const variant of Object.keys(hostile.ACTIVE_CONTENT)) {
    it(`active content written inline: ${variant}`, async () => {
      await refused('active.pdf', await hostile.withActiveContent(await blankPdf(), variant), /contains (JavaScript|active content \(.+\))\. Forms from the workbench never do/);
    });
  }
});

describe('hostile Word files', () => {
  it('a DTD after the first 4 KB of another part, in UTF-8 or UTF-16', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'docx' });
    await refused('late.docx', hostile.docxWithLateDtd(bytes), /part word\/styles\.xml declares a document type or entities/);
    await refused('late16.docx', hostile.docxWithLateDtd(bytes, 'utf16'), /part word\/styles\.xml declares a document type or entities/);
  });

  it('external entities (a DTD) in document.xml', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'docx' });
    const files = unzipSync(bytes);
    const xml = new TextDecoder().decode(files['word/document.xml']);
    files['word/document.xml'] = strToU8(
      xml.replace('<w:document', '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document').replace('Click here to enter text.', '&xxe;'),
    );
    await refused('rfi.docx', zipSync(files), /declares a document type or entities/);
  });

  it('a zip bomb', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'docx' });
    const files = unzipSync(bytes);
    files['word/media/bomb.bin'] = new Uint8Array(FORM_LIMITS.maxDocxPartBytes + 1024 * 1024);
    const bomb = zipSync(files, { level: 9 });
    expect(bomb.length).toBeLessThan(FORM_LIMITS.maxFileBytes);
    await refused('rfi.docx', bomb, /over the .*-byte limit/);
  });

  it('a damaged zip', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'docx' });
    await refused('rfi.docx', bytes.subarray(0, bytes.length - 40), /not a readable zip archive|truncated/);
  });

  it('an unknown form version', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'docx' });
    const files = unzipSync(bytes);
    files['docProps/custom.xml'] = strToU8(new TextDecoder().decode(files['docProps/custom.xml']).replace('<vt:lpwstr>1</vt:lpwstr>', '<vt:lpwstr>7</vt:lpwstr>'));
    await refused('rfi.docx', zipSync(files), /does not know version 7 of the form "request-for-integration"/);
  });
});

describe('invalid values', () => {
  it('an invalid e-mail, date and choice are named, and apply writes nothing', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'docx' });
    const filled = fillDocx(bytes, {
      org_legal_name: 'Sḵwx̱wú7mesh Úxwumixw',
      app_name: 'EMR',
      sponsor_email: 'sponsor(at)example.org',
      signature_date: '2026-13-01',
      org_type: 'Brewery',
    });
    const { inspection } = await inspectForm(ctx, 'rfi.docx', filled);
    expect(inspection.problems.map((p) => p.field).sort()).toEqual(['org_type', 'signature_date', 'sponsor_email']);
    const messages = inspection.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('Executive sponsor — e-mail: "sponsor(at)example.org" is not an e-mail address');
    expect(messages).toContain('Date signed: "2026-13-01" is not a date as YYYY-MM-DD');
    expect(messages).toContain('Organization type: "Brewery" is not one of the choices');
    const before = changeCount();
    await expect(applyForm(ctx, { name: 'rfi.docx', bytes: filled })).rejects.toThrow(/Nothing was applied: 3 fields have invalid values/);
    expect(changeCount()).toBe(before);
    expect(fs.existsSync(path.join(dir, 'attachments'))).toBe(false);
  });

  it('a JSON form with a wrong shape', async () => {
    await refused('rfi.json', strToU8('{"format":"pcr-workbench-form","format_version":1,"form":{"id":"request-for-integration"},"values":{}}'), /not a workbench form file/);
  });
});
