/** How the History shows the values of deployment-plan changes: role names, statuses and times, not codes and sort keys. */
import type { HistoryEntry } from '../../shared/api/types';
import { ENVIRONMENT_STATUS_LABELS, PLAN_ROLE_KEYS, RACI_LABELS, planRoleLabel, type EnvironmentStatus, type RaciLetter } from '../../shared/deployment-plan/model';
import { formatLocalDateTime } from '../../shared/deployment-plan/time';
import { formatDateTime } from '../format/dates';

const ROLE_FIELDS = new Set(['owner_role', 'rollback_decision_role']);

/** The value in words for an entry of a deployment-plan table; undefined for any other entry. */
export function formatPlanHistoryValue(entry: HistoryEntry, value: HistoryEntry['new_value']): string | null | undefined {
  if (!entry.entity.startsWith('deployment_plan')) return undefined;
  if (value === null || value === '') return null;
  const text = String(value);
  // A position is a sort key: only the fact that the row moved means something to a reader.
  if (entry.field === 'sort_key') return entry.old_value === null ? 'placed in the list' : value === entry.old_value ? 'earlier place' : 'new place';
  if (entry.field === 'deleted_at') return formatDateTime(text);
  // A plan is dated by the day it started (an instant on plans started before that).
  if (entry.field === 'created_at') return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : formatDateTime(text);
  if (entry.field === 'planned_start') return formatLocalDateTime(text);
  if (ROLE_FIELDS.has(entry.field)) return planRoleLabel(text);
  if (entry.field === 'status' && text in ENVIRONMENT_STATUS_LABELS) return ENVIRONMENT_STATUS_LABELS[text as EnvironmentStatus];
  if ((PLAN_ROLE_KEYS as readonly string[]).includes(entry.field) && text in RACI_LABELS) return `${text} (${RACI_LABELS[text as RaciLetter]})`;
  return undefined;
}
