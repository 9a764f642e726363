/**
 * Reading a filled form file: a PDF AcroForm (filled by any tool, with or without appearance
 * streams), a Word file with content controls, or the workbench's JSON. The file comes from
 * outside, so it is treated as hostile: it is parsed in the untrusted-file worker (memory ceiling,
 * deadline), with size bounds, format checked by content rather than name; encrypted PDFs, PDFs
 * with active content (JavaScript, launch, submit, import, embedded files) or XFA, looping page or
 * field trees, decompression bombs, DTDs in Word parts and zip bombs are refused with a message
 * naming the problem. Readers only read; nothing is written.
 */
import {
  EncryptedPDFError,
  PDFArray,
  PDFRef,
  PDFCheckBox,
  PDFDict,
  PDFDocument,
  PDFDropdown,
  PDFHexString,
  PDFName,
  PDFOptionList,
  PDFRadioGroup,
  PDFStream,
  PDFString,
  PDFTextField,
  type PDFAcroCheckBox,
  type PDFObject,
} from '@cantoo/pdf-lib';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/api/errors';
import { parseFormStamp } from '../../shared/forms/definition';
import type { RawValue } from '../../shared/forms/values';
import { readArchive } from '../packages/zipArchive';
import { runUntrusted } from '../untrusted/index';
import { DOCX_PROPERTY_DOSSIER, DOCX_PROPERTY_FORM_ID, DOCX_PROPERTY_FORM_VERSION } from './docxForm';
import { DOSSIER_FIELD, FORM_ID_FIELD, INFO_DOSSIER, INFO_FORM_ID, INFO_FORM_VERSION } from './pdfForm';
import { assertDeclaredObjectCount, pdfLimitHit, startPdfParse } from './pdfLimits';
import { assertNoDoctype, tokenize } from './xml';

export const FORM_FORMATS = ['pdf', 'docx', 'json'] as const;
export type FormFormat = (typeof FORM_FORMATS)[number];

export const FORM_LIMITS = {
  maxFileBytes: 10 * 1024 * 1024,
  maxPdfObjects: 200_000,
  maxFields: 5_000,
  maxDocxEntries: 300,
  maxDocxPartBytes: 20 * 1024 * 1024,
  maxDocxTotalBytes: 60 * 1024 * 1024,
  maxValueLength: 100_000,
};

export interface FormFileContent {
  format: FormFormat;
  formId: string | null;
  version: number | null;
  dossierRef: string | null;
  /** Field name (PDF field, content-control tag or JSON key) → what it holds. */
  entries: Map<string, RawValue>;
}

export const JSON_FORMAT = 'pcr-workbench-form';

export const formJsonSchema = z
  .object({
    format: z.literal(JSON_FORMAT),
    format_version: z.literal(1),
    form: z.object({ id: z.string().max(100), version: z.number().int().min(1) }),
    dossier: z.string().max(100).nullable().optional(),
    values: z.record(z.string().max(200), z.union([z.string().max(FORM_LIMITS.maxValueLength), z.number(), z.boolean(), z.array(z.string().max(1000)).max(500), z.null()])),
  })
  .strict();
export type FormJson = z.infer<typeof formJsonSchema>;

function unreadable(message: string): WorkbenchError {
  return new WorkbenchError('validation', message);
}

const KIND_NAMES: Record<FormFormat, string> = { pdf: 'a PDF', docx: 'a Word (DOCX) file', json: 'a JSON file' };

/** What the bytes are, whatever the name says. */
export function sniffFormat(bytes: Uint8Array): FormFormat | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'docx';
  if (/^(\ufeff|ï»¿)?\s*\{/.test(head)) return 'json';
  return null;
}

function assertSize(name: string, bytes: Uint8Array): void {
  if (bytes.length === 0) throw unreadable(`"${name}" is empty.`);
  if (bytes.length > FORM_LIMITS.maxFileBytes) {
    throw unreadable(`"${name}" is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over the ${FORM_LIMITS.maxFileBytes / 1024 / 1024} MB limit for a form; it is not read.`);
  }
}

/** Reads a form file in the untrusted-file worker: whatever the file does, a typed refusal at worst. */
export async function readFormFile(name: string, bytes: Uint8Array): Promise<FormFileContent> {
  assertSize(name, bytes);
  return await runUntrusted('form.read', { name, bytes }, { subject: JSON.stringify(name) });
}

/** The parse itself; runs inside the worker (electron/untrusted/tasks.ts), never in the engine. */
export async function parseFormFile(name: string, bytes: Uint8Array): Promise<FormFileContent> {
  assertSize(name, bytes);
  const format = sniffFormat(bytes);
  if (!format) throw unreadable(`"${name}" is not a PDF, Word (DOCX) or workbench JSON form.`);
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const expected: Record<string, FormFormat> = { pdf: 'pdf', docx: 'docx', json: 'json' };
  if (ext && expected[ext] && expected[ext] !== format) {
    throw unreadable(`"${name}" is named .${ext} but is ${KIND_NAMES[format]}; it may have been renamed. Save it with the right extension and import it again.`);
  }
  if (format === 'pdf') return await readPdfForm(name, bytes);
  if (format === 'docx') return readDocxForm(name, bytes);
  return readJsonForm(name, bytes);
}

// ---------------------------------------------------------------- PDF

/**
 * The text of a PDF string. pdf-lib's own decodeText spreads every character into one call, which
 * overflows the stack on a long value, so long text is decoded here.
 */
function pdfText(value: unknown): string | null {
  if (value instanceof PDFName) return value.decodeText();
  if (!(value instanceof PDFString || value instanceof PDFHexString)) return null;
  const bytes = value.asBytes();
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes.length <= 4096) return value.decodeText();
  // PDFDocEncoding is one byte per character: decode in slices, each behind a space so that no
  // slice can look like a byte-order mark.
  let text = '';
  for (let at = 0; at < bytes.length; at += 4096) {
    const slice = Buffer.concat([Buffer.from([0x20]), bytes.subarray(at, at + 4096)]);
    text += PDFHexString.of(slice.toString('hex')).decodeText().slice(1);
  }
  return text;
}

/** Actions and entries that run something, send something or carry a file, by what they do. */
const ACTIVE_ACTIONS: Record<string, string> = {
  JavaScript: 'JavaScript',
  Launch: 'an action that launches a program or opens a file',
  SubmitForm: 'an action that sends the form to an address',
  ImportData: 'an action that imports data from another file',
  GoToE: 'an action that opens an embedded file',
  GoToR: 'an action that opens another file',
  RichMediaExecute: 'a rich-media command',
  Rendition: 'a media action',
};
const ACTIVE_KEYS: Record<string, string> = {
  JS: 'JavaScript',
  JavaScript: 'JavaScript',
  EmbeddedFiles: 'embedded files',
  EF: 'an embedded file',
  RichMedia: 'rich media',
};
const ACTIVE_TYPES: Record<string, string> = {
  FileAttachment: 'an embedded file (a file attachment)',
  EmbeddedFile: 'an embedded file',
  RichMedia: 'rich media',
  Movie: 'a movie',
  Sound: 'a sound',
  Screen: 'a media screen',
};

/**
 * What active content the document carries, if any: every object is visited, indirect or written
 * inline in another (actions in /OpenAction, /AA, /A, /Next chains, annotations, name trees), so
 * an action cannot hide by not being its own object.
 */
function findActiveContent(doc: PDFDocument): string | null {
  const pending: PDFObject[] = [doc.context.trailerInfo.Root, doc.context.trailerInfo.Info].filter((o): o is PDFObject => o !== undefined);
  for (const [, object] of doc.context.enumerateIndirectObjects()) pending.push(object);
  const S = PDFName.of('S');
  const TYPE = PDFName.of('Type');
  const SUBTYPE = PDFName.of('Subtype');
  const seen = new Set<PDFObject>();
  while (pending.length) {
    const object = pending.pop()!;
    if (seen.has(object)) continue;
    seen.add(object);
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
    if (dict) {
      for (const [key, value] of dict.entries()) {
        const found = ACTIVE_KEYS[key.decodeText()];
        if (found) return found;
        if (value instanceof PDFDict || value instanceof PDFArray) pending.push(value);
      }
      for (const [key, table] of [[S, ACTIVE_ACTIONS], [TYPE, ACTIVE_TYPES], [SUBTYPE, ACTIVE_TYPES]] as const) {
        const value = dict.get(key);
        const name = value instanceof PDFName ? value.decodeText() : null;
        if (name && Object.hasOwn(table, name)) return table[name]!;
      }
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) if (value instanceof PDFDict || value instanceof PDFArray) pending.push(value);
    }
  }
  return null;
}

/**
 * Refuses trees that loop: a page tree whose /Kids or /Parent lead back to a node already seen, and
 * form fields listed twice or looping through /Kids. pdf-lib follows these by recursion.
 */
function assertTreesEnd(doc: PDFDocument, name: string): void {
  const KIDS = PDFName.of('Kids');
  const PARENT = PDFName.of('Parent');
  const walk = (roots: PDFObject[], what: string, loopsBack: string) => {
    const seen = new Set<PDFObject>();
    const pending = [...roots];
    while (pending.length) {
      const ref = pending.pop()!;
      const node = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
      if (!(node instanceof PDFDict)) continue;
      if (seen.has(node)) throw unreadable(`"${name}" is a damaged PDF: its ${what} ${loopsBack}; it is not read.`);
      seen.add(node);
      const kids = node.lookup(KIDS);
      if (kids instanceof PDFArray) pending.push(...kids.asArray());
      // A node's /Parent chain must end too (pdf-lib climbs it for inherited values).
      const ancestors = new Set<PDFObject>([node]);
      for (let parent = node.lookup(PARENT); parent instanceof PDFDict; parent = parent.lookup(PARENT)) {
        if (ancestors.has(parent)) throw unreadable(`"${name}" is a damaged PDF: a /Parent chain in its ${what} loops back on itself; it is not read.`);
        ancestors.add(parent);
      }
    }
  };
  const pages = doc.catalog.get(PDFName.of('Pages'));
  walk(pages ? [pages] : [], 'page tree', 'loops back on itself or lists a page twice');
  const fields = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict)?.lookup(PDFName.of('Fields'));
  if (fields instanceof PDFArray) walk(fields.asArray(), 'form fields', 'loop back on themselves or list one field twice');
}

const ENCRYPTED = (name: string) => unreadable(`"${name}" is an encrypted (password-protected) PDF. Ask the partner to save it without a password or security settings.`);

async function readPdfForm(name: string, bytes: Uint8Array): Promise<FormFileContent> {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) throw unreadable(`"${name}" is a damaged PDF: its end is missing (the file is truncated). Ask for the file again.`);
  const raw = Buffer.from(bytes).toString('latin1');
  if (/\/Encrypt\b/.test(raw.slice(-65536)) || /\/Encrypt\s+\d+\s+\d+\s+R/.test(raw)) throw ENCRYPTED(name);
  assertDeclaredObjectCount(name, raw);
  startPdfParse();
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (error) {
    const limitHit = pdfLimitHit(name);
    if (limitHit) throw limitHit;
    if (error instanceof WorkbenchError) throw error;
    if (error instanceof EncryptedPDFError) throw ENCRYPTED(name);
    throw unreadable(`"${name}" is a damaged PDF that cannot be read (${error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'unknown error'}).`);
  }
  const limitHit = pdfLimitHit(name);
  if (limitHit) throw limitHit;
  if (doc.isEncrypted) throw ENCRYPTED(name);
  if (!(doc.context.lookup(doc.context.trailerInfo.Root) instanceof PDFDict)) throw unreadable(`"${name}" is a damaged PDF: it has no document catalog (only a header, or its objects are missing).`);
  const active = findActiveContent(doc);
  if (active === 'JavaScript') throw unreadable(`"${name}" contains JavaScript. Forms from the workbench never do; the file is not read. Ask the partner for the form as they filled it, without scripts.`);
  if (active) throw unreadable(`"${name}" contains active content (${active}). Forms from the workbench never do; the file is not read. Ask the partner for the form as they filled it, saved as a plain PDF.`);
  assertTreesEnd(doc, name);
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (acroForm?.has(PDFName.of('XFA'))) {
    const fieldsArray = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray);
    if (!fieldsArray || fieldsArray.size() === 0) throw unreadable(`"${name}" is a dynamic XFA form, which the workbench does not read. Fill the workbench's own PDF form instead.`);
  }

  const entries = new Map<string, RawValue>();
  const fields = doc.getForm().getFields();
  if (fields.length > FORM_LIMITS.maxFields) throw unreadable(`"${name}" has ${fields.length} form fields, over the limit of ${FORM_LIMITS.maxFields}.`);
  for (const field of fields) {
    const fieldName = field.getName();
    if (field instanceof PDFTextField) entries.set(fieldName, pdfText(field.acroField.getValue()));
    else if (field instanceof PDFDropdown || field instanceof PDFOptionList) entries.set(fieldName, pdfText(field.acroField.getValues()[0]));
    else if (field instanceof PDFRadioGroup) entries.set(fieldName, field.getSelected() ?? null);
    else if (field instanceof PDFCheckBox) {
      // The value, not the appearance: a tool that fills without appearance streams still sets /V.
      const value = (field.acroField as PDFAcroCheckBox).getValue();
      const widgetState = field.acroField.getWidgets().map((w) => w.getAppearanceState()).find((s) => s !== undefined);
      const state = value ?? widgetState;
      entries.set(fieldName, state !== undefined && state !== PDFName.of('Off'));
    }
  }
  for (const [key, value] of entries) if (typeof value === 'string' && value.length > FORM_LIMITS.maxValueLength) entries.set(key, value.slice(0, FORM_LIMITS.maxValueLength));

  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict);
  const infoText = (key: string) => (info ? pdfText(info.lookup(PDFName.of(key))) : null);
  const stamp = parseFormStamp(String(entries.get(FORM_ID_FIELD) ?? '')) ?? parseFormStamp((infoText('Keywords') ?? '').split(/\s+/)[0] ?? '');
  const infoId = infoText(INFO_FORM_ID);
  const infoVersion = Number(infoText(INFO_FORM_VERSION));
  const dossierRef = (entries.get(DOSSIER_FIELD) as string | null | undefined) ?? infoText(INFO_DOSSIER);
  entries.delete(FORM_ID_FIELD);
  entries.delete(DOSSIER_FIELD);
  return {
    format: 'pdf',
    formId: infoId ?? stamp?.id ?? null,
    version: infoId && Number.isInteger(infoVersion) ? infoVersion : (stamp?.version ?? null),
    dossierRef: typeof dossierRef === 'string' ? dossierRef.trim() || null : null,
    entries,
  };
}

// ---------------------------------------------------------------- DOCX

function docxRefused(error: unknown): never {
  if (error instanceof WorkbenchError) {
    throw new WorkbenchError('validation', error.message.replaceAll('The package', 'The Word file').replaceAll('approval packages', 'Word forms').replaceAll('package', 'Word file'));
  }
  throw error;
}

interface Control {
  tag: string | null;
  checkbox: boolean;
  checked: boolean;
  date: string | null;
  placeholder: boolean;
  text: string;
  inContent: boolean;
}

/** Every content control of a WordprocessingML part: tag → value. */
export function readContentControls(xml: string, part: string, into: Map<string, RawValue>): void {
  const stack: Control[] = [];
  let inText = false;
  for (const token of tokenize(xml, part)) {
    const top = stack.at(-1);
    if (token.kind === 'text') {
      if (top?.inContent && inText) top.text += token.text;
      continue;
    }
    if (token.kind === 'open') {
      switch (token.name) {
        case 'w:sdt':
          if (!token.selfClosing) stack.push({ tag: null, checkbox: false, checked: false, date: null, placeholder: false, text: '', inContent: false });
          break;
        case 'w:tag':
          if (top && !top.inContent) top.tag = token.attrs['w:val'] ?? null;
          break;
        case 'w:showingPlcHdr':
          if (top && !top.inContent) top.placeholder = token.attrs['w:val'] !== '0' && token.attrs['w:val'] !== 'false';
          break;
        case 'w14:checkbox':
          if (top && !top.inContent) top.checkbox = true;
          break;
        case 'w14:checked':
          if (top && !top.inContent) top.checked = token.attrs['w14:val'] === '1' || token.attrs['w14:val'] === 'true';
          break;
        case 'w:date':
          if (top && !top.inContent) top.date = token.attrs['w:fullDate']?.slice(0, 10) ?? '';
          break;
        case 'w:sdtContent':
          if (top) top.inContent = true;
          break;
        case 'w:t':
          inText = !token.selfClosing;
          break;
        case 'w:tab':
          if (top?.inContent) top.text += '\t';
          break;
        case 'w:br':
        case 'w:cr':
          if (top?.inContent) top.text += '\n';
          break;
      }
      continue;
    }
    if (token.name === 'w:t') inText = false;
    else if (token.name === 'w:p' && top?.inContent) top.text += '\n';
    else if (token.name === 'w:sdt') {
      const control = stack.pop();
      if (!control?.tag) continue;
      if (into.size >= FORM_LIMITS.maxFields) throw new WorkbenchError('validation', `The Word file has more than ${FORM_LIMITS.maxFields} content controls.`);
      let value: RawValue;
      if (control.checkbox) value = control.checked;
      else if (control.placeholder) value = null;
      else if (control.date) value = control.date;
      else value = control.text.replace(/\n+$/, '').slice(0, FORM_LIMITS.maxValueLength);
      into.set(control.tag, value);
    }
  }
}

function readCustomProperties(xml: string): Map<string, string> {
  const props = new Map<string, string>();
  let current: string | null = null;
  for (const token of tokenize(xml, 'custom properties')) {
    if (token.kind === 'open' && token.name === 'property') current = token.attrs.name ?? null;
    else if (token.kind === 'close' && token.name === 'property') current = null;
    else if (token.kind === 'text' && current) props.set(current, (props.get(current) ?? '') + token.text);
  }
  return props;
}

/** An XML part by name, or by content whatever its name (a part can be called anything). */
function looksLikeXml(partName: string, bytes: Uint8Array): boolean {
  if (/\.(xml|rels|vml|xsd|xsl)$/i.test(partName)) return true;
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09)) at++;
  return bytes[at] === 0x3c;
}

/** A part's text in the encoding its byte-order mark (or its zero bytes) says: UTF-8 or UTF-16. */
function xmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes[0] === 0x3c && bytes[1] === 0) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0 && bytes[1] === 0x3c) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function readDocxForm(name: string, bytes: Uint8Array): FormFileContent {
  let parts;
  try {
    parts = readArchive(bytes, {
      maxArchiveBytes: FORM_LIMITS.maxFileBytes,
      maxEntries: FORM_LIMITS.maxDocxEntries,
      maxEntryBytes: FORM_LIMITS.maxDocxPartBytes,
      maxTotalBytes: FORM_LIMITS.maxDocxTotalBytes,
      maxNameLength: 255,
    });
  } catch (error) {
    docxRefused(error);
  }
  const decoder = new TextDecoder('utf-8');
  const text = (partName: string): string | null => {
    const part = parts.find((p) => p.name === partName);
    if (!part) return null;
    if (!part.bytes) throw unreadable(`"${name}" is a damaged Word file: its part ${partName} ${part.problem}.`);
    return decoder.decode(part.bytes);
  };
  // Any XML part with a DTD is refused, read or not, wherever in the part it sits: Word never writes one.
  for (const part of parts) {
    if (!part.bytes || !looksLikeXml(part.name, part.bytes)) continue;
    try {
      assertNoDoctype(xmlText(part.bytes), part.name);
    } catch {
      throw unreadable(`"${name}": the Word file's part ${part.name} declares a document type or entities (a DTD, as used for external-entity and entity-expansion attacks); the file is not read.`);
    }
  }
  const document = text('word/document.xml');
  if (document === null) throw unreadable(`"${name}" is a zip file but not a Word document (it has no word/document.xml).`);
  const entries = new Map<string, RawValue>();
  readContentControls(document, 'document', entries);
  const custom = text('docProps/custom.xml');
  const props = custom ? readCustomProperties(custom) : new Map<string, string>();
  const version = Number(props.get(DOCX_PROPERTY_FORM_VERSION));
  return {
    format: 'docx',
    formId: props.get(DOCX_PROPERTY_FORM_ID)?.trim() || null,
    version: Number.isInteger(version) && version > 0 ? version : null,
    dossierRef: props.get(DOCX_PROPERTY_DOSSIER)?.trim() || null,
    entries,
  };
}

// ---------------------------------------------------------------- JSON

function readJsonForm(name: string, bytes: Uint8Array): FormFileContent {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, ''));
  } catch (error) {
    throw unreadable(`"${name}" is not valid JSON (${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}).`);
  }
  const parsed = formJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw unreadable(`"${name}" is not a workbench form file (${problems.join('; ')}).`);
  }
  const entries = new Map<string, RawValue>(Object.entries(parsed.data.values));
  return { format: 'json', formId: parsed.data.form.id, version: parsed.data.form.version, dossierRef: parsed.data.dossier ?? null, entries };
}
