/**
 * The deployment plan of a dossier: one plan row (id "<dossier id>/deployment-plan"), environment
 * readiness (one row per HCIM environment, id "<plan id>/environment/<KEY>"), and four ordered
 * lists — cutover steps, go-live checklist, communications, RACI areas — kept in order by a
 * fractional sort key. A RACI area holds one letter per participant role, a column each.
 */
export const sql = `
CREATE TABLE deployment_plans (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  created_at TEXT,
  template_version INTEGER,
  scope_summary TEXT,
  scope_systems TEXT,
  escalation TEXT,
  support_model TEXT,
  hypercare_start TEXT,
  hypercare_end TEXT,
  hypercare_contacts TEXT,
  hypercare_exit_criteria TEXT,
  rollback_triggers TEXT,
  rollback_decision_role TEXT,
  rollback_decision_maker TEXT,
  rollback_steps TEXT,
  deleted_at TEXT
);
CREATE INDEX deployment_plans_dossier ON deployment_plans(dossier_id);

CREATE TABLE deployment_plan_environments (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  key TEXT,
  status TEXT,
  notes TEXT,
  certificates_on TEXT,
  acl_on TEXT,
  deleted_at TEXT
);
CREATE INDEX deployment_plan_environments_dossier ON deployment_plan_environments(dossier_id);

CREATE TABLE deployment_plan_steps (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  sort_key TEXT,
  title TEXT,
  owner_role TEXT,
  planned_start TEXT,
  duration_minutes INTEGER,
  verification TEXT,
  rollback TEXT,
  deleted_at TEXT
);
CREATE INDEX deployment_plan_steps_dossier ON deployment_plan_steps(dossier_id, sort_key);

CREATE TABLE deployment_plan_checklist (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  sort_key TEXT,
  title TEXT,
  done_on TEXT,
  deleted_at TEXT
);
CREATE INDEX deployment_plan_checklist_dossier ON deployment_plan_checklist(dossier_id, sort_key);

CREATE TABLE deployment_plan_communications (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  sort_key TEXT,
  audience TEXT,
  message TEXT,
  timing TEXT,
  channel TEXT,
  owner_role TEXT,
  deleted_at TEXT
);
CREATE INDEX deployment_plan_communications_dossier ON deployment_plan_communications(dossier_id, sort_key);

CREATE TABLE deployment_plan_raci (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  sort_key TEXT,
  title TEXT,
  moh_registries_manager TEXT,
  moh_registries_admin TEXT,
  moh_dq_team TEXT,
  cgi_business_support_lead TEXT,
  cgi_technical_team TEXT,
  cgi_operations_team TEXT,
  cis TEXT,
  connected_partner TEXT,
  deleted_at TEXT
);
CREATE INDEX deployment_plan_raci_dossier ON deployment_plan_raci(dossier_id, sort_key);
`;
