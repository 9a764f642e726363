/**
 * The blank (or pre-filled) form as a PDF AcroForm: text, multi-line, drop-down and check-box
 * fields with BC Sans, the instructions, each field's label and help on the page and as its
 * tooltip, and the form id and version in the document information and a hidden read-only field.
 */
import fontkit from '@cantoo/fontkit';
import { PDFDict, PDFDocument, PDFHexString, PDFName, rgb, type PDFFont, type PDFForm, type PDFPage } from '@cantoo/pdf-lib';
import { formFields, formStamp, optionFieldName, type FormDefinition, type FormField } from '../../shared/forms/definition';
import { displayValue, fieldOptions, type FormValue } from '../../shared/forms/values';
import { loadFonts } from '../documents/fonts';
import { APP_VERSION } from '../engine/version';

/** Names of the hidden fields and information entries that identify a workbench form. */
export const FORM_ID_FIELD = 'pcr_form';
export const DOSSIER_FIELD = 'pcr_dossier';
export const INFO_FORM_ID = 'PCRFormId';
export const INFO_FORM_VERSION = 'PCRFormVersion';
export const INFO_DOSSIER = 'PCRDossier';

const PAGE = { width: 612, height: 792, margin: 54 };
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.37, 0.4);
const ACCENT = rgb(0, 0.2, 0.4);

interface Layout {
  doc: PDFDocument;
  form: PDFForm;
  regular: PDFFont;
  bold: PDFFont;
  page: PDFPage;
  y: number;
}

const widthCache = new WeakMap<PDFFont, Map<string, number>>();

/** Width of a word at size 1, measured once per font (shaping every candidate line is slow). */
function wordWidth(font: PDFFont, word: string): number {
  let cache = widthCache.get(font);
  if (!cache) widthCache.set(font, (cache = new Map()));
  let width = cache.get(word);
  if (width === undefined) cache.set(word, (width = font.widthOfTextAtSize(word, 1)));
  return width;
}

function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  const space = wordWidth(font, ' ') * size;
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const w = wordWidth(font, word) * size;
      if (!line || lineWidth + space + w <= width) {
        line = line ? `${line} ${word}` : word;
        lineWidth += (lineWidth ? space : 0) + w;
      } else {
        lines.push(line);
        line = word;
        lineWidth = w;
      }
    }
    lines.push(line);
  }
  return lines;
}

function newPage(l: Layout): void {
  l.page = l.doc.addPage([PAGE.width, PAGE.height]);
  l.y = PAGE.height - PAGE.margin;
}

function ensure(l: Layout, height: number): void {
  if (l.y - height < PAGE.margin + 20) newPage(l);
}

function text(l: Layout, content: string, opts: { size: number; bold?: boolean; color?: ReturnType<typeof rgb>; indent?: number; gap?: number }): void {
  const font = opts.bold ? l.bold : l.regular;
  const width = PAGE.width - 2 * PAGE.margin - (opts.indent ?? 0);
  const lineHeight = opts.size * 1.3;
  for (const line of wrap(font, opts.size, content, width)) {
    ensure(l, lineHeight);
    l.page.drawText(line, { x: PAGE.margin + (opts.indent ?? 0), y: l.y - opts.size, size: opts.size, font, color: opts.color ?? INK });
    l.y -= lineHeight;
  }
  l.y -= opts.gap ?? 0;
}

function setTooltip(dict: PDFDict, tooltip: string): void {
  dict.set(PDFName.of('TU'), PDFHexString.fromText(tooltip));
}

function tooltipOf(field: FormField): string {
  const parts = [field.label + (field.required ? ' (required)' : '')];
  if (field.help) parts.push(field.help);
  if (field.type === 'date') parts.push('Date as YYYY-MM-DD.');
  return parts.join(' — ');
}

const WIDGET_BORDER = { borderColor: rgb(0.55, 0.57, 0.6), borderWidth: 1, backgroundColor: rgb(0.96, 0.97, 0.99) };

function addField(l: Layout, field: FormField, value: FormValue): void {
  const width = PAGE.width - 2 * PAGE.margin;
  const labelLines = wrap(l.bold, 9.5, field.label + (field.required ? ' *' : ''), width).length;
  const helpLines = field.help ? wrap(l.regular, 8, field.help, width).length : 0;
  const options = fieldOptions(field);
  const widgetHeight = field.type === 'multiline' ? 52 : field.type === 'multichoice' ? Math.ceil(options.length / 2) * 16 : 20;
  // Keep a field's label, help and widget together on one page.
  ensure(l, labelLines * 12.4 + helpLines * 10.4 + widgetHeight + 14);
  text(l, field.label + (field.required ? ' *' : ''), { size: 9.5, bold: true });
  if (field.help) text(l, field.help, { size: 8, color: MUTED });
  l.y -= 2;
  const tooltip = tooltipOf(field);
  if (field.type === 'multichoice') {
    const selected = new Set(Array.isArray(value) ? value : []);
    const column = width / 2;
    options.forEach((option, i) => {
      const x = PAGE.margin + (i % 2) * column;
      const y = l.y - Math.floor(i / 2) * 16 - 12;
      const box = l.form.createCheckBox(optionFieldName(field.key, option.value));
      box.addToPage(l.page, { x, y, width: 11, height: 11, ...WIDGET_BORDER });
      setTooltip(box.acroField.dict, `${field.label}: ${option.label}`);
      if (selected.has(option.value)) box.check();
      const label = wrap(l.regular, 8.5, option.label, column - 22)[0] ?? '';
      l.page.drawText(label, { x: x + 16, y: y + 2, size: 8.5, font: l.regular, color: INK });
    });
    l.y -= widgetHeight + 8;
    return;
  }
  if (field.type === 'choice' || field.type === 'yesno') {
    const dropdown = l.form.createDropdown(field.key);
    const labels = field.type === 'yesno' ? ['Yes', 'No'] : options.map((o) => o.label);
    dropdown.addOptions(labels);
    dropdown.addToPage(l.page, { x: PAGE.margin, y: l.y - 20, width: Math.min(width, 330), height: 20, font: l.regular, ...WIDGET_BORDER });
    dropdown.setFontSize(9.5);
    setTooltip(dropdown.acroField.dict, tooltip);
    if (value !== null && !Array.isArray(value)) dropdown.select(displayValue(field, value));
    if (field.required) dropdown.enableRequired();
    l.y -= widgetHeight + 10;
    return;
  }
  const textField = l.form.createTextField(field.key);
  if (field.type === 'multiline') textField.enableMultiline();
  if (field.maxLength && field.type !== 'multiline') textField.setMaxLength(field.maxLength);
  const narrow = field.type === 'date' || field.type === 'number' || field.type === 'phone';
  textField.addToPage(l.page, { x: PAGE.margin, y: l.y - widgetHeight, width: narrow ? 200 : width, height: widgetHeight, font: l.regular, ...WIDGET_BORDER });
  textField.setFontSize(field.type === 'multiline' ? 9 : 10);
  setTooltip(textField.acroField.dict, tooltip);
  if (value !== null) textField.setText(displayValue(field, value));
  if (field.required) textField.enableRequired();
  l.y -= widgetHeight + 10;
}

export interface BlankFormOptions {
  values?: ReadonlyMap<string, FormValue>;
  /** The dossier reference the form is pre-filled for; importing it finds that dossier. */
  dossierReference?: string;
  fontsDir?: string;
}

export async function renderPdfForm(form: FormDefinition, options: BlankFormOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const fonts = loadFonts(options.fontsDir);
  // Field text uses the whole font, so that whatever a partner types has its glyphs.
  const regular = await doc.embedFont(fonts.regular, { subset: false });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  const l: Layout = { doc, form: doc.getForm(), regular, bold, page: doc.addPage([PAGE.width, PAGE.height]), y: PAGE.height - PAGE.margin };
  const stamp = formStamp(form.id, form.version);

  doc.setTitle(form.title, { showInWindowTitleBar: true });
  doc.setSubject(form.description);
  doc.setKeywords([stamp, 'PCR Onboarding Workbench form']);
  doc.setCreator(`PCR Onboarding Workbench ${APP_VERSION}`);
  doc.setProducer(`PCR Onboarding Workbench ${APP_VERSION}`);
  doc.setLanguage('en-CA');
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of(INFO_FORM_ID), PDFHexString.fromText(form.id));
  info.set(PDFName.of(INFO_FORM_VERSION), PDFHexString.fromText(String(form.version)));
  if (options.dossierReference) info.set(PDFName.of(INFO_DOSSIER), PDFHexString.fromText(options.dossierReference));

  text(l, form.title, { size: 16, bold: true, color: ACCENT, gap: 2 });
  text(l, `Form ${form.id}, version ${form.version}${options.dossierReference ? ` · for ${options.dossierReference}` : ''}`, { size: 8.5, color: MUTED, gap: 8 });
  for (const paragraph of form.instructions) text(l, paragraph, { size: 9.5, gap: 4 });
  l.y -= 6;

  const hidden = (name: string, value: string) => {
    const field = l.form.createTextField(name);
    field.setText(value);
    field.addToPage(l.page, { x: 0, y: 0, width: 0, height: 0, font: regular, hidden: true });
    field.enableReadOnly();
  };
  hidden(FORM_ID_FIELD, stamp);
  if (options.dossierReference) hidden(DOSSIER_FIELD, options.dossierReference);

  for (const section of form.sections) {
    // A heading stays with at least its first field.
    ensure(l, section.fields[0]?.type === 'multiline' ? 130 : 90);
    l.y -= 6;
    text(l, section.title, { size: 12, bold: true, color: ACCENT, gap: 2 });
    if (section.description) text(l, section.description, { size: 8.5, color: MUTED, gap: 4 });
    for (const field of section.fields) addField(l, field, options.values?.get(field.key) ?? null);
  }

  const pages = doc.getPages();
  pages.forEach((page, i) => {
    page.drawText(`${form.title} — ${stamp} — page ${i + 1} of ${pages.length}`, { x: PAGE.margin, y: 28, size: 7.5, font: regular, color: MUTED });
  });
  l.form.updateFieldAppearances(regular);
  return doc.save({ useObjectStreams: false });
}

/** Every field name the PDF form carries for a definition (for tests and checks). */
export function pdfFieldNames(form: FormDefinition): string[] {
  return formFields(form).flatMap((f) => (f.type === 'multichoice' ? fieldOptions(f).map((o) => optionFieldName(f.key, o.value)) : [f.key]));
}
