/**
 * Operations of partner forms (issue #5): the forms the workbench hands out, blank or pre-filled
 * files, inspecting a filled file (recognize, validate, compare with the dossier — writes nothing)
 * and applying it with a choice per field. Merged into the contract in contract.ts.
 */
import { z } from 'zod';
import { op } from './op';
import { dossierRefSchema } from './types';
import { FORM_FIELD_TYPES, FORM_PURPOSES } from '../forms/definition';

export const FORM_FILE_FORMATS = ['pdf', 'docx', 'json'] as const;

/** A form file crosses the boundary as base64; forms are at most 10 MB. */
export const formFileInputSchema = z.object({
  name: z.string().trim().min(1).max(255),
  content_base64: z
    .string()
    .max(14_000_000, 'the file is over the 10 MB limit for a form')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected the file content as base64'),
});

const formValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

export const formSummarySchema = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  description: z.string(),
  purpose: z.enum(FORM_PURPOSES),
  creates_dossier: z.boolean(),
  field_count: z.number(),
  required_count: z.number(),
});
export type FormSummary = z.infer<typeof formSummarySchema>;

export const fieldTargetSchema = z.union([
  z.object({ kind: z.literal('dossier'), path: z.string(), label: z.string() }),
  z.object({ kind: z.literal('question'), question: z.string(), part: z.enum(['response', 'comment']) }),
  z.object({ kind: z.literal('form_record') }),
]);

export const fieldReportSchema = z.object({
  key: z.string(),
  label: z.string(),
  section: z.string(),
  type: z.enum(FORM_FIELD_TYPES),
  required: z.boolean(),
  target: fieldTargetSchema,
  /** What the file holds, as typed (null when blank or invalid). */
  value: formValueSchema,
  value_text: z.string(),
  /** The text as found in the file when it is not valid. */
  raw_text: z.string().nullable(),
  valid: z.boolean(),
  message: z.string().nullable(),
  missing: z.boolean(),
  current: formValueSchema,
  current_text: z.string(),
  /** The file holds a valid, non-blank value that differs from the current one. */
  differs: z.boolean(),
});
export type FieldReport = z.infer<typeof fieldReportSchema>;

export const inspectionSchema = z.object({
  file: z.object({ name: z.string(), format: z.enum(FORM_FILE_FORMATS), sha256: z.string(), size: z.number() }),
  form: z.object({ id: z.string(), version: z.number(), title: z.string(), purpose: z.enum(FORM_PURPOSES) }),
  dossier: z.object({ id: z.string(), reference: z.string(), organization: z.string().nullable() }).nullable(),
  /** Applying creates a new dossier (a Request for Integration without one). */
  creates_dossier: z.boolean(),
  fields: z.array(fieldReportSchema),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
  missing: z.array(z.object({ field: z.string(), label: z.string() })),
  /** Names in the file that are no field of the form (an edited or foreign form). */
  unknown_fields: z.array(z.string()),
  differences: z.number(),
  /** This very file is already kept on the dossier. */
  already_imported: z.boolean(),
});
export type Inspection = z.infer<typeof inspectionSchema>;

export const FIELD_CHOICES = ['form', 'dossier'] as const;
export type FieldChoice = (typeof FIELD_CHOICES)[number];

export const formOperations = {
  'forms.list': op(z.object({}), z.array(formSummarySchema)),
  'forms.blank': op(
    z.object({
      form: z.string().min(1).max(100),
      version: z.number().int().min(1).optional(),
      format: z.enum(FORM_FILE_FORMATS),
      dossier: dossierRefSchema.optional(),
    }),
    z.object({ file_name: z.string(), media_type: z.string(), content_base64: z.string() }),
  ),
  'forms.inspect': op(z.object({ file: formFileInputSchema, dossier: dossierRefSchema.optional() }), inspectionSchema),
  'forms.apply': op(
    z.object({
      file: formFileInputSchema,
      dossier: dossierRefSchema.optional(),
      /** Per field key: take the form's value or keep the dossier's. Default: the form's, where it is valid and differs. */
      choices: z.record(z.string().max(200), z.enum(FIELD_CHOICES)).default({}),
    }),
    z.object({
      inspection: inspectionSchema,
      dossier: z.object({ id: z.string(), reference: z.string() }),
      created: z.boolean(),
      applied: z.array(z.object({ key: z.string(), label: z.string(), value: formValueSchema, value_text: z.string() })),
      kept: z.array(z.string()),
      evidence: z.object({ id: z.string(), sha256: z.string(), size: z.number() }).nullable(),
      /** Nothing changed and the file was already kept: nothing was written. */
      noop: z.boolean(),
    }),
  ),
} as const;

export type FormOperation = keyof typeof formOperations;
