/**
 * The neutral document model: what a generated document says, independent of its format. Built
 * from a template and the dossier's data; rendered to DOCX and to PDF by two renderers.
 */

/** A run of text with optional emphasis. */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; runs: TextRun[] }
  | { kind: 'list'; ordered: boolean; items: TextRun[][] }
  | {
      kind: 'table';
      /** The header row, repeated on every page the table spans. */
      header: string[];
      rows: TextRun[][][];
      /**
       * Preferred relative column widths. The renderers never make a column narrower than its
       * longest word; when omitted, widths come from the content alone.
       */
      widths?: number[];
    }
  | { kind: 'keyValue'; pairs: { key: string; value: TextRun[] }[] }
  | { kind: 'checklist'; items: { checked: boolean; text: TextRun[] }[] }
  | {
      kind: 'signatures';
      blocks: { role: string; name: string | null; decision: string | null; date: string | null }[];
    }
  | { kind: 'pageBreak' }
  | BarChart;

/** How a bar reads: the renderers colour it (BC blue, red, gold, green). */
export const CHART_TONES = ['neutral', 'danger', 'warning', 'ok'] as const;
export type ChartTone = (typeof CHART_TONES)[number];

/**
 * A horizontal bar chart (issue #13's portfolio report): one bar per label, lengths proportional
 * to the values, each value written beside its bar so the numbers read without the picture.
 */
export interface BarChart {
  kind: 'barChart';
  title: string;
  /** What the values count, e.g. "dossiers". */
  unit: string;
  bars: { label: string; value: number; tone: ChartTone }[];
}

export interface DocumentMeta {
  title: string;
  subject: string;
  author: string;
  /** Shown in the page header, e.g. "PCR-2026-0007 · Deployment plan". */
  header: string;
  /** Shown left in the page footer; the renderers add "Page X of Y" on the right. */
  footer: string;
  /** e.g. "en-CA". */
  language: string;
}

export interface DocumentModel {
  meta: DocumentMeta;
  blocks: Block[];
}

export function plainText(runs: readonly TextRun[]): string {
  return runs.map((r) => r.text).join('');
}
