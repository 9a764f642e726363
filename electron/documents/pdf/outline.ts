/**
 * The PDF outline (bookmarks) of the headings. pdf-lib has no API for it, so the /Outlines tree
 * is written as plain PDF dictionaries (PDF 32000-1, 12.3.3): each item has /Title, /Parent,
 * /Prev and /Next among its siblings, /First and /Last children, /Count, and a /Dest that opens
 * its page at the heading.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFDocument, type PDFPage, type PDFRef } from '@cantoo/pdf-lib';

export interface OutlineEntry {
  level: 1 | 2 | 3;
  title: string;
  page: PDFPage;
  /** The y coordinate of the heading's top on its page. */
  top: number;
}

interface Node {
  entry: OutlineEntry | null;
  ref: PDFRef;
  children: Node[];
}

export function addOutline(doc: PDFDocument, entries: readonly OutlineEntry[]): void {
  if (entries.length === 0) return;
  const context = doc.context;
  const root: Node = { entry: null, ref: context.nextRef(), children: [] };
  const stack: Node[] = [root];
  for (const entry of entries) {
    // A heading goes under the nearest shallower heading before it.
    while (stack.length > 1 && stack.at(-1)!.entry!.level >= entry.level) stack.pop();
    const node: Node = { entry, ref: context.nextRef(), children: [] };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  }

  const descendants = (node: Node): number => node.children.reduce((n, c) => n + 1 + descendants(c), 0);
  const write = (node: Node, parent: Node | null, prev: Node | null, next: Node | null) => {
    const dict = context.obj({}) as PDFDict;
    if (node.entry) {
      const dest = PDFArray.withContext(context);
      dest.push(node.entry.page.ref);
      dest.push(PDFName.of('XYZ'));
      dest.push(PDFNull);
      dest.push(PDFNumber.of(Math.round(node.entry.top + 6)));
      dest.push(PDFNull);
      dict.set(PDFName.of('Title'), PDFHexString.fromText(node.entry.title));
      dict.set(PDFName.of('Dest'), dest);
    } else {
      dict.set(PDFName.of('Type'), PDFName.of('Outlines'));
    }
    if (parent) dict.set(PDFName.of('Parent'), parent.ref);
    if (prev) dict.set(PDFName.of('Prev'), prev.ref);
    if (next) dict.set(PDFName.of('Next'), next.ref);
    if (node.children.length) {
      dict.set(PDFName.of('First'), node.children[0]!.ref);
      dict.set(PDFName.of('Last'), node.children.at(-1)!.ref);
      // Positive: the item is open, showing this many descendants.
      dict.set(PDFName.of('Count'), PDFNumber.of(descendants(node)));
    }
    context.assign(node.ref, dict);
    node.children.forEach((child, i) => write(child, node, node.children[i - 1] ?? null, node.children[i + 1] ?? null));
  };
  write(root, null, null, null);
  doc.catalog.set(PDFName.of('Outlines'), root.ref);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
