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
} as const;

export type EntityName = keyof typeof ENTITIES;

export function isEntityName(name: string): name is EntityName {
  return Object.hasOwn(ENTITIES, name);
}
