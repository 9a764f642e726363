/**
 * Text measurement and line breaking for the PDF renderer, on BC Sans's own metrics.
 *
 * Shaping with fontkit's full OpenType layout costs about 0.1 ms per word with BC Sans's feature
 * tables, too slow for long documents; and most text needs nothing but the glyph of each
 * character and its advance width. So text is shaped in full only when it holds combining marks
 * (which OpenType positions on their letter, such as the macron below in x̱); other text is
 * mapped through the character map. Like pdf-lib's own drawText, that leaves out kerning.
 *
 * Lines break at spaces; a word wider than the line breaks after a hyphen or slash if it has
 * one, otherwise between grapheme clusters (a letter stays with its combining marks).
 * A "\n" in a run is a forced line break.
 */
import fontkit, { type Font, type GlyphPosition, type Glyph } from '@cantoo/fontkit';
import type { TextRun } from '../../../shared/documents/model';
import { FONT_STYLES, fontStyle, loadFonts, type FontStyle } from '../fonts';

export interface Segment {
  text: string;
  style: FontStyle;
  /** Width in points at the line's font size. */
  width: number;
}

export interface Line {
  segments: Segment[];
  width: number;
}

export interface Shaped {
  glyphs: Glyph[];
  positions: GlyphPosition[];
}

const shapers = new Map<string, Record<FontStyle, Font>>();
const fontsByBytes = new WeakMap<Uint8Array, Font>();

/** fontkit fonts for shaping and measuring, one per style, parsed once and shared by every document. */
export function shapingFonts(fontsDir?: string): Record<FontStyle, Font> {
  const key = fontsDir ?? '';
  const cached = shapers.get(key);
  if (cached) return cached;
  const bytes = loadFonts(fontsDir);
  const fonts = Object.fromEntries(FONT_STYLES.map((s) => [s, fontkit.create(bytes[s]) as Font])) as Record<FontStyle, Font>;
  for (const style of FONT_STYLES) fontsByBytes.set(bytes[style], fonts[style]);
  shapers.set(key, fonts);
  return fonts;
}

/**
 * fontkit for pdf-lib's registerFontkit: hands out the shared, already parsed fonts for the
 * font files loaded here, instead of parsing each file again for every document.
 */
export const sharedFontkit = {
  ...fontkit,
  create: ((data: Uint8Array, postscriptName?: string) => fontsByBytes.get(data) ?? fontkit.create(data, postscriptName as string)) as typeof fontkit.create,
};

/** Combining marks and other characters whose placement needs OpenType shaping. */
const NEEDS_SHAPING = /[\u0300-\u036F\u0483-\u0489\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/u;

const MAX_CACHE = 50_000;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export class Typesetter {
  private readonly advances = new Map<string, number>();
  private readonly runs = new Map<string, Shaped>();

  constructor(readonly fonts: Record<FontStyle, Font>) {}

  /** The glyphs of a piece of text and where each goes, cached. */
  shape(text: string, style: FontStyle): Shaped {
    const key = `${style}\u0000${text}`;
    let run = this.runs.get(key);
    if (!run) {
      if (this.runs.size > MAX_CACHE) this.runs.clear();
      const font = this.fonts[style];
      if (NEEDS_SHAPING.test(text)) {
        const layout = font.layout(text);
        run = { glyphs: layout.glyphs, positions: layout.positions ?? layout.glyphs.map(plainPosition) };
      } else {
        const glyphs = font.glyphsForString(text);
        run = { glyphs, positions: glyphs.map(plainPosition) };
      }
      this.runs.set(key, run);
    }
    return run;
  }

  /** Width in points of text in a style at a size. */
  width(text: string, style: FontStyle, size: number): number {
    if (text === '') return 0;
    const key = `${style}\u0000${text}`;
    let advance = this.advances.get(key);
    if (advance === undefined) {
      if (this.advances.size > MAX_CACHE) this.advances.clear();
      advance = this.shape(text, style).positions.reduce((sum, p) => sum + p.xAdvance, 0);
      this.advances.set(key, advance);
    }
    return (advance * size) / this.fonts[style].unitsPerEm;
  }

  /** Distance from the baseline to the top of capitals, in points. */
  ascent(size: number): number {
    const f = this.fonts.regular;
    return (f.ascent * size) / f.unitsPerEm;
  }

  /** Breaks runs into lines no wider than maxWidth. */
  breakLines(runs: readonly TextRun[], size: number, maxWidth: number): Line[] {
    const lines: Line[] = [];
    let line: Segment[] = [];
    let lineWidth = 0;
    let pendingSpace: Segment | null = null;

    const endLine = () => {
      lines.push(mergeSegments(line, this, size));
      line = [];
      lineWidth = 0;
      pendingSpace = null;
    };
    const place = (word: Segment[]) => {
      const wordWidth = word.reduce((w, s) => w + s.width, 0);
      const spaceWidth: number = pendingSpace ? (pendingSpace as Segment).width : 0;
      if (line.length > 0 && lineWidth + spaceWidth + wordWidth > maxWidth + 0.01) endLine();
      if (line.length > 0 && pendingSpace) {
        line.push(pendingSpace);
        lineWidth += spaceWidth;
      }
      pendingSpace = null;
      if (wordWidth <= maxWidth + 0.01 || line.length > 0) {
        line.push(...word);
        lineWidth += wordWidth;
        return;
      }
      // Wider than a whole line: cut it into pieces that fit.
      for (const piece of this.splitWord(word, size, maxWidth)) {
        if (line.length > 0) endLine();
        line.push(...piece);
        lineWidth += piece.reduce((w, s) => w + s.width, 0);
      }
    };

    let word: Segment[] = [];
    const flushWord = () => {
      if (word.length) place(word);
      word = [];
    };
    for (const run of runs) {
      const style = fontStyle(run.bold, run.italic);
      for (const part of run.text.split(/(\n| +)/)) {
        if (part === '') continue;
        if (part === '\n') {
          flushWord();
          endLine();
        } else if (part.startsWith(' ')) {
          flushWord();
          if (line.length > 0) pendingSpace = { text: ' ', style, width: this.width(' ', style, size) };
        } else {
          word.push({ text: part, style, width: this.width(part, style, size) });
        }
      }
    }
    flushWord();
    if (line.length > 0 || lines.length === 0) endLine();
    return lines;
  }

  /** Cuts a word into pieces no wider than maxWidth: after - or / when that helps, else by grapheme. */
  private splitWord(word: Segment[], size: number, maxWidth: number): Segment[][] {
    const units: Segment[] = [];
    for (const segment of word) {
      for (const { segment: g } of graphemes.segment(segment.text)) units.push({ text: g, style: segment.style, width: this.width(g, segment.style, size) });
    }
    const pieces: Segment[][] = [];
    let piece: Segment[] = [];
    let width = 0;
    let lastBreak = -1;
    for (const unit of units) {
      if (piece.length > 0 && width + unit.width > maxWidth) {
        const cut = lastBreak >= 0 && lastBreak < piece.length - 1 ? lastBreak + 1 : piece.length;
        pieces.push(piece.slice(0, cut));
        piece = piece.slice(cut);
        width = piece.reduce((w, s) => w + s.width, 0);
        lastBreak = -1;
      }
      piece.push(unit);
      width += unit.width;
      if (/^[-/–—_]$/.test(unit.text)) lastBreak = piece.length - 1;
    }
    if (piece.length) pieces.push(piece);
    return pieces.map((p) => mergeUnits(p));
  }
}

function plainPosition(glyph: Glyph): GlyphPosition {
  return { xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 };
}

function mergeUnits(units: Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const u of units) {
    const last = merged.at(-1);
    if (last && last.style === u.style) {
      last.text += u.text;
      last.width += u.width;
    } else merged.push({ ...u });
  }
  return merged;
}

/** Joins neighbouring segments of one style (spaces included) and measures them as drawn. */
function mergeSegments(segments: Segment[], typesetter: Typesetter, size: number): Line {
  const merged = mergeUnits(segments);
  for (const s of merged) s.width = typesetter.width(s.text, s.style, size);
  return { segments: merged, width: merged.reduce((w, s) => w + s.width, 0) };
}
