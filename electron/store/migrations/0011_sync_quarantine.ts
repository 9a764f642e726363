/**
 * Changes kept aside by sync (issue #10), device-local and never synced:
 * - `received`: a change pulled from the server that fails the schema or names a row or dossier
 *   that does not exist here; everything else of the pull applies;
 * - `refused`: a local change the server refused (its reason kept), taken out of the outbox so
 *   the rest still goes.
 * A person drops one after review (dropped_at/dropped_by: kept as a record, no longer counted).
 */
export const sql = `
CREATE TABLE sync_quarantine (
  change_id TEXT PRIMARY KEY,
  direction TEXT NOT NULL,
  server_seq INTEGER,
  body TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  dropped_at TEXT,
  dropped_by TEXT
);
CREATE INDEX sync_quarantine_open ON sync_quarantine(at) WHERE dropped_at IS NULL;
`;
