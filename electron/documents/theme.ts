/**
 * The look both renderers share, after the BC Government's design system: BC Sans, BC blue
 * headings, a gold rule under the title, tables with a shaded header row.
 */
export const COLORS = {
  /** BC blue, for headings and table headers. */
  blue: '003366',
  /** BC gold, for the rules under the page header and the title. */
  gold: 'FCBA19',
  text: '2D2D2D',
  muted: '5F6B76',
  border: 'B8C4D0',
  headerFill: 'DCE6F0',
  keyFill: 'F1F4F8',
  stripe: 'F8FAFC',
  check: '2E8540',
} as const;

/** Font sizes in points. */
export const SIZES = {
  body: 10.5,
  table: 9.5,
  small: 8.5,
  h1: 20,
  h2: 14.5,
  h3: 12,
} as const;

/** A table of at most this many rows is kept on one page (a risk acceptance or contact block reads as one unit). */
export const KEEP_WHOLE_ROWS = 8;

export function rgb01(hex: string): [number, number, number] {
  const n = Number.parseInt(hex, 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}
