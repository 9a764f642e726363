/**
 * A horizontal bar chart drawn as vector rectangles with its labels and values as real text
 * (so it is searchable and read aloud): title, then one row per bar.
 */
import { rgb, type PDFPage } from '@cantoo/pdf-lib';
import type { BarChart } from '../../../shared/documents/model';
import type { FontStyle } from '../fonts';
import { COLORS, SIZES, rgb01 } from '../theme';
import { TONE_COLORS, barShare, formatValue } from '../chartStyle';
import type { Rgb } from './painter';

const ROW = 17;
const BAR = 11;
const TITLE = 20;
const AXIS_GAP = 6;

export interface ChartCanvas {
  page: PDFPage;
  left: number;
  width: number;
  text(text: string, style: FontStyle, size: number, x: number, baseline: number, color: Rgb): void;
  measure(text: string, style: FontStyle, size: number): number;
}

export function barChartHeight(chart: BarChart): number {
  return TITLE + Math.max(1, chart.bars.length) * ROW + 8;
}

/** Paints the chart with its top at `top`; returns the height used. */
export function paintBarChart(canvas: ChartCanvas, chart: BarChart, top: number): number {
  const size = SIZES.table;
  const muted = rgb01(COLORS.muted) as Rgb;
  const text = rgb01(COLORS.text) as Rgb;
  canvas.text(chart.title, 'bold', SIZES.body, canvas.left, top - SIZES.body, rgb01(COLORS.blue) as Rgb);
  const labelWidth = Math.min(canvas.width * 0.38, Math.max(60, ...chart.bars.map((b) => canvas.measure(b.label, 'regular', size))) + 8);
  const valueWidth = Math.max(...chart.bars.map((b) => canvas.measure(formatValue(b.value), 'bold', size)), 10) + 8;
  const barLeft = canvas.left + labelWidth + AXIS_GAP;
  const barWidth = canvas.width - labelWidth - AXIS_GAP - valueWidth;
  const max = Math.max(0, ...chart.bars.map((b) => b.value));
  let y = top - TITLE;
  if (chart.bars.length === 0) canvas.text(`No ${chart.unit || 'data'}.`, 'italic', size, canvas.left, y - ROW + 5, muted);
  for (const bar of chart.bars) {
    const baseline = y - ROW + 5;
    // Labels too long for their column are cut with an ellipsis; the value always shows.
    let label = bar.label;
    while (label.length > 1 && canvas.measure(label, 'regular', size) > labelWidth - 8) label = `${label.slice(0, -2)}…`;
    canvas.text(label, 'regular', size, canvas.left, baseline, text);
    const length = barShare(bar.value, max) * barWidth;
    if (length > 0) canvas.page.drawRectangle({ x: barLeft, y: y - ROW + (ROW - BAR) / 2, width: length, height: BAR, color: rgb(...rgb01(TONE_COLORS[bar.tone])) });
    canvas.text(formatValue(bar.value), 'bold', size, barLeft + length + 4, baseline, text);
    y -= ROW;
  }
  // The axis the bars start from.
  canvas.page.drawLine({ start: { x: barLeft, y: top - TITLE + 2 }, end: { x: barLeft, y }, thickness: 0.8, color: rgb(...rgb01(COLORS.border)) });
  return barChartHeight(chart);
}
