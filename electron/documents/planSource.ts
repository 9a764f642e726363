/**
 * The deployment plan as the documents read it: the fields of the deployment-plan capability's
 * `DeploymentPlan` (shared/deployment-plan/model.ts) that the templates use. Declared here as a
 * structural subset so that the documents depend only on what they print.
 */
export interface PlanForDocuments {
  started: boolean;
  /** Plan drift (shared/deployment-plan/drift.ts); a document generated with drift says so on its first page. */
  drift?: { message: string }[];
  template_version: number | null;
  scope: { summary: string | null; systems: string | null };
  environments: {
    key: string;
    name: string;
    needed: boolean;
    status_label: string;
    notes: string | null;
    certificates_on: string | null;
    acl_on: string | null;
  }[];
  steps: {
    position: number;
    title: string | null;
    owner_role_label: string | null;
    planned_start: string | null;
    duration_minutes: number | null;
    planned_end: string | null;
    verification: string | null;
    rollback: string | null;
  }[];
  checklist: { title: string | null; done: boolean; done_on: string | null }[];
  communications: {
    audience: string | null;
    message: string | null;
    timing: string | null;
    channel: string | null;
    owner_role_label: string | null;
  }[];
  raci: {
    roles: { key: string; label: string; short_label: string; person: string | null }[];
    areas: { title: string | null; assignments: Record<string, 'R' | 'A' | 'C' | 'I' | null> }[];
  };
  escalation: string | null;
  support: {
    model: string | null;
    hypercare_start: string | null;
    hypercare_end: string | null;
    hypercare_days: number | null;
    contacts: string | null;
    exit_criteria: string | null;
  };
  rollback: { triggers: string | null; decision_role_label: string | null; decision_maker: string | null; steps: string | null };
  summary: {
    environments_ready: number;
    environments_needed: number;
    checklist_done: number;
    checklist_total: number;
    steps: number;
    cutover_start: string | null;
    cutover_end: string | null;
    warnings: string[];
  };
}
