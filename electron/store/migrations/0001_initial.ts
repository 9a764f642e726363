/** The first schema: dossiers, their set members and activities, the change log, audit trail and search. */
export const sql = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE dossiers (
  id TEXT PRIMARY KEY,
  reference TEXT,
  created_at TEXT,
  updated_at TEXT,
  deleted_at TEXT,
  organization__legal_name TEXT,
  organization__type TEXT,
  organization__address__street TEXT,
  organization__address__city TEXT,
  organization__address__province TEXT,
  organization__address__postal_code TEXT,
  contacts__sponsor__name TEXT, contacts__sponsor__title TEXT, contacts__sponsor__email TEXT, contacts__sponsor__phone TEXT,
  contacts__project_manager__name TEXT, contacts__project_manager__title TEXT, contacts__project_manager__email TEXT, contacts__project_manager__phone TEXT,
  contacts__technical_lead__name TEXT, contacts__technical_lead__title TEXT, contacts__technical_lead__email TEXT, contacts__technical_lead__phone TEXT,
  contacts__privacy_officer__name TEXT, contacts__privacy_officer__title TEXT, contacts__privacy_officer__email TEXT, contacts__privacy_officer__phone TEXT,
  contacts__security_officer__name TEXT, contacts__security_officer__title TEXT, contacts__security_officer__email TEXT, contacts__security_officer__phone TEXT,
  application__name TEXT,
  application__vendor TEXT,
  application__version TEXT,
  application__hosting TEXT,
  integration__standard TEXT,
  integration__type TEXT,
  volumes__daily_transactions INTEGER,
  volumes__peak_per_hour INTEGER,
  volumes__users INTEGER,
  leads__moh_registries_manager TEXT,
  leads__moh_registries_admin TEXT,
  leads__moh_dq_team TEXT,
  leads__cgi_business_support_lead TEXT,
  leads__cgi_technical_team TEXT,
  leads__cgi_operations_team TEXT,
  leads__cis TEXT,
  targets__kickoff_date TEXT,
  targets__conformance_date TEXT,
  targets__go_live_date TEXT,
  status__phase TEXT DEFAULT 'intake',
  status__rag TEXT,
  status__summary TEXT,
  flags__integration_development_required INTEGER DEFAULT 0,
  flags__dq_process_required INTEGER DEFAULT 0
);
CREATE INDEX dossiers_reference ON dossiers(reference);
CREATE INDEX dossiers_updated ON dossiers(updated_at);
CREATE INDEX dossiers_phase ON dossiers(status__phase, updated_at);

-- One row per (dossier, set field, value); add/remove is a change of 'present'.
CREATE TABLE dossier_set_items (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  field TEXT,
  value TEXT,
  present INTEGER DEFAULT 0
);
CREATE INDEX dossier_set_items_dossier ON dossier_set_items(dossier_id, field);

CREATE TABLE activities (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  key TEXT,
  status TEXT DEFAULT 'not_started',
  assignee TEXT,
  due_date TEXT,
  completed_date TEXT,
  notes TEXT,
  deleted_at TEXT
);
CREATE INDEX activities_dossier ON activities(dossier_id);
CREATE INDEX activities_due ON activities(due_date) WHERE due_date IS NOT NULL;

-- Local, append-only: every field change made on this device or received from another.
-- change_id is the change's hybrid-logical-clock stamp, unique because it embeds the device id.
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY,
  change_id TEXT NOT NULL UNIQUE,
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT,
  device_id TEXT NOT NULL,
  actor TEXT NOT NULL
);

-- The audit trail: for each logged change, when it was applied here, to which dossier, and the
-- value it replaced. Read joined with change_log (who, what, new value).
CREATE TABLE audit (
  change_seq INTEGER PRIMARY KEY,
  dossier_id TEXT,
  at TEXT NOT NULL,
  old_value TEXT
);
CREATE INDEX audit_dossier ON audit(dossier_id, change_seq);

-- Full-text search over dossiers. Local and derived (rebuilt from the dossier on every write);
-- search_key gives each dossier the integer rowid FTS5 needs, so updates hit one row.
CREATE TABLE dossier_search_keys (search_key INTEGER PRIMARY KEY, dossier_id TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE dossier_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
`;
