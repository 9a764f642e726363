/**
 * Conformance testing of a dossier through the write path: the plan's scope decisions, rounds,
 * results with evidence, defects and the CIS interface approval. Every input is checked before
 * anything is written; a refusal leaves the stored data as it was.
 */
import { WorkbenchError } from '../../shared/api/errors';
import type { ConformanceDashboard } from '../../shared/api/conformanceOps';
import type { OperationArgs } from '../../shared/api/contract';
import { localIsoDate } from '../../shared/dates';
import { isIsoDate } from '../../shared/dossier/values';
import { HCIM_ENVIRONMENTS } from '../../shared/reference';
import { checkText } from '../../shared/conformance/text';
import {
  CONFORMANCE_ENVIRONMENT,
  TEXT_MAX,
  isDefectOpen,
  type Approval,
  type ConformanceResult,
  type ConformanceRound,
  type ConformanceView,
  type Defect,
  type ResultStatus,
} from '../../shared/conformance/model';
import { approvalReasons, conformanceDoneReasons, conformanceTestingReasons, goLiveReasons, type ConformanceGateInput } from '../../shared/conformance/gate';
import type { ActivityKey } from '../../shared/workflow/definition';
import type { ServiceContext } from '../dossiers/index';
import { findDossierRow, readActivityRows, readFields, toActivities, type DossierRow } from '../dossiers/read';
import { ruleState } from '../dossiers/service';
import { activityChangeRefusals } from '../../shared/workflow/rules';
import type { FieldValues } from '../../shared/dossier/values';
import { newId, type Change, type StoredValue } from '../store/index';
import { storeAttachment } from '../questionnaire/attachments';
import { readKeyring } from '../packages/keyring';
import { loadSigner, type KeysContext } from '../packages/signingKeys';
import { getProfile } from '../profile/index';
import { roleLabel } from '../../shared/workflow/roles';
import { loadCatalogue } from './catalogue';
import { openItems, planInputs, readDefects, readPlan, readRounds } from './read';
import { checkApproval, roundSummary, signStatement, summarySha256, summaryText, type ApprovalRow } from './approval';
import { planItemId, resultId } from './tables';

export interface ConformanceContext extends ServiceContext {
  templatesDir: string;
  attachmentsDir: string;
  keys: KeysContext;
}

type Problem = { field: string; message: string };

function refuse(problems: Problem[]): never {
  throw new WorkbenchError('validation', problems.map((p) => p.message).join('; '), { problems });
}

const today = (ctx: ServiceContext) => (ctx.today ?? (() => localIsoDate()))();

function text(problems: Problem[], field: string, value: string | null | undefined, max = TEXT_MAX): string | null | undefined {
  if (value === undefined) return undefined;
  const checked = checkText(field, value, max);
  if (!checked.ok) {
    problems.push({ field, message: checked.message });
    return undefined;
  }
  return checked.value;
}

const writes = (entity: Change['entity'], rowId: string, dossierId: string, values: Record<string, StoredValue | undefined>): Change[] =>
  Object.entries(values).flatMap(([field, value]) => (value === undefined ? [] : [{ entity, rowId, field, value, dossierId }]));

/** Everything a dossier's conformance testing holds, with the approvals checked and the gate's reasons. */
export function getConformance(ctx: ConformanceContext, idOrRef: string): ConformanceView {
  const row = findDossierRow(ctx.store, idOrRef);
  const catalogue = loadCatalogue(ctx.templatesDir);
  const fields = readFields(ctx.store, row);
  const inputs = planInputs(fields);
  const plan = readPlan(ctx.store, row.id, catalogue, inputs);
  const defects = readDefects(ctx.store, row.id);
  const rounds = readRounds(ctx.store, row.id, plan, defects);
  const keyring = safeKeyring(ctx);
  const approvals = (
    ctx.store
      .prepare(
        `SELECT id, dossier_id, round_id, decision, comment, signed_at, signer_key_id, signer_name, signer_role, public_key, summary_sha256, summary_json, signature
         FROM conformance_approvals WHERE dossier_id = ? AND deleted_at IS NULL ORDER BY signed_at, id`,
      )
      .all(row.id) as ApprovalRow[]
  ).map((a): Approval => {
    const round = rounds.find((r) => r.id === a.round_id);
    const summary = round ? roundSummary({ dossier: { id: row.id, reference: row.reference }, catalogue, round, rounds, plan, defects }) : null;
    return checkApproval(a, round?.number ?? null, summary, keyring);
  });
  const gateInput: ConformanceGateInput = { plan, rounds, defects, approvals };
  const reasons = conformanceDoneReasons(gateInput);
  const workflowReasons = workflowDoneReasons(ctx, row, fields);
  return {
    dossier_id: row.id,
    reference: row.reference,
    catalogue: { id: catalogue.id, version: catalogue.version, title: catalogue.title },
    standards: inputs.standards,
    transactions: inputs.transactions,
    notes: inputs.notes,
    plan,
    rounds,
    defects,
    approvals,
    gate: { ok: reasons.length === 0 && workflowReasons.length === 0, reasons, workflow_reasons: workflowReasons },
  };
}

/** What the workflow rules hold against marking conformance testing done today (none once it is done). */
function workflowDoneReasons(ctx: ConformanceContext, row: DossierRow, fields: FieldValues): string[] {
  const state = ruleState(ctx, { fields, activities: toActivities(readActivityRows(ctx.store, row.id), fields, today(ctx)), created_at: row.created_at });
  const activity = state.activities.find((a) => a.key === 'conformance_testing');
  if (!activity || activity.status === 'done' || activity.status === 'not_required') return [];
  return activityChangeRefusals(state, 'conformance_testing', { status: 'done', due_date: activity.due_date, completed_date: state.today }).map((f) => f.message);
}

function safeKeyring(ctx: ConformanceContext) {
  try {
    return readKeyring(ctx.keys.keysDir);
  } catch {
    return [];
  }
}

/** Reasons an activity cannot be set done, as far as conformance testing decides (the gate calls this). */
export function conformanceActivityReasons(ctx: ConformanceContext, dossierId: string, activity: ActivityKey): string[] {
  if (activity !== 'conformance_testing' && activity !== 'go_live') return [];
  const view = getConformance(ctx, dossierId);
  const input: ConformanceGateInput = view;
  return activity === 'conformance_testing' ? conformanceDoneReasons(input) : goLiveReasons(input);
}

/** Reasons a dossier may not leave Deployment (go live) without a standing CIS interface approval. */
export function conformancePhaseReasons(ctx: ConformanceContext, dossierId: string, stage: string): string[] {
  if (stage !== 'deployment') return [];
  return approvalReasons(getConformance(ctx, dossierId));
}

export { conformanceTestingReasons };

function findCase(view: ConformanceView, caseId: string) {
  const wanted = caseId.trim().toUpperCase();
  const found = view.plan.find((c) => c.case_id === wanted);
  if (!found) {
    throw new WorkbenchError(
      'not_found',
      `No case "${caseId}" in the conformance plan of ${view.reference}${view.plan.length ? ` (cases: ${view.plan.slice(0, 8).map((c) => c.case_id).join(', ')}${view.plan.length > 8 ? ', …' : ''})` : ''}.`,
    );
  }
  return found;
}

function findRound(view: ConformanceView, round: number | string | undefined): ConformanceRound {
  if (view.rounds.length === 0) throw new WorkbenchError('conflict', `No conformance round has been started for ${view.reference}: start one first (conformance round start ${view.reference}).`);
  if (round === undefined) return view.rounds.at(-1)!;
  const found = view.rounds.find((r) => r.id === round || r.number === Number(round));
  if (!found) throw new WorkbenchError('not_found', `${view.reference} has no conformance round ${round}.`);
  return found;
}

export function setPlanScope(ctx: ConformanceContext, input: OperationArgs<'conformance.plan.set'>): ConformanceView {
  return ctx.store.transaction(() => {
    const view = getConformance(ctx, input.id);
    const c = findCase(view, input.case);
    const problems: Problem[] = [];
    const reason = text(problems, 'reason', input.reason ?? null, 2000);
    if (c.scope === 'retired') problems.push({ field: 'case', message: `case: ${c.case_id} is retired (its transaction or standard left the dossier); its scope cannot be changed` });
    if (!input.applicable && !reason) problems.push({ field: 'reason', message: 'reason: marking a case not applicable needs a reason' });
    if (problems.length) refuse(problems);
    const rowId = planItemId(view.dossier_id, c.case_id);
    ctx.store.write(ctx.actor, writes('conformance_plan_items', rowId, view.dossier_id, { dossier_id: view.dossier_id, case_id: c.case_id, applicable: input.applicable ? 1 : 0, reason: input.applicable ? null : reason }));
    return getConformance(ctx, view.dossier_id);
  });
}

/** Starts the next round; a pass in the round before carries over unless its case has an open defect. */
export function startRound(ctx: ConformanceContext, input: OperationArgs<'conformance.round.start'>): ConformanceView {
  return ctx.store.transaction(() => {
    const view = getConformance(ctx, input.id);
    const problems: Problem[] = [];
    const environment = input.environment ?? CONFORMANCE_ENVIRONMENT;
    const values = roundValues(problems, { ...input, environment, started_on: input.started_on ?? today(ctx) });
    if (view.plan.filter((c) => c.scope === 'in_scope').length === 0) {
      throw new WorkbenchError('conflict', `The conformance plan of ${view.reference} has no case in scope: ${view.notes.join(' ') || 'every case is marked not applicable.'}`);
    }
    if (problems.length) refuse(problems);
    const previous = view.rounds.at(-1);
    const roundId = newId();
    const number = (previous?.number ?? 0) + 1;
    const changes = writes('conformance_rounds', roundId, view.dossier_id, { dossier_id: view.dossier_id, number, created_at: new Date().toISOString(), ...values });
    if (previous) {
      const open = new Set(openItems(previous, view.defects));
      const at = new Date().toISOString();
      for (const r of previous.results) {
        if (r.status !== 'passed' || open.has(r.case_id)) continue;
        if (!view.plan.some((c) => c.case_id === r.case_id && c.scope === 'in_scope')) continue;
        const id = resultId(roundId, r.case_id);
        changes.push(
          ...writes('conformance_results', id, view.dossier_id, {
            dossier_id: view.dossier_id,
            round_id: roundId,
            case_id: r.case_id,
            status: 'passed',
            actual: r.actual,
            recorded_at: at,
            carried_from: previous.id,
          }),
        );
      }
    }
    ctx.store.write(ctx.actor, changes);
    return getConformance(ctx, view.dossier_id);
  });
}

function roundValues(
  problems: Problem[],
  input: { environment?: string | undefined; started_on?: string | null | undefined; ended_on?: string | null | undefined; partner_tester?: string | null | undefined; cis_reviewer?: string | null | undefined },
) {
  if (input.environment !== undefined && !HCIM_ENVIRONMENTS.some((e) => e.key === input.environment)) {
    problems.push({ field: 'environment', message: `environment: "${input.environment}" is not an HCIM environment; use one of ${HCIM_ENVIRONMENTS.map((e) => e.key).join(', ')}` });
  }
  for (const key of ['started_on', 'ended_on'] as const) {
    const date = input[key];
    if (typeof date === 'string' && !isIsoDate(date)) problems.push({ field: key, message: `${key}: "${date}" is not a date as YYYY-MM-DD` });
  }
  if (input.started_on && input.ended_on && input.ended_on < input.started_on) {
    problems.push({ field: 'ended_on', message: `ended_on: a round cannot end (${input.ended_on}) before it starts (${input.started_on})` });
  }
  return {
    environment: input.environment,
    started_on: input.started_on,
    ended_on: input.ended_on,
    partner_tester: text(problems, 'partner_tester', input.partner_tester, 300),
    cis_reviewer: text(problems, 'cis_reviewer', input.cis_reviewer, 300),
  };
}

export function updateRound(ctx: ConformanceContext, input: OperationArgs<'conformance.round.update'>): ConformanceView {
  return ctx.store.transaction(() => {
    const view = getConformance(ctx, input.id);
    const round = findRound(view, input.round);
    const problems: Problem[] = [];
    const merged = { started_on: round.started_on, ended_on: round.ended_on, ...input.changes };
    const values = roundValues(problems, merged);
    if (problems.length) refuse(problems);
    const changed = Object.fromEntries(Object.keys(input.changes).map((k) => [k, values[k as keyof typeof values]]));
    ctx.store.write(ctx.actor, writes('conformance_rounds', round.id, view.dossier_id, changed));
    return getConformance(ctx, view.dossier_id);
  });
}

export interface ResultChange {
  status?: ResultStatus | undefined;
  actual?: string | null | undefined;
  notes?: string | null | undefined;
  reason?: string | null | undefined;
  references?: string | null | undefined;
}

/** The field changes that record a result; checks first, so a refusal writes nothing. */
export function resultChanges(view: ConformanceView, round: ConformanceRound, caseId: string, change: ResultChange, at: string): { id: string; changes: Change[] } {
  const c = findCase(view, caseId);
  const problems: Problem[] = [];
  if (c.scope !== 'in_scope') problems.push({ field: 'case', message: `case: ${c.case_id} is ${c.scope === 'retired' ? 'retired' : 'marked not applicable'}; results are recorded for cases in scope` });
  const current = round.results.find((r) => r.case_id === c.case_id);
  const values = {
    actual: text(problems, 'actual', change.actual),
    notes: text(problems, 'notes', change.notes),
    reason: text(problems, 'reason', change.reason, 2000),
    references: text(problems, 'references', change.references, 4000),
  };
  const status = change.status ?? current?.status ?? 'not_run';
  const reason = values.reason !== undefined ? values.reason : (current?.reason ?? null);
  if (status === 'skipped' && !reason) problems.push({ field: 'reason', message: 'reason: a skipped case needs the reason it was skipped' });
  if (problems.length) refuse(problems);
  const id = resultId(round.id, c.case_id);
  const changes = writes('conformance_results', id, view.dossier_id, {
    dossier_id: view.dossier_id,
    round_id: round.id,
    case_id: c.case_id,
    status: change.status,
    ...values,
    // A pass carried from an earlier round becomes this round's own result once anything is recorded on it.
    carried_from: current?.carried_from && (change.status !== undefined || values.actual !== undefined) ? null : undefined,
  });
  if (changes.some((x) => !['dossier_id', 'round_id', 'case_id'].includes(x.field))) changes.push(...writes('conformance_results', id, view.dossier_id, { recorded_at: at }));
  return { id, changes };
}

export function recordResult(ctx: ConformanceContext, input: OperationArgs<'conformance.result.record'>): ConformanceResult {
  return ctx.store.transaction(() => {
    const view = getConformance(ctx, input.id);
    const round = findRound(view, input.round);
    const { changes } = resultChanges(view, round, input.case, input, new Date().toISOString());
    ctx.store.write(ctx.actor, changes);
    return resultOf(ctx, view.dossier_id, round.id, input.case);
  });
}

function resultOf(ctx: ConformanceContext, dossierId: string, roundId: string, caseId: string): ConformanceResult {
  const view = getConformance(ctx, dossierId);
  return view.rounds.find((r) => r.id === roundId)!.results.find((r) => r.case_id === caseId.trim().toUpperCase())!;
}

export type EvidenceInput = { file: { name: string; content: Buffer } } | { reference: string };

export function evidenceChanges(ctx: ConformanceContext, dossierId: string, resultRowId: string, evidence: EvidenceInput, source: 'manual' | 'import'): Change[] {
  const fields: Record<string, StoredValue> =
    'reference' in evidence
      ? { kind: 'reference', name: evidence.reference, reference: evidence.reference }
      : { kind: 'file', name: evidence.file.name, ...storeAttachment(ctx.attachmentsDir, evidence.file.content) };
  return writes('conformance_evidence', newId(), dossierId, { dossier_id: dossierId, result_id: resultRowId, source, ...fields });
}

export function addResultEvidence(ctx: ConformanceContext, input: { id: string; case: string; round?: number | string | undefined; evidence: EvidenceInput }): ConformanceResult {
  return ctx.store.transaction(() => {
    const view = getConformance(ctx, input.id);
    const round = findRound(view, input.round);
    const problems: Problem[] = [];
    if ('file' in input.evidence) text(problems, 'file.name', input.evidence.file.name, 255);
    else text(problems, 'reference', input.evidence.reference, 2000);
    if (problems.length) refuse(problems);
    // The result row is written (not run) when evidence comes first, so the evidence has a row to belong to.
    const { id, changes } = resultChanges(view, round, input.case, {}, new Date().toISOString());
    ctx.store.write(ctx.actor, [...changes, ...evidenceChanges(ctx, view.dossier_id, id, input.evidence, 'manual')]);
    return resultOf(ctx, view.dossier_id, round.id, input.case);
  });
}

export function removeResultEvidence(ctx: ConformanceContext, input: OperationArgs<'conformance.evidence.remove'>): ConformanceView {
  const row = findDossierRow(ctx.store, input.id);
  const found = ctx.store.prepare('SELECT id FROM conformance_evidence WHERE id = ? AND dossier_id = ? AND deleted_at IS NULL').get(input.evidence, row.id);
  if (!found) throw new WorkbenchError('not_found', `No conformance evidence "${input.evidence}" on ${row.reference}.`);
  ctx.store.write(ctx.actor, [{ entity: 'conformance_evidence', rowId: input.evidence, field: 'deleted_at', value: new Date().toISOString(), dossierId: row.id }]);
  return getConformance(ctx, row.id);
}

function findDefect(view: ConformanceView, ref: string): Defect {
  const wanted = ref.trim();
  const number = /^D?-?(\d+)$/i.exec(wanted)?.[1];
  const found = view.defects.find((d) => d.id === wanted || (number !== undefined && d.number === Number(number)));
  if (!found) throw new WorkbenchError('not_found', `${view.reference} has no defect "${ref}"${view.defects.length ? ` (defects: ${view.defects.map((d) => d.label).join(', ')})` : ''}.`);
  return found;
}

export function addDefect(ctx: ConformanceContext, input: OperationArgs<'conformance.defect.add'>): Defect {
  return ctx.store.transaction(() => {
    const view = getConformance(ctx, input.id);
    const c = findCase(view, input.case);
    const problems: Problem[] = [];
    const description = text(problems, 'description', input.description);
    if (!description) problems.push({ field: 'description', message: 'description: a defect needs a description' });
    if (problems.length) refuse(problems);
    const round = view.rounds.at(-1);
    const id = newId();
    const number = Math.max(0, ...view.defects.map((d) => d.number ?? 0)) + 1;
    ctx.store.write(
      ctx.actor,
      writes('conformance_defects', id, view.dossier_id, {
        dossier_id: view.dossier_id,
        number,
        case_id: c.case_id,
        severity: input.severity,
        description,
        status: 'open',
        found_round_id: round?.id ?? null,
        created_at: new Date().toISOString(),
      }),
    );
    return getConformance(ctx, view.dossier_id).defects.find((d) => d.id === id)!;
  });
}

export function updateDefect(ctx: ConformanceContext, input: OperationArgs<'conformance.defect.update'>): Defect {
  return ctx.store.transaction(() => {
    const view = getConformance(ctx, input.id);
    const defect = findDefect(view, input.defect);
    const problems: Problem[] = [];
    const description = text(problems, 'description', input.changes.description);
    if (input.changes.description !== undefined && !description) problems.push({ field: 'description', message: 'description: a defect needs a description' });
    const status = input.changes.status;
    let verifiedRound: string | null | undefined;
    if (status === 'verified') {
      const round = view.rounds.at(-1);
      const passed = round?.results.find((r) => r.case_id === defect.case_id)?.status === 'passed';
      if (!round || round.id === defect.found_round_id || !passed) {
        problems.push({ field: 'status', message: `status: a defect is verified by its case passing in a later round than the one it was found in; ${defect.case_id} has not passed in a later round yet` });
      } else verifiedRound = round.id;
    } else if (status !== undefined && defect.verified_round_id) verifiedRound = null;
    if (problems.length) refuse(problems);
    ctx.store.write(
      ctx.actor,
      writes('conformance_defects', defect.id, view.dossier_id, { status, severity: input.changes.severity, description: input.changes.description === undefined ? undefined : description, verified_round_id: verifiedRound }),
    );
    return getConformance(ctx, view.dossier_id).defects.find((d) => d.id === defect.id)!;
  });
}

/** Records a CIS decision on a round, signed with the signer's key over the round's canonical summary. */
export async function approveRound(ctx: ConformanceContext, input: OperationArgs<'conformance.approve'>): Promise<Approval> {
  const problems: Problem[] = [];
  const comment = text(problems, 'comment', input.comment ?? null, 4000) ?? null;
  if (input.decision !== 'approved' && !comment) {
    problems.push({ field: 'comment', message: `comment: ${input.decision === 'rejected' ? 'a rejection needs its reasons' : 'an approval with conditions needs the conditions'}` });
  }
  if (problems.length) refuse(problems);
  // The person (their profile, when set) and the key that signs must both be in the CIS role.
  const profile = getProfile(ctx.store);
  if (profile && profile.role !== 'cis') {
    throw new WorkbenchError('forbidden', `Only a person in the CIS role records the interface approval; your profile (${profile.name}) is in the role ${roleLabel(profile.role)}.`);
  }
  const { identity, privateKey } = await loadSigner(ctx.keys);
  if (identity.role !== 'cis') {
    throw new WorkbenchError('forbidden', `Only a person in the CIS role records the interface approval; your signing key (${identity.name}) is for the role ${identity.role}.`);
  }
  return ctx.store.transaction(() => {
    const view = getConformance(ctx, input.id);
    const round = findRound(view, input.round);
    const row = findDossierRow(ctx.store, view.dossier_id);
    const summary = roundSummary({ dossier: { id: row.id, reference: row.reference }, catalogue: view.catalogue, round, rounds: view.rounds, plan: view.plan, defects: view.defects });
    if (input.decision !== 'rejected') {
      const open = round.results.filter((r) => r.status === 'not_run').length;
      if (open === round.results.length) throw new WorkbenchError('conflict', `Round ${round.number} of ${view.reference} has no result recorded; there is nothing to approve.`);
    }
    const signedAt = new Date().toISOString();
    const hash = summarySha256(summary);
    const signature = signStatement(privateKey, {
      decision: input.decision,
      comment: comment ?? '',
      dossierId: row.id,
      roundId: round.id,
      signedAt,
      signer: { keyId: identity.key_id, name: identity.name, role: identity.role },
      summarySha256: hash,
    });
    const id = newId();
    ctx.store.write(
      ctx.actor,
      writes('conformance_approvals', id, row.id, {
        dossier_id: row.id,
        round_id: round.id,
        decision: input.decision,
        comment: comment ?? '',
        signed_at: signedAt,
        signer_key_id: identity.key_id,
        signer_name: identity.name,
        signer_role: identity.role,
        public_key: identity.public_key,
        summary_sha256: hash,
        summary_json: summaryText(summary),
        signature,
      }),
    );
    return getConformance(ctx, row.id).approvals.find((a) => a.id === id)!;
  });
}

export { isDefectOpen };

/** The dashboard card: dossiers in conformance testing, their pass rate and open critical defects. */
export function conformanceDashboard(ctx: ConformanceContext): ConformanceDashboard {
  const ids = ctx.store
    .prepare(
      `SELECT DISTINCT r.dossier_id AS id, d.organization__legal_name AS organization FROM conformance_rounds r JOIN dossiers d ON d.id = r.dossier_id
       WHERE r.deleted_at IS NULL AND d.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.dossier_id = d.id AND a.key = 'conformance_testing' AND a.status = 'done' AND a.deleted_at IS NULL)`,
    )
    .all() as { id: string; organization: string | null }[];
  const dossiers = ids.map(({ id, organization }) => {
    const view = getConformance(ctx, id);
    const round = view.rounds.at(-1)!;
    const status = new Map(round.results.map((r) => [r.case_id, r.status]));
    const required = view.plan.filter((c) => c.scope === 'in_scope' && c.required);
    return {
      dossier_id: id,
      reference: view.reference,
      organization,
      round: round.number,
      required: required.length,
      passed: required.filter((c) => status.get(c.case_id) === 'passed').length,
      open_critical: view.defects.filter((d) => d.severity === 'critical' && isDefectOpen(d.status)).length,
    };
  });
  const required = dossiers.reduce((n, d) => n + d.required, 0);
  return {
    in_conformance: dossiers.length,
    pass_rate: required === 0 ? null : Math.round((dossiers.reduce((n, d) => n + d.passed, 0) / required) * 100),
    open_critical: dossiers.reduce((n, d) => n + d.open_critical, 0),
    dossiers: dossiers.sort((a, b) => b.open_critical - a.open_critical || a.reference.localeCompare(b.reference)),
  };
}
