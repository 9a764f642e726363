/**
 * Decisions that come back into the record (issue #11).
 * package_approvals: each approver's signed decision on a package version, recorded when the
 * signed package is imported. Synced; its id is deterministic (`<dossier>/package-approval/
 * <version>/<key id>`), so importing the same package again, on any device, changes nothing.
 */
export const sql = `
CREATE TABLE package_approvals (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  package_version INTEGER,
  manifest_sha256 TEXT,
  key_id TEXT,
  signer_name TEXT,
  signer_role TEXT,
  decision TEXT,
  comment TEXT,
  signed_at TEXT,
  recorded_at TEXT,
  recorded_by TEXT,
  deleted_at TEXT
);
CREATE INDEX package_approvals_dossier ON package_approvals(dossier_id, package_version);
`;
