/**
 * A minimal, bounded XML tokenizer for the parts of a Word file the form reader needs. Parts with
 * a document type declaration are refused before tokenizing, so there are no entities beyond the
 * five predefined ones and character references — nothing to expand, nothing to fetch.
 */
import { WorkbenchError } from '../../shared/api/errors';

export type XmlToken =
  | { kind: 'open'; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

const TOKEN = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|(<!)|([^<]+)|(<)/g;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function refused(part: string, why: string): WorkbenchError {
  return new WorkbenchError('validation', `The Word file's ${part} ${why}; the file is not read.`);
}

export function decodeEntities(text: string, part: string): string {
  if (!text.includes('&')) return text;
  return text.replaceAll(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,30});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code > 0x10ffff || code === 0) throw refused(part, `holds an invalid character reference ${whole}`);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[ref];
    if (value === undefined) throw refused(part, `refers to an undeclared entity ${whole}`);
    return value;
  });
}

/** Refuses document type declarations (and with them external and expanding entities). */
export function assertNoDoctype(xml: string, part: string): void {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw refused(part, 'declares a document type or entities (a DTD, as used for external-entity and entity-expansion attacks)');
}

export function* tokenize(xml: string, part: string): Generator<XmlToken> {
  assertNoDoctype(xml, part);
  for (const m of xml.matchAll(TOKEN)) {
    if (m[2] !== undefined) {
      if (m[1]) {
        yield { kind: 'close', name: m[2] };
        continue;
      }
      const attrs: Record<string, string> = {};
      if (m[3]) for (const a of m[3].matchAll(ATTR)) attrs[a[1]!] = decodeEntities(a[2] ?? a[3] ?? '', part);
      yield { kind: 'open', name: m[2], attrs, selfClosing: m[4] === '/' };
    } else if (m[5] !== undefined) {
      yield { kind: 'text', text: m[5] };
    } else if (m[6] !== undefined) {
      throw refused(part, 'holds a markup declaration');
    } else if (m[7] !== undefined) {
      yield { kind: 'text', text: decodeEntities(m[7], part) };
    } else if (m[8] !== undefined) {
      throw refused(part, 'is not well-formed XML');
    }
  }
}
