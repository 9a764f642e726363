/**
 * The change log stops storing each entry's device id beside its stamp (issue #15): a stamp is
 * `physical:counter:device` with the first two parts of fixed width, so the device is the stamp
 * from its 23rd character, and readers take it from there (`LOG_COLUMNS` in changeLog.ts). Every
 * entry already carried it twice: the write path stamps with this device's clock, and a received
 * change is one the server accepted only with its stamp's device id (a pulled change claiming
 * another is kept aside). 17 entries per full-intake dossier, ≈ 40 bytes each. Nothing indexes
 * the column, so SQLite drops it in place. A local column: sync sends the device id as before.
 */
export const sql = `
ALTER TABLE change_log DROP COLUMN device_id;
`;
