/**
 * Start events and the questionnaire hand-off on the dossier (issue #13), and attachments on
 * activities kept by content hash like questionnaire evidence. Additive only.
 */
export const sql = `
ALTER TABLE dossiers ADD COLUMN start__request_received_date TEXT;
ALTER TABLE dossiers ADD COLUMN start__cis_referral_date TEXT;
ALTER TABLE dossiers ADD COLUMN start__questionnaire_provided_date TEXT;

CREATE TABLE activity_attachments (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  activity_key TEXT,
  kind TEXT,
  name TEXT,
  sha256 TEXT,
  size INTEGER,
  added_at TEXT,
  deleted_at TEXT
);
CREATE INDEX activity_attachments_dossier ON activity_attachments(dossier_id, activity_key);
`;
