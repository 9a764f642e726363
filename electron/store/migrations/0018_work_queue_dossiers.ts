/**
 * "My work" joins thousands of open activities, gaps and packages to their dossiers; a dossier row
 * is wide (contacts, addresses, leads), so each join read a whole row for a reference and a phase.
 * This covering partial index holds what the work providers read of a live dossier (deleted_at
 * too: without it SQLite counts the index as not covering and reads the row). A local index
 * only; no synced column changes.
 */
export const sql = `
CREATE INDEX dossiers_live_work ON dossiers(id, reference, status__phase, flags__integration_development_required, flags__dq_process_required, targets__go_live_date, organization__legal_name, deleted_at) WHERE deleted_at IS NULL;
`;
