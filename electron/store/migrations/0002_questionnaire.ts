/** The Volume 2 gap analysis: one instance per dossier, answers, evidence and gaps. */
export const sql = `
CREATE TABLE questionnaire_instances (
  id TEXT PRIMARY KEY,
  dossier_id TEXT,
  template_id TEXT,
  template_version INTEGER,
  created_at TEXT,
  deleted_at TEXT
);
CREATE INDEX questionnaire_instances_dossier ON questionnaire_instances(dossier_id);

CREATE TABLE questionnaire_answers (
  id TEXT PRIMARY KEY,
  instance_id TEXT,
  dossier_id TEXT,
  question_id TEXT,
  response TEXT,
  comment TEXT,
  assessment TEXT,
  reviewer_comment TEXT,
  answered_version INTEGER,
  deleted_at TEXT
);
CREATE INDEX questionnaire_answers_instance ON questionnaire_answers(instance_id);

CREATE TABLE questionnaire_evidence (
  id TEXT PRIMARY KEY,
  answer_id TEXT,
  dossier_id TEXT,
  kind TEXT,
  name TEXT,
  sha256 TEXT,
  size INTEGER,
  reference TEXT,
  deleted_at TEXT
);
CREATE INDEX questionnaire_evidence_answer ON questionnaire_evidence(answer_id);

CREATE TABLE gaps (
  id TEXT PRIMARY KEY,
  instance_id TEXT,
  dossier_id TEXT,
  question_id TEXT,
  description TEXT,
  likelihood INTEGER,
  impact INTEGER,
  plan TEXT,
  owner TEXT,
  due_date TEXT,
  status TEXT DEFAULT 'open',
  accepted_by TEXT,
  accepted_role TEXT,
  accepted_date TEXT,
  opened_at TEXT,
  closed_at TEXT,
  deleted_at TEXT
);
CREATE INDEX gaps_instance ON gaps(instance_id);
CREATE INDEX gaps_open ON gaps(status, dossier_id);
`;
