/**
 * A demo dossier's Volume 2 gap analysis, as field changes: answered and assessed as far as its
 * phase calls for, with a few realistic gaps (rated, owned or not yet, due); past Implementation the
 * severe ones are remediated, or accepted when the seeder hands a signed acceptance for one. Written
 * with the dossier's other demo changes, so seeding thousands stays one write per part.
 */
import { addDays } from '../../shared/deployment-plan/time';
import { allQuestions, isApplicable, riskRating, type QuestionnaireTemplate, type Response, type RiskLevel } from '../../shared/questionnaire/template';
import type { Change, StoredValue } from '../store/index';
import { answerId, gapId, instanceId } from './service';

export interface DemoGapAnalysis {
  dossierId: string;
  /** Deterministic variety per dossier. */
  seed: number;
  /** Share of applicable questions the partner has answered (0..1) and the reviewer has assessed. */
  answered: number;
  assessed: number;
  /** Day the questionnaire was provided; answers and assessments are dated after it. */
  providedOn: string;
  today: string;
  /** The dossier went past deployment: severe gaps are closed (remediated). */
  severeGapsSettled: boolean;
  remediationOwners: readonly string[];
  /** For a severe gap past Implementation: the fields of a signed risk acceptance, or null to remediate it. */
  acceptRisk?: (gap: { id: string; question_id: string; description: string; likelihood: number; impact: number; rating: RiskLevel | null }) => Record<string, StoredValue> | null;
}

const GAP_PLANS = [
  'Write and approve the procedure, train staff, and provide the signed procedure as evidence.',
  'Extend the quarterly access review to PCR-connected accounts and share the first review report.',
  'Turn on audit logging for the integration account and keep logs for two years; send a sample extract.',
  'Add the PCR integration to the incident response plan, with the CIS contact, and run a tabletop test.',
];
/** Likelihood × impact pairs that rate low, medium, medium, high, medium in the template matrix. */
const RATINGS: readonly (readonly [number, number])[] = [
  [2, 2],
  [3, 3],
  [2, 4],
  [4, 3],
  [3, 2],
];

function assessmentFor(n: number, seed: number): Response {
  const k = n + seed;
  if (k % 19 === 5) return 'not_compliant';
  if (k % 8 === 3) return 'partially_compliant';
  return 'compliant';
}

export function demoGapAnalysisChanges(template: QuestionnaireTemplate, plan: DemoGapAnalysis): Change[] {
  const { dossierId } = plan;
  const instance = instanceId(dossierId);
  const changes: Change[] = [];
  const set = (entity: Change['entity'], rowId: string, values: Record<string, StoredValue>) => {
    for (const [field, value] of Object.entries(values)) changes.push({ entity, rowId, field, value, dossierId });
  };
  set('questionnaire_instances', instance, { dossier_id: dossierId, template_id: template.id, template_version: template.version, created_at: `${plan.providedOn}T16:00:00.000Z` });

  const questions = allQuestions(template);
  const responses = new Map<string, Response | null>();
  // Screening questions (those others depend on) vary: a partner that hosts nothing with a third party answers N/A.
  const screening = new Set(questions.flatMap((q) => (q.condition ? [q.condition.question] : [])));
  const applicable = questions.filter((q) => {
    const ok = isApplicable(q, responses);
    if (ok) responses.set(q.id, screening.has(q.id) && (plan.seed + q.id.length) % 3 === 0 ? 'not_applicable' : 'compliant');
    return ok;
  });
  const answered = Math.round(applicable.length * plan.answered);
  const assessed = Math.min(answered, Math.round(applicable.length * plan.assessed));
  let gaps = 0;
  applicable.slice(0, answered).forEach((question, n) => {
    const row = answerId(instance, question.id);
    const response = responses.get(question.id)!;
    set('questionnaire_answers', row, { instance_id: instance, dossier_id: dossierId, question_id: question.id, response, answered_version: template.version });
    if (n % 9 === 4) set('questionnaire_answers', row, { comment: 'Documented in the partner’s information security policy (section 4); copy on request.' });
    if (n >= assessed) return;
    const assessment: Response = response === 'not_applicable' ? 'not_applicable' : assessmentFor(n, plan.seed);
    set('questionnaire_answers', row, { assessment });
    if (assessment !== 'partially_compliant' && assessment !== 'not_compliant') return;
    set('questionnaire_answers', row, { reviewer_comment: 'The evidence provided does not cover every system connected to PCR.' });
    const [likelihood, impact] = RATINGS[(gaps + plan.seed) % RATINGS.length]!;
    const rating = riskRating(template, likelihood, impact);
    const severe = rating === 'high' || rating === 'critical';
    const openedOn = addDays(plan.providedOn, 20 + n);
    const due = addDays(openedOn, 45 + ((plan.seed * 13 + gaps * 29) % 120));
    const gap = gapId(instance, question.id);
    const description = `${question.text} — not fully in place: ${assessment === 'not_compliant' ? 'no documented control' : 'the control covers only part of the systems'}.`;
    // Every fifth gap waits for someone to take its remediation.
    const owned = (gaps + plan.seed) % 5 !== 2;
    set('gaps', gap, {
      instance_id: instance,
      dossier_id: dossierId,
      question_id: question.id,
      description,
      likelihood,
      impact,
      plan: GAP_PLANS[(gaps + plan.seed) % GAP_PLANS.length]!,
      ...(owned ? { owner: plan.remediationOwners[(gaps + plan.seed) % plan.remediationOwners.length]! } : {}),
      due_date: due,
      opened_at: openedOn < plan.today ? openedOn : plan.today,
    });
    gaps++;
    const accepted = severe && plan.severeGapsSettled ? plan.acceptRisk?.({ id: gap, question_id: question.id, description, likelihood, impact, rating }) : null;
    if (accepted) {
      set('gaps', gap, accepted);
      return;
    }
    if (severe && plan.severeGapsSettled) {
      // Severe gaps settled by remediation, shown by the reviewer's reassessment as in the workbench itself.
      const on = due < plan.today ? due : plan.today;
      set('gaps', gap, { status: 'remediated', closed_at: on });
      set('questionnaire_answers', row, { assessment: 'compliant', reviewer_comment: `Remediated on ${on}; evidence reviewed.` });
      return;
    }
    set('gaps', gap, { status: (gaps + plan.seed) % 3 === 0 ? 'in_progress' : 'open' });
  });
  return changes;
}
