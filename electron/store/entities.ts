/** The synced tables and the columns the write path may change on each: nothing else is writable. */
import { SCALAR_FIELDS, columnOf } from '../../shared/dossier/fields';

export const ENTITIES = {
  dossiers: new Set(['reference', 'created_at', 'deleted_at', ...SCALAR_FIELDS.map((f) => columnOf(f.path))]),
  dossier_set_items: new Set(['dossier_id', 'field', 'value', 'present']),
  activities: new Set(['dossier_id', 'key', 'status', 'assignee', 'due_date', 'completed_date', 'notes', 'deleted_at']),
} as const;

export type EntityName = keyof typeof ENTITIES;

export function isEntityName(name: string): name is EntityName {
  return Object.hasOwn(ENTITIES, name);
}
