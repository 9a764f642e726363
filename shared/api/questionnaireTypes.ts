/** API shapes of the Volume 2 gap analysis. */
import { z } from 'zod';
import { GAP_STATUSES } from '../questionnaire/rollup';

export const ACCEPTANCE_LAPSES = ['expired', 'not_verified', 'wrong_role'] as const;
import { RESPONSES, RISK_LEVELS, questionSchema } from '../questionnaire/template';

const tallySchema = z.object({
  applicable: z.number(),
  answered: z.number(),
  assessed: z.number(),
  compliant: z.number(),
  partially_compliant: z.number(),
  not_compliant: z.number(),
  not_applicable: z.number(),
  score: z.number().nullable(),
});

export const rollupSchema = z.object({
  sections: z.array(tallySchema.extend({ id: z.string(), title: z.string() })),
  overall: tallySchema,
  complete: z.boolean(),
  open_gaps_by_risk: z.record(z.enum([...RISK_LEVELS, 'unrated']), z.number()),
  gaps_by_status: z.record(z.enum(GAP_STATUSES), z.number()),
  overdue_remediations: z.number(),
  blocking_gaps: z.array(
    z.object({ id: z.string(), question_id: z.string(), rating: z.enum(RISK_LEVELS), status: z.enum(GAP_STATUSES), acceptance: z.enum(ACCEPTANCE_LAPSES).nullable() }),
  ),
});
export type RollupView = z.infer<typeof rollupSchema>;

export const evidenceSchema = z.object({
  id: z.string(),
  kind: z.enum(['file', 'reference']),
  name: z.string(),
  sha256: z.string().nullable(),
  size: z.number().nullable(),
  reference: z.string().nullable(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const answerSchema = z.object({
  question_id: z.string(),
  section_id: z.string().nullable(),
  applicable: z.boolean(),
  response: z.enum(RESPONSES).nullable(),
  comment: z.string().nullable(),
  assessment: z.enum(RESPONSES).nullable(),
  reviewer_comment: z.string().nullable(),
  evidence: z.array(evidenceSchema),
  /** The template version the partner's response was given against. */
  answered_version: z.number().nullable(),
});
export type Answer = z.infer<typeof answerSchema>;

export const riskAcceptanceCheckSchema = z.object({
  /** verifies: over the gap as it is now; changed: the gap or the acceptance changed after it was signed; unsigned: recorded without a signature. */
  signature: z.enum(['verifies', 'changed', 'unsigned']),
  /** The acceptor's key on this workbench: trusted (for the acceptor's role), known (received, not trusted) or unknown. */
  key: z.enum(['trusted', 'known', 'unknown']).nullable(),
  /** Why the acceptance does not hold today (the gap counts as open again), or null when it holds. */
  lapse: z.enum(ACCEPTANCE_LAPSES).nullable(),
  /** One sentence for a person: "Accepted by … until …; signature verifies, key trusted." or why it lapsed. */
  summary: z.string(),
});
export type RiskAcceptanceCheck = z.infer<typeof riskAcceptanceCheckSchema>;

export const gapSchema = z.object({
  id: z.string(),
  question_id: z.string(),
  question_text: z.string(),
  section_id: z.string().nullable(),
  description: z.string().nullable(),
  likelihood: z.number().int().min(1).max(5).nullable(),
  impact: z.number().int().min(1).max(5).nullable(),
  rating: z.enum(RISK_LEVELS).nullable(),
  plan: z.string().nullable(),
  owner: z.string().nullable(),
  due_date: z.string().nullable(),
  status: z.enum(GAP_STATUSES),
  accepted_by: z.string().nullable(),
  accepted_role: z.string().nullable(),
  accepted_date: z.string().nullable(),
  acceptance_justification: z.string().nullable(),
  acceptance_conditions: z.string().nullable(),
  /** The day the acceptance stops holding (exclusive). */
  acceptance_expires: z.string().nullable(),
  accepted_at: z.string().nullable(),
  acceptance_key_id: z.string().nullable(),
  /** The signature verifies over the gap as it is now, by a key trusted here for the acceptor's role. */
  acceptance_verified: z.boolean(),
  /** How the recorded risk acceptance stands today; null when the gap is not risk-accepted. */
  acceptance: riskAcceptanceCheckSchema.nullable(),
  opened_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  overdue: z.boolean(),
});
export type Gap = z.infer<typeof gapSchema>;

export const templateViewSchema = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  description: z.string(),
  riskMatrix: z.array(z.array(z.enum(RISK_LEVELS))),
  sections: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), questions: z.array(questionSchema) })),
});

export const questionnaireSchema = z.object({
  dossier_id: z.string(),
  reference: z.string(),
  template: templateViewSchema,
  /** Null until the first answer is recorded. */
  instance: z.object({ id: z.string(), template_version: z.number(), created_at: z.string() }).nullable(),
  latest_version: z.number(),
  /** When CIS provided the questionnaire to the partner (after the kick-off); answers wait for it. */
  provided_on: z.string().nullable(),
  answers: z.array(answerSchema),
  /** Answers to questions that the current template version no longer asks. */
  retired: z.array(answerSchema),
  gaps: z.array(gapSchema),
  rollup: rollupSchema,
});
export type QuestionnaireView = z.infer<typeof questionnaireSchema>;

export const partnerRiskSchema = z.object({
  dossier_id: z.string(),
  reference: z.string(),
  organization: z.string().nullable(),
  high: z.number(),
  critical: z.number(),
});
