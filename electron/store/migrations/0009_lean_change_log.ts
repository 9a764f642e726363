/**
 * The change log becomes its own audit trail (issue #15): one table, one entry per change with
 * the value it replaced, the dossier it belongs to and when it was applied here. A row created
 * in one change is logged once with its values together (field NULL, value a JSON object of
 * field → value in stamp order; the k-th field's stamp is the entry's stamp advanced k ticks).
 * Existing entries are copied one for one with their audit rows; nothing is recomputed.
 *
 * Indexes: change_id (a received change is known by it), row_id (the merge reads a row's
 * changes to find each field's winner), dossier_id (the History). The outbox needs none: local
 * changes wait after the `outbox_from` mark, so finding none costs one probe of the primary key.
 * The dossier list walks partial indexes of live dossiers, which also count them.
 */
export const sql = `
CREATE TABLE change_log_lean (
  seq INTEGER PRIMARY KEY,
  change_id TEXT NOT NULL UNIQUE,
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  field TEXT,
  value TEXT,
  old_value TEXT,
  dossier_id TEXT,
  at TEXT,
  device_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  server_seq INTEGER,
  base TEXT
);
INSERT INTO change_log_lean(seq, change_id, entity, row_id, field, value, old_value, dossier_id, at, device_id, actor, server_seq, base)
  SELECT c.seq, c.change_id, c.entity, c.row_id, c.field, c.value, a.old_value, a.dossier_id, a.at, c.device_id, c.actor, c.server_seq, c.base
  FROM change_log c LEFT JOIN audit a ON a.change_seq = c.seq;
DROP TABLE audit;
DROP TABLE change_log;
ALTER TABLE change_log_lean RENAME TO change_log;
CREATE INDEX change_log_row ON change_log(row_id);
CREATE INDEX change_log_dossier ON change_log(dossier_id);
-- Every change made before this version may still wait for the server.
INSERT INTO meta(key, value) VALUES ('outbox_from', '0') ON CONFLICT(key) DO UPDATE SET value = '0';

DROP INDEX dossiers_updated;
DROP INDEX dossiers_phase;
CREATE INDEX dossiers_live ON dossiers(updated_at) WHERE deleted_at IS NULL;
CREATE INDEX dossiers_live_phase ON dossiers(status__phase, updated_at) WHERE deleted_at IS NULL;
DROP INDEX dossiers_reference;
CREATE INDEX dossiers_live_reference ON dossiers(reference) WHERE deleted_at IS NULL;

-- Search: names (organization, application) ranked before the rest; text folded before indexing.
DROP TABLE dossier_search;
CREATE VIRTUAL TABLE dossier_search USING fts5(names, other, tokenize = 'unicode61 remove_diacritics 2');
DELETE FROM dossier_search_keys;
INSERT INTO meta(key, value) VALUES ('search_rebuild', '1') ON CONFLICT(key) DO UPDATE SET value = '1';
`;
