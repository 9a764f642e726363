/**
 * Text measurement and line breaking for the PDF renderer, on BC Sans's own metrics.
 *
 * Shaping with fontkit's full OpenType layout costs about 0.1 ms per word with BC Sans's feature
 * tables, too slow for long documents; and most text needs nothing but the glyph of each
 * character and its advance width. So text is shaped in full only when it holds combining marks
 * (which OpenType positions on their letter, such as the macron below in x̱); other text is
 * mapped through the character map. Like pdf-lib's own drawText, that leaves out kerning.
 *
 * Lines break at spaces; a word wider than the line breaks at its break points (after a hyphen,
 * slash or full stop between letters) if it has them, otherwise between grapheme clusters (a
 * letter stays with its combining marks) with a hyphen at the cut.
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
export const NEEDS_SHAPING = /[\u0300-\u036F\u0483-\u0489\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/u;

const MAX_CACHE = 50_000;
/** Glyph id → a character mapped to it, per font, built once. */
const characterMaps = new WeakMap<Font, Map<number, number>>();
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** A font set's measurements, kept for every document set in it: the same text in the same face always has the same glyphs and width. */
interface Measurements {
  advances: Map<string, number>;
  runs: Map<string, Shaped>;
}
const measurements = new WeakMap<Record<FontStyle, Font>, Measurements>();

export class Typesetter {
  // Shared by the typesetters of one font set (each document has its own typesetter): in a
  // long-lived process the next package measures mostly text measured before — shaping was
  // ≈ 16 ms of CPU per approval package when every document started with empty caches.
  private readonly advances: Map<string, number>;
  private readonly runs: Map<string, Shaped>;
  /** Each face's units per em, read once: fontkit's getter goes through its table cache on every call (≈ 4 ms per package). */
  readonly unitsPerEm: Record<FontStyle, number>;

  constructor(readonly fonts: Record<FontStyle, Font>) {
    this.unitsPerEm = Object.fromEntries(FONT_STYLES.map((style) => [style, fonts[style].unitsPerEm])) as Record<FontStyle, number>;
    let shared = measurements.get(fonts);
    if (!shared) measurements.set(fonts, (shared = { advances: new Map(), runs: new Map() }));
    this.advances = shared.advances;
    this.runs = shared.runs;
  }

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

  /** A character the font maps to a glyph (the first in its character map), if any. */
  characterOf(style: FontStyle, glyphId: number): number | undefined {
    const font = this.fonts[style];
    let map = characterMaps.get(font);
    if (!map) {
      map = new Map();
      for (const cp of font.characterSet) {
        const id = font.glyphForCodePoint(cp)?.id;
        if (id !== undefined && !map.has(id)) map.set(id, cp);
      }
      characterMaps.set(font, map);
    }
    return map.get(glyphId);
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
    return (advance * size) / this.unitsPerEm[style];
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
      for (const part of spacedParts(run.text)) {
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

  /** Cuts a word into pieces no wider than maxWidth: at its break points when that helps, else by grapheme with a hyphen. */
  private splitWord(word: Segment[], size: number, maxWidth: number): Segment[][] {
    const units: (Segment & { breakAfter: boolean })[] = [];
    for (const segment of word) {
      const cuts = new Set(breakPoints(segment.text));
      let offset = 0;
      for (const { segment: g } of graphemes.segment(segment.text)) {
        offset += g.length;
        // A space inside a word is one of a date's, which may break there when it cannot stay whole.
        units.push({ text: g, style: segment.style, width: this.width(g, segment.style, size), breakAfter: cuts.has(offset) || g === ' ' });
      }
    }
    const pieces: Segment[][] = [];
    let piece: (Segment & { breakAfter: boolean })[] = [];
    let width = 0;
    const widthOf = (p: Segment[]) => p.reduce((w, s) => w + s.width, 0);
    for (const unit of units) {
      if (piece.length > 0 && width + unit.width > maxWidth + 0.01) {
        if (unit.text === ' ') {
          // A date's space where the line is full: the line ends there, the space with it.
          pieces.push(piece);
          piece = [];
          width = 0;
          continue;
        }
        const lastBreak = piece.findLastIndex((u, i) => u.breakAfter && i < piece.length);
        if (lastBreak >= 0) {
          pieces.push(piece.slice(0, lastBreak + 1));
          piece = piece.slice(lastBreak + 1);
        } else {
          // No break point: cut between graphemes and mark the cut with a hyphen, as a typesetter would.
          const hyphen = (style: FontStyle) => this.width('-', style, size);
          let cut = piece.length;
          while (cut > 1 && widthOf(piece.slice(0, cut)) + hyphen(piece[cut - 1]!.style) > maxWidth + 0.01) cut--;
          const head: Segment[] = piece.slice(0, cut);
          const style = head.at(-1)!.style;
          pieces.push([...head, { text: '-', style, width: hyphen(style) }]);
          piece = piece.slice(cut);
        }
        width = widthOf(piece);
      }
      piece.push(unit);
      width += unit.width;
    }
    if (piece.length) pieces.push(piece);
    return pieces.map((p) => mergeUnits(p.map(({ text, style, width: w }) => ({ text, style, width: w }))));
  }
}

/** A date as the documents write it ("December 20, 2026") stays on one line, like one word. */
const LONG_DATE = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}\b/g;
const GLUE = '\u0000';

/** Text cut into words, runs of spaces and forced line breaks ("\n"); a long date is one word. */
export function spacedParts(text: string): string[] {
  const glued = text.includes(', ') ? text.replace(LONG_DATE, (date) => date.replaceAll(' ', GLUE)) : text;
  const parts = glued.split(/(\n| +)/);
  return glued === text ? parts : parts.map((p) => p.replaceAll(GLUE, ' '));
}

/** The words of a text (dates whole), for measuring. */
export function wordsOf(text: string): string[] {
  return spacedParts(text).filter((p) => p !== '' && p !== '\n' && !p.startsWith(' '));
}

/**
 * Where a word may break without breaking it as a word: after a hyphen, dash, slash, underscore or
 * full stop that joins two letters ("mobile-use", "endpoint.mobile", "and/or"). Numbers joined so
 * (2026-12-20, 1.5) never break. Offsets are in UTF-16 code units, after the joining character.
 */
export function breakPoints(word: string): number[] {
  const points: number[] = [];
  for (const m of word.matchAll(/(?<=\p{L}\p{M}*)[-\u2010\u2013\u2014/_.](?=\p{L})/gu)) points.push(m.index + m[0].length);
  return points;
}

/** The pieces of a word that never break: the word cut at its break points (or after its hyphens only). */
export function unbreakablePieces(word: string, hyphensOnly = false): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const at of breakPoints(word)) {
    if (hyphensOnly && word[at - 1] !== '-') continue;
    pieces.push(word.slice(from, at));
    from = at;
  }
  pieces.push(word.slice(from));
  return pieces;
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
