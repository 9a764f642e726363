/**
 * Quarantine: changes sync keeps aside instead of letting them break a workbench or the team.
 * - Received: a pulled change that fails the shared schema (shared/sync/schema.ts) or names a row
 *   or dossier that does not exist here and that no change of the pull creates. The rest of the
 *   pull applies; the cursor moves past it; `sync status` and the sync panel count it.
 * - Refused: a local change the server refused; it leaves the outbox (so the rest still goes) and
 *   is kept here with the server's reason. Its value stays in this workbench until someone edits
 *   the field again (that new change syncs as usual).
 * A person reviews and drops one; a dropped change is kept as a record and no longer counted.
 */
import { WorkbenchError } from '../../shared/api/errors';
import { stampDevice } from '../../shared/hlc';
import type { QuarantinedChange } from '../../shared/api/syncOps';
import type { PulledChange, RefusedChange, WireChange } from '../../shared/sync/protocol';
import { checkWireChange, columnLabel, decodeScalar, type ScalarValue } from '../../shared/sync/schema';
import { isEntityName } from '../store/entities';
import type { Store } from '../store/index';

const rowKey = (entity: string, rowId: string) => `${entity}\u0000${rowId}`;

/** The fields whose change brings a row into being: a dossier by its reference or creation time, any other row by its dossier. */
const CREATION_FIELDS: Record<string, ReadonlySet<string>> = { dossiers: new Set(['reference', 'created_at']) };
const DEFAULT_CREATION_FIELDS: ReadonlySet<string> = new Set(['dossier_id']);

/** The rows the given changes may create (whatever their order within the pull). */
export function creatableRows(changes: readonly Pick<PulledChange, 'entity' | 'row_id' | 'field'>[]): Set<string> {
  const rows = new Set<string>();
  for (const c of changes) if ((CREATION_FIELDS[c.entity] ?? DEFAULT_CREATION_FIELDS).has(c.field)) rows.add(rowKey(c.entity, c.row_id));
  return rows;
}

function rowExists(store: Store, entity: string, rowId: string, creatable: ReadonlySet<string>): boolean {
  if (creatable.has(rowKey(entity, rowId))) return true;
  if (!isEntityName(entity)) return false;
  return store.prepare(`SELECT 1 FROM "${entity}" WHERE id = ?`).get(rowId) !== undefined;
}

/** Why a received change is invalid whatever this workbench holds (the shared schema, its stamp's device), or null. */
export function wireProblem(change: PulledChange, value: ScalarValue | undefined): string | null {
  const invalid = checkWireChange(change, value);
  if (invalid) return invalid;
  if (stampDevice(change.change_id) !== change.device_id) return `claims device ${change.device_id}, but its stamp was made by ${stampDevice(change.change_id)}`;
  return null;
}

/**
 * Why a received change cannot be applied here, or null when it can. `invalid`: its `wireProblem`,
 * when the caller checked that already (while the next page was on its way).
 */
export function receivedProblem(
  store: Store,
  change: PulledChange,
  creatable: ReadonlySet<string>,
  value: ScalarValue | undefined = decodeScalar(change.value),
  invalid: string | null = wireProblem(change, value),
): string | null {
  if (invalid) return invalid;
  const dossierId = change.dossier_id!;
  if (!rowExists(store, 'dossiers', dossierId, creatable)) return `names dossier ${dossierId}, which does not exist here and is not created by this sync`;
  // A dossier's own change names itself as its dossier (checked above): that row was just found.
  if (change.entity !== 'dossiers' && !rowExists(store, change.entity, change.row_id, creatable)) {
    return `changes ${columnLabel(change.entity, change.field)} of a record (${change.row_id}) that does not exist here and is not created by this sync`;
  }
  if (change.field === 'dossier_id' && change.entity !== 'dossiers') {
    const target = value as string | null;
    if (target !== null && !rowExists(store, 'dossiers', target, creatable)) return `links a record to dossier ${target}, which does not exist here`;
  }
  return null;
}

/** Keeps a received change aside; returns 1 when it is new here. */
export function quarantineReceived(store: Store, change: PulledChange, reason: string, at: string): number {
  return store
    .prepare("INSERT INTO sync_quarantine(change_id, direction, server_seq, body, reason, at) VALUES (?, 'received', ?, ?, ?, ?) ON CONFLICT(change_id) DO NOTHING")
    .run(change.change_id, change.seq, JSON.stringify(change), reason, at).changes;
}

/**
 * Takes the changes the server refused out of the outbox (server_seq 0: held by no server) and
 * keeps them with the server's reason. Returns how many of the batch were set aside.
 */
export function setAsideRefused(store: Store, refused: readonly RefusedChange[], batch: readonly WireChange[], at: string): number {
  const sent = new Map(batch.map((c) => [c.change_id, c]));
  return store.transaction(() => {
    let n = 0;
    const keep = store.prepare(
      "INSERT INTO sync_quarantine(change_id, direction, body, reason, at) VALUES (?, 'refused', ?, ?, ?) ON CONFLICT(change_id) DO UPDATE SET reason = excluded.reason, at = excluded.at, dropped_at = NULL, dropped_by = NULL",
    );
    const leave = store.prepare('UPDATE change_log SET server_seq = 0 WHERE change_id = ? AND server_seq IS NULL');
    // A created row is logged as one entry holding all its fields: the entry leaves the outbox whole.
    const leaveCreated = store.prepare('UPDATE change_log SET server_seq = 0 WHERE entity = ? AND row_id = ? AND field IS NULL AND server_seq IS NULL');
    for (const r of refused) {
      const change = sent.get(r.change_id);
      if (!change) continue;
      keep.run(r.change_id, JSON.stringify(change), r.reason, at);
      n += leave.run(r.change_id).changes || leaveCreated.run(change.entity, change.row_id).changes;
    }
    return n;
  });
}

interface QuarantineRow {
  change_id: string;
  direction: 'received' | 'refused';
  server_seq: number | null;
  body: string;
  reason: string;
  at: string;
  dropped_at: string | null;
  dropped_by: string | null;
}

function toQuarantined(store: Store, row: QuarantineRow): QuarantinedChange {
  const change = JSON.parse(row.body) as Partial<PulledChange> & WireChange;
  const dossier = change.dossier_id
    ? (store.prepare('SELECT reference, organization__legal_name AS organization FROM dossiers WHERE id = ?').get(change.dossier_id) as
        | { reference: string | null; organization: string | null }
        | undefined)
    : undefined;
  return {
    id: row.change_id,
    direction: row.direction,
    reason: row.reason,
    at: row.at,
    entity: change.entity,
    row_id: change.row_id,
    field: change.field,
    label: columnLabel(change.entity, change.field),
    dossier_id: change.dossier_id,
    reference: dossier?.reference ?? null,
    organization: dossier?.organization ?? null,
    value: change.value,
    actor: change.actor,
    user: change.user ?? null,
    server_seq: row.server_seq,
    dropped_at: row.dropped_at,
    dropped_by: row.dropped_by,
  };
}

export function listQuarantine(store: Store, includeDropped: boolean): QuarantinedChange[] {
  const rows = store
    .prepare(`SELECT * FROM sync_quarantine ${includeDropped ? '' : 'WHERE dropped_at IS NULL'} ORDER BY at DESC, change_id DESC LIMIT 5000`)
    .all() as QuarantineRow[];
  return rows.map((r) => toQuarantined(store, r));
}

/** How many changes are kept aside and why (the distinct reasons, most frequent first, at most five). */
export function quarantineSummary(store: Store): { count: number; reasons: string[] } {
  const rows = store
    .prepare('SELECT reason, COUNT(*) AS n FROM sync_quarantine WHERE dropped_at IS NULL GROUP BY reason ORDER BY n DESC, reason LIMIT 5')
    .all() as { reason: string; n: number }[];
  const count = (store.prepare('SELECT COUNT(*) AS n FROM sync_quarantine WHERE dropped_at IS NULL').get() as { n: number }).n;
  return { count, reasons: rows.map((r) => (r.n > 1 ? `${r.reason} (${r.n} changes)` : r.reason)) };
}

/** Drops a quarantined change after review: it stays on record, no longer counted or offered. */
export function dropQuarantined(store: Store, id: string, actor: string, at: string): QuarantinedChange {
  return store.transaction(() => {
    const row = store.prepare('SELECT * FROM sync_quarantine WHERE change_id = ?').get(id) as QuarantineRow | undefined;
    if (!row) throw new WorkbenchError('not_found', `No quarantined change with id "${id}" (see \`sync quarantine list\`).`);
    if (row.dropped_at) throw new WorkbenchError('conflict', `Change ${id} was already dropped (by ${row.dropped_by ?? 'someone'}, ${row.dropped_at}).`);
    store.prepare('UPDATE sync_quarantine SET dropped_at = ?, dropped_by = ? WHERE change_id = ?').run(at, actor, id);
    return toQuarantined(store, { ...row, dropped_at: at, dropped_by: actor });
  });
}
