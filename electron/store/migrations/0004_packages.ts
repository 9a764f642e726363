/**
 * Approval packages exported for a dossier: one row per exported file, with its version. Dossier
 * data that syncs, so it follows the rules for synced tables (TEXT id, nullable columns, tombstones).
 */
export const sql = `
CREATE TABLE packages (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  version INTEGER,
  created_at TEXT,
  created_by TEXT,
  manifest_sha256 TEXT,
  file_name TEXT,
  content_fingerprint TEXT,
  deleted_at TEXT
);
CREATE INDEX packages_dossier ON packages(dossier_id, version);
`;
