/**
 * Indexes for "My work" (issue #13): open activities by key (a role's activities) and by assignee,
 * open gaps by remediation owner and by due date. Local indexes only; no synced column changes.
 */
export const sql = `
CREATE INDEX activities_open_key ON activities(key) WHERE deleted_at IS NULL AND status NOT IN ('done', 'not_required');
CREATE INDEX activities_open_assignee ON activities(assignee COLLATE NOCASE) WHERE deleted_at IS NULL AND status NOT IN ('done', 'not_required');
CREATE INDEX gaps_open_owner ON gaps(owner COLLATE NOCASE) WHERE deleted_at IS NULL AND status IN ('open', 'in_progress');
CREATE INDEX gaps_open_due ON gaps(due_date) WHERE deleted_at IS NULL AND status IN ('open', 'in_progress');
`;
