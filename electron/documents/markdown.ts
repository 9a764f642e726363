/**
 * Markdown (as rendered from a template) → the document model's blocks, with marked's lexer.
 *
 * Plain Markdown: # to ### headings (deeper ones become ###), paragraphs with **bold** and
 * *italic*, bullet and numbered lists, GFM tables (the header row repeats on every page), GFM
 * task lists (- [ ] / - [x]) as checklists. Additions a lead can write in a template:
 * - a page break: a line `<!-- pagebreak -->` or `\pagebreak`;
 * - preferred column widths for the next table: `<!-- widths: 1 3 2 -->` (relative; the renderers
 *   widen a column whose words would not fit);
 * - a key-value block: a fenced block ```keyvalue with one `Key: value` per line;
 * - signature blocks: a fenced block ```signatures with `role:`, `name:`, `decision:`, `date:`
 *   lines, one block per group, groups separated by a blank line (an empty value leaves a line
 *   to sign on).
 * - a horizontal bar chart: a fenced block ```chart with `title:` and `unit:` lines, then one
 *   `Label: value` line per bar, optionally `| danger`, `| warning` or `| ok` after the value.
 * Other HTML comments are dropped, so templates can carry notes for the next editor.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import type { BarChart, Block, ChartTone, TextRun } from '../../shared/documents/model';
import { CHART_TONES } from '../../shared/documents/model';
import { plainText } from '../../shared/documents/model';
import { VALUE_LINE_BREAK, unescapeMarkdown } from './escape';

interface Style {
  bold: boolean;
  italic: boolean;
}

function pushRun(runs: TextRun[], text: string, style: Style): void {
  if (text === '') return;
  const last = runs.at(-1);
  if (last && Boolean(last.bold) === style.bold && Boolean(last.italic) === style.italic) {
    last.text += text;
    return;
  }
  runs.push({ text, ...(style.bold ? { bold: true } : {}), ...(style.italic ? { italic: true } : {}) });
}

function inlineRuns(tokens: readonly Token[] | undefined, style: Style = { bold: false, italic: false }, runs: TextRun[] = []): TextRun[] {
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        inlineRuns(token.tokens, { ...style, bold: true }, runs);
        break;
      case 'em':
        inlineRuns(token.tokens, { ...style, italic: true }, runs);
        break;
      case 'br':
        pushRun(runs, '\n', style);
        break;
      case 'escape':
      case 'codespan':
        pushRun(runs, token.text, style);
        break;
      case 'html':
        pushRun(runs, /^<br\s*\/?>$/i.test(token.text) ? '\n' : /^<!--/.test(token.text) ? '' : token.text, style);
        break;
      case 'image':
        pushRun(runs, token.text, style);
        break;
      case 'checkbox':
        break;
      default:
        if ('tokens' in token && token.tokens?.length) inlineRuns(token.tokens, style, runs);
        else if ('text' in token && typeof token.text === 'string') pushRun(runs, token.text, style);
    }
  }
  return runs;
}

/** Runs with value line breaks restored, whitespace at the ends trimmed. */
function finish(runs: TextRun[]): TextRun[] {
  for (const run of runs) run.text = run.text.replaceAll(VALUE_LINE_BREAK, '\n').replace(/[ \t]*\n[ \t]*/g, '\n');
  if (runs[0]) runs[0].text = runs[0].text.replace(/^\s+/, '');
  const last = runs.at(-1);
  if (last) last.text = last.text.replace(/\s+$/, '');
  return runs.filter((r) => r.text !== '');
}

export function parseInline(markdown: string): TextRun[] {
  return finish(inlineRuns(Lexer.lexInline(markdown, { gfm: true })));
}

/** The runs of a list item: its text and paragraphs; nested lists are returned separately. */
function itemContent(item: Tokens.ListItem): { runs: TextRun[]; nested: Tokens.List[] } {
  const runs: TextRun[] = [];
  const nested: Tokens.List[] = [];
  for (const token of item.tokens) {
    if (token.type === 'list') nested.push(token as Tokens.List);
    else if (token.type === 'checkbox' || token.type === 'space') continue;
    else {
      if (runs.length) pushRun(runs, '\n', { bold: false, italic: false });
      inlineRuns(token.type === 'text' || token.type === 'paragraph' ? (token as Tokens.Text).tokens ?? [token] : [token], undefined, runs);
    }
  }
  return { runs: finish(runs), nested };
}

/** A list's items, nested lists flattened into it (the model has one level). */
function listItems(list: Tokens.List): { checked: boolean | null; runs: TextRun[] }[] {
  return list.items.flatMap((item) => {
    const { runs, nested } = itemContent(item);
    return [{ checked: item.task ? Boolean(item.checked) : null, runs }, ...nested.flatMap(listItems)];
  });
}

function keyValueBlock(text: string, line: number): Block {
  const pairs = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const colon = /(?<!\\):/.exec(l);
      if (!colon) throw new MarkdownError(`a keyvalue block line (${i + 1} of the block starting at Markdown line ${line}) has no "Key: value": "${l.trim()}"`);
      return { key: unescapeMarkdown(l.slice(0, colon.index).trim()), value: parseInline(l.slice(colon.index + 1).trim()) };
    });
  return { kind: 'keyValue', pairs };
}

const SIGNATURE_FIELDS = ['role', 'name', 'decision', 'date'] as const;

function signaturesBlock(text: string): Block {
  const groups = text.split(/\n\s*\n/).filter((g) => g.trim() !== '');
  const blocks = groups.map((group) => {
    const values: Record<string, string | null> = { role: null, name: null, decision: null, date: null };
    for (const line of group.split('\n')) {
      const m = /^\s*(role|name|decision|date)\s*:(.*)$/i.exec(line);
      if (!m) throw new MarkdownError(`a signatures block line is not one of ${SIGNATURE_FIELDS.join(', ')}: "${line.trim()}"`);
      const value = unescapeMarkdown(m[2]!.trim()).replaceAll(VALUE_LINE_BREAK, ' ');
      values[m[1]!.toLowerCase()] = value === '' ? null : value;
    }
    return { role: values.role ?? '', name: values.name ?? null, decision: values.decision ?? null, date: values.date ?? null };
  });
  return { kind: 'signatures', blocks };
}

export class MarkdownError extends Error {}

function barChartBlock(text: string, line: number): BarChart {
  const chart: BarChart = { kind: 'barChart', title: '', unit: '', bars: [] };
  text.split('\n').forEach((l, i) => {
    if (!l.trim()) return;
    const colon = l.lastIndexOf(':');
    if (colon <= 0) throw new MarkdownError(`a chart block line (${i + 1} of the block starting at Markdown line ${line}) has no "Label: value": "${l.trim()}"`);
    const key = unescapeMarkdown(l.slice(0, colon).trim());
    const [valueText = '', toneText] = l.slice(colon + 1).split('|').map((part) => part.trim());
    if (key === 'title' || key === 'unit') {
      chart[key] = unescapeMarkdown(valueText);
      return;
    }
    const value = Number(valueText);
    const tone = (toneText || 'neutral') as ChartTone;
    if (!Number.isFinite(value) || value < 0) throw new MarkdownError(`the chart bar "${key}" (Markdown line ${line + i + 1}) has no value of 0 or more: "${valueText}"`);
    if (!CHART_TONES.includes(tone)) throw new MarkdownError(`the chart bar "${key}" has an unknown tone "${toneText}" (one of ${CHART_TONES.join(', ')})`);
    chart.bars.push({ label: key, value, tone });
  });
  return chart;
}

const PAGE_BREAK = /^\s*(<!--\s*pagebreak\s*-->|\\pagebreak)\s*$/i;
const WIDTHS = /^\s*<!--\s*widths:\s*([\d.\s]+?)\s*-->\s*$/i;

export function markdownToBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let pendingWidths: number[] | null = null;
  let lineNo = 1;
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      const line = lineNo;
      if (tokens === top) lineNo += (token.raw.match(/\n/g) ?? []).length;
      switch (token.type) {
        case 'space':
        case 'hr':
        case 'def':
          break;
        case 'heading': {
          const level = Math.min(3, Math.max(1, token.depth)) as 1 | 2 | 3;
          const text = plainText(finish(inlineRuns(token.tokens))).replace(/\n/g, ' ');
          if (text) blocks.push({ kind: 'heading', level, text });
          break;
        }
        case 'paragraph': {
          if (PAGE_BREAK.test(token.raw)) {
            blocks.push({ kind: 'pageBreak' });
            break;
          }
          const runs = finish(inlineRuns(token.tokens));
          if (runs.length) blocks.push({ kind: 'paragraph', runs });
          break;
        }
        case 'html': {
          const widths = WIDTHS.exec(token.raw);
          if (PAGE_BREAK.test(token.raw)) blocks.push({ kind: 'pageBreak' });
          else if (widths) pendingWidths = widths[1]!.split(/\s+/).map(Number);
          else if (!/^\s*<!--[\s\S]*-->\s*$/.test(token.raw)) blocks.push({ kind: 'paragraph', runs: [{ text: token.raw.trim() }] });
          break;
        }
        case 'list': {
          const items = listItems(token as Tokens.List);
          if (items.some((i) => i.checked !== null)) blocks.push({ kind: 'checklist', items: items.map((i) => ({ checked: i.checked === true, text: i.runs })) });
          else blocks.push({ kind: 'list', ordered: token.ordered, items: items.map((i) => i.runs) });
          break;
        }
        case 'table': {
          const t = token as Tokens.Table;
          const header = t.header.map((cell) => plainText(finish(inlineRuns(cell.tokens))));
          const rows = t.rows.map((row) => row.map((cell) => finish(inlineRuns(cell.tokens))));
          const given: number[] | null = pendingWidths;
          pendingWidths = null;
          blocks.push({ kind: 'table', header, rows, ...(given && given.length === header.length && given.every((w) => w > 0) ? { widths: given } : {}) });
          break;
        }
        case 'code': {
          const lang = (token.lang ?? '').trim().toLowerCase();
          if (lang === 'keyvalue' || lang === 'key-value') blocks.push(keyValueBlock(token.text, line));
          else if (lang === 'signatures') blocks.push(signaturesBlock(token.text));
          else if (lang === 'chart') blocks.push(barChartBlock(token.text, line));
          else blocks.push({ kind: 'paragraph', runs: [{ text: token.text }] });
          break;
        }
        case 'blockquote':
          walk(token.tokens ?? []);
          break;
        default:
          if ('tokens' in token && token.tokens) {
            const runs = finish(inlineRuns(token.tokens));
            if (runs.length) blocks.push({ kind: 'paragraph', runs });
          }
      }
    }
  };
  const top = new Lexer({ gfm: true }).lex(markdown);
  walk(top);
  return blocks;
}
