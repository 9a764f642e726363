/** CLI of issue #13's files: `calendar export`, `export dossiers`. */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { PORTFOLIO_EXPORT_FORMATS, WORK_ROLE_KEYS, type WorkRole } from '../../shared/api/workOps';
import { SORT_KEYS, type SortKey } from '../../shared/api/types';
import { STAGE_KEYS, type Stage } from '../../shared/workflow/definition';
import { writeFileAtomic } from '../packages/keyVault';
import type { CliCommandContext } from './questionnaireCommands';

/** Writes a file the engine made to --out (a file, or a folder to put it in) and says so. */
function writeOut(cli: CliCommandContext, out: string, file: { file_name: string; content_base64: string }, summary: Record<string, unknown>, said: (target: string) => string): void {
  const target = path.resolve(fs.statSync(out, { throwIfNoEntry: false })?.isDirectory() ? path.join(out, file.file_name) : out);
  const bytes = Buffer.from(file.content_base64, 'base64');
  writeFileAtomic(target, bytes, 0o644);
  cli.emit({ ...summary, file_name: file.file_name, file: target, size: bytes.length }, () => said(target));
}

export function registerExportCommands(program: Command, cli: CliCommandContext): void {
  program
    .command('calendar')
    .description('calendar files of milestones, due dates and go-live dates')
    .command('export')
    .description('write an iCalendar (.ics) file: one dossier, your work (--mine) or every dossier; importing it again updates the same events')
    .option('--dossier <id>', 'only this dossier (id or reference)')
    .option('--mine', 'only your work (see `work list`)')
    .addOption(new Option('--role <role>', 'with --mine: your participant role (default: your profile’s)').choices([...WORK_ROLE_KEYS]))
    .option('--assignee <name>', 'with --mine: your name as work is assigned')
    .requiredOption('--out <file>', 'the .ics file to write, or a folder to write it into')
    .action(async (opts: { dossier?: string; mine?: boolean; role?: WorkRole; assignee?: string; out: string }) => {
      if (opts.dossier && opts.mine) cli.invalid('Give --dossier or --mine, not both.');
      const file = await cli.call('calendar.export', {
        ...(opts.dossier ? { dossier: opts.dossier } : {}),
        mine: Boolean(opts.mine),
        ...(opts.role ? { role: opts.role } : {}),
        ...(opts.assignee ? { assignee: opts.assignee } : {}),
      });
      writeOut(cli, opts.out, file, { events: file.events }, (target) => `Wrote ${target} (${file.events} event${file.events === 1 ? '' : 's'}).`);
    });

  program
    .command('export')
    .description('portfolio exports')
    .command('dossiers')
    .description('the dossier list, with the same filters as `dossier list`, as CSV or as an XLSX spreadsheet')
    .addOption(new Option('--format <format>', 'file format').choices([...PORTFOLIO_EXPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write, or a folder to write it into')
    .addOption(new Option('--phase <phase>', 'only dossiers in this phase').choices([...STAGE_KEYS]))
    .option('--search <text>', 'full-text search over every dossier field')
    .option('--lead <name>', 'only dossiers where this person is an assigned lead')
    .addOption(new Option('--sort <column>', 'order by').choices([...SORT_KEYS]).default('updated_at'))
    .addOption(new Option('--direction <direction>', 'ascending or descending').choices(['asc', 'desc']).default('desc'))
    .action(async (opts: { format: 'csv' | 'xlsx'; out: string; phase?: Stage; search?: string; lead?: string; sort: SortKey; direction: 'asc' | 'desc' }) => {
      const file = await cli.call('dossier.export', {
        format: opts.format,
        ...(opts.phase ? { phase: opts.phase } : {}),
        ...(opts.search ? { search: opts.search } : {}),
        ...(opts.lead ? { lead: opts.lead } : {}),
        sort: opts.sort,
        direction: opts.direction,
      });
      writeOut(cli, opts.out, file, { rows: file.rows }, (target) => `Wrote ${target} (${file.rows} dossier${file.rows === 1 ? '' : 's'}).`);
    });
}
