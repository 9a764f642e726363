/**
 * Partner forms applied to a dossier: one row per applied file, kept as evidence by content hash
 * (attachments/), with the values of fields that have no dossier field of their own. Dossier data
 * that syncs, so it follows the rules for synced tables (TEXT id, nullable columns, tombstones).
 */
export const sql = `
CREATE TABLE form_imports (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  form_id TEXT,
  form_version INTEGER,
  format TEXT,
  file_name TEXT,
  sha256 TEXT,
  size INTEGER,
  imported_at TEXT,
  values_json TEXT,
  deleted_at TEXT
);
CREATE INDEX form_imports_dossier ON form_imports(dossier_id, form_id, imported_at);
`;
