/**
 * A horizontal bar chart in Word: the `docx` library draws no shapes (only pictures, and a
 * picture would need a raster the workbench cannot make without a new dependency), so each bar
 * is a shaded table cell whose width is the bar's length, beside its label and value. It prints
 * like the PDF's chart, stays text for screen readers, and Word and LibreOffice both lay it out.
 */
import { BorderStyle, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType, type IBorderOptions } from 'docx';
import type { BarChart } from '../../../shared/documents/model';
import { COLORS, SIZES } from '../theme';
import { TONE_COLORS, barShare, formatValue } from '../chartStyle';

const twips = (points: number) => Math.round(points * 20);
const halfPoints = (points: number) => Math.round(points * 2);
const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
const cellNoBorders = { top: none, bottom: none, left: none, right: none };
const tight = { before: 0, after: 0, line: 240 };

function textCell(text: string, width: number, options: { bold?: boolean; color?: string } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: cellNoBorders,
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: twips(2), bottom: twips(2), left: twips(3), right: twips(3) },
    children: [new Paragraph({ spacing: tight, children: [new TextRun({ text, size: halfPoints(SIZES.table), bold: options.bold ?? false, color: options.color ?? COLORS.text })] })],
  });
}

/** The bar: a one-row table of a shaded cell as long as the bar and an empty rest. */
function barCell(share: number, fill: string, width: number): TableCell {
  const filled = Math.round(share * (width - twips(6)));
  const rest = width - twips(6) - filled;
  const cells = [
    ...(filled > 0 ? [new TableCell({ width: { size: filled, type: WidthType.DXA }, borders: cellNoBorders, shading: { type: ShadingType.CLEAR, color: 'auto', fill }, children: [new Paragraph({ spacing: tight, children: [new TextRun({ text: ' ', size: halfPoints(SIZES.small) })] })] })] : []),
    ...(rest > 0 ? [new TableCell({ width: { size: rest, type: WidthType.DXA }, borders: cellNoBorders, children: [new Paragraph({ spacing: tight, children: [] })] })] : []),
  ];
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: { ...cellNoBorders, left: { style: BorderStyle.SINGLE, size: 6, color: COLORS.border } },
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: twips(2), bottom: twips(2), left: 0, right: twips(6) },
    children: [
      new Table({ width: { size: width - twips(6), type: WidthType.DXA }, columnWidths: cells.length === 2 ? [filled, rest] : [width - twips(6)], layout: TableLayoutType.FIXED, borders: noBorders, rows: [new TableRow({ children: cells })] }),
      new Paragraph({ spacing: { before: 0, after: 0, line: 20 }, children: [] }),
    ],
  });
}

/** The chart's title and its table, `width` twips wide. */
export function barChartBlocks(chart: BarChart, width: number): (Paragraph | Table)[] {
  const title = new Paragraph({ keepNext: true, spacing: { before: twips(6), after: twips(4) }, children: [new TextRun({ text: chart.title, bold: true, color: COLORS.blue, size: halfPoints(SIZES.body) })] });
  if (chart.bars.length === 0) return [title, new Paragraph({ children: [new TextRun({ text: `No ${chart.unit || 'data'}.`, italics: true, color: COLORS.muted })] })];
  const columns = [Math.round(width * 0.34), Math.round(width * 0.56)];
  columns.push(width - columns[0]! - columns[1]!);
  const max = Math.max(...chart.bars.map((b) => b.value));
  const rows = chart.bars.map(
    (bar) =>
      new TableRow({
        cantSplit: true,
        children: [
          textCell(bar.label, columns[0]!),
          barCell(barShare(bar.value, max), TONE_COLORS[bar.tone], columns[1]!),
          textCell(formatValue(bar.value), columns[2]!, { bold: true }),
        ],
      }),
  );
  const table = new Table({ width: { size: width, type: WidthType.DXA }, columnWidths: columns, layout: TableLayoutType.FIXED, borders: noBorders, rows });
  return [title, table, new Paragraph({ spacing: { before: 0, after: 0, line: 200 }, children: [] })];
}
