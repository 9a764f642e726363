/**
 * BC Sans, as TrueType (assets/fonts; see its README for why not the WOFF files), read once per
 * process. Both renderers use it: the PDF renderer embeds subsets; the DOCX renderer embeds the
 * faces so that Word and LibreOffice show BC Sans where it is not installed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';

export const FONT_FAMILY = 'BC Sans';
/** Used by Word when BC Sans is neither installed nor embedded. */
export const FALLBACK_FONT_FAMILY = 'Arial';

export const FONT_STYLES = ['regular', 'bold', 'italic', 'boldItalic'] as const;
export type FontStyle = (typeof FONT_STYLES)[number];

const FILES: Record<FontStyle, string> = {
  regular: 'BCSans-Regular.ttf',
  bold: 'BCSans-Bold.ttf',
  italic: 'BCSans-Italic.ttf',
  boldItalic: 'BCSans-BoldItalic.ttf',
};

export function fontStyle(bold: boolean | undefined, italic: boolean | undefined): FontStyle {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}

/** assets/fonts of the workbench, from source (tsx) or from the engine bundle (two folders down either way). */
export function defaultFontsDir(): string {
  return path.resolve(import.meta.dirname, '../../assets/fonts');
}

const cache = new Map<string, Record<FontStyle, Uint8Array>>();

export function loadFonts(dir: string = defaultFontsDir()): Record<FontStyle, Uint8Array> {
  const cached = cache.get(dir);
  if (cached) return cached;
  const fonts = {} as Record<FontStyle, Uint8Array>;
  for (const style of FONT_STYLES) {
    const file = path.join(dir, FILES[style]);
    try {
      fonts[style] = new Uint8Array(fs.readFileSync(file));
    } catch {
      throw new WorkbenchError('internal', `The document font ${file} is missing; generated documents need BC Sans.`);
    }
  }
  cache.set(dir, fonts);
  return fonts;
}
