/**
 * The form definition format (templates/forms/<id>/v<N>.json): a versioned partner form with
 * sections of fields. Each field has a stable key (also its PDF field name and DOCX content-control
 * tag), a label, help, a type, whether it is required, constraints, and where its value goes: a
 * dossier field, a Volume 2 question, or nowhere (kept with the imported form on the dossier).
 * A form may be derived from a questionnaire template instead of listing its questions twice.
 */
import { z } from 'zod';

export const FORM_FIELD_TYPES = ['text', 'multiline', 'email', 'phone', 'date', 'number', 'yesno', 'choice', 'multichoice'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** Keys are PDF field names too: no dots (PDF reads them as a hierarchy), no spaces. */
export const FORM_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
const keySchema = z.string().max(120).regex(FORM_KEY_PATTERN, 'field keys are lower-case letters, digits and "_", starting with a letter');

export const formOptionSchema = z.object({ value: z.string().min(1).max(100), label: z.string().min(1).max(200) }).strict();
export type FormOption = z.infer<typeof formOptionSchema>;

export const formTargetSchema = z.union([
  z.object({ dossier: z.string().min(1) }).strict(),
  z.object({ question: z.string().min(1), part: z.enum(['response', 'comment']) }).strict(),
]);
export type FormTarget = z.infer<typeof formTargetSchema>;

export const formFieldSchema = z
  .object({
    key: keySchema,
    label: z.string().min(1).max(300),
    help: z.string().max(1000).optional(),
    type: z.enum(FORM_FIELD_TYPES),
    required: z.boolean().default(false),
    /** Choices; a field mapped to a dossier field may leave them out and use that field's options. */
    options: z.array(formOptionSchema).min(1).optional(),
    maxLength: z.number().int().min(1).max(20_000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** A regular expression the whole text must match, with the message shown when it does not. */
    pattern: z.string().max(300).optional(),
    patternMessage: z.string().max(300).optional(),
    maps: formTargetSchema.optional(),
  })
  .strict();
export type FormField = z.output<typeof formFieldSchema>;

export const formSectionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1).max(300),
    description: z.string().max(2000).optional(),
    fields: z.array(formFieldSchema).min(1),
  })
  .strict();
export type FormSection = z.output<typeof formSectionSchema>;

export const FORM_PURPOSES = ['intake', 'onboarding', 'questionnaire'] as const;

/** What templates/forms/<id>/v<N>.json holds. */
export const formFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().min(1),
    title: z.string().min(3).max(300),
    description: z.string().min(10).max(2000),
    instructions: z.array(z.string().min(1).max(2000)).min(1),
    purpose: z.enum(FORM_PURPOSES),
    /** Whether importing this form without a dossier creates one (the Request for Integration does). */
    createsDossier: z.boolean().default(false),
    /** The questionnaire whose questions are appended as sections when the form is loaded. */
    derivedFrom: z.object({ questionnaire: z.string().regex(/^[a-z0-9-]+$/), version: z.number().int().min(1) }).strict().optional(),
    sections: z.array(formSectionSchema).min(1),
  })
  .strict();
export type FormFile = z.output<typeof formFileSchema>;

/** A loaded form: the file, with derived sections appended and every choice list resolved. */
export interface FormDefinition extends Omit<FormFile, 'sections'> {
  sections: FormSection[];
}

export function formFields(form: FormDefinition): FormField[] {
  return form.sections.flatMap((s) => s.fields);
}

/** "request-for-integration@1": how a form and its version are named in files and messages. */
export function formStamp(id: string, version: number): string {
  return `${id}@${version}`;
}

export function parseFormStamp(text: string): { id: string; version: number } | null {
  const m = /^([a-z0-9-]{1,100})@(\d{1,6})$/.exec(text.trim());
  return m ? { id: m[1]!, version: Number(m[2]) } : null;
}

/** The key of a Volume 2 question's field in the derived form ("governance.privacy-officer" → "q_governance_privacy_officer_response"). */
export function questionFieldKey(questionId: string, part: 'response' | 'comment'): string {
  return `q_${questionId.replaceAll(/[.-]/g, '_')}_${part}`;
}

/** PDF check box name of one option of a multiple-choice field. */
export function optionFieldName(key: string, value: string): string {
  return `${key}__${value.replaceAll(/[^A-Za-z0-9_]/g, '_')}`;
}
