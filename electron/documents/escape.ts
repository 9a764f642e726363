/**
 * Values placed into a Markdown template must stay text: a partner's legal name holding "|" or
 * "*" must not split a table cell or toggle bold, and a line break in a long answer must not
 * start a heading or a list. Every ASCII punctuation character may be backslash-escaped in
 * CommonMark, so escaping all that carry meaning is safe wherever the value lands.
 */

/** Stands for a line break inside a value until the Markdown is parsed (see markdown.ts). */
export const VALUE_LINE_BREAK = '\uE000';

const MARKDOWN_SPECIALS = /[\\`*_{}[\]()#+\-.!|<>~=&:]/g;

export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  return text
    .replace(/\t/g, ' ')
    .trim()
    .replace(MARKDOWN_SPECIALS, '\\$&')
    .replace(/[ ]*\r?\n[ ]*/g, VALUE_LINE_BREAK);
}

/** Undoes escapeMarkdown's backslashes (for fenced blocks, whose text Markdown does not parse). */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
