/**
 * The DOCX renderer: the document model as a Word document with real styles — Heading 1 to 3
 * (so Word's navigation pane and a table of contents work), bullet and numbered lists on Word
 * numbering definitions, tables whose header row repeats on every page, key-value blocks as
 * two-column tables, checklists, signature blocks, page breaks, a header and a "Page X of Y"
 * footer, and the document's properties. Text is in BC Sans, embedded in the file so that it
 * shows where the font is not installed; Word falls back to a sans serif otherwise.
 */
import {
  AlignmentType,
  BorderStyle,
  CharacterSet,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { writeZip } from '../../zip/writeZip';
import { plainText, type Block, type DocumentModel, type TextRun as ModelRun } from '../../../shared/documents/model';
import { columnWidths } from '../columns';
import { FONT_FAMILY, FONT_STYLES, loadFonts, type FontStyle } from '../fonts';
import { NEEDS_SHAPING, Typesetter, shapingFonts } from '../pdf/typesetter';
import { subsetTrueType } from './fontSubset';
import { barChartBlocks } from './barChart';
import { COLORS, KEEP_WHOLE_ROWS, SIZES } from '../theme';

export interface DocxRenderOptions {
  /** Embed BC Sans in the file (default true). */
  embedFonts?: boolean;
  fontsDir?: string;
  generator?: string;
}

const twips = (points: number) => Math.round(points * 20);
const halfPoints = (points: number) => Math.round(points * 2);

const PAGE = { width: twips(612), height: twips(792) };
const MARGIN = { left: twips(66), right: twips(66), top: twips(78), bottom: twips(72), header: twips(30), footer: twips(28) };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const CELL_MARGINS = { top: twips(4), bottom: twips(4), left: twips(5), right: twips(5) };
/** BC Sans has no ballot boxes; these come from a symbol font Word has, or its font fallback. */
const SYMBOL_FONT = 'Segoe UI Symbol';

const line = (color: string, size = 4): IBorderOptions => ({ style: BorderStyle.SINGLE, size, color, space: 0 });
const noLine: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const gridBorders = {
  top: line(COLORS.border),
  bottom: line(COLORS.border),
  left: line(COLORS.border),
  right: line(COLORS.border),
  insideHorizontal: line(COLORS.border),
  insideVertical: line(COLORS.border),
};

interface RunStyle {
  size?: number;
  color?: string;
  bold?: boolean;
}

/** Model runs as Word runs; "\n" in a run becomes a line break. */
function runs(modelRuns: readonly ModelRun[], style: RunStyle = {}): TextRun[] {
  return modelRuns.flatMap((run) =>
    run.text.split('\n').map(
      (text, i) =>
        new TextRun({
          text,
          ...(i > 0 ? { break: 1 } : {}),
          // Only what differs from the paragraph's style: every run set bold and italic off
          // explicitly made a third of the XML and of docx's work for nothing.
          ...(run.bold || style.bold ? { bold: true } : {}),
          ...(run.italic ? { italics: true } : {}),
          ...(style.size ? { size: halfPoints(style.size) } : {}),
          ...(style.color ? { color: style.color } : {}),
        }),
    ),
  );
}

function cellParagraphs(modelRuns: readonly ModelRun[], style: RunStyle = {}, keepNext = false): Paragraph[] {
  return [new Paragraph({ children: runs(modelRuns, { size: SIZES.table, ...style }), spacing: { before: 0, after: 0, line: 240 }, ...(keepNext ? { keepNext: true, keepLines: true } : {}) })];
}

function shaded(fill: string) {
  return { type: ShadingType.CLEAR, color: 'auto', fill };
}

/**
 * Column widths measured on BC Sans as the PDF's are (with a little more room for the word
 * processor's own rounding), in twips adding up to the content width.
 */
function gridColumns(ts: Typesetter, header: string[] | null, rows: ModelRun[][][], preferred: readonly number[] | undefined, keyColumn: boolean): number[] {
  const points = columnWidths(ts, { header, rows, preferred, boldFirstColumn: keyColumn, width: CONTENT_WIDTH / 20, size: SIZES.table, padding: (CELL_MARGINS.left + CELL_MARGINS.right) / 20 + 3, hyphensOnly: true });
  const columns = points.map((w) => Math.floor(w * 20));
  columns[columns.length - 1]! += CONTENT_WIDTH - columns.reduce((a, b) => a + b, 0);
  return columns;
}

function grid(ts: Typesetter, header: string[] | null, rows: ModelRun[][][], preferred: readonly number[] | undefined, keyColumn = false): Table {
  const columns = gridColumns(ts, header, rows, preferred, keyColumn);
  const headerRow = header
    ? [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: header.map(
            (title, c) =>
              new TableCell({
                width: { size: columns[c]!, type: WidthType.DXA },
                shading: shaded(COLORS.headerFill),
                // Kept with the first row, so a header never ends a page.
                children: cellParagraphs([{ text: title, bold: true }], { color: COLORS.blue }, true),
              }),
          ),
        }),
      ]
    : [];
  // Word keeps a small table on one page when each row's paragraphs keep with the next row.
  const keepWhole = rows.length <= KEEP_WHOLE_ROWS;
  const bodyRows = rows.map(
    (cells, r) =>
      new TableRow({
        ...(keepWhole ? { cantSplit: true } : {}),
        children: columns.map((width, c) => {
          const key = keyColumn && c === 0;
          const fill = key ? COLORS.keyFill : r % 2 === 1 ? COLORS.stripe : null;
          return new TableCell({
            width: { size: width, type: WidthType.DXA },
            ...(fill ? { shading: shaded(fill) } : {}),
            children: cellParagraphs(cells[c] ?? [], key ? { color: COLORS.blue, bold: true } : {}, keepWhole && r < rows.length - 1),
          });
        }),
      }),
  );
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    // The table's default cell margins, not each cell's own (the same layout, less XML).
    margins: CELL_MARGINS,
    borders: gridBorders,
    rows: [...headerRow, ...bodyRows],
  });
}

/** A gap after a table, which Word would otherwise butt against the next paragraph. */
const spacer = () => new Paragraph({ spacing: { before: 0, after: 0, line: 200 }, children: [] });

function signatureBlock(block: { role: string; name: string | null; decision: string | null; date: string | null }): (Table | Paragraph)[] {
  const half = Math.floor(CONTENT_WIDTH / 2);
  const field = (label: string, value: string | null) =>
    new TableCell({
      width: { size: half, type: WidthType.DXA },
      margins: { top: twips(10), bottom: twips(4), left: twips(12), right: twips(12) },
      borders: { top: noLine, bottom: noLine, left: noLine, right: noLine },
      children: [
        new Paragraph({
          spacing: { before: twips(8), after: 0 },
          border: { bottom: line(COLORS.muted, 6) },
          children: [new TextRun({ text: value ?? '' })],
        }),
        new Paragraph({ spacing: { before: twips(2), after: 0 }, children: [new TextRun({ text: label, size: halfPoints(SIZES.small), color: COLORS.muted })] }),
      ],
    });
  return [
    new Table({
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: [half, CONTENT_WIDTH - half],
      layout: TableLayoutType.FIXED,
      borders: { top: line(COLORS.border, 6), bottom: line(COLORS.border, 6), left: line(COLORS.border, 6), right: line(COLORS.border, 6), insideHorizontal: noLine, insideVertical: noLine },
      rows: [
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              columnSpan: 2,
              shading: shaded(COLORS.keyFill),
              margins: { top: twips(5), bottom: twips(5), left: twips(12), right: twips(12) },
              verticalAlign: VerticalAlignTable.CENTER,
              children: [new Paragraph({ keepNext: true, spacing: { before: 0, after: 0 }, children: [new TextRun({ text: block.role, bold: true, color: COLORS.blue })] })],
            }),
          ],
        }),
        new TableRow({ cantSplit: true, children: [field('Name', block.name), field('Decision', block.decision)] }),
        new TableRow({ cantSplit: true, children: [field('Date', block.date), field('Signature', null)] }),
      ],
    }),
    spacer(),
  ];
}

/** A short paragraph right after a heading that introduces a table or list stays with it, as the heading does. */
function introducesNext(blocks: readonly Block[], i: number): boolean {
  const block = blocks[i]!;
  const next = blocks[i + 1];
  return block.kind === 'paragraph' && blocks[i - 1]?.kind === 'heading' && plainText(block.runs).length <= 300 && next !== undefined && ['table', 'list', 'checklist', 'keyValue', 'signatures'].includes(next.kind);
}

/** The words of the document by the face they are set in, for the font subsets. */
class UsedText {
  readonly words: Record<FontStyle, Set<string>> = { regular: new Set(), bold: new Set(), italic: new Set(), boldItalic: new Set() };

  add(text: string, bold = false, italic = false): void {
    const words = this.words[bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular'];
    for (const word of text.split(/\s+/)) if (word) words.add(word);
  }

  addRuns(runs: readonly ModelRun[], bold = false): void {
    for (const run of runs) this.add(run.text, bold || run.bold, run.italic);
  }

  addBlock(block: Block): void {
    switch (block.kind) {
      case 'heading':
        return this.add(block.text, true);
      case 'paragraph':
        return this.addRuns(block.runs);
      case 'list':
        return block.items.forEach((item) => this.addRuns(item));
      case 'checklist':
        return block.items.forEach((item) => this.addRuns(item.text));
      case 'table':
        block.header.forEach((h) => this.add(h, true));
        return block.rows.forEach((row) => row.forEach((cell) => this.addRuns(cell)));
      case 'keyValue':
        return block.pairs.forEach((pair) => {
          this.add(pair.key, true);
          this.addRuns(pair.value);
        });
      case 'signatures':
        return block.blocks.forEach((b) => {
          this.add(b.role, true);
          for (const value of [b.name, b.decision, b.date, 'Name Decision Date Signature']) if (value) this.add(value);
        });
      case 'pageBreak':
        return;
      case 'barChart':
        this.add(block.title, true);
        this.add(`No ${block.unit || 'data'}.`, false, true);
        return block.bars.forEach((bar) => {
          this.add(bar.label);
          this.add(bar.value.toLocaleString('en-CA'), true);
        });
    }
  }

  /** Each face used, subset to its words' glyphs (and the glyphs shaping makes of words with combining marks). */
  subsets(fontsDir: string | undefined): Partial<Record<FontStyle, Buffer>> {
    const files = loadFonts(fontsDir);
    const fonts = shapingFonts(fontsDir);
    const out: Partial<Record<FontStyle, Buffer>> = {};
    for (const style of FONT_STYLES) {
      const words = this.words[style];
      if (words.size === 0 && style !== 'regular') continue;
      const codePoints = new Set<number>();
      const shaped: number[] = [];
      for (const word of words) {
        for (const ch of word) codePoints.add(ch.codePointAt(0)!);
        if (NEEDS_SHAPING.test(word)) for (const glyph of fonts[style].layout(word).glyphs) shaped.push(glyph.id);
      }
      out[style] = Buffer.from(subsetTrueType(files[style], fonts[style], codePoints, shaped));
    }
    return out;
  }
}

/** "Contents" and the table of contents, listing headings of levels 1 and 2; filled in when the document is written and updated by Word on opening. */
function tableOfContents(): (Paragraph | TableOfContents)[] {
  return [
    new Paragraph({ keepNext: true, spacing: { before: twips(14), after: twips(6) }, children: [new TextRun({ text: 'Contents', bold: true, size: halfPoints(SIZES.h2), color: COLORS.blue })] }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-2' }),
  ];
}

class DocxBuilder {
  private orderedLists = 0;
  readonly children: (Paragraph | Table | TableOfContents)[] = [];

  constructor(private readonly ts: Typesetter) {}

  add(blocks: readonly Block[], i: number): void {
    const block = blocks[i]!;
    // The contents go after the title and what stands under it, before the first section.
    if (i > 0 && block.kind === 'heading' && blocks.findIndex((b, j) => j > 0 && b.kind === 'heading') === i && blocks.filter((b) => b.kind === 'heading').length >= 3) this.children.push(...tableOfContents());
    switch (block.kind) {
      case 'heading': {
        const level = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][block.level - 1]!;
        this.children.push(new Paragraph({ heading: level, keepNext: true, keepLines: true, children: [new TextRun(block.text)] }));
        return;
      }
      case 'paragraph':
        this.children.push(new Paragraph({ children: runs(block.runs), ...(introducesNext(blocks, i) ? { keepNext: true, keepLines: true } : {}) }));
        return;
      case 'list': {
        const instance = block.ordered ? ++this.orderedLists : 0;
        block.items.forEach((item, i) =>
          this.children.push(
            new Paragraph({
              numbering: { reference: block.ordered ? 'numbers' : 'bullets', level: 0, ...(block.ordered ? { instance } : {}) },
              spacing: { after: i === block.items.length - 1 ? twips(8) : twips(3) },
              children: runs(item),
            }),
          ),
        );
        return;
      }
      case 'checklist':
        block.items.forEach((item, i) =>
          this.children.push(
            new Paragraph({
              indent: { left: twips(22), hanging: twips(22) },
              tabStops: [{ type: TabStopType.LEFT, position: twips(22) }],
              spacing: { after: i === block.items.length - 1 ? twips(8) : twips(3) },
              children: [
                new TextRun({ text: item.checked ? '☑' : '☐', font: SYMBOL_FONT, color: item.checked ? COLORS.check : COLORS.text }),
                new TextRun({ text: '\t' }),
                ...runs(item.text),
              ] as ParagraphChild[],
            }),
          ),
        );
        return;
      case 'table':
        this.children.push(grid(this.ts, block.header, block.rows, block.widths), spacer());
        return;
      case 'keyValue':
        this.children.push(
          grid(
            this.ts,
            null,
            block.pairs.map((p) => [[{ text: p.key }], p.value]),
            [34, 66],
            true,
          ),
          spacer(),
        );
        return;
      case 'signatures':
        for (const signature of block.blocks) this.children.push(...signatureBlock(signature));
        return;
      case 'pageBreak':
        this.children.push(new Paragraph({ spacing: { before: 0, after: 0 }, children: [new PageBreak()] }));
        return;
      case 'barChart':
        this.children.push(...barChartBlocks(block, CONTENT_WIDTH));
        return;
    }
  }
}

export async function renderDocx(model: DocumentModel, options: DocxRenderOptions = {}): Promise<Uint8Array> {
  const builder = new DocxBuilder(new Typesetter(shapingFonts(options.fontsDir)));
  model.blocks.forEach((_, i) => builder.add(model.blocks, i));
  let fonts: Partial<Record<FontStyle, Buffer>> | undefined;
  if (options.embedFonts !== false) {
    const used = new UsedText();
    for (const block of model.blocks) used.addBlock(block);
    used.add(`${model.meta.header} ${model.meta.footer} Page of 0123456789 Contents`);
    used.add('BC Ministry of Health Contents', true);
    fonts = used.subsets(options.fontsDir);
  }
  const small = { size: halfPoints(SIZES.small), color: COLORS.muted };
  const bodyFont = { ascii: FONT_FAMILY, hAnsi: FONT_FAMILY, cs: FONT_FAMILY, eastAsia: FONT_FAMILY };
  const heading = (size: number, color: string, before: number, after: number) => ({
    run: { font: bodyFont, size: halfPoints(size), bold: true, color },
    paragraph: { spacing: { before: twips(before), after: twips(after), line: 240 }, keepNext: true, keepLines: true },
  });

  const document = new Document({
    title: model.meta.title,
    subject: model.meta.subject,
    creator: model.meta.author,
    lastModifiedBy: options.generator ?? 'PCR Onboarding Workbench',
    description: `${model.meta.title}. ${model.meta.footer}`,
    keywords: `Provincial Client Registry; PCR; HCIM; ${model.meta.title}`,
    // Word fills in the table of contents' page numbers on opening.
    features: { updateFields: true },
    ...(fonts
      ? {
          fonts: [
            {
              name: FONT_FAMILY,
              data: fonts.regular!,
              ...(fonts.bold ? { bold: fonts.bold } : {}),
              ...(fonts.italic ? { italic: fonts.italic } : {}),
              ...(fonts.boldItalic ? { boldItalic: fonts.boldItalic } : {}),
              characterSet: CharacterSet.ANSI,
            },
          ],
        }
      : {}),
    styles: {
      default: {
        document: {
          run: { font: bodyFont, size: halfPoints(SIZES.body), color: COLORS.text, language: { value: model.meta.language } },
          paragraph: { spacing: { after: twips(7), line: 252 } },
        },
        heading1: {
          ...heading(SIZES.h1, COLORS.blue, 20, 10),
          paragraph: { spacing: { before: twips(20), after: twips(12), line: 240 }, keepNext: true, keepLines: true, border: { bottom: { ...line(COLORS.gold, 16), space: 4 } } },
        },
        heading2: heading(SIZES.h2, COLORS.blue, 16, 6),
        heading3: heading(SIZES.h3, COLORS.text, 11, 4),
        listParagraph: { paragraph: { spacing: { after: twips(3) } } },
      },
    },
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: twips(20), hanging: twips(13) } }, run: { color: COLORS.blue, font: bodyFont } },
            },
          ],
        },
        {
          reference: 'numbers',
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.RIGHT,
              style: { paragraph: { indent: { left: twips(22), hanging: twips(8) } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: MARGIN.top, bottom: MARGIN.bottom, left: MARGIN.left, right: MARGIN.right, header: MARGIN.header, footer: MARGIN.footer },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
                border: { bottom: { ...line(COLORS.gold, 10), space: 4 } },
                children: [new TextRun({ text: model.meta.header, ...small }), new TextRun({ text: '\tBC Ministry of Health', bold: true, size: small.size, color: COLORS.blue })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
                border: { top: { ...line(COLORS.border, 4), space: 4 } },
                children: [new TextRun({ text: model.meta.footer, ...small }), new TextRun({ ...small, children: ['\tPage ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children: builder.children,
      },
    ],
  });
  return pack(document);
}

/**
 * DEFLATE level of the DOCX. Measured on the approval package (≈ 530 KB of XML and font subsets,
 * Node's zlib, CPU time, median of 20): level 1 4.2 ms for 109 KB, level 6 7.2 ms for 101 KB,
 * level 9 10.6 ms for 100 KB; the time matters more. (With fflate's JavaScript DEFLATE, used
 * before, level 1 took 11.8 ms.) The benchmark prints this table.
 */
export const DOCX_COMPRESSION_LEVEL = 1;

interface DocxCompiler {
  compile(file: Document, prettify?: undefined, overrides?: []): Map<string, string | Uint8Array>;
}

/**
 * The document's parts zipped at DOCX_COMPRESSION_LEVEL with Node's zlib. docx's Packer always
 * zips with fflate at the default level, so the parts come from its compiler (the step before its
 * zip), with the Packer as the fallback.
 */
async function pack(document: Document): Promise<Uint8Array> {
  const compiler = (Packer as unknown as { compiler?: DocxCompiler }).compiler;
  if (typeof compiler?.compile !== 'function') return new Uint8Array(await Packer.toBuffer(document));
  const encoder = new TextEncoder();
  const parts = [...compiler.compile(document, undefined, [])].map(([name, data]) => ({
    name,
    bytes: typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    level: DOCX_COMPRESSION_LEVEL,
  }));
  return writeZip(parts, new Date());
}
