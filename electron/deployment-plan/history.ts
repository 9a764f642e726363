/** How changes to a deployment plan read in the dossier's History tab. */
import { HCIM_ENVIRONMENTS } from '../../shared/reference';
import { PLAN_FIELDS, PLAN_ROLE_KEYS } from '../../shared/deployment-plan/model';
import { roleLabel, type ParticipantRole } from '../../shared/workflow/roles';
import type { HistoryRegistration, OperationChange } from '../history/index';
import type { Store } from '../store/index';
import { LIST_TABLES } from './tables';

const COMMON: Record<string, string> = { sort_key: 'position', deleted_at: 'removed' };

const FIELD_WORDS: Record<string, Record<string, string>> = {
  deployment_plans: { created_at: 'started', template_version: 'template version', deleted_at: 'removed' },
  deployment_plan_environments: {
    status: 'status',
    notes: 'notes',
    certificates_on: 'SSL certificates in place on',
    acl_on: 'IP addresses on the ACL on',
    deleted_at: 'removed',
  },
  deployment_plan_steps: {
    ...COMMON,
    title: 'title',
    owner_role: 'owner role',
    planned_start: 'planned start',
    duration_minutes: 'duration (minutes)',
    verification: 'verification',
    rollback: 'rollback step',
  },
  deployment_plan_checklist: { ...COMMON, title: 'item', done_on: 'done on' },
  deployment_plan_communications: { ...COMMON, audience: 'audience', message: 'message', timing: 'when', channel: 'channel', owner_role: 'sent by' },
  deployment_plan_raci: { ...COMMON, title: 'area' },
};

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);

function rowName(store: Store, table: string, column: string, rowId: string): string {
  const row = store.prepare(`SELECT "${column}" AS name FROM "${table}" WHERE id = ?`).get(rowId) as { name: string | null } | undefined;
  return row?.name ? `“${short(row.name)}”` : '(untitled)';
}

/** A label such as `Cutover step “Deploy the configuration” — planned start`, or null for other entities. */
export function deploymentPlanHistoryLabel(store: Store, entity: string, rowId: string, field: string): string | null {
  const words = FIELD_WORDS[entity];
  if (!words) return null;
  const word = words[field] ?? field.replaceAll('_', ' ');
  switch (entity) {
    case 'deployment_plans':
      return `Deployment plan — ${PLAN_FIELDS.find((f) => f.key === field)?.label ?? word}`;
    case 'deployment_plan_environments': {
      const key = rowId.split('/').at(-1)!;
      return `${HCIM_ENVIRONMENTS.find((e) => e.key === key)?.name ?? key} readiness — ${word}`;
    }
    case LIST_TABLES.steps:
      return `Cutover step ${rowName(store, entity, 'title', rowId)} — ${word}`;
    case LIST_TABLES.checklist:
      return `Go-live checklist ${rowName(store, entity, 'title', rowId)} — ${word}`;
    case LIST_TABLES.communications:
      return `Communication to ${rowName(store, entity, 'audience', rowId)} — ${word}`;
    case LIST_TABLES.raci: {
      const role = (PLAN_ROLE_KEYS as readonly string[]).includes(field) ? roleLabel(field as ParticipantRole) : word;
      return `RACI ${rowName(store, entity, 'title', rowId)} — ${role}`;
    }
    default:
      return null;
  }
}

const ITEM_WORDS: Record<string, string> = {
  [LIST_TABLES.steps]: 'cutover step',
  [LIST_TABLES.checklist]: 'checklist item',
  [LIST_TABLES.communications]: 'communication',
  [LIST_TABLES.raci]: 'RACI row',
};

/** `Deployment plan started from the template`, `Cutover steps reordered`, `Deployment plan edited`. */
function deploymentPlanSummary(_store: Store, changes: readonly OperationChange[]): string | null {
  const started = changes.find((c) => c.entity === 'deployment_plans' && c.field === 'created_at' && c.old_value === null);
  if (started) {
    const fromTemplate = changes.some((c) => c.entity === 'deployment_plans' && c.field === 'template_version' && c.new_value !== null);
    return fromTemplate ? 'Deployment plan started from the template' : 'Deployment plan started empty';
  }
  const tables = new Set(changes.map((c) => c.entity));
  const only = tables.size === 1 ? [...tables][0]! : undefined;
  const item = only ? ITEM_WORDS[only] : undefined;
  if (item) {
    if (changes.every((c) => c.field === 'sort_key')) return `Deployment plan: ${item} moved`;
    if (changes.some((c) => c.field === 'deleted_at' && c.new_value !== null)) return `Deployment plan: ${item} removed`;
    if (changes.some((c) => c.old_value === null && c.field === 'sort_key')) return `Deployment plan: ${item} added`;
  }
  if (only === 'deployment_plan_environments') return 'Deployment plan: environment readiness updated';
  return 'Deployment plan edited';
}

export const deploymentPlanHistoryLabels: HistoryRegistration = {
  kind: 'plan',
  entities: Object.keys(FIELD_WORDS),
  label: deploymentPlanHistoryLabel,
  summarize: deploymentPlanSummary,
};
