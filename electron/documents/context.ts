/**
 * The data a document template is rendered with, built from the engine's services: the dossier,
 * its gap analysis and its deployment plan. Every name a template may use is present (null when
 * there is no value), because templates render in strict mode. The names are listed for template
 * editors in templates/documents/README.md — keep the two in step.
 */
import type { Activity, Dossier } from '../../shared/api/types';
import type { Gap, QuestionnaireView } from '../../shared/api/questionnaireTypes';
import { localIsoDate } from '../../shared/dates';
import { findField } from '../../shared/dossier/fields';
import type { FieldValue } from '../../shared/dossier/values';
import { GAP_STATUS_LABELS, isOpenGap } from '../../shared/questionnaire/rollup';
import { RESPONSE_LABELS, RISK_LEVELS } from '../../shared/questionnaire/template';
import { PCR_TRANSACTIONS, HCIM_ENVIRONMENTS } from '../../shared/reference';
import { ACTIVITY_STATUS_LABELS, PHASES, PHASE_KEYS, phaseLabel, type Stage } from '../../shared/workflow/definition';
import { CONTACT_ROLES, PARTICIPANT_ROLES, roleLabel, type ParticipantRole } from '../../shared/workflow/roles';
import { getDossier } from '../dossiers/index';
import { APP_VERSION } from '../engine/version';
import { getQuestionnaire, type QuestionnaireContext } from '../questionnaire/index';
import type { PlanForDocuments } from './planSource';
import { getProfile } from '../profile/index';
import { APPROVAL_DECISION_LABELS, RESULT_STATUS_LABELS, type ConformanceView, type ResultStatus } from '../../shared/conformance/model';
import { STANDARD_LABELS } from '../../shared/conformance/catalogue';
import { approvalOf, gateRound } from '../../shared/conformance/gate';

const DEFECT_STATUS_LABELS = { open: 'Open', fixed: 'Fixed (not verified)', verified: 'Verified', wont_fix: "Won't fix" } as const;
import { PACKAGE_APPROVERS } from '../../shared/workflow/approvals';

/** An approver whose signature block the approval package carries. */
export interface Approver {
  role: string;
  name: string | null;
}

/** A recorded approval, filled into the approver's signature block. */
export interface ApprovalSignature {
  role: string;
  name: string;
  /** approved | approved_with_conditions | rejected (or a label as it should be printed). */
  decision: string;
  /** When it was signed: YYYY-MM-DD or an ISO date-time. */
  date: string;
  comment?: string | null;
}

export interface DocumentDataOptions {
  /** The deployment plan to print; null prints "no plan yet". Read from the dossier when left out. */
  plan?: PlanForDocuments | null;
  /** Who signs the approval package; by default the dossier's approvers (see defaultApprovers). */
  approvers?: Approver[];
  signatures?: ApprovalSignature[];
  /** The approval package version the document goes into. */
  packageVersion?: number | null;
  /** When the document is generated (default: now). */
  now?: Date;
}

/** Reads a dossier's deployment plan; set by the engine when the deployment-plan capability is there. */
export type PlanReader = (dossierId: string) => PlanForDocuments | null;

export interface DocumentServices extends QuestionnaireContext {
  readDeploymentPlan?: PlanReader;
  readConformance?: ConformanceReader;
}

export const DECISION_LABELS: Record<string, string> = {
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  rejected: 'Rejected',
};

/** The roles that approve a PCR integration, in the order their blocks appear. */
export const APPROVER_ROLES: readonly ParticipantRole[] = PACKAGE_APPROVERS.map((a) => a.role);

const text = (value: FieldValue | undefined): string | null => (value === null || value === undefined || value === '' ? null : String(value));

function optionLabel(path: string, value: FieldValue | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return findField(path)?.options?.find((o) => o.value === value)?.label ?? String(value);
}

function approverRoleLabel(role: string): string {
  return role === 'connected_partner' || PARTICIPANT_ROLES.some((r) => r.key === role) ? roleLabel(role as ParticipantRole) : role;
}

/** The approvers of a dossier: its assigned leads for the Ministry, CIS and CGI, and the partner's sponsor. */
export function defaultApprovers(dossier: Dossier): Approver[] {
  return APPROVER_ROLES.map((role) => ({
    role,
    name: role === 'connected_partner' ? text(dossier.fields['contacts.sponsor.name']) : text(dossier.fields[`leads.${role}`]),
  }));
}

function activityData(a: Activity) {
  return {
    key: a.key,
    label: a.label,
    owner: roleLabel(a.owner_role as ParticipantRole),
    assignee: a.assignee,
    status: a.status,
    status_label: ACTIVITY_STATUS_LABELS[a.status],
    required: a.required,
    due_date: a.due_date,
    completed_date: a.completed_date,
    notes: a.notes,
    overdue: a.overdue,
  };
}

function phasesData(dossier: Dossier, stage: Stage) {
  const current = stage === 'live' ? PHASE_KEYS.length : PHASE_KEYS.indexOf(stage);
  return PHASES.map((phase, i) => ({
    key: phase.key,
    label: phase.label,
    purpose: phase.purpose,
    current: i === current,
    status_label: i < current ? 'Complete' : i === current ? 'Current phase' : 'Not started',
    activities: dossier.activities.filter((a) => a.phase === phase.key).map(activityData),
  }));
}

/** Reads a dossier's conformance records; set by the engine when the conformance capability is there. */
export type ConformanceReader = (dossierId: string) => ConformanceView;

const ENVIRONMENT_NAMES = new Map(HCIM_ENVIRONMENTS.map((e) => [e.key, e.name]));

/**
 * Conformance testing as its records say: the round the gate looks at (the latest in the
 * conformance environment, else the latest), results by transaction, defects, evidence and the
 * CIS approval with its signer — never the activity's status.
 */
function conformanceData(dossier: Dossier, view: ConformanceView | null) {
  const round = view ? (gateRound(view.rounds) ?? view.rounds.at(-1) ?? null) : null;
  const plan = view?.plan ?? [];
  const statusOf = new Map(round?.results.map((r) => [r.case_id, r.status]) ?? []);
  const inScope = plan.filter((c) => c.scope === 'in_scope');
  const transactionKeys = [...new Set(inScope.map((c) => c.transaction))];
  const byTransaction = transactionKeys.map((key) => {
    const cases = inScope.filter((c) => c.transaction === key);
    const count = (status: ResultStatus) => cases.filter((c) => (statusOf.get(c.case_id) ?? 'not_run') === status).length;
    const required = cases.filter((c) => c.required);
    const requiredPassed = required.filter((c) => statusOf.get(c.case_id) === 'passed').length;
    const failed = count('failed');
    return {
      key,
      name: cases[0]!.transaction_name,
      cases: cases.length,
      required: required.length,
      required_passed: requiredPassed,
      passed: count('passed'),
      failed,
      blocked: count('blocked'),
      skipped: count('skipped'),
      not_run: count('not_run'),
      result_label: !round ? 'Not tested' : failed > 0 ? 'Failed' : requiredPassed === required.length ? 'Passed' : 'Incomplete',
    };
  });
  const approval = view && round ? approvalOf(view.approvals, round.id) : undefined;
  const approvalView = approval
    ? {
        decision: approval.decision,
        decision_label: APPROVAL_DECISION_LABELS[approval.decision],
        signer: approval.signer.name,
        role_label: roleLabel(approval.signer.role as ParticipantRole),
        key_id: approval.signer.key_id,
        date: approval.signed_at.slice(0, 10),
        comment: approval.comment || null,
        stands: approval.stands,
        status_label:
          approval.status === 'valid'
            ? 'Signature valid; the round is as approved'
            : approval.status === 'changed'
              ? `No longer stands: ${approval.detail}`
              : approval.status === 'unknown_signer'
                ? `Signer not trusted on this device: ${approval.detail}`
                : `Signature not valid: ${approval.detail}`,
        summary_sha256: approval.summary_sha256,
      }
    : null;
  const requiredTotal = inScope.filter((c) => c.required).length;
  const requiredPassed = inScope.filter((c) => c.required && statusOf.get(c.case_id) === 'passed').length;
  const result = !round
    ? 'Not yet tested: no conformance round recorded'
    : `Round ${round.number} in ${round.environment}: ${requiredPassed} of ${requiredTotal} required cases passed` +
      (approvalView ? `; ${approvalView.decision_label.toLowerCase()} by ${approvalView.signer} (${approvalView.role_label}) on ${approvalView.date}${approvalView.stands || approvalView.decision === 'rejected' ? '' : ' — the approval no longer stands'}` : '; no CIS interface approval yet');
  const titles = new Map(plan.map((c) => [c.case_id, c]));
  const roundNumber = new Map(view?.rounds.map((r) => [r.id, r.number]) ?? []);
  return {
    recorded: round !== null,
    passed: view?.gate.ok ?? false,
    result,
    catalogue: view ? { title: view.catalogue.title, version: view.catalogue.version } : null,
    standards: (view?.standards ?? []).map((s) => STANDARD_LABELS[s]).join(', ') || null,
    round: round
      ? {
          number: round.number,
          environment: round.environment,
          environment_name: ENVIRONMENT_NAMES.get(round.environment) ?? round.environment,
          started_on: round.started_on,
          ended_on: round.ended_on,
          partner_tester: round.partner_tester,
          cis_reviewer: round.cis_reviewer,
        }
      : null,
    required_total: requiredTotal,
    required_passed: requiredPassed,
    by_transaction: byTransaction,
    scope: plan.map((c) => ({
      case_id: c.case_id,
      title: c.title,
      transaction: c.transaction_name,
      required: c.required,
      scope_label: c.scope === 'in_scope' ? 'In scope' : c.scope === 'retired' ? 'Retired' : 'Not applicable',
      reason: c.reason,
    })),
    results: (round?.results ?? []).map((r) => ({
      case_id: r.case_id,
      title: titles.get(r.case_id)?.title ?? r.case_id,
      transaction: titles.get(r.case_id)?.transaction_name ?? '',
      status_label: RESULT_STATUS_LABELS[r.status] + (r.carried_from ? ` (round ${roundNumber.get(r.carried_from) ?? '?'})` : ''),
      actual: r.actual,
      reason: r.reason,
      evidence_count: r.evidence.length,
    })),
    rounds: (view?.rounds ?? []).map((r) => ({
      number: r.number,
      environment: r.environment,
      started_on: r.started_on,
      ended_on: r.ended_on,
      partner_tester: r.partner_tester,
      cis_reviewer: r.cis_reviewer,
      ...r.counts,
    })),
    defects: (view?.defects ?? []).map((d) => ({
      label: d.label,
      case_id: d.case_id,
      severity: d.severity,
      severity_label: d.severity[0]!.toUpperCase() + d.severity.slice(1),
      status_label: DEFECT_STATUS_LABELS[d.status],
      description: d.description,
      found_round: d.found_round_id ? (roundNumber.get(d.found_round_id) ?? null) : null,
      verified_round: d.verified_round_id ? (roundNumber.get(d.verified_round_id) ?? null) : null,
    })),
    evidence: (view?.rounds ?? []).flatMap((r) =>
      r.results.flatMap((res) =>
        res.evidence.map((e) => ({ round: r.number, case_id: res.case_id, name: e.name, sha256: e.sha256 ?? e.reference ?? '', size: e.size, source: e.source === 'import' ? 'Imported report' : 'Attached' })),
      ),
    ),
    approval: approvalView,
    gate_reasons: view?.gate.reasons ?? [],
    target_date: text(dossier.fields['targets.conformance_date']),
  };
}

const RISK_ORDER = [...RISK_LEVELS].reverse();
const ratingLabel = (rating: Gap['rating']) => (rating ? rating[0]!.toUpperCase() + rating.slice(1) : 'Unrated');

/** Evidence as a reader can find it: the file's name with the start of its SHA-256, or the reference given. */
function evidenceData(answer: QuestionnaireView['answers'][number] | undefined) {
  return (answer?.evidence ?? []).map((e) => ({
    name: e.name ?? e.reference ?? 'Evidence',
    sha256_prefix: e.sha256 ? e.sha256.slice(0, 12) : null,
    reference: e.kind === 'reference' ? (e.reference ?? null) : null,
  }));
}

type AnswerView = QuestionnaireView['answers'][number];

function gapData(gap: Gap, sectionTitles: Map<string, string>, answer: AnswerView | undefined, evidenceExpected: boolean) {
  const evidence = evidenceData(answer);
  return {
    question_id: gap.question_id,
    question: gap.question_text,
    section: gap.section_id ? (sectionTitles.get(gap.section_id) ?? gap.section_id) : null,
    description: gap.description,
    /** What the reviewer found: the gap's description, else the reviewer's assessment comment. */
    finding: gap.description ?? answer?.reviewer_comment ?? null,
    reviewer_comment: answer?.reviewer_comment ?? null,
    response_label: answer?.response ? RESPONSE_LABELS[answer.response] : null,
    partner_comment: answer?.comment ?? null,
    assessment_label: answer?.assessment ? RESPONSE_LABELS[answer.assessment] : null,
    evidence,
    evidence_expected: evidenceExpected,
    evidence_missing: evidenceExpected && evidence.length === 0,
    likelihood: gap.likelihood,
    impact: gap.impact,
    rating: gap.rating,
    rating_label: ratingLabel(gap.rating),
    plan: gap.plan,
    owner: gap.owner,
    due_date: gap.due_date,
    overdue: gap.overdue,
    status: gap.status,
    status_label: gap.acceptance?.lapse ? (gap.acceptance.lapse === 'expired' ? 'Open (risk acceptance expired)' : 'Open (risk acceptance does not hold)') : GAP_STATUS_LABELS[gap.status],
    open: countsOpen(gap),
    accepted_by: gap.accepted_by,
    accepted_role: gap.accepted_role ? approverRoleLabel(gap.accepted_role) : null,
    accepted_date: gap.accepted_date,
    acceptance: acceptanceData(gap),
  };
}

/** A risk acceptance as the documents print it: what was accepted, and whether it still holds (signature, trust, expiry). */
function acceptanceData(gap: Gap) {
  const check = gap.acceptance;
  return {
    justification: gap.acceptance_justification,
    conditions: gap.acceptance_conditions,
    expires: gap.acceptance_expires,
    expired: check?.lapse === 'expired',
    /** The acceptance no longer holds: the gap counts as open again. */
    lapsed: check !== null && check.lapse !== null,
    signed: Boolean(gap.acceptance_key_id),
    verifies: check?.signature === 'verifies',
    key_trusted: check?.key === 'trusted',
    key_fingerprint: gap.acceptance_key_id ? (gap.acceptance_key_id.match(/.{1,4}/g) ?? []).join(' ') : null,
  };
}

/** A gap counts as open when its status says so or its risk acceptance no longer holds (expired, changed since signed). */
const countsOpen = (gap: Gap) => isOpenGap(gap.status) || (gap.acceptance !== null && gap.acceptance.lapse !== null);

function bySeverity(a: Gap, b: Gap): number {
  const rank = (g: Gap) => (g.rating ? RISK_ORDER.indexOf(g.rating) : RISK_ORDER.length);
  return rank(a) - rank(b) || (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') || a.question_id.localeCompare(b.question_id);
}

function gapAnalysisData(q: QuestionnaireView) {
  const sectionTitles = new Map(q.template.sections.map((s) => [s.id, s.title]));
  const tally = (t: QuestionnaireView['rollup']['overall']) => ({
    applicable: t.applicable,
    answered: t.answered,
    assessed: t.assessed,
    compliant: t.compliant,
    partially_compliant: t.partially_compliant,
    not_compliant: t.not_compliant,
    not_applicable: t.not_applicable,
    score: t.score,
  });
  const gaps = [...q.gaps].sort(bySeverity);
  const risk = q.rollup.open_gaps_by_risk;
  const answers = new Map(q.answers.map((a) => [a.question_id, a]));
  const expected = new Map(q.template.sections.flatMap((s) => s.questions.map((question) => [question.id, question.evidenceExpected] as const)));
  // Questions are numbered for readers by section and position ("2.3"), not by their internal ids.
  const numbers = new Map(q.template.sections.flatMap((s, si) => s.questions.map((question, qi) => [question.id, `${si + 1}.${qi + 1}`] as const)));
  const view = (g: Gap) => ({ number: numbers.get(g.question_id) ?? '—', ...gapData(g, sectionTitles, answers.get(g.question_id), expected.get(g.question_id) ?? false) });
  const applicableQuestions = q.template.sections.flatMap((s) => s.questions).filter((question) => answers.get(question.id)?.applicable ?? true);
  const lackingEvidence = applicableQuestions.filter((question) => question.evidenceExpected && (answers.get(question.id)?.evidence.length ?? 0) === 0);
  return {
    started: q.instance !== null,
    title: q.template.title,
    version: q.instance?.template_version ?? q.template.version,
    complete: q.rollup.complete,
    overall: tally(q.rollup.overall),
    sections: q.rollup.sections.map((s) => ({ id: s.id, title: s.title, ...tally(s) })),
    open_gaps: { ...risk, total: RISK_LEVELS.reduce((n, r) => n + risk[r], risk.unrated) },
    gaps_by_status: q.rollup.gaps_by_status,
    overdue_remediations: q.rollup.overdue_remediations,
    blocking_gaps: q.rollup.blocking_gaps.length,
    gaps: gaps.map(view),
    open_risks: gaps.filter(countsOpen).map(view),
    risk_acceptances: gaps.filter((g) => g.status === 'risk_accepted').map(view),
    evidence: {
      expected: applicableQuestions.filter((question) => question.evidenceExpected).length,
      lacking: lackingEvidence.length,
    },
    questions: q.template.sections.map((section) => ({
      title: section.title,
      items: section.questions.map((question) => {
        const a = answers.get(question.id);
        return {
          id: question.id,
          number: numbers.get(question.id)!,
          text: question.text,
          applicable: a?.applicable ?? true,
          response: a?.response ? RESPONSE_LABELS[a.response] : null,
          partner_comment: a?.comment ?? null,
          assessment: a?.assessment ? RESPONSE_LABELS[a.assessment] : null,
          reviewer_comment: a?.reviewer_comment ?? null,
          evidence: evidenceData(a),
          evidence_count: a?.evidence.length ?? 0,
          evidence_missing: question.evidenceExpected && (a?.applicable ?? true) && (a?.evidence.length ?? 0) === 0,
        };
      }),
    })),
  };
}

function planData(plan: PlanForDocuments | null) {
  if (!plan || !plan.started) return { started: false as const };
  const letters = (area: PlanForDocuments['raci']['areas'][number], letter: string) =>
    plan.raci.roles.filter((r) => area.assignments[r.key] === letter).map((r) => r.short_label).join(', ') || null;
  return {
    started: true as const,
    template_version: plan.template_version,
    scope: plan.scope,
    environments: plan.environments.filter((e) => e.needed || e.status_label !== 'Not ready'),
    steps: plan.steps.map((s, i) => ({ ...s, number: i + 1 })),
    checklist: plan.checklist,
    communications: plan.communications,
    raci: plan.raci.areas.map((area) => ({
      area: area.title,
      responsible: letters(area, 'R'),
      accountable: letters(area, 'A'),
      consulted: letters(area, 'C'),
      informed: letters(area, 'I'),
    })),
    roles: plan.raci.roles,
    escalation: plan.escalation,
    support: plan.support,
    rollback: plan.rollback,
    summary: plan.summary,
  };
}

function approvalsData(approvers: Approver[], signatures: ApprovalSignature[]) {
  const unused = [...signatures];
  const take = (approver: Approver) => {
    const i = unused.findIndex((s) => s.role === approver.role && (approver.name === null || s.name === approver.name));
    const j = i >= 0 ? i : unused.findIndex((s) => s.role === approver.role);
    return j >= 0 ? unused.splice(j, 1)[0]! : null;
  };
  const block = (role: string, name: string | null, signature: ApprovalSignature | null) => ({
    role: approverRoleLabel(role),
    name: signature?.name ?? name,
    decision: signature ? (DECISION_LABELS[signature.decision] ?? signature.decision) : null,
    date: signature?.date.slice(0, 10) ?? null,
    comment: signature?.comment ?? null,
    signed: signature !== null,
  });
  const blocks = approvers.map((a) => block(a.role, a.name, take(a)));
  return [...blocks, ...unused.map((s) => block(s.role, s.name, s))];
}

/** The preparer's role and organization from the profile, when the actor is the profile's person. */
function preparedByRole(ctx: DocumentServices): string | null {
  const profile = getProfile(ctx.store);
  if (!profile || profile.name !== ctx.actor) return null;
  return [roleLabel(profile.role), profile.organization].filter(Boolean).join(', ');
}

export function buildDocumentData(ctx: DocumentServices, idOrRef: string, options: DocumentDataOptions = {}) {
  const dossier = getDossier(ctx, idOrRef);
  const f = dossier.fields;
  const stage = (f['status.phase'] as Stage | null) ?? 'intake';
  const now = options.now ?? new Date();
  const plan = options.plan !== undefined ? options.plan : (ctx.readDeploymentPlan?.(dossier.id) ?? null);
  const address = ['organization.address.street', 'organization.address.city', 'organization.address.province', 'organization.address.postal_code']
    .map((p) => text(f[p]))
    .filter((v): v is string => v !== null);
  const transactionKeys = new Set((f['integration.transactions'] as string[] | null) ?? []);
  const environmentKeys = new Set((f['integration.environments'] as string[] | null) ?? []);
  const signatures = options.signatures ?? [];

  return {
    generated: {
      date: localIsoDate(now),
      date_time: `${localIsoDate(now)}T${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`,
      by: ctx.actor,
      /** "MoH Health Registries manager, Ministry of Health" when the profile says so; null without a profile. */
      by_role: preparedByRole(ctx),
      app_version: APP_VERSION,
    },
    package: { version: options.packageVersion ?? null },
    dossier: {
      id: dossier.id,
      reference: dossier.reference,
      phase: stage,
      phase_label: phaseLabel(stage),
      rag: text(f['status.rag']),
      rag_label: optionLabel('status.rag', f['status.rag']),
      summary: text(f['status.summary']),
      created: dossier.created_at.slice(0, 10),
      updated: dossier.updated_at.slice(0, 10),
    },
    partner: {
      legal_name: text(f['organization.legal_name']),
      type: optionLabel('organization.type', f['organization.type']),
      address: address.length ? address.join(', ') : null,
      city: text(f['organization.address.city']),
      contacts: CONTACT_ROLES.map((r) => ({
        role: r.label,
        name: text(f[`contacts.${r.key}.name`]),
        title: text(f[`contacts.${r.key}.title`]),
        email: text(f[`contacts.${r.key}.email`]),
        phone: text(f[`contacts.${r.key}.phone`]),
      })).filter((c) => c.name || c.email || c.phone),
    },
    application: {
      name: text(f['application.name']),
      vendor: text(f['application.vendor']),
      version: text(f['application.version']),
      hosting: optionLabel('application.hosting', f['application.hosting']),
    },
    integration: {
      standard: optionLabel('integration.standard', f['integration.standard']),
      type: optionLabel('integration.type', f['integration.type']),
      development_required: f['flags.integration_development_required'] === true,
      dq_required: f['flags.dq_process_required'] === true,
      transactions: PCR_TRANSACTIONS.filter((t) => transactionKeys.has(t.key)).map((t) => ({
        name: t.name,
        hl7v3: t.hl7v3,
        fhir: t.fhir,
        updates_pcr: t.updatesPcr,
      })),
      environments: HCIM_ENVIRONMENTS.filter((e) => environmentKeys.has(e.key)).map((e) => ({ key: e.key, name: e.name })),
    },
    volumes: {
      daily_transactions: f['volumes.daily_transactions'] ?? null,
      peak_per_hour: f['volumes.peak_per_hour'] ?? null,
      users: f['volumes.users'] ?? null,
    },
    leads: PARTICIPANT_ROLES.map((r) => ({ role: r.label, name: text(f[`leads.${r.key}`]) })).filter((l) => l.name),
    targets: {
      kickoff_date: text(f['targets.kickoff_date']),
      conformance_date: text(f['targets.conformance_date']),
      go_live_date: text(f['targets.go_live_date']),
    },
    phases: phasesData(dossier, stage),
    /** Files kept on the activities (partials/activity-records.md). */
    records: dossier.activities.flatMap((a) =>
      a.attachments.map((f) => ({ activity: a.label, kind: f.kind_label, name: f.name, sha256: f.sha256, sha256_short: `${f.sha256.slice(0, 16)}…`, size: f.size })),
    ),
    // Readers get the reason, not the field's internal path ("Go-live date is missing (targets.go_live_date)." loses the path).
    gate: { ok: dossier.gate.ok, next: dossier.gate.next ? phaseLabel(dossier.gate.next) : null, reasons: dossier.gate.reasons.map((r) => r.replace(/ \([a-z_]+(?:\.[a-z0-9_]+)+\)/g, '')) },
    conformance: conformanceData(dossier, ctx.readConformance?.(dossier.id) ?? null),
    gap_analysis: gapAnalysisData(getQuestionnaire(ctx, dossier.id)),
    plan: planData(plan),
    /** What the started plan says that the dossier no longer agrees with (partials/plan-drift.md). */
    drift: plan?.started ? (plan.drift ?? []).map((d) => d.message) : [],
    approvals: approvalsData(options.approvers ?? defaultApprovers(dossier), signatures),
  };
}

export type DocumentData = ReturnType<typeof buildDocumentData>;
