/**
 * Renders a document template's Handlebars into Markdown. Its own Handlebars environment:
 * - values are escaped for Markdown, not HTML (escape.ts), so data cannot change the structure;
 * - strict: every name a template uses, in {{placeholders}} and in helper and block arguments
 *   ({{#each x}}, {{#if x}}, {{date x}}), must exist in the data (null is fine, missing is not),
 *   so a misspelt placeholder fails with its file and line instead of printing nothing;
 * - only the helpers below may be called.
 */
import path from 'node:path';
import Handlebars from 'handlebars';
import { WorkbenchError } from '../../shared/api/errors';
import { escapeMarkdown } from './escape';
import type { TemplateSource } from './templates';

const ESCAPE_HELPER = '__escapeMarkdown';

type Hb = typeof Handlebars;
// Handlebars' compilers are prototype-based classes without type declarations.
type CompilerClass = new () => Record<string, unknown>;

function markdownEnvironment(): Hb {
  const hb = Handlebars.create();
  const BaseCompiler = (hb as unknown as { Compiler: CompilerClass }).Compiler;
  const BaseJsCompiler = (hb as unknown as { JavaScriptCompiler: CompilerClass }).JavaScriptCompiler;

  // Every path (not @data) looked up strictly, including helper and block parameters.
  class StrictCompiler extends BaseCompiler {
    PathExpression(pathNode: { data?: boolean; parts: string[]; strict?: boolean }): unknown {
      if (!pathNode.data && pathNode.parts.length > 0) pathNode.strict = true;
      return (BaseCompiler.prototype.PathExpression as (p: unknown) => unknown).call(this, pathNode);
    }
  }
  StrictCompiler.prototype.compiler = StrictCompiler;

  // {{value}} goes through the Markdown escape instead of Handlebars' HTML escape. The extra {}
  // is the "options" argument Handlebars' helper wrapper expects as the last argument.
  class MarkdownJsCompiler extends BaseJsCompiler {
    appendEscaped(this: Record<string, (...a: unknown[]) => unknown>): void {
      this.pushSource!(this.appendToBuffer!([this.aliasable!(`helpers.${ESCAPE_HELPER}`), '(', this.popStack!(), ', {})']));
    }
  }
  MarkdownJsCompiler.prototype.compiler = MarkdownJsCompiler;

  Object.assign(hb, { Compiler: StrictCompiler, JavaScriptCompiler: MarkdownJsCompiler });
  hb.registerHelper(ESCAPE_HELPER, (value: unknown) => {
    if (value instanceof hb.SafeString) return value.toHTML();
    return escapeMarkdown(value);
  });
  for (const [name, helper] of Object.entries(documentHelpers(hb))) hb.registerHelper(name, helper);
  return hb;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EMPTY = '—';

/** "2026-05-01" → "May 1, 2026"; "2026-05-01T22:30" (or with seconds/zone) → "May 1, 2026, 22:30". */
export function formatDate(value: unknown, withTime = false): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(String(value));
  if (!m) return String(value);
  const date = `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}, ${m[1]}`;
  return withTime && m[4] ? `${date}, ${m[4]}:${m[5]}` : date;
}

export function formatDuration(minutes: unknown): string {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes)) return EMPTY;
  const h = Math.floor(minutes / 60);
  const min = Math.round(minutes % 60);
  if (h === 0) return `${min} min`;
  return min === 0 ? `${h} h` : `${h} h ${min} min`;
}

/** Helpers a template may call. The last argument Handlebars passes is its options object. */
function documentHelpers(hb: Hb): Record<string, (...args: unknown[]) => unknown> {
  const values = (args: unknown[]) => args.slice(0, -1);
  const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  return {
    /** {{date d}}: a calendar date, "May 1, 2026"; "—" when empty. */
    date: (value) => formatDate(value),
    /** {{datetime t}}: date and time of day. */
    datetime: (value) => formatDate(value, true),
    /** {{duration minutes}}: "1 h 30 min". */
    duration: (value) => formatDuration(value),
    /** {{percent n}}: "85%"; "—" when empty. */
    percent: (value) => (typeof value === 'number' ? `${Math.round(value)}%` : EMPTY),
    /** {{or a b "fallback"}}: the first value that is not empty. */
    or: (...args) => values(args).find((v) => !blank(v)) ?? null,
    /** {{orDash v}}: the value, or "—" when empty. */
    orDash: (value) => (blank(value) ? EMPTY : value),
    yesno: (value) => (value ? 'Yes' : 'No'),
    /** {{check done}} inside "- [{{check done}}] ..." makes a ticked or empty checklist box. */
    check: (value) => new hb.SafeString(value ? 'x' : ' '),
    eq: (a, b) => a === b,
    ne: (a, b) => a !== b,
    gt: (a, b) => typeof a === 'number' && typeof b === 'number' && a > b,
    not: (value) => !value || (Array.isArray(value) && value.length === 0),
    and: (...args) => values(args).every((v) => Boolean(v) && !(Array.isArray(v) && v.length === 0)),
    count: (value) => (Array.isArray(value) ? value.length : 0),
    join: (list, separator) => (Array.isArray(list) ? list.map(String).join(typeof separator === 'string' ? separator : ', ') : (list ?? '')),
    /** {{plural n "gap" "gaps"}}: "1 gap", "3 gaps". */
    plural: (n, one, many) => `${String(n)} ${n === 1 ? String(one) : String(many)}`,
  };
}

export const DOCUMENT_HELPERS = Object.keys(documentHelpers(Handlebars));

const environment = markdownEnvironment();
const COMPILE_OPTIONS = {
  strict: true,
  knownHelpers: Object.fromEntries([...DOCUMENT_HELPERS, ESCAPE_HELPER].map((h) => [h, true])),
  knownHelpersOnly: true,
  preventIndent: true,
} as const;

/** Which template file an error came from, when it came from a partial. */
const SOURCE = Symbol('documentTemplateSource');
type Tagged = Error & { [SOURCE]?: TemplateSource };

/**
 * Compiled templates and partials, kept for as long as their source is: DocumentTemplates hands
 * out the same source object until its file changes on disk, so each is compiled once rather than
 * on every document (compiling the approval package's template and partials cost more than
 * filling them in).
 */
const compiled = new WeakMap<TemplateSource, Handlebars.TemplateDelegate>();

function compile(source: TemplateSource): Handlebars.TemplateDelegate {
  const known = compiled.get(source);
  if (known) return known;
  const delegate = compileNew(source);
  compiled.set(source, delegate);
  return delegate;
}

function compileNew(source: TemplateSource): Handlebars.TemplateDelegate {
  const template = environment.compile(source.body, COMPILE_OPTIONS);
  return (context, options) => {
    try {
      return template(context, options);
    } catch (error) {
      if (error instanceof Error && !(error as Tagged)[SOURCE]) (error as Tagged)[SOURCE] = source;
      throw error;
    }
  };
}

/** Renders a template with its partials and the data; a problem is reported with file and line. */
export function renderTemplate(template: TemplateSource, partials: ReadonlyMap<string, TemplateSource>, data: object): string {
  const compiledPartials = Object.fromEntries([...partials].map(([name, source]) => [name, compile(source)]));
  try {
    return compile(template)(data, { partials: compiledPartials });
  } catch (error) {
    throw templateError((error as Tagged)[SOURCE] ?? template, error);
  }
}

function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

export function templateError(source: TemplateSource, error: unknown): WorkbenchError {
  const message = error instanceof Error ? error.message : String(error);
  const e = error as { lineNumber?: number; column?: number };
  const line = e.lineNumber ?? Number(/on line (\d+)/.exec(message)?.[1] ?? Number.NaN);
  const fileLine = Number.isFinite(line) ? source.firstLine + line - 1 : null;
  const where = `${displayName(source.file)}${fileLine !== null ? `, line ${fileLine}` : ''}`;

  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing && fileLine !== null) {
    const expression = mustacheAt(source.body, line, e.column ?? 0);
    // Handlebars names the last part of the path; the expression holds all of it.
    const name = (expression && new RegExp(`[\\w.@/-]*\\b${missing[1]!.replace(/[^\w]/g, '\\$&')}\\b`).exec(expression)?.[0]) || missing[1]!;
    const inExpression = expression ? ` (in ${expression})` : '';
    const reason = `the placeholder "${name}"${inExpression} is not in the data for this document. Check its spelling; the names available are listed in templates/documents/README.md.`;
    return new WorkbenchError('internal', `Template ${where}: ${reason}`);
  }
  const unknownHelper = /unknown helper (\S+)/.exec(message);
  if (unknownHelper) {
    return new WorkbenchError('internal', `Template ${where}: "${unknownHelper[1]}" is not a helper documents can use (${DOCUMENT_HELPERS.join(', ')}).`);
  }
  return new WorkbenchError('internal', `Template ${where}: ${message.split('\n').filter((l) => !/^-*\^$/.test(l)).join(' ').replace(/\s+/g, ' ').trim()}`);
}

/** The {{...}} expression at a 1-based line and 0-based column of the template body. */
function mustacheAt(body: string, line: number, column: number): string | null {
  const text = body.split('\n')[line - 1];
  if (text === undefined) return null;
  const start = text.lastIndexOf('{{', column + 2);
  if (start < 0) return null;
  const end = text.indexOf('}}', start);
  return end < 0 ? null : text.slice(start, end + 2);
}
