/**
 * The profile (issue #11): who uses the workbench on this data folder. The profile itself is a
 * device-local setting (meta 'profile'): it is a person's, not the team's, so it never syncs.
 * Every change to it is kept here, which is its audit trail.
 */
export const sql = `
CREATE TABLE profile_changes (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT
);
`;
