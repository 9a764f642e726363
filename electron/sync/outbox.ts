/** The outbox: local changes the server has not acknowledged, read in size-bounded batches. */
import { PUSH_BATCH_BYTES, PUSH_BATCH_CHANGES, type WireChange } from '../../shared/sync/protocol';
import type { Store } from '../store/index';
import { localBaseOf } from './merge';

export function outboxSize(store: Store): number {
  return (store.prepare('SELECT COUNT(*) AS n FROM change_log WHERE server_seq IS NULL').get() as { n: number }).n;
}

/** The next batch, oldest first, with each change's base (what this device showed before it). */
export function nextBatch(store: Store, maxChanges = PUSH_BATCH_CHANGES, maxBytes = PUSH_BATCH_BYTES): WireChange[] {
  const rows = store
    .prepare(
      `SELECT c.seq, c.change_id, c.entity, c.row_id, c.field, c.value, c.device_id, c.actor, c.base, a.dossier_id
       FROM change_log c LEFT JOIN audit a ON a.change_seq = c.seq
       WHERE c.server_seq IS NULL ORDER BY c.seq LIMIT ?`,
    )
    .all(maxChanges) as (Omit<WireChange, 'base' | 'value'> & { seq: number; base: string | null; value: string | null })[];
  const batch: WireChange[] = [];
  let bytes = 0;
  for (const row of rows) {
    const change: WireChange = {
      change_id: row.change_id,
      entity: row.entity,
      row_id: row.row_id,
      field: row.field,
      value: row.value ?? 'null',
      device_id: row.device_id,
      actor: row.actor,
      dossier_id: row.dossier_id,
      // A received change (re-sent after a server reset) keeps the base it came with.
      base: row.device_id === store.deviceId && row.base === null ? localBaseOf(store, row.entity, row.row_id, row.field, row.seq) : row.base,
    };
    const size = JSON.stringify(change).length;
    if (batch.length > 0 && bytes + size > maxBytes) break;
    bytes += size;
    batch.push(change);
  }
  return batch;
}

/** Records the server's sequence numbers: those changes leave the outbox. */
export function acknowledge(store: Store, acked: readonly { change_id: string; seq: number }[], sent: readonly WireChange[]): void {
  const bases = new Map(sent.map((c) => [c.change_id, c.base]));
  const update = store.prepare('UPDATE change_log SET server_seq = ?, base = COALESCE(base, ?) WHERE change_id = ?');
  store.transaction(() => {
    for (const a of acked) update.run(a.seq, bases.get(a.change_id) ?? null, a.change_id);
  });
}
