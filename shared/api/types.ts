/** The shapes that cross the API boundary, as zod schemas (parsed on the way in and out). */
import { z } from 'zod';
import { partnerRiskSchema } from './questionnaireTypes';
import { ACTIVITY_KEYS, ACTIVITY_STATUSES, PHASE_KEYS, STAGE_KEYS } from '../workflow/definition';
import { ATTACHMENT_KINDS } from '../workflow/attachments';

export const fieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
export const fieldValuesSchema = z.record(z.string(), fieldValueSchema);

/** A dossier id (UUID) or its human reference (PCR-2026-0007). */
export const dossierRefSchema = z.string().trim().min(1, 'a dossier id or reference is required').max(100);
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const activityAttachmentSchema = z.object({
  id: z.string(),
  kind: z.enum(ATTACHMENT_KINDS),
  kind_label: z.string(),
  name: z.string(),
  sha256: z.string(),
  size: z.number(),
  added_at: z.string().nullable(),
});
export type ActivityAttachment = z.infer<typeof activityAttachmentSchema>;

export const activitySchema = z.object({
  id: z.string(),
  key: z.enum(ACTIVITY_KEYS),
  label: z.string(),
  phase: z.enum(PHASE_KEYS),
  owner_role: z.string(),
  required: z.boolean(),
  status: z.enum(ACTIVITY_STATUSES),
  assignee: z.string().nullable(),
  due_date: z.string().nullable(),
  completed_date: z.string().nullable(),
  notes: z.string().nullable(),
  overdue: z.boolean(),
  /** Records kept on the activity by content hash (results letter, change approval, minutes). */
  attachments: z.array(activityAttachmentSchema),
});
export type Activity = z.infer<typeof activitySchema>;

export const gateSchema = z.object({
  phase: z.enum(STAGE_KEYS),
  next: z.enum(STAGE_KEYS).nullable(),
  ok: z.boolean(),
  reasons: z.array(z.string()),
});
export type GateEvaluation = z.infer<typeof gateSchema>;

/** A workflow rule the recorded data breaks (shared/workflow/rules.ts): reported, never rewritten. */
export const ruleFindingSchema = z.object({
  rule: z.string(),
  activity: z.enum(ACTIVITY_KEYS).optional(),
  blocking: z.enum(ACTIVITY_KEYS).optional(),
  paths: z.array(z.string()).optional(),
  message: z.string(),
});
export type RuleFindingView = z.infer<typeof ruleFindingSchema>;

export const dossierSchema = z.object({
  id: z.string(),
  reference: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  fields: fieldValuesSchema,
  activities: z.array(activitySchema),
  gate: gateSchema,
  /** Stored values that break the schema or the text rule, shown as invalid (never rewritten silently). */
  invalid: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** Workflow rules the recorded data breaks (issue #13). */
  findings: z.array(ruleFindingSchema),
  /** What the started deployment plan says that the dossier no longer agrees with (shared/deployment-plan/drift.ts). */
  plan_drift: z.array(z.string()),
});
export type Dossier = z.infer<typeof dossierSchema>;

export const dossierSummarySchema = z.object({
  id: z.string(),
  reference: z.string(),
  organization: z.string().nullable(),
  application: z.string().nullable(),
  phase: z.enum(STAGE_KEYS),
  rag: z.string().nullable(),
  lead: z.string().nullable(),
  go_live_date: z.string().nullable(),
  updated_at: z.string(),
  open_activities: z.number(),
  overdue_activities: z.number(),
  /** Fields whose stored value is invalid (a phase that is not one reads as Intake). */
  invalid: z.array(z.string()).optional(),
});
export type DossierSummary = z.infer<typeof dossierSummarySchema>;

/** `relevance`: with a search, the best matches first (organization and application names weigh most); without, newest first. */
export const SORT_KEYS = ['reference', 'organization', 'application', 'phase', 'lead', 'go_live_date', 'updated_at', 'relevance'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const historyEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  entity: z.string(),
  row_id: z.string(),
  field: z.string(),
  label: z.string(),
  old_value: fieldValueSchema,
  new_value: fieldValueSchema,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const overdueActivitySchema = z.object({
  dossier_id: z.string(),
  reference: z.string(),
  organization: z.string().nullable(),
  activity: z.enum(ACTIVITY_KEYS),
  label: z.string(),
  assignee: z.string().nullable(),
  due_date: z.string(),
});

export const dashboardSchema = z.object({
  /** Partners carrying open high or critical gap-analysis risks. */
  at_risk: z.array(partnerRiskSchema),
  by_phase: z.record(z.enum(STAGE_KEYS), z.number()),
  by_rag: z.record(z.string(), z.number()),
  total: z.number(),
  overdue: z.array(overdueActivitySchema),
  recent: z.array(dossierSummarySchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
