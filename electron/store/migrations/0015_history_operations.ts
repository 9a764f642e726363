/**
 * The History groups changes by the operation that made them (issue #14): `op` is the same for
 * every entry one call of the write path logged (the seq of its first entry), so "plan started
 * from the template" reads as one line instead of two hundred. Entries logged before this
 * version keep NULL; the History groups those by time, device and actor. Local bookkeeping of
 * the log (not a synced column), a small integer; no index (the History reads by dossier).
 */
export const sql = `
ALTER TABLE change_log ADD COLUMN op INTEGER;
`;
