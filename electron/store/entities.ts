/** The synced tables and the columns the write path may change on each: nothing else is writable. */
import { SCALAR_FIELDS, columnOf } from '../../shared/dossier/fields';

export const ENTITIES = {
  dossiers: new Set(['reference', 'created_at', 'deleted_at', ...SCALAR_FIELDS.map((f) => columnOf(f.path))]),
  dossier_set_items: new Set(['dossier_id', 'field', 'value', 'present']),
  activities: new Set(['dossier_id', 'key', 'status', 'assignee', 'due_date', 'completed_date', 'notes', 'deleted_at']),
  questionnaire_instances: new Set(['dossier_id', 'template_id', 'template_version', 'created_at', 'deleted_at']),
  questionnaire_answers: new Set([
    'instance_id',
    'dossier_id',
    'question_id',
    'response',
    'comment',
    'assessment',
    'reviewer_comment',
    'answered_version',
    'deleted_at',
  ]),
  questionnaire_evidence: new Set(['answer_id', 'dossier_id', 'kind', 'name', 'sha256', 'size', 'reference', 'deleted_at']),
  gaps: new Set([
    'instance_id',
    'dossier_id',
    'question_id',
    'description',
    'likelihood',
    'impact',
    'plan',
    'owner',
    'due_date',
    'status',
    'accepted_by',
    'accepted_role',
    'accepted_date',
    'opened_at',
    'closed_at',
    'deleted_at',
  ]),
  deployment_plans: new Set([
    'dossier_id',
    'created_at',
    'template_version',
    'scope_summary',
    'scope_systems',
    'escalation',
    'support_model',
    'hypercare_start',
    'hypercare_end',
    'hypercare_contacts',
    'hypercare_exit_criteria',
    'rollback_triggers',
    'rollback_decision_role',
    'rollback_decision_maker',
    'rollback_steps',
    'deleted_at',
  ]),
  deployment_plan_environments: new Set(['dossier_id', 'key', 'status', 'notes', 'certificates_on', 'acl_on', 'deleted_at']),
  deployment_plan_steps: new Set(['dossier_id', 'sort_key', 'title', 'owner_role', 'planned_start', 'duration_minutes', 'verification', 'rollback', 'deleted_at']),
  deployment_plan_checklist: new Set(['dossier_id', 'sort_key', 'title', 'done_on', 'deleted_at']),
  deployment_plan_communications: new Set(['dossier_id', 'sort_key', 'audience', 'message', 'timing', 'channel', 'owner_role', 'deleted_at']),
  // One column per participant role (shared/deployment-plan/model.ts PLAN_ROLE_KEYS) holds its RACI letter.
  deployment_plan_raci: new Set([
    'dossier_id',
    'sort_key',
    'title',
    'moh_registries_manager',
    'moh_registries_admin',
    'moh_dq_team',
    'cgi_business_support_lead',
    'cgi_technical_team',
    'cgi_operations_team',
    'cis',
    'connected_partner',
    'deleted_at',
  ]),
  packages: new Set(['dossier_id', 'version', 'created_at', 'created_by', 'manifest_sha256', 'file_name', 'content_fingerprint', 'deleted_at']),
  form_imports: new Set(['dossier_id', 'form_id', 'form_version', 'format', 'file_name', 'sha256', 'size', 'imported_at', 'values_json', 'deleted_at']),
} as const;

export type EntityName = keyof typeof ENTITIES;

export function isEntityName(name: string): name is EntityName {
  return Object.hasOwn(ENTITIES, name);
}
