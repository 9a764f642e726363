/**
 * Conformance testing of a dossier: plan decisions (one row per dossier and catalogue case, id
 * "<dossier id>/conformance/plan/<case>"), rounds, results (one per round and case, id
 * "<round id>/result/<case>"), evidence kept by content hash, defects, imported test reports and
 * CIS interface approvals. Dossier data that syncs: TEXT ids, nullable columns, tombstones.
 */
export const sql = `
CREATE TABLE conformance_plan_items (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  case_id TEXT,
  applicable INTEGER,
  reason TEXT,
  deleted_at TEXT
);
CREATE INDEX conformance_plan_items_dossier ON conformance_plan_items(dossier_id);

CREATE TABLE conformance_rounds (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  number INTEGER,
  environment TEXT,
  started_on TEXT,
  ended_on TEXT,
  partner_tester TEXT,
  cis_reviewer TEXT,
  created_at TEXT,
  deleted_at TEXT
);
CREATE INDEX conformance_rounds_dossier ON conformance_rounds(dossier_id);

CREATE TABLE conformance_results (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  round_id TEXT,
  case_id TEXT,
  status TEXT,
  actual TEXT,
  notes TEXT,
  reason TEXT,
  "references" TEXT,
  recorded_at TEXT,
  carried_from TEXT,
  deleted_at TEXT
);
CREATE INDEX conformance_results_dossier ON conformance_results(dossier_id, round_id);

CREATE TABLE conformance_evidence (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  result_id TEXT,
  kind TEXT,
  name TEXT,
  sha256 TEXT,
  size INTEGER,
  reference TEXT,
  source TEXT,
  deleted_at TEXT
);
CREATE INDEX conformance_evidence_dossier ON conformance_evidence(dossier_id, result_id);

CREATE TABLE conformance_defects (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  number INTEGER,
  case_id TEXT,
  severity TEXT,
  description TEXT,
  status TEXT,
  found_round_id TEXT,
  verified_round_id TEXT,
  created_at TEXT,
  deleted_at TEXT
);
CREATE INDEX conformance_defects_dossier ON conformance_defects(dossier_id);

CREATE TABLE conformance_imports (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  round_id TEXT,
  format TEXT,
  file_name TEXT,
  sha256 TEXT,
  size INTEGER,
  imported_at TEXT,
  deleted_at TEXT
);
CREATE INDEX conformance_imports_dossier ON conformance_imports(dossier_id, round_id);

CREATE TABLE conformance_approvals (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  round_id TEXT,
  decision TEXT,
  comment TEXT,
  signed_at TEXT,
  signer_key_id TEXT,
  signer_name TEXT,
  signer_role TEXT,
  public_key TEXT,
  summary_sha256 TEXT,
  summary_json TEXT,
  signature TEXT,
  deleted_at TEXT
);
CREATE INDEX conformance_approvals_dossier ON conformance_approvals(dossier_id, round_id);
`;
