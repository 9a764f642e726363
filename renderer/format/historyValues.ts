/** Shows an audit entry's old and new values the way the forms show them: labels, not codes. */
import type { HistoryEntry } from '../../shared/api/types';
import { SCALAR_FIELDS, columnOf, optionLabel } from '../../shared/dossier/fields';
import { ACTIVITY_STATUS_LABELS, type ActivityStatus } from '../../shared/workflow/definition';
import { formatPlanHistoryValue } from '../deployment-plan/historyValues';
import { formatDate, formatDateTime } from './dates';

const FIELD_BY_COLUMN = new Map(SCALAR_FIELDS.map((f) => [columnOf(f.path), f]));

export function formatHistoryValue(entry: HistoryEntry, value: HistoryEntry['new_value']): string | null {
  if (value === null || value === '') return null;
  const planValue = formatPlanHistoryValue(entry, value);
  if (planValue !== undefined) return planValue;
  if (entry.entity === 'dossier_set_items' && entry.field === 'present') return value === 1 || value === true ? 'Selected' : 'Not selected';
  if (entry.entity === 'activities' && entry.field === 'status' && typeof value === 'string') {
    return ACTIVITY_STATUS_LABELS[value as ActivityStatus] ?? value;
  }
  if (entry.entity === 'dossiers') {
    if (entry.field === 'created_at' && typeof value === 'string') return formatDateTime(value);
    const def = FIELD_BY_COLUMN.get(entry.field);
    if (def?.kind === 'boolean') return value === 1 || value === true ? 'Yes' : 'No';
    if (def?.kind === 'enum' && typeof value === 'string') return optionLabel(def, value);
    if (def?.kind === 'date' && typeof value === 'string') return formatDate(value);
  }
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The label for fields the engine names by column ("reference", "created_at"). */
export function historyLabel(entry: HistoryEntry): string {
  if (entry.entity === 'dossiers' && entry.label === entry.field) {
    if (entry.field === 'reference') return 'Reference';
    if (entry.field === 'created_at') return 'Created';
  }
  return entry.label;
}
