/**
 * Team sync (issue #6). The change log learns which changes the server holds (server_seq: NULL
 * while a change waits in the outbox) and gets an index to find the winning change of a field.
 * A received change also keeps its base (what its writer had seen), to tell a successor from a
 * concurrent edit. The other tables are device-local sync bookkeeping and never sync themselves.
 */
export const sql = `
ALTER TABLE change_log ADD COLUMN server_seq INTEGER;
-- For a received change: the change of the same field its writer's device showed when it was made.
ALTER TABLE change_log ADD COLUMN base TEXT;
CREATE INDEX change_log_outbox ON change_log(seq) WHERE server_seq IS NULL;
CREATE INDEX change_log_field ON change_log(entity, row_id, field, change_id);

-- A value that lost last-writer-wins to a concurrent edit, kept for a person to decide.
CREATE TABLE sync_conflicts (
  id TEXT PRIMARY KEY,
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  field TEXT NOT NULL,
  dossier_id TEXT,
  kind TEXT NOT NULL,
  local_change_id TEXT,
  local_value TEXT,
  local_actor TEXT,
  remote_change_id TEXT,
  remote_value TEXT,
  remote_actor TEXT,
  kept TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  resolved_at TEXT,
  resolution TEXT,
  resolved_by TEXT
);
CREATE INDEX sync_conflicts_open ON sync_conflicts(dossier_id, detected_at) WHERE resolved_at IS NULL;
CREATE INDEX sync_conflicts_field ON sync_conflicts(entity, row_id, field);

-- Received changes this version cannot apply (a newer schema): kept until an upgrade knows them.
CREATE TABLE sync_deferred (
  change_id TEXT PRIMARY KEY,
  server_seq INTEGER NOT NULL,
  body TEXT NOT NULL
);

-- Attachments the server is known to hold, by SHA-256.
CREATE TABLE sync_attachments_sent (sha256 TEXT PRIMARY KEY);
`;
