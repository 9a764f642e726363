/**
 * Filling the workbench's forms with other tools than the ones that wrote them: pdf.js (Mozilla's
 * viewer engine, as in Firefox) for PDF, and plain XML edits through fflate for DOCX — the way a
 * partner's software would.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Sets field values through pdf.js's annotation storage and saves (an incremental update). */
export async function fillPdfWithPdfjs(bytes: Uint8Array, values: Record<string, string | boolean>): Promise<Uint8Array> {
  const doc = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const seen = new Set<string>();
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    for (const annotation of (await page.getAnnotations()) as { id: string; fieldName?: string; fieldType?: string; exportValue?: string }[]) {
      if (!annotation.fieldName || !(annotation.fieldName in values)) continue;
      const value = values[annotation.fieldName]!;
      doc.annotationStorage.setValue(annotation.id, { value });
      seen.add(annotation.fieldName);
    }
  }
  const missing = Object.keys(values).filter((k) => !seen.has(k));
  if (missing.length) throw new Error(`pdf.js found no field ${missing.join(', ')}`);
  const saved = await doc.saveDocument();
  await doc.destroy();
  return saved;
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * Fills content controls by tag in word/document.xml, as Word does: the placeholder flag goes,
 * the text replaces the content; check boxes flip w14:checked and the glyph; dates get w:fullDate.
 */
export function fillDocx(bytes: Uint8Array, values: Record<string, string | boolean>): Uint8Array {
  const files = unzipSync(bytes);
  let xml = strFromU8(files['word/document.xml']!);
  for (const [tag, value] of Object.entries(values)) {
    const re = new RegExp(`<w:sdt><w:sdtPr>((?:(?!</w:sdtPr>).)*?<w:tag w:val="${tag}"/>(?:(?!</w:sdtPr>).)*)</w:sdtPr><w:sdtContent>(.*?)</w:sdtContent></w:sdt>`, 's');
    const m = re.exec(xml);
    if (!m) throw new Error(`no content control ${tag}`);
    let props = m[1]!.replace('<w:showingPlcHdr/>', '');
    let content: string;
    if (typeof value === 'boolean') {
      props = props.replace(/<w14:checked w14:val="[01]"\/>/, `<w14:checked w14:val="${value ? 1 : 0}"/>`);
      content = `<w:r><w:t>${value ? '☒' : '☐'}</w:t></w:r>`;
    } else {
      if (props.includes('<w:date')) props = props.replace(/<w:date( w:fullDate="[^"]*")?>/, `<w:date w:fullDate="${value}T00:00:00Z">`);
      content = value
        .split('\n')
        .map((line, i) => `<w:r>${i ? '<w:br/>' : ''}<w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r>`)
        .join('');
    }
    xml = xml.replace(m[0], `<w:sdt><w:sdtPr>${props}</w:sdtPr><w:sdtContent>${content}</w:sdtContent></w:sdt>`);
  }
  files['word/document.xml'] = strToU8(xml);
  return zipSync(files);
}
