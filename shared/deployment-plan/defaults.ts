/**
 * The format of templates/deployment-plan/defaults.json: what a new deployment plan starts with.
 * Each templated row has a stable id, so that two devices starting the same plan while offline
 * write the same rows instead of two copies. Scope texts may name dossier fields as
 * {{application.name}}; times of cutover steps are given relative to the go-live date.
 */
import { z } from 'zod';
import { findField } from '../dossier/fields';
import { DURATION_MAX, HYPERCARE_DAYS_MAX, PLAN_ROLE_KEYS, RACI_LETTERS, TEXT_MAX, TITLE_MAX } from './model';

const rowId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lower-case words joined by "-"');
const title = z.string().trim().min(1, 'cannot be empty').max(TITLE_MAX);
const text = z.string().trim().min(1, 'cannot be empty').max(TEXT_MAX);
const role = z.enum(PLAN_ROLE_KEYS, { error: () => `not a participant role; use one of ${PLAN_ROLE_KEYS.join(', ')}` });

export const PLACEHOLDER = /\{\{\s*([a-z_.]+)\s*\}\}/g;

const withPlaceholders = text.superRefine((value, ctx) => {
  for (const [, path] of value.matchAll(PLACEHOLDER)) {
    if (!findField(path!)) ctx.addIssue({ code: 'custom', message: `{{${path}}} is not a dossier field` });
  }
});

const uniqueIds = <T extends { id: string }>(rows: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (seen.has(row.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id "${row.id}"` });
    seen.add(row.id);
  });
};

export const defaultsSchema = z.strictObject({
  version: z.number().int().min(1),
  description: z.string().optional(),
  scope_summary: withPlaceholders.optional(),
  scope_systems: withPlaceholders.optional(),
  cutover_steps: z
    .array(
      z.strictObject({
        id: rowId,
        title,
        owner_role: role,
        /** Planned start relative to the dossier's go-live date; left unset when the dossier has none. */
        start: z.strictObject({ day: z.number().int().min(-60).max(60), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM') }).optional(),
        duration_minutes: z.number().int().min(0).max(DURATION_MAX),
        verification: text.optional(),
        rollback: text.optional(),
      }),
    )
    .superRefine(uniqueIds),
  checklist: z.array(z.strictObject({ id: rowId, title })).superRefine(uniqueIds),
  communications: z
    .array(z.strictObject({ id: rowId, audience: title, message: text, timing: title, channel: title.optional(), owner_role: role.optional() }))
    .superRefine(uniqueIds),
  raci: z.array(z.strictObject({ id: rowId, area: title, assignments: z.partialRecord(role, z.enum(RACI_LETTERS)) })).superRefine(uniqueIds),
  escalation: text.optional(),
  support: z.strictObject({
    model: text.optional(),
    /** Hypercare runs this many calendar days from the go-live date, when the dossier has one. */
    hypercare_days: z.number().int().min(1).max(HYPERCARE_DAYS_MAX),
    contacts: text.optional(),
    exit_criteria: text.optional(),
  }),
  rollback: z.strictObject({ triggers: text.optional(), decision_role: role.optional(), steps: text.optional() }),
});

export type PlanDefaults = z.infer<typeof defaultsSchema>;

/**
 * What starting a plan from the template would put in, as the tab shows it before a lead chooses:
 * read from the template, never written. Cutover times stay relative to the go-live date.
 */
export const planTemplatePreviewSchema = z.object({
  version: z.number().int(),
  steps: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      owner_role: z.string(),
      owner_role_label: z.string(),
      /** Days from the go-live date (0 is the go-live day) and the wall-clock time; null when the template gives none. */
      start: z.object({ day: z.number().int(), time: z.string() }).nullable(),
      duration_minutes: z.number().int(),
    }),
  ),
  checklist: z.array(z.object({ id: z.string(), title: z.string() })),
  communications: z.array(z.object({ id: z.string(), audience: z.string(), timing: z.string() })),
  raci_areas: z.array(z.object({ id: z.string(), area: z.string() })),
  hypercare_days: z.number().int(),
});

export type PlanTemplatePreview = z.infer<typeof planTemplatePreviewSchema>;
