/** Roll-up of a gap analysis: completion and compliance by section, gaps by risk and status. */
import { RISK_LEVELS, type QuestionnaireTemplate, type Response, type RiskLevel, isApplicable, riskRating } from './template';

export const GAP_STATUSES = ['open', 'in_progress', 'remediated', 'risk_accepted'] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];
export const GAP_STATUS_LABELS: Record<GapStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  remediated: 'Remediated',
  risk_accepted: 'Risk accepted',
};
/** Only this role's acceptance lets a high or critical gap through a phase gate. */
export const RISK_ACCEPTING_ROLE = 'moh_registries_manager';

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
  /** Open high or critical gaps, and those accepted by anyone but the Health Registries manager. */
  blocking_gaps: { id: string; question_id: string; rating: RiskLevel; status: GapStatus }[];
}

export function isOpenGap(status: GapStatus): boolean {
  return status === 'open' || status === 'in_progress';
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
    byStatus[gap.status]++;
    const rating = riskRating(template, gap.likelihood, gap.impact);
    if (isOpenGap(gap.status)) {
      openByRisk[rating ?? 'unrated']++;
      if (gap.due_date !== null && gap.due_date < today) overdue++;
    }
    const severe = rating === 'high' || rating === 'critical';
    const acceptedByManager = gap.status === 'risk_accepted' && gap.accepted_role === RISK_ACCEPTING_ROLE;
    if (severe && gap.status !== 'remediated' && !acceptedByManager) blocking.push({ id: gap.id, question_id: gap.question_id, rating, status: gap.status });
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
