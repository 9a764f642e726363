/** What both renderers draw a bar chart with: the colour of each tone and the length of a bar. */
import type { ChartTone } from '../../shared/documents/model';

export const TONE_COLORS: Record<ChartTone, string> = {
  neutral: '1E5189',
  danger: 'CE3E39',
  warning: 'F8BB47',
  ok: '42814A',
};

/** A bar's share of the longest one (0..1); a value above 0 always shows a sliver. */
export function barShare(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(0.015, value / max);
}

export function formatValue(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-CA') : value.toLocaleString('en-CA', { maximumFractionDigits: 1 });
}
