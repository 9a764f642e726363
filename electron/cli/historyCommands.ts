/**
 * `history <dossier>`: the dossier's History grouped by operation, as the History tab shows it
 * (one line per operation, `--expand` for its changes), filtered by `--kind` and `--person` and
 * paged with `--before`; `--changes` lists one row per field change instead.
 */
import type { Command } from 'commander';
import type { HistoryGroup } from '../../shared/api/historyOps';
import type { FieldValue } from '../../shared/dossier/values';
import { HISTORY_KINDS, HISTORY_KIND_LABELS, historyGroupTitle, type HistoryKind } from '../../shared/history/kinds';
import { historyText } from './format';
import { table } from './output';
import type { CliCommandContext } from './questionnaireCommands';

const when = (at: string) => at.replace('T', ' ').slice(0, 19);
const shown = (v: FieldValue) => (v === null ? '—' : Array.isArray(v) ? v.join(', ') : String(v));

function groupsText(groups: readonly HistoryGroup[], expand: boolean): string {
  const rows = groups.map((g) => [when(g.at), g.actor, historyGroupTitle(g) + (g.received ? ' — received through sync' : '')]);
  if (!expand) return table(['WHEN', 'WHO', 'WHAT'], rows);
  return groups
    .map((g, i) => {
      const head = rows[i]!.join('  ');
      if (g.count === 1) return `${head}\n    ${shown(g.entries[0]!.old_value)} → ${shown(g.entries[0]!.new_value)}`;
      return `${head}\n${g.entries.map((e) => `    ${e.label}: ${shown(e.old_value)} → ${shown(e.new_value)}`).join('\n')}`;
    })
    .join('\n\n');
}

function wholeNumber(text: string, option: string, min: number, invalid: (message: string) => never): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) invalid(`${option} must be a whole number of ${min} or more, got "${text}"`);
  return n;
}

export function registerHistoryCommands(program: Command, cli: CliCommandContext): void {
  program
    .command('history')
    .description('the History of a dossier, newest first: one line per operation (a change, or everything one action wrote)')
    .argument('<id>', 'dossier id or reference')
    .option('--kind <kinds>', `only changes of these kinds, comma-separated: ${HISTORY_KINDS.join(', ')}`)
    .option('--person <name>', 'only changes made by this person')
    .option('--limit <n>', 'how many operations (with --changes: how many changes)', '50')
    .option('--before <cursor>', 'the next page: the cursor printed at the end of the previous one')
    .option('--expand', 'list the changes of each operation under it')
    .option('--changes', 'one row per field change, without grouping (no filters)')
    .action(async (id: string, opts: { kind?: string; person?: string; limit: string; before?: string; expand?: boolean; changes?: boolean }) => {
      if (opts.changes) {
        const limit = wholeNumber(opts.limit, '--limit', 1, cli.invalid);
        const entries = await cli.call('dossier.history', { id, limit });
        cli.emit(entries, () => (entries.length ? historyText(entries) : 'No history.'));
        return;
      }
      const kinds = opts.kind?.split(',').map((k) => k.trim()).filter(Boolean);
      const unknown = kinds?.filter((k) => !(HISTORY_KINDS as readonly string[]).includes(k)) ?? [];
      if (unknown.length) cli.invalid(`--kind: no kind ${unknown.map((k) => `"${k}"`).join(', ')}; the kinds are ${HISTORY_KINDS.join(', ')}`);
      const page = await cli.call('dossier.history.groups', {
        id,
        limit: wholeNumber(opts.limit, '--limit', 1, cli.invalid),
        ...(kinds?.length ? { kinds: kinds as HistoryKind[] } : {}),
        ...(opts.person !== undefined ? { person: opts.person } : {}),
        ...(opts.before !== undefined ? { before: wholeNumber(opts.before, '--before', 0, cli.invalid) } : {}),
      });
      cli.emit(page, () => {
        const filters = [kinds?.length ? kinds.map((k) => HISTORY_KIND_LABELS[k as HistoryKind]).join(', ') : null, opts.person ? `by ${opts.person}` : null].filter(Boolean);
        if (page.groups.length === 0) return filters.length ? `No changes (${filters.join('; ')}).` : 'No history.';
        const more = page.next === null ? '' : `\n\nOlder operations: add --before ${page.next}`;
        return `${groupsText(page.groups, Boolean(opts.expand))}${more}`;
      });
    });
}
