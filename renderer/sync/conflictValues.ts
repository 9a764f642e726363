/**
 * A conflict's field and values in words, the way the History shows them (format/historyValues).
 * The engine labels each conflict as the History does; an answer without a label (an older engine)
 * is named here from what the row says.
 */
import type { Conflict } from '../../shared/api/syncOps';
import type { HistoryEntry } from '../../shared/api/types';
import { SCALAR_FIELDS, columnOf } from '../../shared/dossier/fields';
import { formatDateTime } from '../format/dates';
import { formatHistoryValue } from '../format/historyValues';

const DOSSIER_FIELD_LABELS = new Map<string, string>([
  ...SCALAR_FIELDS.map((f) => [columnOf(f.path), f.label] as [string, string]),
  ['reference', 'Reference'],
  ['created_at', 'Created'],
]);

const ENTITY_LABELS: Record<string, string> = {
  dossiers: 'Dossier',
  dossier_set_items: 'Dossier list entry',
  activities: 'Activity',
  questionnaire_instances: 'Gap analysis',
  questionnaire_answers: 'Gap analysis answer',
  questionnaire_evidence: 'Gap analysis evidence',
  gaps: 'Gap',
  deployment_plans: 'Deployment plan',
  deployment_plan_environments: 'Deployment plan environment',
  deployment_plan_steps: 'Cutover step',
  deployment_plan_checklist: 'Go-live checklist item',
  deployment_plan_communications: 'Communication',
  deployment_plan_raci: 'RACI row',
  packages: 'Approval package',
  form_imports: 'Partner form import',
};

const ANSWER_FIELD_LABELS: Record<string, string> = {
  response: 'partner response',
  comment: 'partner comment',
  assessment: 'reviewer assessment',
  reviewer_comment: 'reviewer comment',
};

function words(identifier: string): string {
  return identifier.replaceAll('_', ' ');
}

export function conflictLabel(conflict: Conflict): string {
  return conflict.label || fallbackLabel(conflict);
}

function fallbackLabel(conflict: Conflict): string {
  if (conflict.kind === 'delete') return `${ENTITY_LABELS[conflict.entity] ?? words(conflict.entity)} — deleted on one side, edited on the other`;
  if (conflict.entity === 'dossiers') return DOSSIER_FIELD_LABELS.get(conflict.field) ?? words(conflict.field);
  // Questionnaire rows are named DOSSIER/TEMPLATE/QUESTION[/gap]: the question id is what a reviewer knows.
  const questionId = conflict.row_id.split('/')[2];
  if (conflict.entity === 'questionnaire_answers' && questionId) return `Gap analysis ${questionId} — ${ANSWER_FIELD_LABELS[conflict.field] ?? words(conflict.field)}`;
  if (conflict.entity === 'gaps' && questionId) return `Gap on ${questionId} — ${words(conflict.field)}`;
  const entity = ENTITY_LABELS[conflict.entity] ?? words(conflict.entity);
  return `${entity} — ${words(conflict.field)}`;
}

/** The value in words; null for an empty value. */
export function conflictValue(conflict: Conflict, side: 'local' | 'remote'): string | null {
  const { value } = conflict[side];
  if (conflict.kind === 'delete' || conflict.field === 'deleted_at') {
    return value === null || value === '' ? 'Kept, with its edits' : `Deleted${typeof value === 'string' ? ` (${formatDateTime(value)})` : ''}`;
  }
  const entry: HistoryEntry = {
    id: conflict[side].change_id ?? conflict.id,
    at: conflict[side].at ?? conflict.detected_at,
    actor: conflict[side].actor ?? '',
    entity: conflict.entity,
    row_id: conflict.row_id,
    field: conflict.field,
    label: conflictLabel(conflict),
    old_value: null,
    new_value: value,
  };
  return formatHistoryValue(entry, value);
}

/** Long text is shown in full, wrapped; short values on one line. */
export function isLongValue(text: string | null): boolean {
  return text !== null && (text.length > 80 || text.includes('\n'));
}
