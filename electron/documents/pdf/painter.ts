/**
 * Draws shaped text into PDF content streams. pdf-lib's drawText places glyphs by their advance
 * widths alone, which puts combining marks (the macron below in x̱, the comma above in q̓) beside
 * their letter instead of on it, and drops kerning. Here every glyph is shown with the
 * adjustments fontkit's shaping asks for: TJ offsets for horizontal positions, text rise for
 * vertical ones. The text stays extractable: glyphs come from the embedded subset font, whose
 * ToUnicode map pdf-lib writes from the same encodeText calls.
 */
import {
  PDFArray,
  PDFHexString,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  beginText,
  endText,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
  setFontAndSize,
  setTextRise,
  type PDFDocument,
  type PDFFont,
  type PDFName,
  type PDFPage,
} from '@cantoo/pdf-lib';
import type { FontStyle } from '../fonts';
import type { Typesetter } from './typesetter';

export type Rgb = readonly [number, number, number];

export class TextPainter {
  private readonly glyphHex = new Map<FontStyle, Map<number, string>>();
  private readonly fontKeys = new WeakMap<PDFPage, Map<FontStyle, PDFName>>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Record<FontStyle, PDFFont>,
    private readonly typesetter: Typesetter,
  ) {}

  /**
   * Hex code of a glyph in the embedded subset (recording it for widths and ToUnicode). pdf-lib
   * subsets by text, so the glyph is asked for by a character the font maps to it. Shaping may hand
   * a glyph none of the text's characters (ccmp splits "Ú" into U and a combining acute, the
   * characters going to one of them), so the character comes from the font's own map where it
   * has one, and the glyph always stands for the same character: cached by glyph, never empty
   * for a glyph the font maps.
   */
  private hexOf(style: FontStyle, glyphId: number, codePoints: number[]): string {
    let byStyle = this.glyphHex.get(style);
    if (!byStyle) this.glyphHex.set(style, (byStyle = new Map()));
    let hex = byStyle.get(glyphId);
    if (hex === undefined) {
      const mapped = this.typesetter.characterOf(style, glyphId);
      const chars = mapped !== undefined ? [mapped] : codePoints;
      if (chars.length === 0) return '';
      hex = this.fonts[style].encodeText(String.fromCodePoint(...chars)).asString();
      byStyle.set(glyphId, hex);
    }
    return hex;
  }

  private fontKey(page: PDFPage, style: FontStyle): PDFName {
    let keys = this.fontKeys.get(page);
    if (!keys) this.fontKeys.set(page, (keys = new Map()));
    let key = keys.get(style);
    if (!key) {
      key = page.node.newFontDictionary(this.fonts[style].name, this.fonts[style].ref);
      keys.set(style, key);
    }
    return key;
  }

  /** Draws text with its baseline starting at (x, y). */
  draw(page: PDFPage, text: string, style: FontStyle, size: number, x: number, y: number, color: Rgb): void {
    if (text === '') return;
    const run = this.typesetter.shape(text, style);
    const unitsPerEm = this.typesetter.unitsPerEm[style];
    const toTj = (fontUnits: number) => Math.round((fontUnits * 1000 * 1000) / unitsPerEm) / 1000;

    const ops: PDFOperator[] = [pushGraphicsState(), beginText(), setFontAndSize(this.fontKey(page, style), size), setFillingRgbColor(...color), moveText(x, y)];
    let parts: (string | number)[] = [];
    let rise = 0;
    const flush = () => {
      if (parts.length === 0) return;
      const array = PDFArray.withContext(this.doc.context);
      for (const part of parts) array.push(typeof part === 'string' ? PDFHexString.of(part) : PDFNumber.of(part));
      ops.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [array]));
      parts = [];
    };
    const pushHex = (hex: string) => {
      const last = parts.at(-1);
      if (typeof last === 'string') parts[parts.length - 1] = last + hex;
      else parts.push(hex);
    };
    const pushShift = (tj: number) => {
      if (tj === 0) return;
      const last = parts.at(-1);
      if (typeof last === 'number') parts[parts.length - 1] = last + tj;
      else parts.push(tj);
    };

    run.glyphs.forEach((glyph, i) => {
      const position = run.positions[i]!;
      const hex = this.hexOf(style, glyph.id, glyph.codePoints);
      if (hex === '') return;
      const glyphRise = (position.yOffset * size) / unitsPerEm;
      if (glyphRise !== rise) {
        flush();
        ops.push(setTextRise(glyphRise));
        rise = glyphRise;
      }
      // A positive TJ number moves the next glyph left by that many thousandths of the font size.
      pushShift(-toTj(position.xOffset));
      pushHex(hex);
      pushShift(toTj(glyph.advanceWidth - position.xAdvance + position.xOffset));
    });
    flush();
    if (rise !== 0) ops.push(setTextRise(0));
    ops.push(endText(), popGraphicsState());
    page.pushOperators(...ops);
  }
}
