/** Reading dossiers from the store into the API's shapes. */
import type { Store } from '../store/store';
import { SCALAR_FIELDS, SET_FIELDS, columnOf } from '../../shared/dossier/fields';
import type { FieldValues } from '../../shared/dossier/values';
import type { Activity } from '../../shared/api/types';
import { ACTIVITIES, ACTIVITY_STATUSES, STAGE_KEYS, type ActivityKey, type ActivityStatus, type Stage } from '../../shared/workflow/definition';
import { checkColumnValue } from '../../shared/sync/schema';
import { effectiveStatus, isActivityRequired, isFinished } from '../../shared/workflow/gate';
import { WorkbenchError } from '../../shared/api/errors';
import { ATTACHMENT_KINDS, ATTACHMENT_KIND_LABELS, type AttachmentKind } from '../../shared/workflow/attachments';

export interface DossierRow {
  id: string;
  reference: string;
  created_at: string;
  updated_at: string;
  [column: string]: string | number | null;
}

export interface ActivityRow {
  id: string;
  key: ActivityKey;
  status: ActivityStatus;
  assignee: string | null;
  due_date: string | null;
  completed_date: string | null;
  notes: string | null;
}

export function findDossierRow(store: Store, idOrRef: string): DossierRow {
  // Two look-ups, each by its index (an OR of both would scan the partial reference index).
  const row = (store.prepare('SELECT * FROM dossiers WHERE id = ? AND deleted_at IS NULL').get(idOrRef) ??
    store.prepare('SELECT * FROM dossiers WHERE reference = ? AND deleted_at IS NULL LIMIT 1').get(idOrRef.toUpperCase())) as DossierRow | undefined;
  if (!row) throw new WorkbenchError('not_found', `No dossier with id or reference "${idOrRef}".`);
  return row;
}

/** Each scalar field's column, computed once. */
const COLUMNS = new Map(SCALAR_FIELDS.map((f) => [f.path, columnOf(f.path)]));

export function readFields(store: Store, row: DossierRow): FieldValues {
  return fieldsOf(row, store.prepare('SELECT field, value FROM dossier_set_items WHERE dossier_id = ? AND present = 1').all(row.id) as SetMember[]);
}

export interface SetMember {
  field: string;
  value: string;
}

/** A dossier's field values from its row and its present set members. */
export function fieldsOf(row: DossierRow, present: readonly SetMember[]): FieldValues {
  const fields: FieldValues = {};
  for (const def of SCALAR_FIELDS) {
    const raw = row[COLUMNS.get(def.path)!] ?? null;
    fields[def.path] = def.kind === 'boolean' ? raw === 1 : raw;
  }
  // Sorted here: a bound ORDER BY is re-prepared on every run (see test/unit/store-statements).
  const members = [...present].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  for (const def of SET_FIELDS) fields[def.path] = members.filter((m) => m.field === def.path).map((m) => m.value);
  return fields;
}

export interface AttachmentRow {
  id: string;
  activity_key: ActivityKey;
  kind: AttachmentKind | null;
  name: string | null;
  sha256: string | null;
  size: number | null;
  added_at: string | null;
}

export function readAttachmentRows(store: Store, dossierId: string): AttachmentRow[] {
  return store
    .prepare('SELECT id, activity_key, kind, name, sha256, size, added_at FROM activity_attachments WHERE dossier_id = ? AND deleted_at IS NULL ORDER BY added_at, id')
    .all(dossierId) as AttachmentRow[];
}

export function readActivityRows(store: Store, dossierId: string): ActivityRow[] {
  return store
    .prepare('SELECT id, key, status, assignee, due_date, completed_date, notes FROM activities WHERE dossier_id = ? AND deleted_at IS NULL')
    .all(dossierId) as ActivityRow[];
}

/** The dossier's activities in workflow order, with statuses as the flags make them. */
export function toActivities(rows: ActivityRow[], fields: FieldValues, today: string, attachments: AttachmentRow[] = []): Activity[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return ACTIVITIES.flatMap((def) => {
    const row = byKey.get(def.key);
    if (!row) return [];
    // A status this version does not know (written by hand or by a foreign tool) reads as not started; storedProblems says so.
    const stored = (ACTIVITY_STATUSES as readonly string[]).includes(row.status) ? row.status : 'not_started';
    const status = effectiveStatus(def, stored, fields);
    return [
      {
        id: row.id,
        key: def.key,
        label: def.label,
        phase: def.phase,
        owner_role: def.ownerRole,
        required: isActivityRequired(def, fields),
        status,
        assignee: row.assignee,
        due_date: row.due_date,
        completed_date: row.completed_date,
        notes: row.notes,
        overdue: row.due_date !== null && row.due_date < today && !isFinished(status),
        attachments: attachments
          .filter((a) => a.activity_key === def.key && a.sha256 !== null)
          .map((a) => {
            const kind = a.kind && (ATTACHMENT_KINDS as readonly string[]).includes(a.kind) ? a.kind : 'other';
            return { id: a.id, kind, kind_label: ATTACHMENT_KIND_LABELS[kind], name: a.name ?? a.sha256!, sha256: a.sha256!, size: a.size ?? 0, added_at: a.added_at };
          }),
      },
    ];
  });
}

/** The dossier's stage; a stored phase that is not one reads as Intake (storedProblems reports it). */
export function stageOf(fields: FieldValues): Stage {
  const phase = fields['status.phase'];
  return (STAGE_KEYS as readonly unknown[]).includes(phase) ? (phase as Stage) : 'intake';
}

export interface StoredProblem {
  field: string;
  message: string;
}

const ACTIVITY_COLUMNS = ['status', 'assignee', 'due_date', 'completed_date', 'notes'] as const;

/**
 * Stored values that break the schema or the text rule (kept from before a rule existed, or written
 * outside the workbench): reported so readers show them as invalid; reading never fails on them and
 * nothing is rewritten.
 */
export function storedProblems(row: DossierRow, activities: readonly ActivityRow[]): StoredProblem[] {
  const problems: StoredProblem[] = [];
  for (const def of SCALAR_FIELDS) {
    const raw = row[COLUMNS.get(def.path)!] ?? null;
    const why = raw === null ? null : checkColumnValue('dossiers', columnOf(def.path), raw);
    if (why) problems.push({ field: def.path, message: `Stored value is invalid — ${why}` });
  }
  for (const activity of activities) {
    for (const column of ACTIVITY_COLUMNS) {
      const raw = activity[column];
      const why = raw === null ? null : checkColumnValue('activities', column, raw);
      if (why) problems.push({ field: `activities.${activity.key}.${column}`, message: `Stored value is invalid — ${why}` });
    }
  }
  return problems;
}
