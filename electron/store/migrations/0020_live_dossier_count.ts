/**
 * The number of live dossiers, kept current by triggers (issue #15): the list's first page showed
 * its total by counting the live-dossier index, a read that grows with the registry (30k dossiers:
 * more than the rest of a cold open). Every way a dossier comes, goes or comes back — a create, a
 * sync, a tombstone set or cleared — is an INSERT or an UPDATE of deleted_at, so the triggers see
 * them all; the count sits in `meta` beside the reference counter, whose page a create writes
 * anyway. Local and derived: nothing synced changes.
 */
export const sql = `
INSERT OR REPLACE INTO meta(key, value) SELECT 'live_dossiers', COUNT(*) FROM dossiers WHERE deleted_at IS NULL;
CREATE TRIGGER dossiers_live_count_insert AFTER INSERT ON dossiers WHEN NEW.deleted_at IS NULL
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'live_dossiers'; END;
CREATE TRIGGER dossiers_live_count_delete AFTER DELETE ON dossiers WHEN OLD.deleted_at IS NULL
BEGIN UPDATE meta SET value = value - 1 WHERE key = 'live_dossiers'; END;
CREATE TRIGGER dossiers_live_count_update AFTER UPDATE OF deleted_at ON dossiers WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN UPDATE meta SET value = value + (CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE key = 'live_dossiers'; END;
`;
