/**
 * Reading a filled form file: a PDF AcroForm (filled by any tool, with or without appearance
 * streams), a Word file with content controls, or the workbench's JSON. The file comes from
 * outside, so it is treated as hostile: size bounds, format checked by content rather than name,
 * encrypted PDFs, PDFs with JavaScript or XFA, DTDs in Word parts and zip bombs are refused with
 * a message naming the problem. Readers only read; nothing is written.
 */
import {
  EncryptedPDFError,
  PDFArray,
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
} from '@cantoo/pdf-lib';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/api/errors';
import { parseFormStamp } from '../../shared/forms/definition';
import type { RawValue } from '../../shared/forms/values';
import { readArchive } from '../packages/index';
import { DOCX_PROPERTY_DOSSIER, DOCX_PROPERTY_FORM_ID, DOCX_PROPERTY_FORM_VERSION } from './docxForm';
import { DOSSIER_FIELD, FORM_ID_FIELD, INFO_DOSSIER, INFO_FORM_ID, INFO_FORM_VERSION } from './pdfForm';
import { tokenize } from './xml';

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
  /** pdf-lib parses in slices and yields between them, so a slow parse is abandoned rather than awaited. */
  parseTimeoutMs: 10_000,
};

async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

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

export async function readFormFile(name: string, bytes: Uint8Array): Promise<FormFileContent> {
  if (bytes.length === 0) throw unreadable(`"${name}" is empty.`);
  if (bytes.length > FORM_LIMITS.maxFileBytes) {
    throw unreadable(`"${name}" is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over the ${FORM_LIMITS.maxFileBytes / 1024 / 1024} MB limit for a form; it is not read.`);
  }
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

function pdfText(value: unknown): string | null {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  if (value instanceof PDFName) return value.decodeText();
  return null;
}

/** JavaScript anywhere: a /JS entry, an action of type JavaScript, or the document's JavaScript name tree. */
function findJavaScript(doc: PDFDocument): boolean {
  const JS = PDFName.of('JS');
  const S = PDFName.of('S');
  const JAVASCRIPT = PDFName.of('JavaScript');
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
    if (!dict) continue;
    if (dict.has(JS) || dict.get(S) === JAVASCRIPT || dict.has(JAVASCRIPT)) return true;
  }
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  return Boolean(names?.has(JAVASCRIPT));
}

async function readPdfForm(name: string, bytes: Uint8Array): Promise<FormFileContent> {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) throw unreadable(`"${name}" is a damaged PDF: its end is missing (the file is truncated). Ask for the file again.`);
  const raw = Buffer.from(bytes).toString('latin1');
  if (/\/Encrypt\b/.test(raw.slice(-65536)) || /\/Encrypt\s+\d+\s+\d+\s+R/.test(raw)) {
    throw unreadable(`"${name}" is an encrypted (password-protected) PDF. Ask the partner to save it without a password or security settings.`);
  }
  let doc: PDFDocument;
  try {
    doc = await withTimeout(
      PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, parseSpeed: 2_000 }),
      FORM_LIMITS.parseTimeoutMs,
      () => unreadable(`"${name}" took more than ${FORM_LIMITS.parseTimeoutMs / 1000} s to read; it is not a workbench form.`),
    );
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    if (error instanceof EncryptedPDFError) {
      throw unreadable(`"${name}" is an encrypted (password-protected) PDF. Ask the partner to save it without a password or security settings.`);
    }
    throw unreadable(`"${name}" is a damaged PDF that cannot be read (${error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'unknown error'}).`);
  }
  if (doc.isEncrypted) throw unreadable(`"${name}" is an encrypted (password-protected) PDF. Ask the partner to save it without a password or security settings.`);
  if (doc.context.largestObjectNumber > FORM_LIMITS.maxPdfObjects) throw unreadable(`"${name}" holds more than ${FORM_LIMITS.maxPdfObjects} objects; it is not a workbench form.`);
  if (findJavaScript(doc)) throw unreadable(`"${name}" contains JavaScript. Forms from the workbench never do; the file is not read. Ask the partner for the form as they filled it, without scripts.`);
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
    if (field instanceof PDFTextField) entries.set(fieldName, field.getText() ?? null);
    else if (field instanceof PDFDropdown || field instanceof PDFOptionList) entries.set(fieldName, field.getSelected()[0] ?? null);
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
  const stamp = parseFormStamp(String(entries.get(FORM_ID_FIELD) ?? '')) ?? parseFormStamp((doc.getKeywords() ?? '').split(/\s+/)[0] ?? '');
  const infoId = infoText(INFO_FORM_ID);
  const infoVersion = Number(infoText(INFO_FORM_VERSION));
  const dossierRef = (entries.get(DOSSIER_FIELD) as string | null | undefined) ?? infoText(INFO_DOSSIER);
  entries.delete(FORM_ID_FIELD);
  entries.delete(DOSSIER_FIELD);
  return {
    format: 'pdf',
    formId: infoId ?? stamp?.id ?? null,
    version: infoId && Number.isInteger(infoVersion) ? infoVersion : (stamp?.version ?? null),
    dossierRef: dossierRef?.trim() || null,
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
  // Any XML part with a DTD is refused, read or not: Word never writes one.
  for (const part of parts) {
    if (!/\.(xml|rels)$/i.test(part.name) || !part.bytes) continue;
    const head = decoder.decode(part.bytes.subarray(0, 4096));
    if (/<!DOCTYPE|<!ENTITY/i.test(head)) throw unreadable(`"${name}": the Word file's part ${part.name} declares a document type or entities (a DTD, as used for external-entity and entity-expansion attacks); the file is not read.`);
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
