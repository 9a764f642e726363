/**
 * Reading the change log. An entry is one change of one field, or a row created in one change
 * with all its fields (field NULL, value a JSON object); `expandEntry` turns either into the
 * field changes it stands for, each with its own stamp, as sync and the History see them.
 */
import { STAMP_DEVICE_OFFSET, hlcRun } from '../../shared/hlc';

export interface LogEntry {
  seq: number;
  change_id: string;
  entity: string;
  row_id: string;
  field: string | null;
  value: string | null;
  old_value: string | null;
  dossier_id: string | null;
  at: string | null;
  /** The device that made it: the tail of its stamp. */
  device_id: string;
  actor: string;
  server_seq: number | null;
  base: string | null;
}

/** One field change, whether logged alone or as part of a created row. */
export interface LoggedChange extends LogEntry {
  field: string;
  /** The JSON text of the new value. */
  value: string;
  /** The JSON text of the value it replaced. */
  old_value: string;
}

/** An entry's columns; its device is not stored but read from its stamp (migration 0019). */
export const LOG_COLUMNS = `seq, change_id, entity, row_id, field, value, old_value, dossier_id, at, substr(change_id, ${STAMP_DEVICE_OFFSET + 1}) AS device_id, actor, server_seq, base`;

export function expandEntry(entry: LogEntry): LoggedChange[] {
  if (entry.field !== null) return [{ ...entry, field: entry.field, value: entry.value ?? 'null', old_value: entry.old_value ?? 'null' }];
  const values = Object.entries(JSON.parse(entry.value ?? '{}') as Record<string, unknown>);
  const stamps = hlcRun(entry.change_id, values.length);
  return values.map(([field, value], k) => ({
    ...entry,
    change_id: stamps[k]!,
    field,
    value: JSON.stringify(value),
    old_value: 'null',
    base: null,
  }));
}

/** How many field changes an entry stands for. */
export function entrySize(entry: LogEntry): number {
  return entry.field !== null ? 1 : Object.keys(JSON.parse(entry.value ?? '{}') as object).length;
}

export const fieldKey = (entity: string, rowId: string, field: string) => `${entity}\u0000${rowId}\u0000${field}`;

/** Every logged change of the given rows, by field (entity, row, field), oldest stamp first. */
export function fieldHistories(entries: readonly LogEntry[]): Map<string, LoggedChange[]> {
  const byField = new Map<string, LoggedChange[]>();
  for (const entry of entries) {
    for (const change of expandEntry(entry)) {
      const key = fieldKey(change.entity, change.row_id, change.field);
      const list = byField.get(key);
      if (list) list.push(change);
      else byField.set(key, [change]);
    }
  }
  for (const list of byField.values()) list.sort((a, b) => (a.change_id < b.change_id ? -1 : a.change_id > b.change_id ? 1 : 0));
  return byField;
}
