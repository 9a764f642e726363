/**
 * A TrueType font cut down to the glyphs a document uses, for embedding in a DOCX.
 *
 * The PDF's subsets (fontkit's) renumber glyphs and carry no character map, which is fine for a
 * PDF (its own ToUnicode and CID maps stand in) but not for Word or LibreOffice, which map
 * characters through the font's cmap and shape with its GSUB/GPOS. So here the font keeps every
 * table and every glyph number, and only the outlines of glyphs not used are emptied: the glyf
 * and loca tables are rewritten, the glyph names in post dropped (format 3), and the checksums
 * recomputed. What stays: the glyphs of the characters used, the glyphs those are built from
 * (composite glyphs), .notdef, and the printable ASCII and Latin-1 characters, so a reader who
 * edits the document still types in BC Sans.
 */
import type { Font } from '@cantoo/fontkit';

interface TableRecord {
  tag: string;
  offset: number;
  length: number;
}

/** Always kept: printable ASCII and Latin-1, the bullet, dashes, quotes and the ellipsis. */
const ALWAYS = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i),
  ...Array.from({ length: 0x100 - 0xa0 }, (_, i) => 0xa0 + i),
  0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026, 0x2212,
];

const MORE_COMPONENTS = 0x20;

function readTables(view: DataView): TableRecord[] {
  const count = view.getUint16(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
    return { tag, offset: view.getUint32(at + 8), length: view.getUint32(at + 12) };
  });
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  const padded = bytes.length % 4 ? new Uint8Array(bytes.length + 4 - (bytes.length % 4)) : bytes;
  if (padded !== bytes) padded.set(bytes);
  const view = new DataView(padded.buffer, padded.byteOffset, padded.byteLength);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** The components of a composite glyph (its glyph ids), from its glyf entry. */
function components(glyph: DataView): number[] {
  if (glyph.byteLength < 10 || glyph.getInt16(0) >= 0) return [];
  const ids: number[] = [];
  let at = 10;
  for (;;) {
    const flags = glyph.getUint16(at);
    ids.push(glyph.getUint16(at + 2));
    at += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
    if (!(flags & MORE_COMPONENTS) || at + 4 > glyph.byteLength) return ids;
  }
}

/**
 * The font file with only the outlines of the glyphs for `codePoints` (and `extraGlyphs`, such as
 * those shaping produced) left in it. `font` is the same file parsed by fontkit, for its cmap.
 */
export function subsetTrueType(bytes: Uint8Array, font: Font, codePoints: Iterable<number>, extraGlyphs: Iterable<number> = []): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = readTables(view);
  const table = (tag: string) => tables.find((t) => t.tag === tag);
  const head = table('head');
  const loca = table('loca');
  const glyf = table('glyf');
  const maxp = table('maxp');
  if (!head || !loca || !glyf || !maxp) return bytes;
  const numGlyphs = view.getUint16(maxp.offset + 4);
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const glyphStart = (id: number) => (longLoca ? view.getUint32(loca.offset + id * 4) : view.getUint16(loca.offset + id * 2) * 2);

  const keep = new Set<number>([0, ...extraGlyphs]);
  for (const cp of [...ALWAYS, ...codePoints]) {
    const glyph = font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp) : null;
    if (glyph) keep.add(glyph.id);
  }
  // Composite glyphs need the glyphs they are built from.
  const pending = [...keep];
  while (pending.length) {
    const id = pending.pop()!;
    if (id >= numGlyphs) continue;
    const start = glyphStart(id);
    const end = glyphStart(id + 1);
    for (const part of components(new DataView(bytes.buffer, bytes.byteOffset + glyf.offset + start, end - start))) {
      if (!keep.has(part)) {
        keep.add(part);
        pending.push(part);
      }
    }
  }

  // New glyf (kept outlines, each 4-byte aligned) and long-format loca.
  let glyfLength = 0;
  for (let id = 0; id < numGlyphs; id++) if (keep.has(id)) glyfLength += (glyphStart(id + 1) - glyphStart(id) + 3) & ~3;
  const newGlyf = new Uint8Array(glyfLength);
  const newLoca = new Uint8Array((numGlyphs + 1) * 4);
  const locaView = new DataView(newLoca.buffer);
  let at = 0;
  for (let id = 0; id < numGlyphs; id++) {
    locaView.setUint32(id * 4, at);
    if (!keep.has(id)) continue;
    const start = glyphStart(id);
    const end = glyphStart(id + 1);
    newGlyf.set(bytes.subarray(glyf.offset + start, glyf.offset + end), at);
    at += (end - start + 3) & ~3;
  }
  locaView.setUint32(numGlyphs * 4, at);

  const data = new Map<string, Uint8Array>();
  for (const t of tables) data.set(t.tag, bytes.slice(t.offset, t.offset + t.length));
  data.set('glyf', newGlyf);
  data.set('loca', newLoca);
  const newHead = data.get('head')!;
  const headView = new DataView(newHead.buffer);
  headView.setInt16(50, 1);
  headView.setUint32(8, 0);
  const post = data.get('post');
  if (post && post.length >= 32) {
    // Format 3: the same metrics without glyph names.
    const short = post.slice(0, 32);
    new DataView(short.buffer).setUint32(0, 0x00030000);
    data.set('post', short);
  }

  // The file: header and table directory as they were (same tags, same order), then the tables.
  const headerLength = 12 + tables.length * 16;
  const total = headerLength + tables.reduce((sum, t) => sum + ((data.get(t.tag)!.length + 3) & ~3), 0);
  const out = new Uint8Array(total);
  const outView = new DataView(out.buffer);
  out.set(bytes.subarray(0, 12));
  let offset = headerLength;
  const byOffset = [...tables].sort((a, b) => a.offset - b.offset);
  const offsets = new Map<string, number>();
  for (const t of byOffset) {
    const tableBytes = data.get(t.tag)!;
    out.set(tableBytes, offset);
    offsets.set(t.tag, offset);
    offset += (tableBytes.length + 3) & ~3;
  }
  tables.forEach((t, i) => {
    const record = 12 + i * 16;
    const tableBytes = data.get(t.tag)!;
    out.set(bytes.subarray(record, record + 4), record);
    outView.setUint32(record + 4, checksum(tableBytes));
    outView.setUint32(record + 8, offsets.get(t.tag)!);
    outView.setUint32(record + 12, tableBytes.length);
  });
  outView.setUint32(offsets.get('head')! + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
