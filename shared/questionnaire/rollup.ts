/** Roll-up of a gap analysis: completion and compliance by section, gaps by risk and status. */
import { RISK_LEVELS, type QuestionnaireTemplate, type Response, type RiskLevel, isApplicable, riskRating } from './template';
import { RISK_ACCEPTOR_ROLE } from '../workflow/approvals';

export const GAP_STATUSES = ['open', 'in_progress', 'remediated', 'risk_accepted'] as const;

/** The columns of a gap that hold its risk acceptance: synced, and cleared together when a gap stops being risk-accepted. */
export const RISK_ACCEPTANCE_COLUMNS = [
  'accepted_by',
  'accepted_role',
  'accepted_date',
  'acceptance_justification',
  'acceptance_conditions',
  'acceptance_expires',
  'accepted_at',
  'acceptance_key_id',
  'acceptance_public_key',
  'acceptance_signature',
] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];
export const GAP_STATUS_LABELS: Record<GapStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  remediated: 'Remediated',
  risk_accepted: 'Risk accepted',
};
/** Only this role may accept a high or critical risk (the workflow's data says who). */
export const RISK_ACCEPTING_ROLE = RISK_ACCEPTOR_ROLE;

export interface AnswerState {
  question_id: string;
  response: Response | null;
  assessment: Response | null;
}

export interface GapState {
  id: string;
  question_id: string;
  likelihood: number | null;
  impact: number | null;
  status: GapStatus;
  due_date: string | null;
  accepted_role: string | null;
  /** The day the risk acceptance stops holding (YYYY-MM-DD, exclusive). */
  acceptance_expires: string | null;
  /** The acceptance's signature verifies over the gap as it is now, by a key trusted here for the acceptor's role. */
  acceptance_verified: boolean;
}

export interface Tally {
  applicable: number;
  answered: number;
  assessed: number;
  compliant: number;
  partially_compliant: number;
  not_compliant: number;
  not_applicable: number;
  /** Compliance among assessed questions that apply: compliant 1, partially 0.5; null before any. */
  score: number | null;
}

export interface SectionRollup extends Tally {
  id: string;
  title: string;
}

export interface Rollup {
  sections: SectionRollup[];
  overall: Tally;
  complete: boolean;
  open_gaps_by_risk: Record<RiskLevel | 'unrated', number>;
  gaps_by_status: Record<GapStatus, number>;
  overdue_remediations: number;
  /** Open high or critical gaps, including those whose risk acceptance lapsed (expired, changed since signed, unsigned, or not by the Health Registries manager). */
  blocking_gaps: { id: string; question_id: string; rating: RiskLevel; status: GapStatus; acceptance: AcceptanceLapse | null }[];
}

export function isOpenGap(status: GapStatus): boolean {
  return status === 'open' || status === 'in_progress';
}

/** Why a recorded risk acceptance does not hold (today), or null when it holds. */
export type AcceptanceLapse = 'expired' | 'not_verified' | 'wrong_role';

export function acceptanceLapse(gap: Pick<GapState, 'accepted_role' | 'acceptance_expires' | 'acceptance_verified'>, rating: RiskLevel | null, today: string): AcceptanceLapse | null {
  if (!gap.acceptance_verified || !gap.acceptance_expires) return 'not_verified';
  if ((rating === 'high' || rating === 'critical') && gap.accepted_role !== RISK_ACCEPTING_ROLE) return 'wrong_role';
  if (gap.acceptance_expires <= today) return 'expired';
  return null;
}

/**
 * The status a gap counts with today: a risk acceptance that no longer holds (expired, its gap
 * changed after it was signed, unsigned) reopens the gap — computed from the date, no timer.
 */
export function effectiveGapStatus(gap: GapState, rating: RiskLevel | null, today: string): GapStatus {
  return gap.status === 'risk_accepted' && acceptanceLapse(gap, rating, today) !== null ? 'open' : gap.status;
}

function emptyTally(): Tally {
  return { applicable: 0, answered: 0, assessed: 0, compliant: 0, partially_compliant: 0, not_compliant: 0, not_applicable: 0, score: null };
}

function finish(t: Tally): Tally {
  const scored = t.compliant + t.partially_compliant + t.not_compliant;
  return { ...t, score: scored === 0 ? null : Math.round(((t.compliant + t.partially_compliant * 0.5) / scored) * 1000) / 10 };
}

export function applicability(template: QuestionnaireTemplate, answers: readonly AnswerState[]): Map<string, boolean> {
  const responses = new Map(answers.map((a) => [a.question_id, a.response]));
  const result = new Map<string, boolean>();
  for (const section of template.sections) for (const q of section.questions) result.set(q.id, isApplicable(q, responses));
  return result;
}

export function rollUp(template: QuestionnaireTemplate, answers: readonly AnswerState[], gaps: readonly GapState[], today: string): Rollup {
  const byQuestion = new Map(answers.map((a) => [a.question_id, a]));
  const applies = applicability(template, answers);
  const overall = emptyTally();
  const sections = template.sections.map((section) => {
    const tally = emptyTally();
    for (const q of section.questions) {
      if (!applies.get(q.id)) continue;
      const answer = byQuestion.get(q.id);
      for (const t of [tally, overall]) {
        t.applicable++;
        if (answer?.response) t.answered++;
        if (answer?.assessment) {
          t.assessed++;
          t[answer.assessment]++;
        }
      }
    }
    return { id: section.id, title: section.title, ...finish(tally) };
  });
  const openByRisk = Object.fromEntries([...RISK_LEVELS, 'unrated'].map((r) => [r, 0])) as Rollup['open_gaps_by_risk'];
  const byStatus = Object.fromEntries(GAP_STATUSES.map((s) => [s, 0])) as Rollup['gaps_by_status'];
  const blocking: Rollup['blocking_gaps'] = [];
  let overdue = 0;
  for (const gap of gaps) {
    const rating = riskRating(template, gap.likelihood, gap.impact);
    const status = effectiveGapStatus(gap, rating, today);
    byStatus[status]++;
    if (isOpenGap(status)) {
      openByRisk[rating ?? 'unrated']++;
      if (gap.due_date !== null && gap.due_date < today) overdue++;
    }
    const severe = rating === 'high' || rating === 'critical';
    if (severe && isOpenGap(status)) {
      const lapse = gap.status === 'risk_accepted' ? acceptanceLapse(gap, rating, today) : null;
      blocking.push({ id: gap.id, question_id: gap.question_id, rating, status: gap.status, acceptance: lapse });
    }
  }
  const total = finish(overall);
  return {
    sections,
    overall: total,
    complete: total.applicable > 0 && total.assessed === total.applicable,
    open_gaps_by_risk: openByRisk,
    gaps_by_status: byStatus,
    overdue_remediations: overdue,
    blocking_gaps: blocking,
  };
}
