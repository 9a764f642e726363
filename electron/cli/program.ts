/**
 * The pcr-workbench command: the same engine and API contract as the desktop app, without a
 * window. Exit codes: 0 done, 2 bad usage or invalid input, 3 refused by a rule, 1 anything else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { OperationInput, OperationName, OperationOutput } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { WorkbenchError, type ApiError } from '../../shared/api/errors';
import type { Dossier } from '../../shared/api/types';
import { findField } from '../../shared/dossier/fields';
import { parseFieldText, type FieldValue } from '../../shared/dossier/values';
import { ACTIVITY_KEYS, ACTIVITY_STATUSES, STAGE_KEYS, phaseLabel } from '../../shared/workflow/definition';
import { createEngine, defaultActor, type Engine } from '../engine/index';
import { attachToActivity } from '../dossiers/index';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../../shared/workflow/attachments';
import { resolveDataDir } from '../store/index';
import { activitiesText, activityText, dossierJson, dossierText, findingsText, gateText } from './format';
import { CliFailure, EXIT, exitCodeFor, printError, table, type Output } from './output';
import { registerQuestionnaireCommands } from './questionnaireCommands';
import { cliKeyVault, registerPackageCommands } from './packageCommands';
import { registerFormCommands } from './formCommands';
import { registerSyncCommands } from './syncCommands';
import { printable } from '../../shared/text/textRule';
import { registerDocumentCommands } from './documentCommands';
import { registerProfileCommands } from './profileCommands';
// Work queue, calendar and portfolio exports (issue #13)
import { registerWorkCommands } from './workCommands';
import { registerExportCommands } from './exportCommands';
import { registerConformanceCommands } from './conformanceCommands';
import { registerPlanCommands } from './planCommands';
import { registerHistoryCommands } from './historyCommands';

interface GlobalOptions {
  data?: string;
  json?: boolean;
  as?: string;
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** A local file for a command, or a clear refusal (exit 2) naming it. */
function readLocalFile(file: string, invalid: (message: string) => never): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    return invalid(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  // Nothing printed can drive the terminal: control characters in stored values (kept from before
  // the text rule) come out as visible escapes; JSON stays valid JSON.
  const io: CliIo = { ...rawIo, out: (text) => rawIo.out(printable(text)), err: (text) => rawIo.err(printable(text)) };
  let engine: Engine | undefined;
  /** Set by a command that completes but must report failure (package verify). */
  let exitCode: number = EXIT.ok;
  const program = new Command();
  const output = (): Output => ({ json: Boolean(program.opts<GlobalOptions>().json), out: io.out, err: io.err });

  const openEngine = (): Engine => {
    if (!engine) {
      const opts = program.opts<GlobalOptions>();
      const dataDir = resolveDataDir(opts.data, io.env);
      engine = createEngine({ dataDir, actor: defaultActor(io.env), actorOverride: opts.as, keyVault: cliKeyVault(dataDir, io.env) });
    }
    return engine;
  };
  const call = async <N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationOutput<N>> => {
    const result = await dispatch(openEngine().handlers, name, input, (error) => io.err(String(error instanceof Error ? error.stack : error)));
    if (!result.ok) throw new CliFailure(result.error);
    return result.value as OperationOutput<N>;
  };
  const emit = (value: unknown, text: () => string) => io.out(output().json ? JSON.stringify(value, null, 2) : text());
  const showDossier = (dossier: Dossier) => emit(dossierJson(dossier), () => dossierText(dossier));
  const invalid = (message: string, problems?: ApiError['details']): never => {
    throw new CliFailure({ code: 'validation', message, ...(problems ? { details: problems } : {}) });
  };
  /** Runs a service directly (for what the contract does not carry, such as reading a local file). */
  const direct = async <T>(work: (engine: Engine) => T | Promise<T>): Promise<T> => {
    try {
      return await work(openEngine());
    } catch (error) {
      if (error instanceof WorkbenchError) throw new CliFailure(error.toApiError());
      throw error;
    }
  };

  program
    .name('pcr-workbench')
    .description('PCR Onboarding Workbench: onboarding dossiers for Provincial Client Registry Connected Partners')
    .option('--data <dir>', 'data folder (default: the desktop app’s; PCR_WORKBENCH_DATA overrides)')
    .option('--json', 'print one JSON document on stdout')
    .option('--as <name>', 'who is making the changes (default: your profile’s name, else PCR_WORKBENCH_USER or your OS account)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const dossier = program.command('dossier').description('create, find, read and edit onboarding dossiers');

  dossier
    .command('create')
    .description('create a dossier; prints it with its id and reference')
    .requiredOption('--org <name>', 'the Connected Partner’s legal name')
    .requiredOption('--app <name>', 'the application or system being integrated')
    .addOption(new Option('--integration <standard>', 'integration standard').choices(['hl7v3', 'fhir', 'both']))
    .action(async (opts: { org: string; app: string; integration?: string }) => {
      const fields: Record<string, FieldValue> = { 'organization.legal_name': opts.org, 'application.name': opts.app };
      if (opts.integration) fields['integration.standard'] = opts.integration;
      const created = await call('dossier.create', { fields });
      // A warning, never a refusal: two dossiers for one partner may be intended (two applications).
      const similar = await call('dossier.similar', { organization: opts.org, exclude: created.id });
      emit({ ...dossierJson(created), similar_organizations: similar }, () =>
        [
          dossierText(created),
          ...(similar.length > 0
            ? [
                '',
                `Note: ${similar.length === 1 ? 'a dossier already exists' : 'dossiers already exist'} for a similar organization — check this is not a duplicate:`,
                ...similar.map((s) => {
                  const stage = STAGE_KEYS.find((k) => k === s.phase);
                  return `  ${s.reference}  ${s.organization}${s.application ? ` — ${s.application}` : ''} (${stage ? phaseLabel(stage) : s.phase})`;
                }),
              ]
            : []),
        ].join('\n'),
      );
    });

  dossier
    .command('list')
    .description('list dossiers, most recently changed first')
    .addOption(new Option('--phase <phase>', 'only dossiers in this phase').choices([...STAGE_KEYS]))
    .option('--search <text>', 'full-text search over every dossier field')
    .option('--lead <name>', 'only dossiers where this person is an assigned lead')
    .option('--limit <n>', 'how many rows', '100')
    .action(async (opts: { phase?: (typeof STAGE_KEYS)[number]; search?: string; lead?: string; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) invalid(`--limit must be a whole number of 1 or more, got "${opts.limit}"`);
      const result = await call('dossier.list', {
        ...(opts.phase ? { phase: opts.phase } : {}),
        ...(opts.search ? { search: opts.search } : {}),
        ...(opts.lead ? { lead: opts.lead } : {}),
        limit,
      });
      emit(result, () =>
        result.rows.length === 0
          ? 'No dossiers match.'
          : `${table(
              ['REFERENCE', 'ORGANIZATION', 'APPLICATION', 'PHASE', 'RAG', 'LEAD', 'GO-LIVE'],
              result.rows.map((r) => [r.reference, r.organization, r.application, r.invalid?.includes('status.phase') ? 'invalid (see dossier show)' : phaseLabel(r.phase), r.rag, r.lead, r.go_live_date]),
            )}\n${result.rows.length} of ${result.total} shown`,
      );
    });

  dossier
    .command('show')
    .description('show one dossier')
    .argument('<id>', 'dossier id or reference (e.g. PCR-2026-0007)')
    .action(async (id: string) => showDossier(await call('dossier.get', { id })));

  dossier
    .command('set')
    .description('change fields: FIELD is the dotted path shown by `dossier show --json` (e.g. application.vendor=Acme)')
    .argument('<id>', 'dossier id or reference')
    .argument('<assignments...>', 'FIELD=VALUE pairs; lists comma-separated; empty VALUE clears')
    .action(async (id: string, assignments: string[]) => {
      const changes: Record<string, FieldValue> = {};
      const problems: { field: string; message: string }[] = [];
      for (const assignment of assignments) {
        const eq = assignment.indexOf('=');
        if (eq <= 0) {
          problems.push({ field: assignment, message: `"${assignment}" is not FIELD=VALUE` });
          continue;
        }
        const path = assignment.slice(0, eq).trim();
        const def = findField(path);
        if (!def) {
          problems.push({ field: path, message: `${path}: no such dossier field (see \`dossier show --json\` for the paths)` });
          continue;
        }
        if (def.readOnly) {
          problems.push({ field: path, message: `${path} (${def.label}) changes only through \`dossier advance\`` });
          continue;
        }
        const parsed = parseFieldText(def, assignment.slice(eq + 1));
        if (parsed.ok) changes[path] = parsed.value;
        else problems.push({ field: path, message: parsed.message });
      }
      if (problems.length) invalid(problems.map((p) => p.message).join('; '), { problems });
      showDossier(await call('dossier.update', { id, changes }));
    });

  dossier
    .command('advance')
    .description('move the dossier to its next phase; refused, with every unmet reason, while work is open')
    .argument('<id>', 'dossier id or reference')
    .action(async (id: string) => {
      const moved = await call('dossier.advance', { id });
      emit(dossierJson(moved), () => `${moved.reference} is now in ${phaseLabel(moved.gate.phase)}.\n${gateText(moved)}`);
    });

  const activity = program.command('activity').description('the key activities of a dossier');
  activity
    .command('list')
    .argument('<id>', 'dossier id or reference')
    .action(async (id: string) => {
      const d = await call('dossier.get', { id });
      emit(d.activities, () => `${activitiesText(d.activities)}\n\n${gateText(d)}${d.findings.length ? `\n\n${findingsText(d)}` : ''}`);
    });
  activity
    .command('set')
    .description(`update an activity (${ACTIVITY_KEYS.join(', ')})`)
    .argument('<id>', 'dossier id or reference')
    .addArgument(new Command().createArgument('<activity>', 'activity key').choices([...ACTIVITY_KEYS]))
    .addOption(new Option('--status <status>').choices(ACTIVITY_STATUSES.filter((s) => s !== 'not_required')))
    .option('--assignee <name>', 'who does it (empty clears)')
    .option('--due <date>', 'due date, YYYY-MM-DD (empty clears)')
    .option('--completed <date>', 'completed date, YYYY-MM-DD (set to today when status becomes done)')
    .option('--note <text>', 'notes (replaces; empty clears)')
    .action(async (id: string, key: (typeof ACTIVITY_KEYS)[number], opts: { status?: 'done'; assignee?: string; due?: string; completed?: string; note?: string }) => {
      const orNull = (v: string) => (v.trim() === '' ? null : v);
      const changes = {
        ...(opts.status !== undefined ? { status: opts.status } : {}),
        ...(opts.assignee !== undefined ? { assignee: orNull(opts.assignee) } : {}),
        ...(opts.due !== undefined ? { due_date: orNull(opts.due) } : {}),
        ...(opts.completed !== undefined ? { completed_date: orNull(opts.completed) } : {}),
        ...(opts.note !== undefined ? { notes: orNull(opts.note) } : {}),
      };
      if (Object.keys(changes).length === 0) invalid('Nothing to change: give --status, --assignee, --due, --completed or --note.');
      const result = await call('activity.update', { id, activity: key, changes });
      emit(result, () => `${activitiesText([result.activity])}`);
    });

  activity
    .command('show')
    .description('one activity: status, dates, notes and the records kept on it')
    .argument('<id>', 'dossier id or reference')
    .addArgument(new Command().createArgument('<activity>', 'activity key').choices([...ACTIVITY_KEYS]))
    .action(async (id: string, key: (typeof ACTIVITY_KEYS)[number]) => {
      const d = await call('dossier.get', { id });
      const found = d.activities.find((a) => a.key === key)!;
      emit(found, () => activityText(found));
    });
  activity
    .command('attach')
    .description('keep a file on an activity (results letter, change-approval record, meeting minutes), stored by SHA-256')
    .argument('<id>', 'dossier id or reference')
    .addArgument(new Command().createArgument('<activity>', 'activity key').choices([...ACTIVITY_KEYS]))
    .argument('<file>', 'the file to keep')
    .addOption(new Option('--kind <kind>', 'what the file is').choices([...ATTACHMENT_KINDS]).default('other'))
    .action(async (id: string, key: (typeof ACTIVITY_KEYS)[number], file: string, opts: { kind: AttachmentKind }) => {
      const content = readLocalFile(file, invalid);
      const updated = await direct((engine) =>
        attachToActivity({ ...engine.context }, { id, activity: key, kind: opts.kind, name: path.basename(file), content }),
      );
      emit(updated, () => activityText(updated));
    });

  registerQuestionnaireCommands(program, { call, emit, invalid, direct });
  registerDocumentCommands(program, { call, emit, invalid, direct });
  registerPackageCommands(program, { call, emit, invalid, direct, env: io.env, setExitCode: (code) => (exitCode = code) });
  registerFormCommands(program, { call, emit, invalid, direct, setExitCode: (code) => (exitCode = code) });
  registerSyncCommands(program, { call, emit, invalid, direct }, io.env);
  registerProfileCommands(program, { call, emit, invalid, direct });
  registerWorkCommands(program, { call, emit, invalid, direct });
  registerExportCommands(program, { call, emit, invalid, direct });
  registerConformanceCommands(program, { call, emit, invalid, direct });
  registerPlanCommands(program, { call, emit, invalid, direct });
  registerHistoryCommands(program, { call, emit, invalid, direct });

  program
    .command('demo')
    .description('demo data')
    .command('seed')
    .description('create realistic demo dossiers in every phase')
    .option('--count <n>', 'how many', '12')
    .action(async (opts: { count: string }) => {
      const count = Number(opts.count);
      if (!Number.isInteger(count) || count < 1) invalid(`--count must be a whole number of 1 or more, got "${opts.count}"`);
      const result = await call('demo.seed', { count });
      emit(result, () => `Created ${result.created} demo dossiers.`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CliFailure) {
      printError(output(), error.apiError);
      return exitCodeFor(error.apiError);
    }
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok;
      if (output().json) io.out(JSON.stringify({ error: { code: 'validation', message: error.message } }, null, 2));
      return EXIT.usage;
    }
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  } finally {
    engine?.close();
  }
}
