/**
 * The blank (or pre-filled) form as a Word document: each field is a content control whose tag is
 * the field key — plain text (multi-line where asked), date pickers, drop-down lists, and one check
 * box per option of a multiple choice — so Word users fill it as a form and the workbench reads it
 * back by tag. The form id, version and dossier are custom document properties. Written directly
 * as WordprocessingML because the docx package has no public API for text and drop-down controls.
 */
import { formStamp, optionFieldName, type FormDefinition, type FormField } from '../../shared/forms/definition';
import { displayValue, fieldOptions, type FormValue } from '../../shared/forms/values';
import { FALLBACK_FONT_FAMILY, FONT_FAMILY } from '../documents/fonts';
import { APP_VERSION } from '../engine/version';
import { writeZip } from '../zip/writeZip';
import type { BlankFormOptions } from './pdfForm';

export const DOCX_PROPERTY_FORM_ID = 'PCRFormId';
export const DOCX_PROPERTY_FORM_VERSION = 'PCRFormVersion';
export const DOCX_PROPERTY_DOSSIER = 'PCRDossier';

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14"';

export function xmlEscape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    // Characters XML 1.0 cannot carry at all.
    .replaceAll(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

const run = (content: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${content}</w:r>`;
const t = (text: string) => `<w:t xml:space="preserve">${xmlEscape(text)}</w:t>`;
const para = (inner: string, style?: string, extra = '') => `<w:p>${style || extra ? `<w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${extra}</w:pPr>` : ''}${inner}</w:p>`;

/** Text with line breaks as runs. */
function textRuns(text: string, props = ''): string {
  return text
    .split('\n')
    .map((line, i) => run(`${i > 0 ? '<w:br/>' : ''}${t(line)}`, props))
    .join('');
}

let nextId = 1;
const controlId = () => nextId++;

function sdt(field: FormField, typeProps: string, value: string | null, placeholder: string): string {
  const shown = value === null || value === '' ? run(t(placeholder), '<w:rStyle w:val="PlaceholderText"/>') : textRuns(value);
  return (
    `<w:sdt><w:sdtPr><w:alias w:val="${xmlEscape(field.label.slice(0, 250))}"/><w:tag w:val="${field.key}"/><w:id w:val="${controlId()}"/>` +
    `${value === null || value === '' ? '<w:showingPlcHdr/>' : ''}${typeProps}</w:sdtPr><w:sdtContent>${shown}</w:sdtContent></w:sdt>`
  );
}

function checkbox(tag: string, alias: string, checked: boolean): string {
  return (
    `<w:sdt><w:sdtPr><w:alias w:val="${xmlEscape(alias.slice(0, 250))}"/><w:tag w:val="${tag}"/><w:id w:val="${controlId()}"/>` +
    `<w14:checkbox><w14:checked w14:val="${checked ? 1 : 0}"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>` +
    `</w:sdtPr><w:sdtContent>${run(t(checked ? '☒' : '☐'), '<w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic" w:eastAsia="MS Gothic"/>')}</w:sdtContent></w:sdt>`
  );
}

function fieldXml(field: FormField, value: FormValue): string {
  const label = para(run(t(field.label + (field.required ? ' *' : '')), '<w:b/>'), 'FieldLabel');
  const help = field.help ? para(run(t(field.help)), 'FieldHelp') : '';
  const options = fieldOptions(field);
  let control: string;
  switch (field.type) {
    case 'multichoice': {
      const selected = new Set(Array.isArray(value) ? value : []);
      control = options
        .map((o) => para(`${checkbox(optionFieldName(field.key, o.value), `${field.label}: ${o.label}`, selected.has(o.value))}${run(t(` ${o.label}`))}`, 'FieldValue'))
        .join('');
      break;
    }
    case 'choice':
    case 'yesno': {
      const items = field.type === 'yesno' ? [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] : options;
      const list = `<w:dropDownList>${items.map((o) => `<w:listItem w:displayText="${xmlEscape(o.label)}" w:value="${xmlEscape(o.value)}"/>`).join('')}</w:dropDownList>`;
      control = para(sdt(field, list, value === null ? null : displayValue(field, value), 'Choose an item.'), 'FieldValue');
      break;
    }
    case 'date': {
      const date = typeof value === 'string' ? value : null;
      const props = `<w:date${date ? ` w:fullDate="${date}T00:00:00Z"` : ''}><w:dateFormat w:val="yyyy-MM-dd"/><w:lid w:val="en-CA"/><w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>`;
      control = para(sdt(field, props, date, 'Click to choose a date (YYYY-MM-DD).'), 'FieldValue');
      break;
    }
    default:
      control = para(
        sdt(field, field.type === 'multiline' ? '<w:text w:multiLine="1"/>' : '<w:text/>', value === null ? null : displayValue(field, value), field.type === 'multiline' ? 'Click here to enter text; press Shift+Enter for a new line.' : 'Click here to enter text.'),
        'FieldValue',
      );
  }
  return label + help + control;
}

function documentXml(form: FormDefinition, options: BlankFormOptions): string {
  nextId = 1;
  const body: string[] = [
    para(run(t(form.title)), 'Title'),
    para(run(t(`Form ${form.id}, version ${form.version}${options.dossierReference ? ` · for ${options.dossierReference}` : ''}`)), 'FieldHelp'),
    ...form.instructions.map((p) => para(run(t(p)))),
    para(run(t('Fill in the grey boxes (content controls). Do not delete or copy them: the Ministry reads the form by its controls.')), undefined),
  ];
  for (const section of form.sections) {
    body.push(para(run(t(section.title)), 'Heading1'));
    if (section.description) body.push(para(run(t(section.description)), 'FieldHelp'));
    for (const field of section.fields) body.push(fieldXml(field, options.values?.get(field.key) ?? null));
  }
  const footer = `<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1080" w:right="1080" w:bottom="1080" w:left="1080" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W_NS}><w:body>${body.join('')}${footer}</w:body></w:document>`;
}

function stylesXml(): string {
  const fonts = `<w:rFonts w:ascii="${FONT_FAMILY}" w:hAnsi="${FONT_FAMILY}" w:cs="${FONT_FAMILY}" w:eastAsia="${FONT_FAMILY}"/>`;
  const style = (id: string, name: string, ppr: string, rpr: string) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>${ppr}</w:pPr><w:rPr>${rpr}</w:rPr></w:style>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${W_NS}><w:docDefaults><w:rPrDefault><w:rPr>${fonts}<w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="en-CA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
${style('Title', 'Title', '<w:spacing w:after="60"/>', '<w:b/><w:color w:val="003366"/><w:sz w:val="36"/>')}
${style('Heading1', 'heading 1', '<w:keepNext/><w:spacing w:before="280" w:after="80"/><w:outlineLvl w:val="0"/>', '<w:b/><w:color w:val="003366"/><w:sz w:val="26"/>')}
${style('FieldLabel', 'Field label', '<w:keepNext/><w:spacing w:before="160" w:after="20"/>', '<w:sz w:val="19"/>')}
${style('FieldHelp', 'Field help', '<w:keepNext/><w:spacing w:after="40"/>', '<w:color w:val="555555"/><w:sz w:val="16"/>')}
${style('FieldValue', 'Field value', '<w:ind w:left="200"/><w:spacing w:after="40"/>', '')}
<w:style w:type="character" w:styleId="PlaceholderText"><w:name w:val="Placeholder Text"/><w:rPr><w:color w:val="808080"/></w:rPr></w:style>
</w:styles>`;
}

function customPropsXml(form: FormDefinition, dossier?: string): string {
  const props: [string, string][] = [
    [DOCX_PROPERTY_FORM_ID, form.id],
    [DOCX_PROPERTY_FORM_VERSION, String(form.version)],
    ...(dossier ? [[DOCX_PROPERTY_DOSSIER, dossier] as [string, string]] : []),
  ];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${props
    .map(([name, value], i) => `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${i + 2}" name="${name}"><vt:lpwstr>${xmlEscape(value)}</vt:lpwstr></property>`)
    .join('')}</Properties>`;
}

export function renderDocxForm(form: FormDefinition, options: BlankFormOptions = {}): Uint8Array {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const files: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`,
    'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>`,
    'word/document.xml': documentXml(form, options),
    'word/styles.xml': stylesXml(),
    'word/settings.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings ${W_NS}><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`,
    'docProps/core.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${xmlEscape(form.title)}</dc:title><dc:subject>${xmlEscape(form.description)}</dc:subject><cp:keywords>${formStamp(form.id, form.version)}</cp:keywords><dc:creator>PCR Onboarding Workbench</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created></cp:coreProperties>`,
    'docProps/app.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>PCR Onboarding Workbench ${xmlEscape(APP_VERSION)}</Application></Properties>`,
    'docProps/custom.xml': customPropsXml(form, options.dossierReference),
  };
  const encoder = new TextEncoder();
  return writeZip(
    Object.entries(files).map(([name, content]) => ({ name, bytes: encoder.encode(content), level: 6 })),
    new Date(),
  );
}
