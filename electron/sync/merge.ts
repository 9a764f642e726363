/**
 * Merging pulled changes into the local store, one page per transaction.
 *
 * Per field, last writer wins by hybrid-logical-clock stamp (the stamp ends with the device id, so
 * equal times fall to the device id). When the field's current value here and the incoming one
 * were written without either writer having seen the other (neither is the other's base, and they
 * come from different devices) and they differ, the losing value is kept as a conflict.
 *
 * Deletes are tombstones (deleted_at). A sync pulls before it pushes, so a local edit still in the
 * outbox was made without knowledge of anything being pulled: a remote delete of a row edited here,
 * or a remote edit of a row deleted here, brings the row back and records a `delete` conflict.
 */
import { parseHlc } from '../../shared/hlc';
import type { PulledChange } from '../../shared/sync/protocol';
import type { LogEntry, LoggedChange, Store, StoredValue, ReceivedChange } from '../store/index';
import { LOG_COLUMNS, OUTBOX_FROM, fieldHistories, fieldKey, newId } from '../store/index';
import { ENTITIES, isEntityName, type EntityName } from '../store/entities';
import { creatableRows, quarantineReceived, receivedProblem, wireProblem } from './quarantine';
import { decodeScalar } from '../../shared/sync/schema';

export interface MergeContext {
  store: Store;
  /** Who the local decisions (bringing a row back) are written as. */
  actor: string;
  now: () => number;
}

export interface PageOutcome {
  /** Changes new to this device. */
  received: number;
  applied: number;
  newConflicts: number;
  deferred: number;
  /** Changes kept aside: invalid, or naming a row or dossier that does not exist here (see quarantine.ts). */
  quarantined: number;
}

interface Winner {
  change_id: string;
  device_id: string;
  value: string;
  actor: string;
  base: string | null;
  seq: number;
  server_seq: number | null;
}

/**
 * What can be known of a page before the store is read, worked out while the next page is on its
 * way: each change's decoded value and, when the shared schema refuses it, why (see `wireProblem`).
 */
export interface CheckedPage {
  values: (StoredValue | undefined)[];
  invalid: (string | null)[];
}

export function checkPage(page: readonly PulledChange[]): CheckedPage {
  const values: (StoredValue | undefined)[] = new Array(page.length);
  const invalid: (string | null)[] = new Array(page.length);
  for (let k = 0; k < page.length; k += 1) {
    const change = page[k]!;
    const value = decodeScalar(change.value);
    values[k] = value;
    invalid[k] = value === undefined ? null : wireProblem(change, value);
  }
  return { values, invalid };
}

/** Whether this version of the workbench can apply the change (a known table and field, a plain value). */
export function isApplicable(change: PulledChange): boolean {
  return isEntityName(change.entity) && (ENTITIES[change.entity] as ReadonlySet<string>).has(change.field) && decodeScalar(change.value) !== undefined;
}

/** The logged changes of these rows by field, read in one query (the merge's view of a page). */
export function rowHistories(store: Store, rowIds: Iterable<string>): Map<string, LoggedChange[]> {
  const entries = store.prepare(`SELECT ${LOG_COLUMNS} FROM change_log WHERE row_id IN (SELECT value FROM json_each(?))`).all(JSON.stringify([...new Set(rowIds)])) as LogEntry[];
  return fieldHistories(entries);
}

/** The change of a field currently in effect here: the one with the greatest stamp. */
export function winnerOf(store: Store, entity: string, rowId: string, field: string): Winner | undefined {
  return rowHistories(store, [rowId]).get(fieldKey(entity, rowId, field))?.at(-1);
}

/** The change of the same field this device showed just before the given local change was made. */
export function localBaseOf(history: readonly LoggedChange[] | undefined, seq: number, changeId: string): string | null {
  let base: string | null = null;
  for (const c of history ?? []) if ((c.seq < seq || (c.seq === seq && c.change_id < changeId)) && (base === null || c.change_id > base)) base = c.change_id;
  return base;
}

const hasDeletedAt = (entity: EntityName) => (ENTITIES[entity] as ReadonlySet<string>).has('deleted_at');

/** Rows with a local change still waiting for the server (after the outbox mark). */
function rowsInOutbox(store: Store): Set<string> {
  const from = Number(store.meta(OUTBOX_FROM) ?? 0);
  return new Set(
    (store.prepare('SELECT DISTINCT entity, row_id FROM change_log WHERE seq > ? AND server_seq IS NULL').all(from) as { entity: string; row_id: string }[]).map(
      (r) => `${r.entity}\u0000${r.row_id}`,
    ),
  );
}

/** The latest change of a row's fields other than deleted_at that matches `keep`, by log order. */
function lastEdit(histories: Map<string, LoggedChange[]>, entity: string, rowId: string, keep: (c: LoggedChange) => boolean): LoggedChange | undefined {
  let last: LoggedChange | undefined;
  const prefix = `${entity}\u0000${rowId}\u0000`;
  for (const [key, list] of histories) {
    if (!key.startsWith(prefix) || key.endsWith('\u0000deleted_at')) continue;
    for (const c of list) if (keep(c) && (!last || c.seq > last.seq || (c.seq === last.seq && c.change_id > last.change_id))) last = c;
  }
  return last;
}

export function applyPage(ctx: MergeContext, page: readonly PulledChange[], creatable: ReadonlySet<string> = creatableRows(page), checked: CheckedPage = checkPage(page)): PageOutcome {
  const { store } = ctx;
  return store.transaction(() => {
    const outcome: PageOutcome = { received: 0, applied: 0, newConflicts: 0, deferred: 0, quarantined: 0 };
    /** Per row (entity and id), the winner so far in this page of each field it changed. */
    const overlay = new Map<string, Map<string, Winner>>();
    let rowEntity = '';
    let rowId = '';
    let rowKey = '';
    let rowOverlay = new Map<string, Winner>();
    const received: ReceivedChange[] = [];
    const resurrect = new Map<string, { entity: EntityName; rowId: string; dossierId: string; local: Winner | null; remote: PulledChange; kept: 'local' | 'remote' }>();
    const detectedAt = new Date(ctx.now()).toISOString();
    /** The highest reference number received per year. */
    const references = new Map<string, number>();
    // One read of what the log knows of the page: its change ids, and every change of its rows.
    const known = new Map(
      (store.prepare('SELECT change_id, server_seq FROM change_log WHERE change_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(page.map((c) => c.change_id))) as {
        change_id: string;
        server_seq: number | null;
      }[]).map((r) => [r.change_id, r.server_seq]),
    );
    const histories = rowHistories(store, page.map((c) => c.row_id));
    // A row with nothing logged (a new one) needs no key built to look its fields up.
    const loggedRows = new Set<string>();
    for (const list of histories.values()) loggedRows.add(list[0]!.row_id);
    const ack = store.prepare('UPDATE change_log SET server_seq = ? WHERE change_id = ? AND server_seq IS NULL');
    // Only rows with changes still in the outbox can have been deleted or edited here unseen.
    const inOutbox = rowsInOutbox(store);
    const openConflicts = store.prepare('SELECT 1 FROM sync_conflicts WHERE resolved_at IS NULL LIMIT 1').get() !== undefined;

    for (let k = 0; k < page.length; k += 1) {
      const change = page[k]!;
      if (known.has(change.change_id)) {
        if (known.get(change.change_id) === null) ack.run(change.seq, change.change_id);
        continue;
      }
      const history = loggedRows.has(change.row_id) ? histories.get(fieldKey(change.entity, change.row_id, change.field)) : undefined;
      // A field of a created row (made here, or received whole) is logged inside the row's entry, under a derived stamp.
      if (history?.some((c) => c.change_id === change.change_id)) continue;
      outcome.received += 1;
      const value = checked.values[k];
      const entity = change.entity;
      if (!isEntityName(entity) || !(ENTITIES[entity] as ReadonlySet<string>).has(change.field) || value === undefined) {
        const kept = store
          .prepare('INSERT INTO sync_deferred(change_id, server_seq, body) VALUES (?, ?, ?) ON CONFLICT(change_id) DO NOTHING')
          .run(change.change_id, change.seq, JSON.stringify(change));
        outcome.deferred += kept.changes;
        continue;
      }
      const problem = receivedProblem(store, change, creatable, value, checked.invalid[k]);
      if (problem) {
        outcome.quarantined += quarantineReceived(store, change, problem, detectedAt);
        continue;
      }
      // Consecutive changes of one row, the usual case, find its fields without a key being built.
      if (change.row_id !== rowId || entity !== rowEntity) {
        rowEntity = entity;
        rowId = change.row_id;
        rowKey = `${entity}\u0000${rowId}`;
        const seen = overlay.get(rowKey);
        if (seen) rowOverlay = seen;
        else overlay.set(rowKey, (rowOverlay = new Map()));
      }
      const winner = rowOverlay.get(change.field) ?? history?.at(-1);
      const apply = !winner || change.change_id > winner.change_id;
      const dossierId = change.dossier_id ?? change.row_id;
      if (winner && winner.value !== change.value && winner.device_id !== change.device_id && change.base !== winner.change_id) {
        const winnerBase = winner.base ?? (winner.server_seq === null || winner.device_id === store.deviceId ? localBaseOf(history, winner.seq, winner.change_id) : null);
        if (winnerBase !== change.change_id) {
          recordConflict(store, {
            entity,
            rowId: change.row_id,
            field: change.field,
            dossierId,
            kind: 'field',
            local: { change_id: winner.change_id, value: winner.value, actor: winner.actor },
            remote: { change_id: change.change_id, value: change.value, actor: change.actor },
            kept: apply ? 'remote' : 'local',
            detectedAt,
          });
          outcome.newConflicts += 1;
        }
      } else if (apply && winner && openConflicts) {
        supersedeConflicts(store, entity, change.row_id, change.field, change, detectedAt);
      }
      if (apply) {
        rowOverlay.set(change.field, { change_id: change.change_id, device_id: change.device_id, value: change.value, actor: change.actor, base: change.base, seq: 0, server_seq: change.seq });
      }
      if (inOutbox.has(rowKey) && hasDeletedAt(entity) && !resurrect.has(rowKey)) {
        if (change.field === 'deleted_at' && value !== null && apply) {
          const editedHere = lastEdit(histories, entity, change.row_id, (c) => c.server_seq === null);
          if (editedHere) resurrect.set(rowKey, { entity, rowId: change.row_id, dossierId, local: null, remote: change, kept: 'local' });
        } else if (change.field !== 'deleted_at') {
          const deletion = rowOverlay.get('deleted_at') ?? histories.get(fieldKey(entity, change.row_id, 'deleted_at'))?.at(-1);
          if (deletion && deletion.server_seq === null && deletion.device_id === store.deviceId && deletion.value !== 'null') {
            resurrect.set(rowKey, { entity, rowId: change.row_id, dossierId, local: deletion, remote: change, kept: 'remote' });
          }
        }
      }
      received.push({
        entity,
        rowId: change.row_id,
        field: change.field,
        value,
        dossierId,
        changeId: change.change_id,
        deviceId: change.device_id,
        actor: change.actor,
        base: change.base,
        serverSeq: change.seq,
        apply,
      });
      if (entity === 'dossiers' && change.field === 'reference' && typeof value === 'string') noteReference(references, value);
    }
    for (const [year, n] of references) advanceReferenceCounter(store, year, n);

    // Every change passed on was just looked up in the log (`known`, `histories`) and is not in it.
    outcome.applied = store.recordReceived(received, { unlogged: true }).length;

    // Rows deleted on one side and edited on the other come back, with the deletion kept as a conflict.
    for (const r of resurrect.values()) {
      const [undo] = store.write(ctx.actor, [{ entity: r.entity, rowId: r.rowId, field: 'deleted_at', value: null, dossierId: r.dossierId }]);
      if (!undo) continue;
      const lastLocalEdit = lastEdit(histories, r.entity, r.rowId, (c) => c.device_id === store.deviceId);
      recordConflict(store, {
        entity: r.entity,
        rowId: r.rowId,
        field: 'deleted_at',
        dossierId: r.dossierId,
        kind: 'delete',
        local: r.local ? { change_id: r.local.change_id, value: r.local.value, actor: r.local.actor } : { change_id: undo.changeId, value: 'null', actor: lastLocalEdit?.actor ?? ctx.actor },
        remote: r.local ? { change_id: r.remote.change_id, value: 'null', actor: r.remote.actor } : { change_id: r.remote.change_id, value: r.remote.value, actor: r.remote.actor },
        kept: r.kept,
        detectedAt,
      });
      outcome.newConflicts += 1;
    }
    return outcome;
  });
}

interface ConflictRecord {
  entity: string;
  rowId: string;
  field: string;
  dossierId: string;
  kind: 'field' | 'delete';
  local: { change_id: string; value: string; actor: string };
  remote: { change_id: string; value: string; actor: string };
  kept: 'local' | 'remote';
  detectedAt: string;
}

function recordConflict(store: Store, c: ConflictRecord): void {
  // A newer disagreement on the same field replaces an older open one: the person decides once.
  store
    .prepare("UPDATE sync_conflicts SET resolved_at = ?, resolution = 'superseded', resolved_by = ? WHERE entity = ? AND row_id = ? AND field = ? AND resolved_at IS NULL")
    .run(c.detectedAt, c.remote.actor, c.entity, c.rowId, c.field);
  store
    .prepare(
      `INSERT INTO sync_conflicts(id, entity, row_id, field, dossier_id, kind, local_change_id, local_value, local_actor,
         remote_change_id, remote_value, remote_actor, kept, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(newId(), c.entity, c.rowId, c.field, c.dossierId, c.kind, c.local.change_id, c.local.value, c.local.actor, c.remote.change_id, c.remote.value, c.remote.actor, c.kept, c.detectedAt);
}

/** An open conflict is settled when a change made after both of its sides arrives for the field. */
function supersedeConflicts(store: Store, entity: string, rowId: string, field: string, change: PulledChange, at: string): void {
  store
    .prepare(
      `UPDATE sync_conflicts SET resolved_at = ?, resolution = 'superseded', resolved_by = ?
       WHERE entity = ? AND row_id = ? AND field = ? AND resolved_at IS NULL AND local_change_id < ? AND remote_change_id < ?`,
    )
    .run(at, change.actor, entity, rowId, field, change.change_id, change.change_id);
}

function noteReference(references: Map<string, number>, reference: string): void {
  const match = /^PCR-(\d{4})-(\d+)$/.exec(reference);
  if (match) references.set(match[1]!, Math.max(references.get(match[1]!) ?? 0, Number(match[2])));
}

/** Keeps this device's reference counter past every reference it has seen, so new dossiers do not reuse one. */
function advanceReferenceCounter(store: Store, year: string, n: number): void {
  const key = `reference_seq:${year}`;
  const current = store.meta(key);
  if (current !== undefined && Number(current) < n) store.setMeta(key, String(n));
}

/** When a stamp was written, as ISO time. */
export function stampTime(changeId: string | null): string | null {
  if (!changeId) return null;
  try {
    return new Date(parseHlc(changeId).physical).toISOString();
  } catch {
    return null;
  }
}
