/** Operations of "My work" (issue #13): the work queue and its settings, merged into the contract in contract.ts. */
import { z } from 'zod';
import { op } from './op';
import { SORT_KEYS, dossierRefSchema, isoDateSchema } from './types';
import { STAGE_KEYS } from '../workflow/definition';
import { PARTICIPANT_ROLES } from '../workflow/roles';
import { WORK_BUCKETS } from '../work/queue';

export const WORK_ROLE_KEYS = PARTICIPANT_ROLES.map((r) => r.key) as [(typeof PARTICIPANT_ROLES)[number]['key'], ...(typeof PARTICIPANT_ROLES)[number]['key'][]];
export const workRoleSchema = z.enum(WORK_ROLE_KEYS);
export type WorkRole = z.infer<typeof workRoleSchema>;

/** The dossier tabs an item can open; `focus` names the row there (an activity key, a gap id). */
export const WORK_TABS = ['overview', 'process', 'gaps', 'plan', 'documents', 'forms', 'conformance'] as const;

export const workItemSchema = z.object({
  /** Stable across calls and devices: the provider's kind and the row it is about. */
  id: z.string(),
  kind: z.string(),
  kind_label: z.string(),
  dossier_id: z.string(),
  reference: z.string(),
  organization: z.string().nullable(),
  title: z.string(),
  detail: z.string().nullable(),
  due_date: z.string().nullable(),
  bucket: z.enum(WORK_BUCKETS),
  target: z.object({ tab: z.enum(WORK_TABS), focus: z.string().nullable() }),
});
export type WorkItem = z.infer<typeof workItemSchema>;

export const workCountsSchema = z.object({ overdue: z.number(), this_week: z.number(), later: z.number(), total: z.number() });
export type WorkCounts = z.infer<typeof workCountsSchema>;

export const PORTFOLIO_EXPORT_FORMATS = ['csv', 'xlsx'] as const;

const whoSchema = z.object({
  /** Work owned by this participant role; default: the role of the profile. */
  role: workRoleSchema.optional(),
  /** Work assigned to this person by name; default: the person making the changes. */
  assignee: z.string().trim().min(1).max(300).optional(),
  today: isoDateSchema.optional(),
});

/** Device-local settings of the work queue (the role is the profile's). */
export const workSettingsSchema = z.object({
  reminders: z.object({ enabled: z.boolean(), due_soon_days: z.number().int().min(0).max(60) }),
});
export type WorkSettings = z.infer<typeof workSettingsSchema>;

/** Items listed per group (overdue, this week, later) unless a call asks for more; the counts always cover all. */
export const WORK_LIST_LIMIT = 100;

export const workOperations = {
  'work.list': op(
    whoSchema.extend({
      /** At most this many items per group, the earliest due first (default WORK_LIST_LIMIT; 0: the counts alone). */
      limit: z.number().int().min(0).max(1_000_000).optional(),
    }),
    z.object({ today: z.string(), role: workRoleSchema.nullable(), assignee: z.string().nullable(), counts: workCountsSchema, items: z.array(workItemSchema) }),
  ),
  'work.settings.get': op(z.object({}), workSettingsSchema),
  'work.settings.set': op(
    z.object({ reminders: z.object({ enabled: z.boolean(), due_soon_days: z.number().int().min(0).max(60) }).partial().optional() }),
    workSettingsSchema,
  ),
  /** Milestones, due dates and go-live dates as iCalendar: one dossier, your work (`mine`), or all. */
  'calendar.export': op(
    whoSchema.extend({ dossier: dossierRefSchema.optional(), mine: z.boolean().default(false) }),
    z.object({ file_name: z.string(), media_type: z.string(), content_base64: z.string(), events: z.number() }),
  ),
  /** The dossier list, with the list's filters and order, as a spreadsheet. */
  'dossier.export': op(
    z.object({
      format: z.enum(PORTFOLIO_EXPORT_FORMATS),
      search: z.string().max(200).optional(),
      phase: z.enum(STAGE_KEYS).optional(),
      lead: z.string().max(200).optional(),
      sort: z.enum(SORT_KEYS).default('updated_at'),
      direction: z.enum(['asc', 'desc']).default('desc'),
      today: isoDateSchema.optional(),
    }),
    z.object({ file_name: z.string(), media_type: z.string(), content_base64: z.string(), rows: z.number() }),
  ),
  /** The portfolio status report of every dossier, with charts, as PDF or DOCX. */
  'portfolio.report': op(
    z.object({ format: z.enum(['pdf', 'docx']), today: isoDateSchema.optional() }),
    z.object({ file_name: z.string(), media_type: z.string(), content_base64: z.string(), template_version: z.number(), page_count: z.number().nullable() }),
  ),
  /**
   * Reminders to raise now: overdue and due-soon items of your work not yet reminded today on this
   * device (each is reminded once a day), and the day's digest on the first call of the day.
   */
  'reminders.take': op(
    z.object({ role: workRoleSchema.optional(), assignee: z.string().trim().min(1).max(300).optional(), today: isoDateSchema.optional() }),
    z.object({
      today: z.string(),
      enabled: z.boolean(),
      digest: z.object({ overdue: z.number(), due_soon: z.number(), due_soon_days: z.number() }).nullable(),
      notify: z.array(workItemSchema),
    }),
  ),
} as const;
