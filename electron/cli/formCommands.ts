/**
 * CLI commands for partner forms: `forms list`, `forms blank FORM --format pdf|docx|json --out FILE`,
 * and `import FILE [--dossier ID|REF] [--apply]`. An unreadable file or invalid values exit 2;
 * without --apply nothing is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { FORM_FILE_FORMATS, type FieldReport, type Inspection } from '../../shared/api/formOps';
import { writeFileAtomic } from '../packages/keyVault';
import type { ApiError } from '../../shared/api/errors';
import { DOSSIER_CHOICE, FORM_LIMITS } from '../forms/index';
import { EXIT, table, withFlagHint } from './output';
import type { CliCommandContext } from './questionnaireCommands';

export interface FormCliContext extends CliCommandContext {
  /** The process exit code when the command completes without an error (2 when a form holds invalid values). */
  setExitCode(code: number): void;
}

const clip = (text: string, n = 48) => {
  const flat = text.replaceAll('\n', ' ⏎ ');
  return [...flat].length > n ? `${[...flat].slice(0, n - 1).join('')}…` : flat;
};

function status(f: FieldReport): string {
  if (!f.valid) return 'INVALID';
  if (f.missing) return 'MISSING';
  if (f.value === null || (Array.isArray(f.value) && f.value.length === 0)) return 'blank';
  return f.differs ? 'changed' : 'same';
}

export function inspectionText(i: Inspection, all: boolean): string {
  const lines = [
    `Form: ${i.form.title} (${i.form.id}, version ${i.form.version}) — ${i.file.format.toUpperCase()} "${i.file.name}", ${i.file.size} bytes, sha256 ${i.file.sha256.slice(0, 16)}…`,
    i.dossier ? `Dossier: ${i.dossier.reference}${i.dossier.organization ? ` — ${i.dossier.organization}` : ''}` : 'Dossier: none yet — applying creates a new dossier',
  ];
  if (i.already_imported) lines.push('This file is already kept on the dossier.');
  const shown = all ? i.fields : i.fields.filter((f) => !f.valid || f.missing || f.differs || !(f.value === null || (Array.isArray(f.value) && f.value.length === 0)));
  lines.push(
    '',
    table(
      ['FIELD', 'VALUE IN FORM', 'CHECK', 'NOW ON DOSSIER', 'GOES TO'],
      shown.map((f) => [
        f.key,
        clip(f.valid ? f.value_text : (f.raw_text ?? '')),
        status(f),
        clip(f.current_text, 32),
        f.target.kind === 'dossier' ? f.target.path : f.target.kind === 'question' ? `question ${f.target.question} (${f.target.part})` : 'kept with the form',
      ]),
    ),
  );
  if (!all && shown.length < i.fields.length) lines.push(`(${i.fields.length - shown.length} blank optional fields not shown; --all shows them)`);
  if (i.problems.length) lines.push('', `Invalid values (${i.problems.length}):`, ...i.problems.map((p) => `  - ${p.message}`));
  if (i.missing.length) lines.push('', `Required but blank (${i.missing.length}):`, ...i.missing.map((m) => `  - ${m.label} (${m.field})`));
  if (i.unknown_fields.length) lines.push('', `Fields in the file that the form does not have (ignored): ${i.unknown_fields.join(', ')}`);
  lines.push('', `${i.differences} field${i.differences === 1 ? '' : 's'} differ${i.differences === 1 ? 's' : ''} from the dossier.`);
  return lines.join('\n');
}

export function registerFormCommands(program: Command, cli: FormCliContext): void {
  const readInput = (file: string): { name: string; content_base64: string } => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) cli.invalid(`"${file}" is not a readable file`);
    if (stat!.size > FORM_LIMITS.maxFileBytes) cli.invalid(`"${file}" is ${(stat!.size / 1024 / 1024).toFixed(1)} MB, over the ${FORM_LIMITS.maxFileBytes / 1024 / 1024} MB limit for a form; it is not read.`);
    return { name: path.basename(file), content_base64: fs.readFileSync(file).toString('base64') };
  };

  const forms = program.command('forms').description('the partner forms the workbench hands out and reads back');
  forms
    .command('list')
    .description('the forms, with their versions')
    .action(async () => {
      const list = await cli.call('forms.list', {});
      cli.emit(list, () =>
        table(
          ['FORM', 'VERSION', 'FIELDS', 'REQUIRED', 'TITLE'],
          list.map((f) => [f.id, f.version, f.field_count, f.required_count, f.title]),
        ),
      );
    });
  forms
    .command('blank')
    .description('write a blank fillable form, optionally pre-filled from a dossier')
    .argument('<form>', 'form id (see `forms list`)')
    .addOption(new Option('--format <format>', 'file format').choices([...FORM_FILE_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <file>', 'where to write it (a folder: the file is named after the form)')
    .option('--dossier <id>', 'pre-fill from this dossier (id or reference); importing it back finds the dossier')
    .option('--version <n>', 'a form version other than the latest')
    .action(async (formId: string, opts: { format: (typeof FORM_FILE_FORMATS)[number]; out: string; dossier?: string; version?: string }) => {
      const version = opts.version === undefined ? undefined : Number(opts.version);
      if (version !== undefined && (!Number.isInteger(version) || version < 1)) cli.invalid(`--version must be a whole number of 1 or more, got "${opts.version}"`);
      const result = await cli.call('forms.blank', { form: formId, format: opts.format, ...(opts.dossier ? { dossier: opts.dossier } : {}), ...(version ? { version } : {}) });
      const target = fs.statSync(opts.out, { throwIfNoEntry: false })?.isDirectory() ? path.join(opts.out, result.file_name) : opts.out;
      const bytes = Buffer.from(result.content_base64, 'base64');
      writeFileAtomic(target, bytes);
      cli.emit({ file: target, size: bytes.length, media_type: result.media_type }, () => `Wrote ${target} (${bytes.length} bytes).`);
    });

  program
    .command('import')
    .description('read a filled partner form (PDF, DOCX or workbench JSON): every field, its check and the difference to the dossier; --apply writes it')
    .argument('<file>', 'the filled form')
    .option('--dossier <id>', 'the dossier to compare with (default: the one the form was prepared for; a Request for Integration without one creates a dossier)')
    .option('--apply', 'apply every valid value that differs, in one transaction, and keep the file as evidence')
    .option('--all', 'list blank optional fields too')
    .action(async (file: string, opts: { dossier?: string; apply?: boolean; all?: boolean }) => {
      const input = { file: readInput(file), ...(opts.dossier ? { dossier: opts.dossier } : {}) };
      const dossierHint = (error: ApiError) => (error.details?.problems?.some((p) => p.field === DOSSIER_CHOICE) ? 'Give it with --dossier ID|REF.' : null);
      if (!opts.apply) {
        const inspection = await withFlagHint(cli.call('forms.inspect', input), dossierHint);
        cli.emit({ inspection, applied: null }, () => `${inspectionText(inspection, Boolean(opts.all))}\nNothing was written (add --apply to apply).`);
        if (inspection.problems.length) cli.setExitCode(EXIT.usage);
        return;
      }
      const result = await withFlagHint(cli.call('forms.apply', { ...input, choices: {} }), dossierHint);
      cli.emit(result, () => {
        const lines = [inspectionText(result.inspection, Boolean(opts.all)), ''];
        if (result.noop) lines.push(`Nothing to apply: ${result.dossier.reference} already holds these values and this file.`);
        else {
          lines.push(`${result.created ? 'Created' : 'Updated'} ${result.dossier.reference}: ${result.applied.length} field${result.applied.length === 1 ? '' : 's'} applied.`);
          for (const a of result.applied) lines.push(`  ${a.key} = ${clip(a.value_text, 70)}`);
          if (result.evidence) lines.push(`The file is kept as evidence (sha256 ${result.evidence.sha256}).`);
        }
        return lines.join('\n');
      });
    });
}
