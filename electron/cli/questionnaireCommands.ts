/** CLI commands of the Volume 2 gap analysis: questionnaire show / answer / assess, gap list / set. */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { OperationInput, OperationName, OperationOutput } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/errors';
import type { Gap, QuestionnaireView, RollupView } from '../../shared/api/questionnaireTypes';
import { GAP_STATUSES, GAP_STATUS_LABELS } from '../../shared/questionnaire/rollup';
import { RESPONSES, RESPONSE_LABELS, type Response } from '../../shared/questionnaire/template';
import { roleLabel, type ParticipantRole } from '../../shared/workflow/roles';
import type { Engine } from '../engine/index';
import { MAX_ATTACHMENT_BYTES, addEvidence } from '../questionnaire/index';
import { table } from './output';

export interface CliCommandContext {
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationOutput<N>>;
  emit(value: unknown, text: () => string): void;
  invalid(message: string, details?: ApiError['details']): never;
  direct<T>(work: (engine: Engine) => T | Promise<T>): Promise<T>;
}

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);
const label = (r: Response | null) => (r ? RESPONSE_LABELS[r] : '—');

function rollupText(rollup: RollupView): string {
  const rows = rollup.sections.map((s) => [s.title, `${s.assessed}/${s.applicable}`, `${s.answered}/${s.applicable}`, pct(s.score)]);
  rows.push(['Overall', `${rollup.overall.assessed}/${rollup.overall.applicable}`, `${rollup.overall.answered}/${rollup.overall.applicable}`, pct(rollup.overall.score)]);
  const risk = rollup.open_gaps_by_risk;
  return [
    table(['SECTION', 'ASSESSED', 'ANSWERED', 'COMPLIANCE'], rows),
    '',
    `Complete: ${rollup.complete ? 'yes' : 'no'} · open gaps: ${risk.critical} critical, ${risk.high} high, ${risk.medium} medium, ${risk.low} low, ${risk.unrated} unrated · overdue remediations: ${rollup.overdue_remediations}`,
  ].join('\n');
}

function questionnaireText(q: QuestionnaireView): string {
  const lines = [`${q.reference} — ${q.template.title}, version ${q.instance?.template_version ?? q.template.version}${q.instance ? '' : ' (not started)'}`];
  if (q.instance && q.instance.template_version < q.latest_version) lines.push(`Version ${q.latest_version} is available: questionnaire upgrade ${q.reference}`);
  const answers = new Map(q.answers.map((a) => [a.question_id, a]));
  for (const section of q.template.sections) {
    lines.push('', section.title.toUpperCase());
    for (const question of section.questions) {
      const a = answers.get(question.id)!;
      const state = a.applicable ? `partner: ${label(a.response)} · reviewer: ${label(a.assessment)}${a.evidence.length ? ` · evidence: ${a.evidence.length}` : ''}` : 'does not apply';
      lines.push(`  ${question.id}  ${question.text}`, `      ${state}${question.evidenceExpected && a.applicable && a.evidence.length === 0 ? ' · evidence expected' : ''}`);
    }
  }
  if (q.retired.length) lines.push('', `Answers to questions no longer asked: ${q.retired.map((r) => r.question_id).join(', ')}`);
  lines.push('', rollupText(q.rollup));
  return lines.join('\n');
}

function gapsText(gaps: Gap[]): string {
  if (gaps.length === 0) return 'No gaps.';
  return table(
    ['GAP (QUESTION)', 'RISK', 'L×I', 'STATUS', 'OWNER', 'DUE', 'PLAN'],
    gaps.map((g) => [
      g.question_id,
      g.rating ?? 'unrated',
      g.likelihood && g.impact ? `${g.likelihood}×${g.impact}` : '—',
      g.status === 'risk_accepted' && g.acceptance?.lapse ? 'Open again' : GAP_STATUS_LABELS[g.status],
      g.owner,
      g.due_date ? g.due_date + (g.overdue ? ' (overdue)' : '') : null,
      g.plan,
    ]),
  ) + acceptancesText(gaps);
}

/** Each risk acceptance below the table: who, until when, why, on what conditions, and whether its signature holds. */
function acceptancesText(gaps: Gap[]): string {
  const accepted = gaps.filter((g) => g.acceptance);
  if (accepted.length === 0) return '';
  const lines = accepted.flatMap((g) => [
    '',
    `Risk acceptance of ${g.question_id}: ${g.acceptance!.summary}`,
    ...(g.accepted_by ? [`  Accepted by ${g.accepted_by} (${roleLabel(g.accepted_role as ParticipantRole)}) on ${g.accepted_date}, expires ${g.acceptance_expires ?? '—'}`] : []),
    ...(g.acceptance_justification ? [`  Justification: ${g.acceptance_justification}`] : []),
    ...(g.acceptance_conditions ? [`  Conditions: ${g.acceptance_conditions}`] : []),
    ...(g.acceptance_key_id ? [`  Signed with key ${g.acceptance_key_id}: signature ${g.acceptance!.signature === 'verifies' ? 'verifies' : 'does not verify'}, key ${g.acceptance!.key ?? 'none'}`] : []),
  ]);
  return '\n' + lines.join('\n');
}

const scale = () => [...RESPONSES];

export function registerQuestionnaireCommands(program: Command, cli: CliCommandContext): void {
  const questionnaire = program.command('questionnaire').description('the Privacy & Security Volume 2 gap analysis of a dossier');

  questionnaire
    .command('provide')
    .description('record that CIS provided the questionnaire to the partner (after the kick-off); partner answers need it')
    .argument('<id>', 'dossier id or reference')
    .option('--date <date>', 'when it was provided, YYYY-MM-DD (default: today)')
    .action(async (id: string, opts: { date?: string }) => {
      const d = await cli.call('questionnaire.provide', { id, ...(opts.date ? { date: opts.date } : {}) });
      cli.emit(d, () => `${d.reference}: gap analysis provided to the partner on ${String(d.fields['start.questionnaire_provided_date'])}.`);
    });

  questionnaire
    .command('show')
    .description('sections, questions, answers and roll-up')
    .argument('<id>', 'dossier id or reference')
    .action(async (id: string) => {
      const q = await cli.call('questionnaire.get', { id });
      cli.emit(q, () => questionnaireText(q));
    });

  questionnaire
    .command('answer')
    .description("record the partner's response to a question")
    .argument('<id>', 'dossier id or reference')
    .argument('<question>', 'question id (see questionnaire show)')
    .addOption(new Option('--response <response>', 'the partner’s response').choices(scale()))
    .option('--comment <text>', 'the partner’s comment')
    .option('--evidence <file>', 'attach a file as evidence (kept by content hash)')
    .option('--evidence-ref <text>', 'record a reference (document name, link) as evidence')
    .action(async (id: string, question: string, opts: { response?: Response; comment?: string; evidence?: string; evidenceRef?: string }) => {
      if (!opts.response && opts.comment === undefined && !opts.evidence && !opts.evidenceRef) cli.invalid('Nothing to record: give --response, --comment, --evidence or --evidence-ref.');
      let file: { name: string; content: Buffer } | undefined;
      if (opts.evidence) {
        const stat = fs.statSync(opts.evidence, { throwIfNoEntry: false });
        if (!stat?.isFile()) cli.invalid(`--evidence: "${opts.evidence}" is not a readable file`);
        if (stat!.size > MAX_ATTACHMENT_BYTES) cli.invalid(`--evidence: "${opts.evidence}" is over ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
        file = { name: path.basename(opts.evidence), content: fs.readFileSync(opts.evidence) };
      }
      let result: OperationOutput<'questionnaire.answer'> | undefined;
      if (opts.response || opts.comment !== undefined) {
        result = await cli.call('questionnaire.answer', { id, question, ...(opts.response ? { response: opts.response } : {}), ...(opts.comment !== undefined ? { comment: opts.comment } : {}) });
      }
      if (file) await cli.direct((engine) => addEvidence(engine.context, id, question, { file: file! }));
      if (opts.evidenceRef) await cli.call('questionnaire.evidence.add', { id, question, reference: opts.evidenceRef });
      const q = await cli.call('questionnaire.get', { id });
      const answer = q.answers.find((a) => a.question_id === question)!;
      cli.emit({ answer, rollup: result?.rollup ?? q.rollup }, () => `${question}: partner ${label(answer.response)}${answer.evidence.length ? ` · evidence: ${answer.evidence.map((e) => e.name).join(', ')}` : ''}`);
    });

  questionnaire
    .command('assess')
    .description("record the reviewer's assessment; partially or not compliant opens a gap, compliant closes it")
    .argument('<id>', 'dossier id or reference')
    .argument('<question>', 'question id')
    .addOption(new Option('--assessment <assessment>', 'the reviewer’s assessment').choices(scale()))
    .option('--comment <text>', 'the reviewer’s comment')
    .action(async (id: string, question: string, opts: { assessment?: Response; comment?: string }) => {
      if (!opts.assessment && opts.comment === undefined) cli.invalid('Nothing to record: give --assessment or --comment.');
      const result = await cli.call('questionnaire.assess', {
        id,
        question,
        ...(opts.assessment ? { assessment: opts.assessment } : {}),
        ...(opts.comment !== undefined ? { comment: opts.comment } : {}),
      });
      cli.emit(result, () => `${question}: reviewer ${label(result.answer.assessment)}${result.gap ? ` · gap ${GAP_STATUS_LABELS[result.gap.status].toLowerCase()}` : ''}`);
    });

  questionnaire
    .command('upgrade')
    .description('move the gap analysis to a newer questionnaire version, keeping answers to unchanged questions')
    .argument('<id>', 'dossier id or reference')
    .option('--version <n>', 'target version (default: the latest)')
    .action(async (id: string, opts: { version?: string }) => {
      const version = opts.version === undefined ? undefined : Number(opts.version);
      if (version !== undefined && !Number.isInteger(version)) cli.invalid(`--version must be a whole number, got "${opts.version}"`);
      const r = await cli.call('questionnaire.upgrade', { id, ...(version ? { version } : {}) });
      cli.emit(r, () => `Moved from version ${r.from} to ${r.to}: ${r.kept.length} answers kept, ${r.reset.length} questions changed and to be answered again, ${r.added.length} new, ${r.removed.length} removed (their answers stay listed).`);
    });

  const gap = program.command('gap').description('the gap register of a dossier');
  gap
    .command('list')
    .argument('<id>', 'dossier id or reference')
    .action(async (id: string) => {
      const gaps = await cli.call('gap.list', { id });
      cli.emit(gaps, () => gapsText(gaps));
    });

  gap
    .command('set')
    .description('rate and manage a gap (GAP_ID is the gap id or its question id)')
    .argument('<id>', 'dossier id or reference')
    .argument('<gap>', 'gap id or question id')
    .option('--likelihood <n>', 'likelihood, 1 to 5')
    .option('--impact <n>', 'impact, 1 to 5')
    .option('--owner <name>', 'remediation owner')
    .option('--due <date>', 'remediation due date, YYYY-MM-DD')
    .addOption(new Option('--status <status>').choices([...GAP_STATUSES]))
    .option('--plan <text>', 'remediation plan')
    .option('--description <text>', 'what the gap is')
    .option('--justification <text>', 'why the risk is acceptable (with --status risk_accepted; required)')
    .option('--conditions <text>', 'conditions of the acceptance (with --status risk_accepted)')
    .option('--expires <date>', 'when the acceptance ends, YYYY-MM-DD, in the future (with --status risk_accepted; required)')
    .addOption(new Option('--accepted-by <name>').hideHelp())
    .addOption(new Option('--accepted-role <role>').hideHelp())
    .addOption(new Option('--accepted-date <date>').hideHelp())
    .action(async (id: string, gapId: string, opts: Record<string, string | undefined>) => {
      const typed = ['acceptedBy', 'acceptedRole', 'acceptedDate'].filter((o) => opts[o] !== undefined);
      if (typed.length) {
        cli.invalid(
          `--accepted-by, --accepted-role and --accepted-date are no longer typed: the person accepting a risk is your profile, and the acceptance is signed with your key. ` +
            `Accept with: gap set ${id} ${gapId} --status risk_accepted --justification TEXT --expires YYYY-MM-DD [--conditions TEXT] (set your profile with \`profile set\`, your key with \`keys init\`).`,
        );
      }
      const level = (name: string, value: string | undefined) => {
        if (value === undefined) return undefined;
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 5) cli.invalid(`--${name} must be a whole number from 1 to 5, got "${value}"`);
        return n;
      };
      const orNull = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v);
      if (opts.expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.expires)) cli.invalid(`--expires must be a date as YYYY-MM-DD, got "${opts.expires}"`);
      const changes = Object.fromEntries(
        Object.entries({
          likelihood: level('likelihood', opts.likelihood),
          impact: level('impact', opts.impact),
          owner: orNull(opts.owner),
          due_date: orNull(opts.due),
          status: opts.status,
          plan: orNull(opts.plan),
          description: orNull(opts.description),
          acceptance_justification: opts.justification,
          acceptance_conditions: orNull(opts.conditions),
          acceptance_expires: opts.expires,
        }).filter(([, v]) => v !== undefined),
      );
      if (Object.keys(changes).length === 0) cli.invalid('Nothing to change: give at least one option.');
      const updated = await cli.call('gap.update', { id, gap: gapId, changes: changes as OperationInput<'gap.update'>['changes'] });
      cli.emit(updated, () => gapsText([updated]));
    });
}
