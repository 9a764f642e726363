/**
 * What the dossiers hand the History: the words for changes to a dossier's own fields, its list
 * values and its activities, and a line for an operation that created the dossier, moved its
 * phase or updated an activity.
 */
import { SCALAR_FIELDS, columnOf, findField } from '../../shared/dossier/fields';
import { ACTIVITIES, phaseLabel, type Stage } from '../../shared/workflow/definition';
import { ATTACHMENT_KIND_LABELS, type AttachmentKind } from '../../shared/workflow/attachments';
import type { HistoryRegistration, OperationChange } from '../history/index';
import type { Store } from '../store/index';

const FIELD_BY_COLUMN = new Map(SCALAR_FIELDS.map((f) => [columnOf(f.path), f]));
/** Columns of the dossier row that are not fields of the registry. */
const DOSSIER_COLUMNS: Record<string, string> = { reference: 'Reference', created_at: 'Created', deleted_at: 'Dossier — removed' };

const activityName = (key: string | null | undefined) => (key ? (ACTIVITIES.find((a) => a.key === key)?.label ?? key) : 'An activity');
const words = (field: string) => (field === 'deleted_at' ? 'removed' : field.replaceAll('_', ' '));

function dossierLabel(store: Store, entity: string, rowId: string, field: string): string | null {
  if (entity === 'dossiers') return FIELD_BY_COLUMN.get(field)?.label ?? DOSSIER_COLUMNS[field] ?? words(field);
  if (entity !== 'dossier_set_items') return null;
  const row = store.prepare('SELECT field, value FROM dossier_set_items WHERE id = ?').get(rowId) as { field: string | null; value: string | null } | undefined;
  if (!row?.field) return `A list value — ${words(field)}`;
  const def = findField(row.field);
  const option = def?.options?.find((o) => o.value === row.value)?.label ?? row.value;
  return `${def?.label ?? row.field}: ${option}`;
}

function dossierSummary(_store: Store, changes: readonly OperationChange[]): string | null {
  const own = changes.filter((c) => c.entity === 'dossiers');
  if (own.some((c) => c.field === 'created_at' && c.old_value === null)) return 'Dossier created';
  const phase = own.find((c) => c.field === 'status__phase');
  if (phase && typeof phase.new_value === 'string') return `Phase moved to ${phaseLabel(phase.new_value as Stage)}`;
  if (own.some((c) => c.field === 'deleted_at' && c.new_value !== null)) return 'Dossier removed';
  return 'Dossier details edited';
}

export const dossierHistoryLabels: HistoryRegistration = {
  kind: 'dossier',
  entities: ['dossiers', 'dossier_set_items'],
  label: dossierLabel,
  summarize: dossierSummary,
};

function activityKeyOf(store: Store, entity: string, rowId: string): string | null {
  const sql = entity === 'activities' ? 'SELECT key AS k FROM activities WHERE id = ?' : 'SELECT activity_key AS k FROM activity_attachments WHERE id = ?';
  return (store.prepare(sql).get(rowId) as { k: string | null } | undefined)?.k ?? null;
}

function activityLabel(store: Store, entity: string, rowId: string, field: string): string | null {
  if (entity === 'activities') return `${activityName(activityKeyOf(store, entity, rowId))} — ${words(field)}`;
  if (entity !== 'activity_attachments') return null;
  const row = store.prepare('SELECT activity_key, kind, name FROM activity_attachments WHERE id = ?').get(rowId) as
    | { activity_key: string | null; kind: string | null; name: string | null }
    | undefined;
  const kind = row?.kind ? (ATTACHMENT_KIND_LABELS[row.kind as AttachmentKind] ?? row.kind) : 'Record';
  const field_ = field === 'sha256' ? 'file fingerprint (SHA-256)' : field === 'size' ? 'file size (bytes)' : words(field);
  return `${activityName(row?.activity_key)}: ${kind.toLowerCase()}${row?.name ? ` “${row.name}”` : ''} — ${field_}`;
}

function activitySummary(store: Store, changes: readonly OperationChange[]): string | null {
  const keys = new Set(changes.map((c) => activityKeyOf(store, c.entity, c.row_id)));
  if (keys.size !== 1) return 'Activities updated';
  const name = activityName([...keys][0]);
  if (changes.every((c) => c.entity === 'activity_attachments')) return `${name}: record kept`;
  const status = changes.find((c) => c.entity === 'activities' && c.field === 'status');
  return status && status.new_value === 'done' ? `${name} done` : `${name} updated`;
}

export const activityHistoryLabels: HistoryRegistration = {
  kind: 'activities',
  entities: ['activities', 'activity_attachments'],
  label: activityLabel,
  summarize: activitySummary,
};
