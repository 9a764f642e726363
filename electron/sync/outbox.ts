/**
 * The outbox: local changes the server has not acknowledged, read in size-bounded batches.
 * They all sit after the `outbox_from` mark (a seq), which moves up once everything before it is
 * acknowledged: with nothing waiting, finding that out is one probe of the log's primary key.
 */
import { PUSH_BATCH_BYTES, PUSH_BATCH_CHANGES, type WireChange } from '../../shared/sync/protocol';
import { LOG_COLUMNS, OUTBOX_FROM, entrySize, expandEntry, type LogEntry, type Store } from '../store/index';
import { localBaseOf, rowHistories } from './merge';

const outboxFrom = (store: Store) => Number(store.meta(OUTBOX_FROM) ?? 0);

/** How many field changes wait for the server. */
export function outboxSize(store: Store): number {
  const row = store
    .prepare(
      `SELECT COALESCE(SUM(CASE WHEN c.field IS NULL THEN (SELECT COUNT(*) FROM json_each(c.value)) ELSE 1 END), 0) AS n
       FROM change_log c WHERE c.seq > ? AND c.server_seq IS NULL`,
    )
    .get(outboxFrom(store)) as { n: number };
  return row.n;
}

/** The next batch, oldest first, with each change's base (what this device showed before it); a created row's fields travel together. */
export function nextBatch(store: Store, maxChanges = PUSH_BATCH_CHANGES, maxBytes = PUSH_BATCH_BYTES): WireChange[] {
  const from = outboxFrom(store);
  const entries = (store.prepare(`SELECT ${LOG_COLUMNS} FROM change_log WHERE seq > ? AND server_seq IS NULL LIMIT ?`).all(from, maxChanges) as LogEntry[]).sort(
    (a, b) => a.seq - b.seq,
  );
  if (entries.length === 0) {
    // Nothing waits: later look-ups start after the last change.
    const { last } = store.prepare('SELECT MAX(seq) AS last FROM change_log').get() as { last: number | null };
    if ((last ?? 0) > from) store.setMeta(OUTBOX_FROM, String(last));
    return [];
  }
  const histories = rowHistories(
    store,
    entries.filter((e) => e.device_id === store.deviceId && e.base === null).map((e) => e.row_id),
  );
  const batch: WireChange[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (batch.length > 0 && batch.length + entrySize(entry) > maxChanges) break;
    const changes: WireChange[] = expandEntry(entry).map((c) => ({
      change_id: c.change_id,
      entity: c.entity,
      row_id: c.row_id,
      field: c.field,
      value: c.value,
      device_id: c.device_id,
      actor: c.actor,
      dossier_id: c.dossier_id,
      // A received change (re-sent after a server reset) keeps the base it came with.
      base: c.device_id === store.deviceId && c.base === null ? localBaseOf(histories.get(`${c.entity}\u0000${c.row_id}\u0000${c.field}`), c.seq, c.change_id) : c.base,
    }));
    const size = changes.reduce((n, c) => n + JSON.stringify(c).length, 0);
    if (batch.length > 0 && bytes + size > maxBytes) break;
    bytes += size;
    batch.push(...changes);
  }
  return batch;
}

/** Records the server's sequence numbers: those changes leave the outbox (a created row with its first field's). */
export function acknowledge(store: Store, acked: readonly { change_id: string; seq: number }[], sent: readonly WireChange[]): void {
  const bases = new Map(sent.map((c) => [c.change_id, c.base]));
  const update = store.prepare('UPDATE change_log SET server_seq = ?, base = CASE WHEN field IS NULL THEN NULL ELSE COALESCE(base, ?) END WHERE change_id = ?');
  store.transaction(() => {
    for (const a of acked) update.run(a.seq, bases.get(a.change_id) ?? null, a.change_id);
  });
}
