/**
 * The deployment plan of a dossier as the API, the UI and the document generator see it: scope,
 * environment readiness, cutover steps, go-live checklist, communications, RACI by participant
 * role with escalation, post-go-live support and hypercare, and the rollback plan.
 */
import { z } from 'zod';
import { PARTICIPANT_ROLES, roleLabel, type ParticipantRole } from '../workflow/roles';

/** Roles that can own a step or hold a RACI letter: the participants and the Connected Partner. */
const roleKeys: ParticipantRole[] = [...PARTICIPANT_ROLES.map((r) => r.key), 'connected_partner'];
export const PLAN_ROLE_KEYS = roleKeys as [ParticipantRole, ...ParticipantRole[]];
export type PlanRole = ParticipantRole;

/** Column headings of the RACI grid, short enough for eight columns. */
export const PLAN_ROLE_SHORT_LABELS: Record<PlanRole, string> = {
  moh_registries_manager: 'MoH Registries manager',
  moh_registries_admin: 'MoH Registries admin',
  moh_dq_team: 'MoH DQ team',
  cgi_business_support_lead: 'CGI business support',
  cgi_technical_team: 'CGI technical',
  cgi_operations_team: 'CGI operations',
  cis: 'CIS',
  connected_partner: 'Connected Partner',
};

export function planRoleLabel(role: string | null): string | null {
  if (role === null) return null;
  return (PLAN_ROLE_KEYS as readonly string[]).includes(role) ? roleLabel(role as PlanRole) : role;
}

export const ENVIRONMENT_STATUSES = ['not_ready', 'in_progress', 'ready'] as const;
export type EnvironmentStatus = (typeof ENVIRONMENT_STATUSES)[number];
export const ENVIRONMENT_STATUS_LABELS: Record<EnvironmentStatus, string> = { not_ready: 'Not ready', in_progress: 'In progress', ready: 'Ready' };

export const RACI_LETTERS = ['R', 'A', 'C', 'I'] as const;
export type RaciLetter = (typeof RACI_LETTERS)[number];
export const RACI_LABELS: Record<RaciLetter, string> = { R: 'Responsible', A: 'Accountable', C: 'Consulted', I: 'Informed' };

/** The ordered lists of a plan: rows added, moved and removed one at a time. */
export const PLAN_LISTS = ['steps', 'checklist', 'communications', 'raci'] as const;
export type PlanList = (typeof PLAN_LISTS)[number];
export const PLAN_LIST_LABELS: Record<PlanList, { one: string; many: string }> = {
  steps: { one: 'cutover step', many: 'cutover steps' },
  checklist: { one: 'checklist item', many: 'go-live checklist items' },
  communications: { one: 'communication', many: 'communications' },
  raci: { one: 'RACI area', many: 'RACI areas' },
};

export const TITLE_MAX = 300;
export const TEXT_MAX = 20_000;
/** A cutover step lasts at most a week. */
export const DURATION_MAX = 7 * 24 * 60;
export const HYPERCARE_DAYS_MAX = 365;

/** The plan's own text and date fields, by the name the API and the store use. */
export const PLAN_FIELDS = [
  { key: 'scope_summary', label: 'Scope', kind: 'text' },
  { key: 'scope_systems', label: 'Systems in scope', kind: 'text' },
  { key: 'escalation', label: 'Escalation path', kind: 'text' },
  { key: 'support_model', label: 'Post-go-live support', kind: 'text' },
  { key: 'hypercare_start', label: 'Hypercare start', kind: 'date' },
  { key: 'hypercare_end', label: 'Hypercare end', kind: 'date' },
  { key: 'hypercare_contacts', label: 'Hypercare contacts', kind: 'text' },
  { key: 'hypercare_exit_criteria', label: 'Criteria to exit hypercare', kind: 'text' },
  { key: 'rollback_triggers', label: 'Rollback trigger criteria', kind: 'text' },
  { key: 'rollback_decision_role', label: 'Rollback decision role', kind: 'role' },
  { key: 'rollback_decision_maker', label: 'Rollback decision maker', kind: 'name' },
  { key: 'rollback_steps', label: 'Rollback steps', kind: 'text' },
] as const;
export type PlanFieldKey = (typeof PLAN_FIELDS)[number]['key'];
export const PLAN_FIELD_KEYS = PLAN_FIELDS.map((f) => f.key) as [PlanFieldKey, ...PlanFieldKey[]];

const text = z.string().nullable();
const role = z.string().nullable();

export const planEnvironmentSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** Named under "HCIM environments needed" on the dossier. */
  needed: z.boolean(),
  status: z.enum(ENVIRONMENT_STATUSES),
  status_label: z.string(),
  notes: text,
  /** The date the SSL certificates were in place, null while they are not. */
  certificates_on: text,
  /** The date the partner's IP addresses were on the environment's ACL, null while they are not. */
  acl_on: text,
});

const orderedRow = { id: z.string(), position: z.number().int(), sort_key: z.string() };

export const planStepSchema = z.object({
  ...orderedRow,
  title: text,
  owner_role: role,
  owner_role_label: text,
  /** Wall-clock YYYY-MM-DDTHH:MM where the cutover happens. */
  planned_start: text,
  duration_minutes: z.number().int().nullable(),
  /** planned_start + duration_minutes, when both are set. */
  planned_end: text,
  verification: text,
  rollback: text,
});

export const checklistItemSchema = z.object({ ...orderedRow, title: text, done: z.boolean(), done_on: text });

export const communicationSchema = z.object({
  ...orderedRow,
  audience: text,
  message: text,
  timing: text,
  channel: text,
  owner_role: role,
  owner_role_label: text,
});

export const raciAreaSchema = z.object({
  ...orderedRow,
  title: text,
  /** One letter (or none) per role key of PLAN_ROLE_KEYS. */
  assignments: z.record(z.string(), z.enum(RACI_LETTERS).nullable()),
});

export const raciRoleSchema = z.object({
  key: z.string(),
  label: z.string(),
  short_label: z.string(),
  /** Who holds the role on this dossier (its assigned lead; the partner's project manager). */
  person: text,
});

export const deploymentPlanSchema = z.object({
  dossier_id: z.string(),
  reference: z.string(),
  organization: text,
  application: text,
  go_live_date: text,
  /** False until the plan is started (from the template or empty): then every list is empty. */
  started: z.boolean(),
  /** The day the plan was started, YYYY-MM-DD (a day, not an instant, so devices starting it apart agree). */
  created_at: text,
  /** The version of templates/deployment-plan/defaults.json the plan started from; null if empty. */
  template_version: z.number().int().nullable(),
  scope: z.object({ summary: text, systems: text }),
  environments: z.array(planEnvironmentSchema),
  steps: z.array(planStepSchema),
  checklist: z.array(checklistItemSchema),
  communications: z.array(communicationSchema),
  raci: z.object({ roles: z.array(raciRoleSchema), areas: z.array(raciAreaSchema) }),
  escalation: text,
  support: z.object({
    model: text,
    hypercare_start: text,
    hypercare_end: text,
    /** Calendar days from start to end, both included. */
    hypercare_days: z.number().int().nullable(),
    contacts: text,
    exit_criteria: text,
  }),
  rollback: z.object({ triggers: text, decision_role: role, decision_role_label: text, decision_maker: text, steps: text }),
  summary: z.object({
    environments_ready: z.number().int(),
    environments_needed: z.number().int(),
    checklist_done: z.number().int(),
    checklist_total: z.number().int(),
    steps: z.number().int(),
    cutover_start: text,
    cutover_end: text,
    /** What to look at before go-live: steps without an owner or out of time order, RACI areas without one Accountable. */
    warnings: z.array(z.string()),
  }),
  /** What the plan says that the dossier no longer agrees with (shared/deployment-plan/drift.ts). */
  drift: z.array(z.object({ kind: z.enum(['cutover', 'hypercare', 'environment', 'scope']), message: z.string() })),
});

export type DeploymentPlan = z.infer<typeof deploymentPlanSchema>;
export type PlanEnvironment = z.infer<typeof planEnvironmentSchema>;
export type PlanStep = z.infer<typeof planStepSchema>;
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type Communication = z.infer<typeof communicationSchema>;
export type RaciArea = z.infer<typeof raciAreaSchema>;
export type RaciRole = z.infer<typeof raciRoleSchema>;
