/**
 * The one text rule for every value that enters the store (forms, imports, API, command line,
 * sync). Runs anywhere (no Node, no DOM).
 *
 * - Unicode is normalised to NFC (at entry; a received change is checked, not rewritten, so every
 *   device keeps the same bytes).
 * - A Windows line end (CR LF) becomes LF; tab and LF are the only other control characters kept.
 *   A lone CR, NUL, every other C0 control (U+0001–U+001F), DEL and the C1 controls
 *   (U+0080–U+009F) are refused: they move the cursor or colour a terminal, and NUL truncates text
 *   in C libraries and PostgreSQL.
 * - Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are refused:
 *   they make a name display in another order than it is stored ("Trojan Source"), so an approver
 *   could read one organisation and sign another. The left-to-right and right-to-left marks
 *   (U+200E/U+200F), which only nudge punctuation, are kept.
 * - Lone surrogates (broken UTF-16), the replacement character U+FFFD (text damaged by a wrong
 *   decoding) and the non-characters U+FFFE/U+FFFF are refused.
 * - Each field has a length limit, counted in characters (code points).
 */

/** Limits for fields that do not name their own: a name, a title, a date… versus notes and comments. */
export const SHORT_TEXT_MAX = 2_000;
export const LONG_TEXT_MAX = 100_000;

export type TextCheck = { ok: true; value: string } | { ok: false; message: string };

export interface TextRuleOptions {
  /** The field's human label, used in the message (a function when it costs something to name). */
  label: string | (() => string);
  /** Longest accepted text in characters (default SHORT_TEXT_MAX). */
  maxLength?: number;
  /** Normalise (NFC, CR LF → LF) before checking; false checks a value as it is (received changes). */
  normalize?: boolean;
}

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

const CONTROL_NAMES: Record<number, string> = {
  0x00: 'a NUL character',
  0x07: 'a bell character',
  0x08: 'a backspace',
  0x0d: 'a carriage return not followed by a line feed',
  0x1b: 'an escape character (terminal control sequence)',
  0x7f: 'a delete character',
};

/** Why a character is refused, or null when it may be stored. */
function refusal(c: string): string | null {
  const cp = c.codePointAt(0)!;
  if (cp === 0x09 || cp === 0x0a) return null;
  if (cp < 0x20 || cp === 0x7f) return `${CONTROL_NAMES[cp] ?? 'a control character'} (${codePoint(c)})`;
  if (cp >= 0x80 && cp <= 0x9f) return `a C1 control character (${codePoint(c)})`;
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
    return `a bidirectional control character (${codePoint(c)}) that can make text display in another order than it is stored`;
  }
  if (cp >= 0xd800 && cp <= 0xdfff) return `a lone surrogate (${codePoint(c)}): the text is not valid Unicode`;
  if (cp === 0xfffd) return 'a replacement character (U+FFFD): the text was damaged when it was decoded';
  if (cp === 0xfffe || cp === 0xffff) return `a non-character (${codePoint(c)})`;
  return null;
}

/**
 * Any character `refusal` refuses, in one pattern (with the u flag a surrogate range matches only
 * a lone surrogate), so text that passes — nearly all of it — is not walked character by character.
 */
const REFUSED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffd\ufffe\uffff]/u;

/** Printable ASCII only: nothing to normalise, nothing refused. Most values are; they skip the rest. */
const PLAIN = /^[\x20-\x7e]*$/;

/** Applies the rule to one value: the value to store, or a message naming the field. */
export function checkText(value: string, options: TextRuleOptions): TextCheck {
  const limit = options.maxLength ?? SHORT_TEXT_MAX;
  if (value.length <= limit && PLAIN.test(value)) return { ok: true, value };
  // NFC leaves lone surrogates as they are, so they are still found below.
  const text = options.normalize === false ? value : value.replaceAll('\r\n', '\n').normalize('NFC');
  // A text no longer than the limit in UTF-16 units is no longer in code points.
  if (!REFUSED.test(text) && text.length <= limit) return { ok: true, value: text };
  const label = () => (typeof options.label === 'function' ? options.label() : options.label);
  let position = 0;
  // Iterating by code point keeps a valid surrogate pair together and yields a lone one by itself.
  for (const c of text) {
    position += 1;
    const why = refusal(c);
    if (why) return { ok: false, message: `${label()}: contains ${why} at character ${position}; remove it and try again` };
  }
  if (position > limit) return { ok: false, message: `${label()}: is ${position} characters long; at most ${limit} are accepted` };
  return { ok: true, value: text };
}

/**
 * Makes a stored value safe to print on a terminal: control characters (other than tab and line
 * feed), lone surrogates and the like are shown as visible escapes such as `\u001b`. For text
 * stored before the rule existed; the stored value itself is not changed.
 */
export function printable(text: string): string {
  let out = '';
  for (const c of text) {
    if (refusal(c) === null) out += c;
    else out += `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Whether a stored value breaks the rule (shown as invalid on reading, never rewritten silently): the characters `refusal` refuses, in one pattern. */
export function breaksTextRule(text: string): boolean {
  return REFUSED.test(text);
}
