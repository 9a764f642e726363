/**
 * The Volume 2 gap analysis of a dossier: answering and assessing through the write path, gaps
 * that open and close with the assessment, evidence, roll-up, version upgrades and the gate rules.
 */
import { WorkbenchError } from '../../shared/api/errors';
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { Answer, Evidence, Gap, QuestionnaireView, RiskAcceptanceCheck } from '../../shared/api/questionnaireTypes';
import { localIsoDate, parseTypedDate } from '../../shared/dates';
import { GAP_STATUSES, RISK_ACCEPTANCE_COLUMNS, RISK_ACCEPTING_ROLE, applicability, isOpenGap, rollUp, type GapStatus, type Rollup } from '../../shared/questionnaire/rollup';
import { RESPONSE_LABELS, allQuestions, isApplicable, questionNumbers, riskRating, type QuestionnaireTemplate, type Response, type RiskLevel } from '../../shared/questionnaire/template';
import type { Stage } from '../../shared/workflow/definition';
import { roleLabel } from '../../shared/workflow/roles';
import { columnOf } from '../../shared/dossier/fields';
import { QUESTIONNAIRE_PROVIDED } from '../../shared/workflow/rules';
import { findDossierRow } from '../dossiers/read';
import type { ServiceContext } from '../dossiers/index';
import type { Change, StoredValue } from '../store/index';
import { newId } from '../store/index';
import { VOLUME2_TEMPLATE_ID, type TemplateLibrary } from './templates';
import { storeAttachment } from './attachments';
import { checkAcceptance, keyKnowledge, signAcceptance, type AcceptedGapRow, type KeyKnowledge } from './riskAcceptance';
import { loadSigner, type KeysContext } from '../packages/signingKeys';
import { getProfile } from '../profile/index';

export interface QuestionnaireContext extends ServiceContext {
  templates: TemplateLibrary;
  attachmentsDir: string;
  /** The user's signing key and keyring: risk acceptances are signed with it and checked against the keyring. */
  keys?: KeysContext;
}

interface InstanceRow {
  id: string;
  template_id: string;
  template_version: number;
  created_at: string;
}
interface AnswerRow {
  id: string;
  question_id: string;
  response: Response | null;
  comment: string | null;
  assessment: Response | null;
  reviewer_comment: string | null;
  answered_version: number | null;
}
/** A gap's columns: its own, and those of its risk acceptance (AcceptedGapRow). */
interface GapRow extends AcceptedGapRow {
  plan: string | null;
  owner: string | null;
  due_date: string | null;
  status: GapStatus;
  accepted_date: string | null;
  opened_at: string | null;
  closed_at: string | null;
}

const today = (ctx: ServiceContext) => (ctx.today ?? (() => localIsoDate()))();
export const instanceId = (dossierId: string) => `${dossierId}/${VOLUME2_TEMPLATE_ID}`;
export const answerId = (instance: string, questionId: string) => `${instance}/${questionId}`;
export const gapId = (instance: string, questionId: string) => `${instance}/${questionId}/gap`;

function invalid(field: string, message: string): WorkbenchError {
  return new WorkbenchError('validation', message, { problems: [{ field, message }] });
}

interface State {
  dossierId: string;
  reference: string;
  /** When CIS provided the questionnaire to the partner (start.questionnaire_provided_date); answers need it. */
  providedOn: string | null;
  instance: InstanceRow | null;
  template: QuestionnaireTemplate;
  answers: AnswerRow[];
  gaps: GapRow[];
  evidence: (Evidence & { answer_id: string })[];
  /** The keys this workbench trusts or knows, read when a gap is risk-accepted. */
  keys: KeyKnowledge;
}

function loadState(ctx: QuestionnaireContext, idOrRef: string): State {
  const dossier = findDossierRow(ctx.store, idOrRef);
  const instance =
    (ctx.store
      .prepare('SELECT id, template_id, template_version, created_at FROM questionnaire_instances WHERE id = ? AND deleted_at IS NULL')
      .get(instanceId(dossier.id)) as InstanceRow | undefined) ?? null;
  const template = instance ? ctx.templates.get(instance.template_id, instance.template_version) : ctx.templates.latest(VOLUME2_TEMPLATE_ID);
  const answers = instance
    ? (ctx.store
        .prepare(
          'SELECT id, question_id, response, comment, assessment, reviewer_comment, answered_version FROM questionnaire_answers WHERE instance_id = ? AND deleted_at IS NULL',
        )
        .all(instance.id) as AnswerRow[])
    : [];
  const gaps = instance
    ? (ctx.store
        .prepare(
          `SELECT id, question_id, description, likelihood, impact, plan, owner, due_date, COALESCE(status, 'open') AS status, accepted_by,
                  accepted_role, accepted_date, acceptance_justification, acceptance_conditions, acceptance_expires, accepted_at,
                  acceptance_key_id, acceptance_public_key, acceptance_signature, opened_at, closed_at
           FROM gaps WHERE instance_id = ? AND deleted_at IS NULL`,
        )
        .all(instance.id) as GapRow[])
    : [];
  const evidence = instance
    ? (ctx.store
        .prepare(
          "SELECT id, answer_id, kind, name, sha256, size, reference FROM questionnaire_evidence WHERE dossier_id = ? AND deleted_at IS NULL",
        )
        .all(dossier.id) as (Evidence & { answer_id: string })[]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    : [];
  const providedOn = (dossier[columnOf(QUESTIONNAIRE_PROVIDED)] as string | null) ?? null;
  const keys = gaps.some((g) => g.status === 'risk_accepted') ? keyKnowledge(ctx.keys?.keysDir) : { trusted: [], known: [] };
  return { dossierId: dossier.id, reference: dossier.reference, providedOn, instance, template, answers, gaps, evidence, keys };
}

function acceptanceOf(ctx: ServiceContext, state: State, row: GapRow) {
  return row.status === 'risk_accepted' ? checkAcceptance(state.dossierId, row, riskRating(state.template, row.likelihood, row.impact), state.keys, today(ctx)) : null;
}

function rollupOf(ctx: ServiceContext, state: State): Rollup {
  const gaps = state.gaps.map((g) => ({ ...g, acceptance_verified: acceptanceOf(ctx, state, g)?.verified ?? false }));
  return rollUp(state.template, state.answers, gaps, today(ctx));
}

function toAnswers(state: State): { current: Answer[]; retired: Answer[] } {
  const rows = new Map(state.answers.map((a) => [a.question_id, a]));
  const applies = applicability(state.template, state.answers);
  const sectionOf = new Map(state.template.sections.flatMap((s) => s.questions.map((q) => [q.id, s.id] as const)));
  const view = (questionId: string, row: AnswerRow | undefined): Answer => ({
    question_id: questionId,
    section_id: sectionOf.get(questionId) ?? null,
    applicable: applies.get(questionId) ?? false,
    response: row?.response ?? null,
    comment: row?.comment ?? null,
    assessment: row?.assessment ?? null,
    reviewer_comment: row?.reviewer_comment ?? null,
    evidence: row ? state.evidence.filter((e) => e.answer_id === row.id).map(({ answer_id: _a, ...e }) => e) : [],
    answered_version: row?.answered_version ?? null,
  });
  const current = allQuestions(state.template).map((q) => view(q.id, rows.get(q.id)));
  const retired = state.answers
    .filter((a) => !sectionOf.has(a.question_id) && (a.response || a.assessment || a.comment || a.reviewer_comment))
    .map((a) => view(a.question_id, a));
  return { current, retired };
}

function toGap(ctx: ServiceContext, state: State, row: GapRow): Gap {
  const question = allQuestions(state.template).find((q) => q.id === row.question_id);
  const { acceptance_public_key: _key, acceptance_signature: _signature, ...columns } = row;
  const checked = acceptanceOf(ctx, state, row);
  const { verified, ...acceptance } = checked ?? { verified: false };
  return {
    ...columns,
    acceptance_verified: verified,
    acceptance: checked ? (acceptance as RiskAcceptanceCheck) : null,
    question_text: question?.text ?? `(question ${row.question_id} is not in template version ${state.template.version})`,
    section_id: state.template.sections.find((s) => s.questions.some((q) => q.id === row.question_id))?.id ?? null,
    rating: riskRating(state.template, row.likelihood, row.impact),
    overdue: (isOpenGap(row.status) || checked?.lapse != null) && row.due_date !== null && row.due_date < today(ctx),
  };
}

export function getQuestionnaire(ctx: QuestionnaireContext, idOrRef: string): QuestionnaireView {
  const state = loadState(ctx, idOrRef);
  const { current, retired } = toAnswers(state);
  const { sections, ...meta } = state.template;
  return {
    dossier_id: state.dossierId,
    reference: state.reference,
    template: { ...meta, sections },
    instance: state.instance ? { id: state.instance.id, template_version: state.instance.template_version, created_at: state.instance.created_at } : null,
    latest_version: ctx.templates.versions(VOLUME2_TEMPLATE_ID).at(-1)!,
    provided_on: state.providedOn,
    answers: current,
    retired,
    gaps: state.gaps.map((g) => toGap(ctx, state, g)).sort((a, b) => a.question_id.localeCompare(b.question_id)),
    rollup: rollupOf(ctx, state),
  };
}

/** Creates the dossier's gap analysis on the latest template version, the first time it is used. */
function ensureInstance(ctx: QuestionnaireContext, state: State): InstanceRow {
  if (state.instance) return state.instance;
  const id = instanceId(state.dossierId);
  const created = new Date().toISOString();
  const set = (field: string, value: StoredValue): Change => ({ entity: 'questionnaire_instances', rowId: id, field, value, dossierId: state.dossierId });
  ctx.store.write(ctx.actor, [
    set('dossier_id', state.dossierId),
    set('template_id', state.template.id),
    set('template_version', state.template.version),
    set('created_at', created),
  ]);
  state.instance = { id, template_id: state.template.id, template_version: state.template.version, created_at: created };
  return state.instance;
}

function requireQuestion(state: State, questionId: string) {
  const question = allQuestions(state.template).find((q) => q.id === questionId);
  if (!question) throw invalid('question', `No question "${questionId}" in ${state.template.title} version ${state.template.version}.`);
  return question;
}

function answerChanges(state: State, instance: InstanceRow, questionId: string, fields: Record<string, StoredValue>): Change[] {
  const id = answerId(instance.id, questionId);
  const exists = state.answers.some((a) => a.question_id === questionId);
  const link: Change[] = exists
    ? []
    : [
        { entity: 'questionnaire_answers', rowId: id, field: 'instance_id', value: instance.id, dossierId: state.dossierId },
        { entity: 'questionnaire_answers', rowId: id, field: 'dossier_id', value: state.dossierId, dossierId: state.dossierId },
        { entity: 'questionnaire_answers', rowId: id, field: 'question_id', value: questionId, dossierId: state.dossierId },
      ];
  return [...link, ...Object.entries(fields).map(([field, value]) => ({ entity: 'questionnaire_answers' as const, rowId: id, field, value, dossierId: state.dossierId }))];
}

const cleanText = (text: string | null | undefined) => (text === undefined ? undefined : text === null ? null : text.normalize('NFC').trim() || null);

function answerView(ctx: QuestionnaireContext, idOrRef: string, questionId: string): { answer: Answer; state: State } {
  const state = loadState(ctx, idOrRef);
  const { current, retired } = toAnswers(state);
  return { answer: current.find((a) => a.question_id === questionId) ?? retired.find((a) => a.question_id === questionId)!, state };
}

/**
 * The process: CIS provides the questionnaire to the partner after the kick-off, so partner answers
 * and evidence exist only after that hand-off is recorded. Refused (no override) before it.
 */
function requireProvided(state: State, what: string): void {
  if (state.providedOn !== null) return;
  throw new WorkbenchError(
    'gate_blocked',
    `${what} cannot be recorded yet: the gap analysis of ${state.reference} has not been provided to the partner. CIS provides the questionnaire after the kick-off; record that hand-off first (Gap analysis tab, or \`questionnaire provide ${state.reference}\`).`,
    { reasons: ['The gap analysis has not been provided to the partner (recorded after the kick-off is done).'], blocking: ['kickoff'] },
  );
}

export function answerQuestion(ctx: QuestionnaireContext, input: OperationArgs<'questionnaire.answer'>): OperationOutput<'questionnaire.answer'> {
  ctx.store.transaction(() => {
    const state = loadState(ctx, input.id);
    const question = requireQuestion(state, input.question);
    requireProvided(state, 'Partner answers');
    if (input.response && !(applicability(state.template, state.answers).get(question.id) ?? false)) {
      const c = question.condition!;
      const when = c.in ? `is answered ${c.in.map((r) => RESPONSE_LABELS[r]).join(' or ')}` : `is not answered ${c.notIn!.map((r) => RESPONSE_LABELS[r]).join(' or ')}`;
      throw invalid('question', `Question ${question.id} does not apply: it applies when ${c.question} ${when}.`);
    }
    const fields: Record<string, StoredValue> = {};
    if (input.response !== undefined) {
      fields.response = input.response;
      fields.answered_version = input.response === null ? null : state.template.version;
    }
    const comment = cleanText(input.comment);
    if (comment !== undefined) fields.comment = comment;
    if (Object.keys(fields).length === 0) throw invalid('response', 'Nothing to record: give a response or a comment.');
    const instance = ensureInstance(ctx, state);
    ctx.store.write(ctx.actor, answerChanges(state, instance, question.id, fields));
  });
  const { answer, state } = answerView(ctx, input.id, input.question);
  return { answer, rollup: rollupOf(ctx, state) };
}

export interface AnswerItem {
  question: string;
  response?: Response | null;
  comment?: string | null;
}

/**
 * Records many partner answers in one write (a form import): one load, one transaction, no
 * roll-up per answer. Applicability is checked in question order, so an answer may rely on an
 * earlier answer given in the same batch. Returns how many field changes were written.
 */
export function answerQuestions(ctx: QuestionnaireContext, idOrRef: string, items: readonly AnswerItem[]): number {
  if (items.length === 0) return 0;
  return ctx.store.transaction(() => {
    const state = loadState(ctx, idOrRef);
    requireProvided(state, 'The partner’s questionnaire answers');
    const responses = new Map(state.answers.map((a) => [a.question_id, a.response] as [string, Response | null]));
    const byQuestion = new Map(items.map((i) => [i.question, i]));
    const problems: { field: string; message: string }[] = [];
    const updates: { questionId: string; fields: Record<string, StoredValue> }[] = [];
    for (const item of items) if (!allQuestions(state.template).some((q) => q.id === item.question)) problems.push({ field: item.question, message: `No question "${item.question}" in ${state.template.title} version ${state.template.version}.` });
    for (const question of allQuestions(state.template)) {
      const item = byQuestion.get(question.id);
      if (!item) continue;
      if (item.response !== undefined) responses.set(question.id, item.response);
      if (item.response && !isApplicable(question, responses)) {
        problems.push({ field: question.id, message: `Question ${question.id} does not apply, given the answer to ${question.condition!.question}.` });
        continue;
      }
      const fields: Record<string, StoredValue> = {};
      if (item.response !== undefined) {
        fields.response = item.response;
        fields.answered_version = item.response === null ? null : state.template.version;
      }
      const comment = cleanText(item.comment);
      if (comment !== undefined) fields.comment = comment;
      if (Object.keys(fields).length) updates.push({ questionId: question.id, fields });
    }
    if (problems.length) throw new WorkbenchError('validation', problems.map((p) => p.message).join('; '), { problems });
    if (updates.length === 0) return 0;
    const instance = ensureInstance(ctx, state);
    return ctx.store.write(ctx.actor, updates.flatMap((u) => answerChanges(state, instance, u.questionId, u.fields))).length;
  });
}

/** The gap follows the assessment: partially or not compliant opens it, compliant or N/A closes it. */
function gapChangesFor(ctx: QuestionnaireContext, state: State, instance: InstanceRow, questionId: string, assessment: Response | null): Change[] {
  if (assessment === null) return [];
  const id = gapId(instance.id, questionId);
  const existing = state.gaps.find((g) => g.question_id === questionId);
  const set = (field: string, value: StoredValue): Change => ({ entity: 'gaps', rowId: id, field, value, dossierId: state.dossierId });
  const now = today(ctx);
  if (assessment === 'partially_compliant' || assessment === 'not_compliant') {
    if (existing && existing.status !== 'remediated') return [];
    const question = requireQuestion(state, questionId);
    return [
      ...(existing ? [] : [set('instance_id', instance.id), set('dossier_id', state.dossierId), set('question_id', questionId)]),
      ...(existing?.description ? [] : [set('description', `${RESPONSE_LABELS[assessment]}: ${question.text}`)]),
      set('status', 'open'),
      set('opened_at', now),
      set('closed_at', null),
    ];
  }
  if (existing && existing.status !== 'remediated') return [set('status', 'remediated'), set('closed_at', now)];
  return [];
}

export function assessQuestion(ctx: QuestionnaireContext, input: OperationArgs<'questionnaire.assess'>): OperationOutput<'questionnaire.assess'> {
  ctx.store.transaction(() => {
    const state = loadState(ctx, input.id);
    const question = requireQuestion(state, input.question);
    const fields: Record<string, StoredValue> = {};
    if (input.assessment !== undefined) fields.assessment = input.assessment;
    const comment = cleanText(input.comment);
    if (comment !== undefined) fields.reviewer_comment = comment;
    if (Object.keys(fields).length === 0) throw invalid('assessment', 'Nothing to record: give an assessment or a comment.');
    const instance = ensureInstance(ctx, state);
    ctx.store.write(ctx.actor, [
      ...answerChanges(state, instance, question.id, fields),
      ...(input.assessment !== undefined ? gapChangesFor(ctx, state, instance, question.id, input.assessment) : []),
    ]);
  });
  const { answer, state } = answerView(ctx, input.id, input.question);
  const gap = state.gaps.find((g) => g.question_id === input.question);
  return { answer, gap: gap ? toGap(ctx, state, gap) : null, rollup: rollupOf(ctx, state) };
}

export type EvidenceInput = { reference: string } | { file: { name: string; content: Buffer } };

export function addEvidence(ctx: QuestionnaireContext, idOrRef: string, questionId: string, evidence: EvidenceInput): Answer {
  ctx.store.transaction(() => {
    const state = loadState(ctx, idOrRef);
    requireQuestion(state, questionId);
    requireProvided(state, 'Evidence');
    const instance = ensureInstance(ctx, state);
    const answer = answerId(instance.id, questionId);
    const id = newId();
    const fields: Record<string, StoredValue> =
      'reference' in evidence
        ? { kind: 'reference', name: evidence.reference, reference: evidence.reference }
        : { kind: 'file', name: evidence.file.name, ...storeAttachment(ctx.attachmentsDir, evidence.file.content) };
    const link = state.answers.some((a) => a.question_id === questionId) ? [] : answerChanges(state, instance, questionId, {});
    ctx.store.write(ctx.actor, [
      ...link,
      ...Object.entries({ answer_id: answer, dossier_id: state.dossierId, ...fields }).map(([field, value]) => ({
        entity: 'questionnaire_evidence' as const,
        rowId: id,
        field,
        value,
        dossierId: state.dossierId,
      })),
    ]);
  });
  return answerView(ctx, idOrRef, questionId).answer;
}

export function removeEvidence(ctx: QuestionnaireContext, input: OperationArgs<'questionnaire.evidence.remove'>): Answer {
  const state = loadState(ctx, input.id);
  const evidence = state.evidence.find((e) => e.id === input.evidence);
  if (!evidence) throw new WorkbenchError('not_found', `No evidence "${input.evidence}" on ${state.reference}.`);
  ctx.store.write(ctx.actor, [
    { entity: 'questionnaire_evidence', rowId: evidence.id, field: 'deleted_at', value: new Date().toISOString(), dossierId: state.dossierId },
  ]);
  const questionId = state.answers.find((a) => a.id === evidence.answer_id)!.question_id;
  return answerView(ctx, input.id, questionId).answer;
}

export function listGaps(ctx: QuestionnaireContext, idOrRef: string): Gap[] {
  return getQuestionnaire(ctx, idOrRef).gaps;
}


type GapChanges = OperationArgs<'gap.update'>['changes'];
type Problem = { field: string; message: string };
type Signer = Awaited<ReturnType<typeof loadSigner>>;

/** An update that records a (new) risk acceptance: the status set to risk_accepted, or its justification, conditions or expiry given. */
function isAcceptance(changes: GapChanges): boolean {
  return changes.status === 'risk_accepted' || changes.acceptance_justification !== undefined || changes.acceptance_conditions !== undefined || changes.acceptance_expires !== undefined;
}

/** The gap's field changes, checked; an acceptance is checked for its justification, expiry and rating (its signature comes later). */
function plannedGapChanges(ctx: QuestionnaireContext, state: State, gap: GapRow, input: GapChanges): { changes: Record<string, StoredValue>; after: GapRow } {
  const changes: Record<string, StoredValue> = {};
  for (const [field, value] of Object.entries(input)) changes[field] = typeof value === 'string' ? (cleanText(value) ?? null) : (value ?? null);
  const after = { ...gap, ...changes } as GapRow;
  const problems: Problem[] = [];
  if (changes.status === 'remediated' && gap.status !== 'remediated') {
    problems.push({ field: 'status', message: 'status: a gap is remediated when its question is reassessed compliant; reassess the question instead' });
  }
  if (isAcceptance(input)) {
    if (after.status !== 'risk_accepted') problems.push({ field: 'status', message: 'status: a justification, conditions or an expiry date are recorded when accepting the risk (status risk_accepted)' });
    if (gap.status === 'remediated' && changes.status === 'risk_accepted') problems.push({ field: 'status', message: 'status: the gap is remediated; there is no risk left to accept' });
    if (!changes.acceptance_justification) problems.push({ field: 'acceptance_justification', message: 'justification: accepting a risk needs the reasons it is acceptable' });
    const expires = changes.acceptance_expires as string | null | undefined;
    if (!expires) problems.push({ field: 'acceptance_expires', message: 'expiry: accepting a risk needs the date the acceptance ends (YYYY-MM-DD)' });
    else if (parseTypedDate(expires) !== expires) problems.push({ field: 'acceptance_expires', message: `expiry: "${expires}" is not a date (YYYY-MM-DD)` });
    else if (expires <= today(ctx)) problems.push({ field: 'acceptance_expires', message: `expiry: ${expires} is not in the future; an acceptance must end after today (${today(ctx)})` });
    if (riskRating(state.template, after.likelihood, after.impact) === null) {
      problems.push({ field: 'likelihood', message: 'likelihood and impact: rate the gap before accepting its risk (the acceptance is of that rating)' });
    }
  }
  if (problems.length) throw new WorkbenchError('validation', problems.map((p) => p.message).join('; '), { problems });
  if (after.status !== 'risk_accepted') {
    for (const column of RISK_ACCEPTANCE_COLUMNS) if (gap[column] !== null) changes[column] = null;
  }
  return { changes, after };
}

const ACCEPTOR_ROLE_LABEL = roleLabel(RISK_ACCEPTING_ROLE);

/**
 * Who accepts: the profile's person, who must hold the Health Registries manager role for a high
 * or critical risk, with their signing key (of that role). Refused otherwise, naming what is missing.
 */
async function acceptingSigner(ctx: QuestionnaireContext, rating: RiskLevel | null): Promise<{ profile: NonNullable<ReturnType<typeof getProfile>>; signer: Signer }> {
  const severe = rating === 'high' || rating === 'critical';
  const profile = getProfile(ctx.store);
  if (!profile) {
    throw new WorkbenchError(
      'forbidden',
      `Accepting a risk records who accepts it from your profile, and none is set. Set it first (\`profile set --name NAME --role ${RISK_ACCEPTING_ROLE}\`; in the app: your profile)${severe ? `; a ${rating} risk is accepted only by the ${ACCEPTOR_ROLE_LABEL}` : ''}.`,
    );
  }
  if (severe && profile.role !== RISK_ACCEPTING_ROLE) {
    throw new WorkbenchError(
      'forbidden',
      `Only the ${ACCEPTOR_ROLE_LABEL} accepts a ${rating} risk; your profile (${profile.name}) is in the role ${roleLabel(profile.role)}. Nothing changed.`,
    );
  }
  if (!ctx.keys) throw new WorkbenchError('forbidden', 'Accepting a risk is signed with your key, and this workbench has no signing keys.');
  let signer: Signer;
  try {
    signer = await loadSigner(ctx.keys);
  } catch (error) {
    if (error instanceof WorkbenchError) {
      const noKey = error.code === 'not_found';
      throw new WorkbenchError(
        error.code,
        noKey
          ? 'Accepting a risk is signed with your key, and you have no signing key yet: create one in the app under Documents → Signing key, or with `keys init` (it takes the name and role of your profile). Nothing changed.'
          : `Accepting a risk is signed with your key. ${error.message}`,
      );
    }
    throw error;
  }
  if (severe && signer.identity.role !== RISK_ACCEPTING_ROLE) {
    throw new WorkbenchError(
      'forbidden',
      `Only the ${ACCEPTOR_ROLE_LABEL} accepts a ${rating} risk; your signing key (${signer.identity.name}) is for the role ${roleLabel(signer.identity.role)}. Create a key for your role with \`keys init --force\`. Nothing changed.`,
    );
  }
  return { profile, signer };
}

/** Writes the gap's changes and, for an acceptance, the acceptor, the time and the signature over the gap as it will be. */
function writeGapChanges(ctx: QuestionnaireContext, input: OperationArgs<'gap.update'>, acceptor: { profile: NonNullable<ReturnType<typeof getProfile>>; signer: Signer } | null): Gap {
  return ctx.store.transaction(() => {
    const state = loadState(ctx, input.id);
    const gap = findGap(state, input.gap);
    const { changes, after } = plannedGapChanges(ctx, state, gap, input.changes);
    if (acceptor) {
      const { profile, signer } = acceptor;
      const acceptedAt = new Date().toISOString();
      const rating = riskRating(state.template, after.likelihood, after.impact);
      const acceptance = {
        accepted_by: profile.name,
        accepted_role: profile.role,
        accepted_date: today(ctx),
        acceptance_justification: changes.acceptance_justification as string,
        acceptance_conditions: (changes.acceptance_conditions as string | null | undefined) ?? null,
        acceptance_expires: changes.acceptance_expires as string,
        accepted_at: acceptedAt,
        acceptance_key_id: signer.identity.key_id,
        acceptance_public_key: signer.identity.public_key,
      };
      const signature = signAcceptance(signer.privateKey, {
        dossierId: state.dossierId,
        gap: after,
        rating,
        justification: acceptance.acceptance_justification,
        conditions: acceptance.acceptance_conditions ?? '',
        expires: acceptance.acceptance_expires,
        acceptedAt,
        acceptor: { keyId: signer.identity.key_id, name: profile.name, role: profile.role },
      });
      Object.assign(changes, acceptance, { acceptance_signature: signature, closed_at: today(ctx) });
    }
    ctx.store.write(
      ctx.actor,
      Object.entries(changes).map(([field, value]) => ({ entity: 'gaps' as const, rowId: gap.id, field, value, dossierId: state.dossierId })),
    );
    const fresh = loadState(ctx, input.id);
    return toGap(ctx, fresh, fresh.gaps.find((g) => g.id === gap.id)!);
  });
}

function findGap(state: State, idOrQuestion: string): GapRow {
  const gap = state.gaps.find((g) => g.id === idOrQuestion || g.question_id === idOrQuestion);
  if (!gap) throw new WorkbenchError('not_found', `No gap "${idOrQuestion}" on ${state.reference}.`);
  return gap;
}

/**
 * Rates and manages a gap. Accepting its risk (status risk_accepted with a justification and an
 * expiry) records the profile's person as the acceptor and signs the acceptance with their key;
 * input is checked before who accepts, and nothing is written when either is refused.
 */
export async function updateGap(ctx: QuestionnaireContext, input: OperationArgs<'gap.update'>): Promise<Gap> {
  if (!isAcceptance(input.changes)) return writeGapChanges(ctx, input, null);
  const state = loadState(ctx, input.id);
  const { after } = plannedGapChanges(ctx, state, findGap(state, input.gap), input.changes);
  const acceptor = await acceptingSigner(ctx, riskRating(state.template, after.likelihood, after.impact));
  return writeGapChanges(ctx, input, acceptor);
}

/**
 * Moves a dossier's gap analysis to another template version: answers to unchanged questions are
 * kept, changed questions are cleared for a new answer (the old one stays in the history), new
 * questions start unanswered, and answers to removed questions stay listed as retired.
 */
export function upgradeQuestionnaire(ctx: QuestionnaireContext, input: OperationArgs<'questionnaire.upgrade'>): OperationOutput<'questionnaire.upgrade'> {
  return ctx.store.transaction(() => {
    const state = loadState(ctx, input.id);
    const versions = ctx.templates.versions(VOLUME2_TEMPLATE_ID);
    const to = input.version ?? versions.at(-1)!;
    if (!versions.includes(to)) throw invalid('version', `There is no version ${to} of the questionnaire; versions: ${versions.join(', ')}.`);
    const instance = ensureInstance(ctx, state);
    const from = instance.template_version;
    if (to <= from) throw invalid('version', `${state.reference} is on version ${from}; it can only move to a newer version.`);
    const oldQuestions = new Map(allQuestions(ctx.templates.get(VOLUME2_TEMPLATE_ID, from)).map((q) => [q.id, q]));
    const next = ctx.templates.get(VOLUME2_TEMPLATE_ID, to);
    const result = { from, to, kept: [] as string[], reset: [] as string[], added: [] as string[], removed: [] as string[] };
    const changes: Change[] = [];
    for (const question of allQuestions(next)) {
      const before = oldQuestions.get(question.id);
      oldQuestions.delete(question.id);
      if (!before) {
        result.added.push(question.id);
        continue;
      }
      const changed = before.text !== question.text || JSON.stringify(before.condition ?? null) !== JSON.stringify(question.condition ?? null);
      if (!changed) {
        result.kept.push(question.id);
        continue;
      }
      result.reset.push(question.id);
      const row = state.answers.find((a) => a.question_id === question.id);
      if (row) {
        for (const field of ['response', 'comment', 'assessment', 'reviewer_comment', 'answered_version']) {
          changes.push({ entity: 'questionnaire_answers', rowId: row.id, field, value: null, dossierId: state.dossierId });
        }
      }
    }
    result.removed.push(...oldQuestions.keys());
    changes.push({ entity: 'questionnaire_instances', rowId: instance.id, field: 'template_version', value: to, dossierId: state.dossierId });
    ctx.store.write(ctx.actor, changes);
    return result;
  });
}

/** Why the gap analysis stops a dossier leaving Implementation or going live. */
export function questionnaireGateReasons(ctx: QuestionnaireContext, dossierId: string, stage: Stage): string[] {
  if (stage !== 'implementation' && stage !== 'deployment') return [];
  const state = loadState(ctx, dossierId);
  const rollup = rollupOf(ctx, state);
  const reasons: string[] = [];
  const numbers = questionNumbers(state.template);
  const question = (id: string) => numbers.get(id) ?? id;
  if (!rollup.complete) {
    reasons.push(
      `The Volume 2 gap analysis is not complete: ${rollup.overall.assessed} of ${rollup.overall.applicable} applicable questions assessed by the reviewer.`,
    );
  }
  for (const gap of rollup.blocking_gaps) {
    if (gap.status === 'risk_accepted') {
      const acceptance = acceptanceOf(ctx, state, state.gaps.find((g) => g.id === gap.id)!);
      reasons.push(`Gap on question ${question(gap.question_id)} is rated ${gap.rating} and open again: ${acceptance?.summary ?? 'its risk acceptance does not hold'}`);
      continue;
    }
    reasons.push(`Gap on question ${question(gap.question_id)} is rated ${gap.rating} and is ${GAP_STATUSES.includes(gap.status) ? gap.status.replace('_', ' ') : gap.status}.`);
  }
  for (const gap of state.gaps) {
    if (isOpenGap(gap.status) && riskRating(state.template, gap.likelihood, gap.impact) === null) {
      reasons.push(`Gap on question ${question(gap.question_id)} has no risk rating yet (likelihood and impact).`);
    }
  }
  return reasons;
}

/** Partners carrying open high or critical gaps, for the dashboard. */
export function partnersAtRisk(ctx: QuestionnaireContext): { dossier_id: string; reference: string; organization: string | null; high: number; critical: number }[] {
  const rows = ctx.store
    .prepare(
      `SELECT g.*, d.reference, d.organization__legal_name AS organization, i.template_id, i.template_version
       FROM gaps g JOIN questionnaire_instances i ON i.id = g.instance_id JOIN dossiers d ON d.id = g.dossier_id
       WHERE g.status IN ('open', 'in_progress', 'risk_accepted') AND g.likelihood IS NOT NULL AND g.impact IS NOT NULL AND g.deleted_at IS NULL AND d.deleted_at IS NULL`,
    )
    .all() as (GapRow & { dossier_id: string; reference: string; organization: string | null; template_id: string; template_version: number; likelihood: number; impact: number })[];
  const byDossier = new Map<string, { dossier_id: string; reference: string; organization: string | null; high: number; critical: number }>();
  const keys = rows.some((r) => r.status === 'risk_accepted') ? keyKnowledge(ctx.keys?.keysDir) : { trusted: [], known: [] };
  for (const row of rows) {
    const rating = riskRating(ctx.templates.get(row.template_id, row.template_version), row.likelihood, row.impact);
    if (rating !== 'high' && rating !== 'critical') continue;
    // An acceptance that lapsed (expired, changed since signed) puts the gap back among the open ones.
    if (row.status === 'risk_accepted' && checkAcceptance(row.dossier_id, row, rating, keys, today(ctx)).lapse === null) continue;
    const entry = byDossier.get(row.dossier_id) ?? { dossier_id: row.dossier_id, reference: row.reference, organization: row.organization, high: 0, critical: 0 };
    entry[rating]++;
    byDossier.set(row.dossier_id, entry);
  }
  return [...byDossier.values()].sort((a, b) => b.critical - a.critical || b.high - a.high || a.reference.localeCompare(b.reference));
}

