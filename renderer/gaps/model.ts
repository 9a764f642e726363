/**
 * The gap analysis as the screens read it: questions in template order with their answer and gap,
 * the filters, the wording of conditions, and the local roll-up after a gap changes. The roll-up
 * and applicability are the engine's own functions (shared/questionnaire), so both sides agree.
 */
import type { Answer, Gap, QuestionnaireView, RollupView } from '../../shared/api/questionnaireTypes';
import { applicability, isOpenGap, rollUp, type GapStatus } from '../../shared/questionnaire/rollup';
import { RESPONSES, RESPONSE_LABELS, questionNumber as numberOf, questionNumbers, type Question, type QuestionnaireTemplate, type Response, type RiskLevel } from '../../shared/questionnaire/template';
import { today } from '../format/dates';

export type TemplateView = QuestionnaireView['template'];
export type SectionView = TemplateView['sections'][number];

export const RISK_LABELS: Record<RiskLevel, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
/** The likelihood and impact scales of the risk matrix (1 to 5). */
export const LIKELIHOOD_LABELS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] as const;
export const IMPACT_LABELS = ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'] as const;

/** Short forms for tables and the keyboard legend. */
export const RESPONSE_SHORT: Record<Response, string> = {
  compliant: 'Compliant',
  partially_compliant: 'Partially',
  not_compliant: 'Not compliant',
  not_applicable: 'N/A',
};

/** Keys 1 to 4 pick the responses in this order. */
export const RESPONSE_KEYS: readonly Response[] = RESPONSES;

export interface QuestionItem {
  question: Question;
  section: SectionView;
  sectionIndex: number;
  /** 1-based number within its section. */
  number: number;
  answer: Answer;
  gap: Gap | null;
}

const EMPTY_ANSWER = (question: Question, sectionId: string): Answer => ({
  question_id: question.id,
  section_id: sectionId,
  applicable: !question.condition,
  response: null,
  comment: null,
  assessment: null,
  reviewer_comment: null,
  evidence: [],
  answered_version: null,
});

export function questionItems(view: QuestionnaireView): QuestionItem[] {
  const answers = new Map(view.answers.map((a) => [a.question_id, a]));
  const gaps = new Map(view.gaps.map((g) => [g.question_id, g]));
  return view.template.sections.flatMap((section, sectionIndex) =>
    section.questions.map((question, i) => ({
      question,
      section,
      sectionIndex,
      number: i + 1,
      answer: answers.get(question.id) ?? EMPTY_ANSWER(question, section.id),
      gap: gaps.get(question.id) ?? null,
    })),
  );
}

/** "2.3", as people cite the question. */
export function questionNumber(item: Pick<QuestionItem, 'sectionIndex' | 'number'>): string {
  return numberOf(item.sectionIndex, item.number - 1);
}

export { questionNumbers };

/** True while a question still waits for the partner's response or the reviewer's assessment. */
export function isOpenQuestion(item: QuestionItem): boolean {
  return item.answer.applicable && (item.answer.response === null || item.answer.assessment === null);
}

/** A gap still to be dealt with: open or in progress, or risk-accepted by an acceptance that no longer holds (expired, changed since signed). */
export function isGapOpen(gap: Gap): boolean {
  return isOpenGap(gap.status) || (gap.acceptance !== null && gap.acceptance.lapse !== null);
}

export function hasOpenGap(item: QuestionItem): boolean {
  return item.gap !== null && isGapOpen(item.gap);
}

export function needsEvidence(item: QuestionItem): boolean {
  return item.answer.applicable && item.question.evidenceExpected && item.answer.evidence.length === 0;
}

export type StatusFilter = 'all' | 'unanswered' | 'unassessed' | 'needs_evidence' | 'gaps';
export type RiskFilter = 'any' | RiskLevel | 'unrated';

export interface Filter {
  status: StatusFilter;
  risk: RiskFilter;
}

export const NO_FILTER: Filter = { status: 'all', risk: 'any' };

export const STATUS_FILTERS: { id: StatusFilter; label: string; title: string }[] = [
  { id: 'all', label: 'All', title: 'Every question' },
  { id: 'unanswered', label: 'Unanswered', title: 'Applicable questions the partner has not answered' },
  { id: 'unassessed', label: 'Not assessed', title: 'Applicable questions the reviewer has not assessed' },
  { id: 'needs_evidence', label: 'Needs evidence', title: 'Evidence is expected and none is attached' },
  { id: 'gaps', label: 'Gaps', title: 'Questions with an open gap' },
];

export function isFiltered(filter: Filter): boolean {
  return filter.status !== 'all' || filter.risk !== 'any';
}

export function matchesFilter(item: QuestionItem, filter: Filter): boolean {
  const { answer } = item;
  switch (filter.status) {
    case 'unanswered':
      if (!answer.applicable || answer.response !== null) return false;
      break;
    case 'unassessed':
      if (!answer.applicable || answer.assessment !== null) return false;
      break;
    case 'needs_evidence':
      if (!needsEvidence(item)) return false;
      break;
    case 'gaps':
      if (!hasOpenGap(item)) return false;
      break;
    case 'all':
      break;
  }
  if (filter.risk === 'any') return true;
  return hasOpenGap(item) && (item.gap!.rating ?? 'unrated') === filter.risk;
}

/** The next (or previous) applicable question after `fromId` that passes the filter. */
export function stepFrom(items: readonly QuestionItem[], fromId: string, direction: 1 | -1, filter: Filter): QuestionItem | null {
  const start = items.findIndex((i) => i.question.id === fromId);
  for (let i = start + direction; i >= 0 && i < items.length; i += direction) {
    const item = items[i]!;
    if (item.answer.applicable && matchesFilter(item, filter)) return item;
  }
  return null;
}

/** Where to start: the first applicable question that is not yet answered and assessed. */
export function firstOpenQuestion(items: readonly QuestionItem[]): QuestionItem | undefined {
  return items.find(isOpenQuestion) ?? items[0];
}

/** "applies when question 2.1 (…) is answered Compliant or Partially compliant". */
export function conditionText(question: Question, items: readonly QuestionItem[]): string {
  const condition = question.condition;
  if (!condition) return '';
  const labels = (list: readonly Response[]) => list.map((r) => RESPONSE_LABELS[r]).join(' or ');
  const when = condition.in ? `is answered ${labels(condition.in)}` : `is answered other than ${labels(condition.notIn!)}`;
  const parent = items.find((i) => i.question.id === condition.question);
  const current = parent?.answer.response ? `it is answered ${RESPONSE_LABELS[parent.answer.response]}` : 'it is not answered yet';
  return `Applies when question ${parent ? questionNumber(parent) : condition.question} ${when}; ${current}.`;
}

export function asTemplate(template: TemplateView): QuestionnaireTemplate {
  return template as QuestionnaireTemplate;
}

/** Applicability of every question, recomputed after a response changes (conditions depend on it). */
export function withApplicability(view: QuestionnaireView, answers: Answer[]): Answer[] {
  const applies = applicability(asTemplate(view.template), answers);
  return answers.map((a) => {
    const applicable = applies.get(a.question_id) ?? false;
    return a.applicable === applicable ? a : { ...a, applicable };
  });
}

/** The roll-up after a gap changed locally (gap.update returns only the gap). */
export function localRollup(view: QuestionnaireView, gaps: Gap[]): RollupView {
  return rollUp(asTemplate(view.template), view.answers, gaps, today());
}

export function openGapCounts(rollup: RollupView): { high: number; critical: number } {
  return { high: rollup.open_gaps_by_risk.high ?? 0, critical: rollup.open_gaps_by_risk.critical ?? 0 };
}

/** Percentage of applicable questions the reviewer has assessed. */
export function completion(tally: { applicable: number; assessed: number }): number {
  return tally.applicable === 0 ? 0 : Math.round((tally.assessed / tally.applicable) * 100);
}

export const STATUS_ORDER: Record<GapStatus, number> = { open: 0, in_progress: 1, risk_accepted: 2, remediated: 3 };
export const RISK_ORDER: Record<RiskLevel | 'unrated', number> = { critical: 0, high: 1, medium: 2, unrated: 3, low: 4 };
