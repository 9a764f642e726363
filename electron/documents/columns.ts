/**
 * Table column widths from their content, shared by the PDF and DOCX renderers so that both lay a
 * table out the same way. Each column gets at least the width of its widest unbreakable piece of
 * a word (so dates, statuses and ordinary words are never broken) and the rest of the width goes
 * where the text is long: in proportion to the template's preferred widths when it gives them,
 * otherwise to how much each column would need to hold its cells on one line (the way a browser
 * lays out an automatic table). Only a word wider than the widest sensible column is left to break.
 */
import type { TextRun } from '../../shared/documents/model';
import { fontStyle } from './fonts';
import { unbreakablePieces, wordsOf, type Typesetter } from './pdf/typesetter';

export interface ColumnRequest {
  /** Header cells (bold) and body rows; a key column is measured bold too. */
  header: readonly string[] | null;
  rows: readonly (readonly (readonly TextRun[])[])[];
  /** The template's preferred relative widths, if any. */
  preferred?: readonly number[] | undefined;
  /** Body cells of the first column are bold (key-value blocks). */
  boldFirstColumn?: boolean;
  /** Total width to fill, in points. */
  width: number;
  /** Font size of the cells. */
  size: number;
  /** Horizontal padding inside a cell, both sides together, plus any safety margin. */
  padding: number;
  /**
   * Word and LibreOffice break a word only after a hyphen (the PDF typesetter also after a full
   * stop or slash between letters, as in "endpoint.mobile-use"); true measures words as they do.
   */
  hyphensOnly?: boolean;
}

/** A column never claims more than this share of the table for one unbreakable word. */
const WIDEST_SENSIBLE_SHARE = { narrow: 0.5, wide: 0.3 } as const;

interface Measure {
  /** The widest unbreakable piece of a word. */
  min: number;
  /** The same with a date whole ("December 20, 2026" on one line), which is preferred when there is room. */
  keep: number;
  /** The widest line of a cell if it were not wrapped. */
  natural: number;
}

function measureCell(ts: Typesetter, runs: readonly TextRun[], size: number, forceBold: boolean, hyphensOnly: boolean): Measure {
  let min = 0;
  let keep = 0;
  const lineWidths = [0];
  for (const run of runs) {
    const style = fontStyle(run.bold || forceBold, run.italic);
    run.text.split('\n').forEach((text, i) => {
      if (i > 0) lineWidths.push(0);
      lineWidths[lineWidths.length - 1]! += ts.width(text, style, size);
      for (const word of wordsOf(text)) {
        for (const piece of unbreakablePieces(word, hyphensOnly)) {
          const width = ts.width(piece, style, size);
          keep = Math.max(keep, width);
          if (piece.includes(' ')) for (const part of piece.split(' ')) min = Math.max(min, ts.width(part, style, size));
          else min = Math.max(min, width);
        }
      }
    });
  }
  return { min, keep, natural: Math.max(...lineWidths) };
}

/** Column widths in points, adding up to `request.width`. */
export function columnWidths(ts: Typesetter, request: ColumnRequest): number[] {
  const count = Math.max(request.header?.length ?? 0, ...request.rows.map((r) => r.length), 1);
  const measures: Measure[] = Array.from({ length: count }, () => ({ min: 0, keep: 0, natural: 0 }));
  const take = (c: number, m: Measure) => {
    measures[c]!.min = Math.max(measures[c]!.min, m.min);
    measures[c]!.keep = Math.max(measures[c]!.keep, m.keep);
    measures[c]!.natural = Math.max(measures[c]!.natural, m.natural);
  };
  request.header?.forEach((title, c) => take(c, measureCell(ts, [{ text: title, bold: true }], request.size, true, Boolean(request.hyphensOnly))));
  for (const row of request.rows) for (let c = 0; c < count; c++) take(c, measureCell(ts, row[c] ?? [], request.size, Boolean(request.boldFirstColumn) && c === 0, Boolean(request.hyphensOnly)));

  const total = request.width;
  const widest = total * (count <= 2 ? WIDEST_SENSIBLE_SHARE.narrow : WIDEST_SENSIBLE_SHARE.wide);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const keepDates = measures.map((m) => Math.min(m.keep, widest) + request.padding);
  let min = sum(keepDates) <= total ? keepDates : measures.map((m) => Math.min(m.min, widest) + request.padding);
  // Not even the words fit: lower the widest sensible word until they do, so that only the
  // longest words (codes, long compounds) break, never the short ones beside them.
  if (sum(min) > total) {
    const words = min.map((w) => w - request.padding);
    const room = total - count * request.padding;
    let cap = Math.max(...words);
    for (const w of [...words].sort((a, b) => b - a)) {
      const over = words.filter((x) => x >= w).length;
      const capped = sum(words.map((x) => Math.min(x, w)));
      if (capped <= room) {
        cap = w + (room - capped) / over;
        break;
      }
      cap = room / count;
    }
    min = words.map((w) => Math.min(w, cap) + request.padding);
  }
  const natural = measures.map((m, c) => Math.max(min[c]!, m.natural + request.padding));

  if (sum(min) >= total - 0.01) return min.map((w) => (w / sum(min)) * total);

  const preferred = request.preferred && request.preferred.length === count && request.preferred.every((w) => w > 0) ? request.preferred : null;
  if (preferred) {
    const widths = preferred.map((p, c) => Math.max(min[c]!, (p / sum(preferred)) * total));
    const excess = sum(widths) - total;
    const give = widths.map((w, c) => w - min[c]!);
    return excess > 0 ? widths.map((w, c) => w - (excess * give[c]!) / sum(give)) : widths;
  }
  if (sum(natural) <= total) return natural.map((w) => w + ((total - sum(natural)) * w) / sum(natural));
  const flex = natural.map((w, c) => w - min[c]!);
  return min.map((w, c) => w + ((total - sum(min)) * flex[c]!) / (sum(flex) || 1));
}
