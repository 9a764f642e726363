/**
 * What conformance testing must show before its activity is done and before go-live: in the
 * latest round run in the conformance environment every in-scope required case passed, no
 * critical or major defect is open, and a CIS approval of that round stands. Every unmet reason.
 */
import { CONFORMANCE_ENVIRONMENT, RESULT_STATUS_LABELS, isDefectOpen, type Approval, type ConformanceRound, type Defect, type PlanCase } from './model';

export interface ConformanceGateInput {
  plan: readonly PlanCase[];
  rounds: readonly ConformanceRound[];
  defects: readonly Defect[];
  approvals: readonly Approval[];
}

/** The latest round run in the conformance environment, the one the gate and CIS look at. */
export function gateRound(rounds: readonly ConformanceRound[]): ConformanceRound | undefined {
  return rounds.filter((r) => r.environment === CONFORMANCE_ENVIRONMENT).sort((a, b) => b.number - a.number)[0];
}

/** The approval that decides for a round: the latest one recorded on it. */
export function approvalOf(approvals: readonly Approval[], roundId: string): Approval | undefined {
  return approvals.filter((a) => a.round_id === roundId).sort((a, b) => (a.signed_at < b.signed_at ? 1 : -1))[0];
}

export function conformanceTestingReasons({ plan, rounds, defects }: ConformanceGateInput): string[] {
  const reasons: string[] = [];
  const required = plan.filter((c) => c.scope === 'in_scope' && c.required);
  if (required.length === 0) reasons.push('The conformance test plan has no required case: set the integration standard and the PCR transactions of the dossier.');
  const round = gateRound(rounds);
  if (!round) {
    reasons.push(`No conformance test round has been run in ${CONFORMANCE_ENVIRONMENT} (the conformance environment).`);
  } else {
    const results = new Map(round.results.map((r) => [r.case_id, r.status]));
    for (const c of required) {
      const status = results.get(c.case_id) ?? 'not_run';
      if (status !== 'passed') reasons.push(`${c.case_id} ${c.title} is ${RESULT_STATUS_LABELS[status].toLowerCase()} in round ${round.number}; every required case must pass.`);
    }
  }
  for (const d of defects) {
    if ((d.severity === 'critical' || d.severity === 'major') && isDefectOpen(d.status)) {
      reasons.push(`Defect ${d.label} (${d.severity}, ${d.case_id}) is ${d.status === 'fixed' ? 'fixed but not verified' : 'open'}: ${d.description}`);
    }
  }
  return reasons;
}

/** Why the CIS interface approval does not stand for the round the gate looks at; empty when it does. */
export function approvalReasons({ rounds, approvals }: ConformanceGateInput): string[] {
  const round = gateRound(rounds);
  if (!round) return ['No CIS interface approval: no conformance round has been run yet.'];
  const approval = approvalOf(approvals, round.id);
  if (!approval) return [`No CIS interface approval of round ${round.number} is recorded.`];
  if (approval.decision === 'rejected') return [`CIS rejected round ${round.number}${approval.comment ? `: ${approval.comment}` : ''}.`];
  if (!approval.stands) return [`The CIS approval of round ${round.number} no longer stands: ${approval.detail ?? approval.status}.`];
  return [];
}

/** Reasons `conformance_testing` cannot be done. */
export function conformanceDoneReasons(input: ConformanceGateInput): string[] {
  return [...conformanceTestingReasons(input), ...approvalReasons(input)];
}

/** Reasons go-live cannot happen: the interface approval must stand. */
export function goLiveReasons(input: ConformanceGateInput): string[] {
  return approvalReasons(input);
}
