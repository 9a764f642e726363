/**
 * The questionnaire template format (templates/questionnaires/<id>/v<N>.json): sections of
 * questions with stable ids, the reference each derives from, whether evidence is expected, an
 * optional condition on an earlier answer, and the risk matrix used to rate gaps.
 */
import { z } from 'zod';

export const RESPONSES = ['compliant', 'partially_compliant', 'not_compliant', 'not_applicable'] as const;
export type Response = (typeof RESPONSES)[number];
export const RESPONSE_LABELS: Record<Response, string> = {
  compliant: 'Compliant',
  partially_compliant: 'Partially compliant',
  not_compliant: 'Not compliant',
  not_applicable: 'Not applicable',
};

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

const questionId = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'question ids are lower-case words joined by "." or "-"');

const conditionSchema = z
  .object({
    /** An earlier question whose partner response decides whether this one applies. */
    question: questionId,
    in: z.array(z.enum(RESPONSES)).min(1).optional(),
    notIn: z.array(z.enum(RESPONSES)).min(1).optional(),
  })
  .strict()
  .refine((c) => (c.in === undefined) !== (c.notIn === undefined), 'a condition has exactly one of "in" or "notIn"');

export const questionSchema = z
  .object({
    id: questionId,
    text: z.string().min(10),
    guidance: z.string().min(10),
    reference: z.string().min(3),
    evidenceExpected: z.boolean(),
    condition: conditionSchema.optional(),
  })
  .strict();

export const sectionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(3),
    description: z.string().min(10),
    questions: z.array(questionSchema).min(1),
  })
  .strict();

export const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().min(1),
    title: z.string().min(3),
    description: z.string().min(10),
    /** riskMatrix[likelihood - 1][impact - 1], likelihood and impact from 1 to 5. */
    riskMatrix: z.array(z.array(z.enum(RISK_LEVELS)).length(5)).length(5),
    sections: z.array(sectionSchema).min(1),
  })
  .strict()
  .superRefine((template, ctx) => {
    const seen = new Map<string, number>();
    template.sections.forEach((section, s) =>
      section.questions.forEach((question, q) => {
        const path = ['sections', s, 'questions', q];
        if (seen.has(question.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate question id "${question.id}"` });
        if (question.condition && !seen.has(question.condition.question))
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'condition', 'question'],
            message: `condition refers to "${question.condition.question}", which is not an earlier question`,
          });
        seen.set(question.id, s);
      }),
    );
    const sectionIds = template.sections.map((s) => s.id);
    if (new Set(sectionIds).size !== sectionIds.length) ctx.addIssue({ code: 'custom', path: ['sections'], message: 'duplicate section id' });
  });

export type QuestionnaireTemplate = z.infer<typeof templateSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Condition = NonNullable<Question['condition']>;

export function allQuestions(template: QuestionnaireTemplate): Question[] {
  return template.sections.flatMap((s) => s.questions);
}

export function riskRating(template: QuestionnaireTemplate, likelihood: number | null, impact: number | null): RiskLevel | null {
  if (!likelihood || !impact) return null;
  return template.riskMatrix[likelihood - 1]?.[impact - 1] ?? null;
}

/** Whether a question applies, given the partner's responses so far. */
export function isApplicable(question: Question, responses: ReadonlyMap<string, Response | null>): boolean {
  const condition = question.condition;
  if (!condition) return true;
  const response = responses.get(condition.question) ?? null;
  if (response === null) return false;
  return condition.in ? condition.in.includes(response) : !condition.notIn!.includes(response);
}

/** "2.3": the section's place and the question's place in it, the way people cite a question. */
export function questionNumber(sectionIndex: number, questionIndex: number): string {
  return `${sectionIndex + 1}.${questionIndex + 1}`;
}

/** Question numbers by question id, for what holds only the id (a gap, a condition, a gate reason). */
export function questionNumbers(template: { sections: readonly { questions: readonly { id: string }[] }[] }): ReadonlyMap<string, string> {
  return new Map(template.sections.flatMap((section, s) => section.questions.map((question, q) => [question.id, questionNumber(s, q)] as const)));
}
