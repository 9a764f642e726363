/**
 * Tagged PDF (PDF 32000-1, 14.7–14.8; aiming at PDF/UA-1): the logical structure a screen reader
 * follows. pdf-lib writes none of it, so it is built here as plain PDF objects:
 * - a structure tree (StructTreeRoot > Document > H1–H3, P, L > LI > Lbl/LBody, Table > TR >
 *   TH/TD, Figure with Alt), each element's content referenced by marked-content references
 *   (page + MCID), in reading order;
 * - every piece of real content drawn inside `/Tag <</MCID n>> BDC … EMC`, and everything else
 *   (rules, fills, borders, repeated table headers, running headers and footers, page numbers)
 *   inside `/Artifact BDC … EMC`, so that nothing on a page is left unmarked;
 * - the ParentTree mapping each page's MCIDs back to their elements (each page has /StructParents);
 * - /MarkInfo << /Marked true >> and /Tabs /S on pages.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFOperator, PDFOperatorNames, type PDFContext, type PDFDocument, type PDFPage, type PDFRef } from '@cantoo/pdf-lib';

export type StructureType = 'Document' | 'H1' | 'H2' | 'H3' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody' | 'Table' | 'TR' | 'TH' | 'TD' | 'Figure' | 'Div';

export interface StructElement {
  readonly type: StructureType;
  readonly ref: PDFRef;
  readonly dict: PDFDict;
  readonly kids: PDFArray;
}

interface PageMarks {
  /** The page's key in the ParentTree. */
  key: number;
  /** The element of each MCID on the page, in MCID order. */
  owners: StructElement[];
}

export class Tagger {
  private readonly context: PDFContext;
  private readonly rootRef: PDFRef;
  readonly document: StructElement;
  private readonly pages = new Map<PDFPage, PageMarks>();
  private nextKey = 0;

  constructor(private readonly doc: PDFDocument) {
    this.context = doc.context;
    this.rootRef = this.context.nextRef();
    this.document = this.element('Document', null);
  }

  /** A new structure element, the last child of `parent` (of the root when null). */
  element(type: StructureType, parent: StructElement | null, attributes: Record<string, unknown> = {}): StructElement {
    const ref = this.context.nextRef();
    const kids = PDFArray.withContext(this.context);
    const dict = this.context.obj({ Type: 'StructElem', S: type, P: parent ? parent.ref : this.rootRef, ...attributes }) as PDFDict;
    dict.set(PDFName.of('K'), kids);
    this.context.assign(ref, dict);
    if (parent) parent.kids.push(ref);
    return { type, ref, dict, kids };
  }

  /** A table header cell for its column (or its row, in a key-value block). */
  headerCell(parent: StructElement, scope: 'Column' | 'Row'): StructElement {
    return this.element('TH', parent, { A: { O: 'Table', Scope: scope } });
  }

  /** A figure with its text alternative. */
  figure(parent: StructElement, alt: string): StructElement {
    const figure = this.element('Figure', parent);
    figure.dict.set(PDFName.of('Alt'), PDFHexString.fromText(alt));
    return figure;
  }

  /** Sets the text a reader speaks for an element instead of its content (e.g. a drawn checkbox). */
  alt(element: StructElement, text: string): void {
    element.dict.set(PDFName.of('Alt'), PDFHexString.fromText(text));
  }

  private marksOf(page: PDFPage): PageMarks {
    let marks = this.pages.get(page);
    if (!marks) {
      marks = { key: this.nextKey++, owners: [] };
      this.pages.set(page, marks);
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(marks.key));
      page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    }
    return marks;
  }

  /** Draws content of `element` on `page` as one marked-content sequence. */
  mark(element: StructElement, page: PDFPage, draw: () => void): void {
    const marks = this.marksOf(page);
    const mcid = marks.owners.length;
    marks.owners.push(element);
    // The property list inline, as PDFOperator writes a string operand as it is.
    page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(element.type), `<</MCID ${mcid}>>`]));
    draw();
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
    element.kids.push(this.context.obj({ Type: 'MCR', Pg: page.ref, MCID: mcid }));
  }

  /** Draws what is not content (layout, decoration, running headers and footers) as an artifact. */
  artifact(page: PDFPage, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Artifact'), `<</Type /${type}>>`]));
    draw();
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }

  /** Writes the structure tree root, its ParentTree and the catalog entries. */
  finish(): void {
    const nums = PDFArray.withContext(this.context);
    for (const marks of [...this.pages.values()].sort((a, b) => a.key - b.key)) {
      nums.push(PDFNumber.of(marks.key));
      const owners = PDFArray.withContext(this.context);
      for (const owner of marks.owners) owners.push(owner.ref);
      nums.push(this.context.register(owners));
    }
    const parentTree = this.context.register(this.context.obj({ Nums: nums }));
    const root = this.context.obj({ Type: 'StructTreeRoot', K: this.document.ref, ParentTree: parentTree, ParentTreeNextKey: this.nextKey }) as PDFDict;
    this.context.assign(this.rootRef, root);
    this.doc.catalog.set(PDFName.of('StructTreeRoot'), this.rootRef);
    this.doc.catalog.set(PDFName.of('MarkInfo'), this.context.obj({ Marked: true }));
  }
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface XmpFields {
  title: string;
  subject: string;
  author: string;
  language: string;
  keywords: string;
  creator: string;
  producer: string;
  date: Date;
}

/**
 * The XMP metadata stream PDF/UA-1 asks for: the title (shown in the title bar with
 * DisplayDocTitle), author, subject, language, dates, and the PDF/UA identification.
 */
export function addXmpMetadata(doc: PDFDocument, fields: XmpFields): void {
  const date = fields.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const packet = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(fields.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(fields.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>${xml(fields.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>${xml(fields.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>${xml(fields.keywords)}</pdf:Keywords>
   <pdf:Producer>${xml(fields.producer)}</pdf:Producer>
   <xmp:CreatorTool>${xml(fields.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <xmp:MetadataDate>${date}</xmp:MetadataDate>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const stream = doc.context.stream(new TextEncoder().encode(packet), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}
