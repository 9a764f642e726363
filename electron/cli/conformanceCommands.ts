/**
 * CLI commands of conformance testing: conformance plan / scope / round start / round set / result
 * / defect add / defect set / defect list / import / approve. Bad input exits 2, a rule's refusal 3.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { ImportInspection } from '../../shared/api/conformanceOps';
import {
  APPROVAL_DECISIONS,
  APPROVAL_DECISION_LABELS,
  DEFECT_STATUSES,
  RESULT_STATUSES,
  RESULT_STATUS_LABELS,
  SEVERITIES,
  type ConformanceView,
  type Defect,
} from '../../shared/conformance/model';
import { HCIM_ENVIRONMENTS } from '../../shared/reference';
import { MAX_ATTACHMENT_BYTES, REPORT_LIMITS } from '../conformance/index';
import { table } from './output';
import type { CliCommandContext } from './questionnaireCommands';

function planText(view: ConformanceView): string {
  const round = view.rounds.at(-1);
  const status = new Map(round?.results.map((r) => [r.case_id, r.status]) ?? []);
  const lines = [`${view.reference} — ${view.catalogue.title}, version ${view.catalogue.version} · standards: ${view.standards.join(', ') || 'none'} · transactions: ${view.transactions.length}`];
  for (const note of view.notes) lines.push(`Note: ${note}`);
  if (view.plan.length) {
    lines.push(
      '',
      table(
        ['CASE', 'TRANSACTION', 'REQ', 'SCOPE', round ? `ROUND ${round.number}` : 'RESULT', 'TITLE'],
        view.plan.map((c) => [
          c.case_id,
          c.transaction,
          c.required ? 'yes' : 'no',
          c.scope === 'in_scope' ? 'in scope' : c.scope === 'retired' ? 'retired' : `n/a: ${c.reason ?? ''}`,
          c.scope === 'in_scope' || status.has(c.case_id) ? RESULT_STATUS_LABELS[status.get(c.case_id) ?? 'not_run'] : '',
          c.title,
        ]),
      ),
    );
  }
  lines.push('', roundsText(view));
  const open = view.defects.filter((d) => d.status === 'open' || d.status === 'fixed');
  if (open.length) lines.push('', `Open defects: ${open.map((d) => `${d.label} (${d.severity}, ${d.case_id})`).join(', ')}`);
  for (const a of view.approvals) lines.push('', approvalText(a));
  const held = [...view.gate.workflow_reasons, ...view.gate.reasons];
  lines.push('', view.gate.ok ? 'Conformance testing may be marked done.' : `Conformance testing cannot be done yet:\n${held.map((r) => `  - ${r}`).join('\n')}`);
  return lines.join('\n');
}

function roundsText(view: ConformanceView): string {
  if (view.rounds.length === 0) return 'No round started yet (conformance round start ID).';
  return table(
    ['ROUND', 'ENV', 'STARTED', 'ENDED', 'TESTER', 'CIS REVIEWER', ...RESULT_STATUSES.map((s) => RESULT_STATUS_LABELS[s].toUpperCase())],
    view.rounds.map((r) => [r.number, r.environment, r.started_on, r.ended_on, r.partner_tester, r.cis_reviewer, ...RESULT_STATUSES.map((s) => r.counts[s])]),
  );
}

function approvalText(a: ConformanceView['approvals'][number]): string {
  const state = a.status === 'valid' ? 'signature valid' : a.status === 'changed' ? `NO LONGER STANDS — ${a.detail}` : `${a.status.replace('_', ' ')}: ${a.detail}`;
  return `CIS approval of round ${a.round_number ?? '?'}: ${APPROVAL_DECISION_LABELS[a.decision]} by ${a.signer.name} (key ${a.signer.key_id}) on ${a.signed_at.slice(0, 10)}${a.comment ? ` — ${a.comment}` : ''} · ${state}`;
}

function defectsText(defects: readonly Defect[]): string {
  if (defects.length === 0) return 'No defects.';
  return table(['DEFECT', 'CASE', 'SEVERITY', 'STATUS', 'DESCRIPTION'], defects.map((d) => [d.label, d.case_id, d.severity, d.status, d.description]));
}

function inspectionText(i: ImportInspection): string {
  const lines = [
    `${i.format === 'junit' ? 'JUnit XML' : 'FHIR TestReport'} "${i.file.name}", ${i.file.size} bytes, sha256 ${i.file.sha256.slice(0, 16)}… → ${i.dossier.reference}, round ${i.round.number} (${i.round.environment})`,
    '',
    table(
      ['TEST', 'RESULT', 'CASE', 'BY', 'NOW', 'CHANGE'],
      i.tests.map((t) => [t.key, RESULT_STATUS_LABELS[t.status], t.case_id ?? '—', t.matched_by ?? '', t.current_status ? RESULT_STATUS_LABELS[t.current_status] : '', t.changes ? 'yes' : '']),
    ),
  ];
  if (i.unmatched.length) lines.push('', `Not matched to a case (${i.unmatched.length}); map them with --map "TEST=CASE": ${i.unmatched.join(', ')}`);
  if (i.duplicates.length) lines.push('', `Cases more than one test maps to (the last test decides): ${i.duplicates.join(', ')}`);
  if (i.already_imported) lines.push('', 'This file was already imported into this round.');
  lines.push('', `${i.changes} result${i.changes === 1 ? '' : 's'} would change.`);
  return lines.join('\n');
}

const roundOption = () => new Option('--round <n>', 'round number (default: the latest)');

export function registerConformanceCommands(program: Command, cli: CliCommandContext): void {
  const conformance = program.command('conformance').description('conformance testing of a dossier: plan, rounds, results, defects, imports, CIS approval');
  const roundOf = (value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) cli.invalid(`--round must be a round number (1 or more), got "${value}"`);
    return n;
  };
  const readFile = (file: string, option: string, max: number) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) cli.invalid(`${option}: "${file}" is not a readable file`);
    if (stat!.size > max) cli.invalid(`${option}: "${file}" is over ${max / 1024 / 1024} MB; it is not read`);
    return { name: path.basename(file), content_base64: fs.readFileSync(file).toString('base64') };
  };

  conformance
    .command('plan')
    .description('the test plan (cases by transaction, in scope, not applicable or retired), rounds, open defects, approvals and what the gate still needs')
    .argument('<id>', 'dossier id or reference')
    .action(async (id: string) => {
      const view = await cli.call('conformance.get', { id });
      cli.emit(view, () => planText(view));
    });

  conformance
    .command('scope')
    .description('mark a case not applicable (with a reason) or back in scope')
    .argument('<id>', 'dossier id or reference')
    .argument('<case>', 'case id, e.g. FC-03')
    .option('--not-applicable <reason>', 'why the case does not apply to this partner')
    .option('--in-scope', 'put the case back in scope')
    .action(async (id: string, caseId: string, opts: { notApplicable?: string; inScope?: boolean }) => {
      if ((opts.notApplicable === undefined) === !opts.inScope) cli.invalid('Give exactly one of --not-applicable REASON or --in-scope.');
      const view = await cli.call('conformance.plan.set', { id, case: caseId, applicable: Boolean(opts.inScope), reason: opts.notApplicable ?? null });
      const c = view.plan.find((p) => p.case_id === caseId.toUpperCase())!;
      cli.emit(c, () => `${c.case_id} ${c.title}: ${c.scope === 'in_scope' ? 'in scope' : `not applicable — ${c.reason}`}`);
    });

  const round = conformance.command('round').description('test rounds');
  round
    .command('start')
    .description('start the next round; passes of the round before carry over, its open items are to retest')
    .argument('<id>', 'dossier id or reference')
    .addOption(new Option('--environment <env>', 'HCIM environment (default HT2, the conformance environment)').choices(HCIM_ENVIRONMENTS.map((e) => e.key)))
    .option('--start <date>', 'start date, YYYY-MM-DD (default today)')
    .option('--tester <name>', "the partner's tester")
    .option('--reviewer <name>', 'the CIS reviewer')
    .action(async (id: string, opts: { environment?: string; start?: string; tester?: string; reviewer?: string }) => {
      const view = await cli.call('conformance.round.start', {
        id,
        ...(opts.environment ? { environment: opts.environment } : {}),
        ...(opts.start ? { started_on: opts.start } : {}),
        ...(opts.tester !== undefined ? { partner_tester: opts.tester } : {}),
        ...(opts.reviewer !== undefined ? { cis_reviewer: opts.reviewer } : {}),
      });
      const r = view.rounds.at(-1)!;
      cli.emit(r, () => `Round ${r.number} started in ${r.environment} on ${r.started_on}. To test: ${r.retest.length} case${r.retest.length === 1 ? '' : 's'}${r.counts.passed ? `; ${r.counts.passed} pass${r.counts.passed === 1 ? '' : 'es'} carried over` : ''}.`);
    });
  round
    .command('set')
    .description("change a round's dates, environment, tester or reviewer (empty clears)")
    .argument('<id>', 'dossier id or reference')
    .addOption(roundOption())
    .option('--start <date>', 'start date, YYYY-MM-DD')
    .option('--end <date>', 'end date, YYYY-MM-DD')
    .addOption(new Option('--environment <env>', 'HCIM environment').choices(HCIM_ENVIRONMENTS.map((e) => e.key)))
    .option('--tester <name>', "the partner's tester")
    .option('--reviewer <name>', 'the CIS reviewer')
    .action(async (id: string, opts: { round?: string; start?: string; end?: string; environment?: string; tester?: string; reviewer?: string }) => {
      const orNull = (v: string) => (v.trim() === '' ? null : v);
      const changes = {
        ...(opts.start !== undefined ? { started_on: orNull(opts.start) } : {}),
        ...(opts.end !== undefined ? { ended_on: orNull(opts.end) } : {}),
        ...(opts.environment !== undefined ? { environment: opts.environment } : {}),
        ...(opts.tester !== undefined ? { partner_tester: orNull(opts.tester) } : {}),
        ...(opts.reviewer !== undefined ? { cis_reviewer: orNull(opts.reviewer) } : {}),
      };
      if (Object.keys(changes).length === 0) cli.invalid('Nothing to change: give --start, --end, --environment, --tester or --reviewer.');
      const view = await cli.call('conformance.round.update', { id, round: roundOf(opts.round), changes });
      cli.emit(view.rounds, () => roundsText(view));
    });

  conformance
    .command('result')
    .description('record the result of a case in the latest round (or --round N)')
    .argument('<id>', 'dossier id or reference')
    .argument('<case>', 'case id, e.g. FC-01')
    .addOption(new Option('--status <status>', 'the result').choices([...RESULT_STATUSES]))
    .option('--actual <text>', 'what actually happened')
    .option('--note <text>', 'notes')
    .option('--reason <text>', 'why it was skipped (required for skipped)')
    .option('--references <text>', 'message ids, ticket numbers, links')
    .option('--evidence <file>', 'attach a file (request/response message, screenshot, log), kept by content hash')
    .addOption(roundOption())
    .action(async (id: string, caseId: string, opts: { status?: (typeof RESULT_STATUSES)[number]; actual?: string; note?: string; reason?: string; references?: string; evidence?: string; round?: string }) => {
      if (!opts.status && opts.actual === undefined && opts.note === undefined && opts.reason === undefined && opts.references === undefined && !opts.evidence) {
        cli.invalid('Nothing to record: give --status, --actual, --note, --reason, --references or --evidence.');
      }
      const file = opts.evidence ? readFile(opts.evidence, '--evidence', MAX_ATTACHMENT_BYTES) : undefined;
      const round = roundOf(opts.round);
      const orNull = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v);
      let result = await cli.call('conformance.result.record', {
        id,
        case: caseId,
        ...(round ? { round } : {}),
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.actual !== undefined ? { actual: orNull(opts.actual) } : {}),
        ...(opts.note !== undefined ? { notes: orNull(opts.note) } : {}),
        ...(opts.reason !== undefined ? { reason: orNull(opts.reason) } : {}),
        ...(opts.references !== undefined ? { references: orNull(opts.references) } : {}),
      });
      if (file) result = await cli.call('conformance.evidence.add', { id, case: caseId, ...(round ? { round } : {}), file });
      cli.emit(result, () => `${result.case_id}: ${RESULT_STATUS_LABELS[result.status]}${result.reason ? ` (${result.reason})` : ''}${result.evidence.length ? ` · evidence: ${result.evidence.map((e) => `${e.name}${e.sha256 ? ` (sha256 ${e.sha256.slice(0, 12)}…)` : ''}`).join(', ')}` : ''}`);
    });

  const defect = conformance.command('defect').description('defects found in conformance testing');
  defect
    .command('add')
    .description('record a defect against a case (found in the latest round)')
    .argument('<id>', 'dossier id or reference')
    .argument('<case>', 'case id')
    .addOption(new Option('--severity <severity>').choices([...SEVERITIES]).makeOptionMandatory())
    .requiredOption('--description <text>', 'what is wrong')
    .action(async (id: string, caseId: string, opts: { severity: (typeof SEVERITIES)[number]; description: string }) => {
      const d = await cli.call('conformance.defect.add', { id, case: caseId, severity: opts.severity, description: opts.description });
      cli.emit(d, () => `Defect ${d.label} (${d.severity}) recorded on ${d.case_id}.`);
    });
  defect
    .command('set')
    .description('change a defect’s status (verified needs its case to pass in a later round)')
    .argument('<id>', 'dossier id or reference')
    .argument('<defect>', 'defect, e.g. D-2')
    .addOption(new Option('--status <status>').choices([...DEFECT_STATUSES]))
    .addOption(new Option('--severity <severity>').choices([...SEVERITIES]))
    .option('--description <text>', 'what is wrong')
    .action(async (id: string, defectRef: string, opts: { status?: (typeof DEFECT_STATUSES)[number]; severity?: (typeof SEVERITIES)[number]; description?: string }) => {
      const changes = {
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.severity ? { severity: opts.severity } : {}),
        ...(opts.description !== undefined ? { description: opts.description } : {}),
      };
      if (Object.keys(changes).length === 0) cli.invalid('Nothing to change: give --status, --severity or --description.');
      const d = await cli.call('conformance.defect.update', { id, defect: defectRef, changes });
      cli.emit(d, () => `Defect ${d.label}: ${d.status} (${d.severity}).`);
    });
  defect
    .command('list')
    .argument('<id>', 'dossier id or reference')
    .action(async (id: string) => {
      const view = await cli.call('conformance.get', { id });
      cli.emit(view.defects, () => defectsText(view.defects));
    });

  conformance
    .command('import')
    .description('read a FHIR R4 TestReport (JSON, one or a Bundle) or JUnit XML: each test, its case and what would change; --apply writes it')
    .argument('<id>', 'dossier id or reference')
    .argument('<file>', 'the test report')
    .option('--apply', 'record every mapped result in one transaction and keep the file as evidence')
    .option('--map <test=case...>', 'map a test (its key as listed) to a case')
    .addOption(roundOption())
    .action(async (id: string, file: string, opts: { apply?: boolean; map?: string[]; round?: string }) => {
      const mapping: Record<string, string> = {};
      for (const pair of opts.map ?? []) {
        const eq = pair.lastIndexOf('=');
        if (eq <= 0) cli.invalid(`--map: "${pair}" is not TEST=CASE`);
        mapping[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      const round = roundOf(opts.round);
      const input = { id, file: readFile(file, 'FILE', REPORT_LIMITS.maxBytes), mapping, ...(round ? { round } : {}) };
      if (!opts.apply) {
        const inspection = await cli.call('conformance.import.inspect', input);
        cli.emit({ inspection, applied: null }, () => `${inspectionText(inspection)}\nNothing was written (add --apply to apply).`);
        return;
      }
      const result = await cli.call('conformance.import.apply', input);
      cli.emit(result, () =>
        [
          inspectionText(result.inspection),
          '',
          result.noop
            ? 'Nothing to apply: this file is already imported and every result is as it says.'
            : `${result.applied} result${result.applied === 1 ? '' : 's'} recorded in round ${result.inspection.round.number}; the file is kept as evidence (sha256 ${result.evidence?.sha256}).`,
        ].join('\n'),
      );
    });

  conformance
    .command('approve')
    .description('CIS: record the interface approval decision on the latest round, signed with your key')
    .argument('<id>', 'dossier id or reference')
    .addOption(new Option('--decision <decision>').choices([...APPROVAL_DECISIONS]).makeOptionMandatory())
    .option('--comment <text>', 'conditions (approved_with_conditions) or reasons (rejected)')
    .addOption(roundOption())
    .action(async (id: string, opts: { decision: (typeof APPROVAL_DECISIONS)[number]; comment?: string; round?: string }) => {
      const round = roundOf(opts.round);
      const a = await cli.call('conformance.approve', { id, decision: opts.decision, ...(opts.comment !== undefined ? { comment: opts.comment } : {}), ...(round ? { round } : {}) });
      cli.emit(a, () => approvalText(a));
    });
}
