/** CLI of "My work" (issue #13): `work list`. */
import { Option, type Command } from 'commander';
import { WORK_LIST_LIMIT, WORK_ROLE_KEYS, type WorkRole } from '../../shared/api/workOps';

/** `--all`: no group is cut. */
const ALL = 1_000_000;
import { WORK_BUCKETS, WORK_BUCKET_LABELS } from '../../shared/work/queue';
import { roleLabel } from '../../shared/workflow/roles';
import type { CliCommandContext } from './questionnaireCommands';
import { table } from './output';

export function registerWorkCommands(program: Command, cli: CliCommandContext): void {
  const work = program.command('work').description('"My work": what is yours across all dossiers');

  work
    .command('list')
    .description('open activities of your role or assigned to you, gaps you own and other work awaiting you, by due date')
    .addOption(new Option('--role <role>', 'your participant role (default: your profile’s, see `profile set`)').choices([...WORK_ROLE_KEYS]))
    .option('--assignee <name>', 'your name as work is assigned (default: --as, PCR_WORKBENCH_USER or your OS account)')
    .option('--today <date>', 'the date to count overdue from, YYYY-MM-DD (default: today)')
    .option('--limit <n>', `at most this many items per group, the earliest due first (default ${WORK_LIST_LIMIT}; the counts cover all)`)
    .option('--all', 'every item of every group')
    .action(async (opts: { role?: WorkRole; assignee?: string; today?: string; limit?: string; all?: boolean }) => {
      const limit = opts.all ? ALL : opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) cli.invalid(`--limit must be a whole number of 0 or more, got "${opts.limit}"`);
      const result = await cli.call('work.list', {
        ...(opts.role ? { role: opts.role } : {}),
        ...(opts.assignee !== undefined ? { assignee: opts.assignee } : {}),
        ...(opts.today ? { today: opts.today } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      cli.emit(result, () => {
        const who = [result.role ? roleLabel(result.role) : null, result.assignee].filter(Boolean).join(', ');
        if (result.items.length === 0) return `Nothing is waiting for ${who}.`;
        const sections = WORK_BUCKETS.filter((b) => result.counts[b] > 0).map((bucket) => {
          const rows = result.items.filter((i) => i.bucket === bucket).map((i) => [i.due_date ?? '—', i.reference, i.organization, i.kind_label, i.title, i.detail]);
          const rest = result.counts[bucket] - rows.length;
          const more = rest > 0 ? `\n… and ${rest} more (--limit N or --all to list them)` : '';
          return `${WORK_BUCKET_LABELS[bucket]} (${result.counts[bucket]})${rows.length ? `\n${table(['DUE', 'DOSSIER', 'ORGANIZATION', 'KIND', 'WORK', 'DETAIL'], rows)}` : ''}${more}`;
        });
        return `My work — ${who}, ${result.today}\n\n${sections.join('\n\n')}`;
      });
    });

}
