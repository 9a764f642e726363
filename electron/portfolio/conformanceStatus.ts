/**
 * Conformance status across the portfolio: where each dossier not yet live stands in conformance
 * testing — its latest round, the required cases passed, failures, open defects and the CIS
 * decision on that round (a decision a later result change invalidated does not count).
 */
import { APPROVAL_DECISION_LABELS, isDefectOpen, type ApprovalDecision, type ConformanceView } from '../../shared/conformance/model';
import { FINAL_STAGE } from '../../shared/workflow/definition';
import type { Store } from '../store/index';

const STATES = ['testing', 'awaiting_review', 'approval_void', 'approved', 'approved_with_conditions', 'rejected'] as const;
type ConformanceState = (typeof STATES)[number];

const STATE_LABELS: Record<ConformanceState, string> = {
  testing: 'Testing',
  awaiting_review: 'Awaiting CIS review',
  approval_void: 'Approval no longer stands',
  ...APPROVAL_DECISION_LABELS,
};
const STATE_TONES: Record<ConformanceState, string> = {
  testing: 'neutral',
  awaiting_review: 'warning',
  approval_void: 'danger',
  approved: 'ok',
  approved_with_conditions: 'ok',
  rejected: 'danger',
};
/** Those needing attention first. */
const ATTENTION: readonly ConformanceState[] = ['rejected', 'approval_void', 'awaiting_review', 'testing', 'approved_with_conditions', 'approved'];

function latestRound(view: ConformanceView) {
  const round = view.rounds.at(-1)!;
  const approval = view.approvals.filter((a) => a.round_id === round.id).sort((a, b) => b.signed_at.localeCompare(a.signed_at))[0];
  const state: ConformanceState = approval ? (approval.stands ? (approval.decision satisfies ApprovalDecision) : 'approval_void') : round.ended_on ? 'awaiting_review' : 'testing';
  const status = new Map(round.results.map((r) => [r.case_id, r.status]));
  const required = view.plan.filter((c) => c.scope === 'in_scope' && c.required);
  return {
    reference: view.reference,
    round: round.number,
    required_passed: `${required.filter((c) => status.get(c.case_id) === 'passed').length} of ${required.length}`,
    failed: round.results.filter((r) => r.status === 'failed').length,
    open_defects: view.defects.filter((d) => isDefectOpen(d.status)).length,
    state,
  };
}

/** Null where no conformance records can be read (a context without the conformance capability). */
export function conformanceStatus(ctx: { store: Store; readConformance?: ((dossierId: string) => ConformanceView) | undefined }, listLimit: number) {
  const read = ctx.readConformance;
  if (!read) return null;
  const dossiers = ctx.store
    .prepare(
      `SELECT d.id, COUNT(r.id) AS rounds, d.organization__legal_name AS organization FROM dossiers d
       LEFT JOIN conformance_rounds r ON r.dossier_id = d.id AND r.deleted_at IS NULL
       WHERE d.deleted_at IS NULL AND COALESCE(d.status__phase, 'intake') <> ? GROUP BY d.id`,
    )
    .all(FINAL_STAGE) as { id: string; rounds: number; organization: string | null }[];
  const tested = dossiers.filter((d) => d.rounds > 0).map((d) => ({ organization: d.organization, ...latestRound(read(d.id)) }));
  tested.sort((a, b) => ATTENTION.indexOf(a.state) - ATTENTION.indexOf(b.state) || b.open_defects - a.open_defects || a.reference.localeCompare(b.reference));
  return {
    chart: [
      { label: 'Not started', n: dossiers.length - tested.length, tone: 'neutral' },
      ...STATES.map((s) => ({ label: STATE_LABELS[s], n: tested.filter((t) => t.state === s).length, tone: STATE_TONES[s] })),
    ],
    count: tested.length,
    shown: tested.slice(0, listLimit).map((t) => ({ ...t, status: STATE_LABELS[t.state] })),
    more: Math.max(0, tested.length - listLimit),
  };
}
