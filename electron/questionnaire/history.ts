/**
 * What the gap analysis hands the History: words for its answers, assessments, evidence and gaps
 * (with their risk acceptance), and a line for an operation on them.
 */
import type { HistoryRegistration, OperationChange } from '../history/index';
import type { Store } from '../store/index';
import { riskAcceptanceHistoryLabel } from './riskAcceptance';

const ANSWER_FIELD_LABELS: Record<string, string> = {
  response: 'partner response',
  comment: 'partner comment',
  assessment: 'reviewer assessment',
  reviewer_comment: 'reviewer comment',
  answered_version: 'answered against version',
};

const words = (field: string) => (field === 'deleted_at' ? 'removed' : field.replaceAll('_', ' '));
/** Row ids of answers and gaps end in the question: `<dossier>/<template>/<question>`. */
const questionOf = (rowId: string) => rowId.split('/')[2] ?? rowId;

function gapAnalysisLabel(store: Store, entity: string, rowId: string, field: string): string | null {
  switch (entity) {
    case 'questionnaire_answers':
      return `Gap analysis ${questionOf(rowId)} — ${ANSWER_FIELD_LABELS[field] ?? words(field)}`;
    case 'gaps':
      return riskAcceptanceHistoryLabel(store, entity, rowId, field) ?? `Gap on ${questionOf(rowId)} — ${words(field)}`;
    case 'questionnaire_instances':
      return `Gap analysis — ${field === 'created_at' ? 'started' : words(field)}`;
    case 'questionnaire_evidence': {
      const name = (store.prepare('SELECT name FROM questionnaire_evidence WHERE id = ?').get(rowId) as { name: string | null } | undefined)?.name;
      return `Gap analysis evidence${name ? ` “${name}”` : ''} — ${words(field)}`;
    }
    default:
      return null;
  }
}

function gapAnalysisSummary(_store: Store, changes: readonly OperationChange[]): string | null {
  const questions = new Set(changes.filter((c) => c.entity !== 'questionnaire_instances').map((c) => questionOf(c.row_id)));
  const about = questions.size === 1 ? ` on ${[...questions][0]}` : questions.size > 1 ? ` on ${questions.size} questions` : '';
  if (changes.some((c) => c.entity === 'questionnaire_instances' && c.field === 'created_at' && c.old_value === null)) return 'Gap analysis started';
  if (changes.some((c) => c.entity === 'gaps' && c.field === 'accepted_by' && c.new_value !== null)) return `Risk accepted${about}`;
  if (changes.every((c) => c.entity === 'gaps')) return `Gap updated${about}`;
  if (changes.every((c) => c.entity === 'questionnaire_evidence')) return `Gap analysis evidence changed${about}`;
  if (changes.some((c) => c.field === 'assessment' || c.field === 'reviewer_comment')) return `Gap analysis assessed${about}`;
  return `Gap analysis answered${about}`;
}

export const gapAnalysisHistoryLabels: HistoryRegistration = {
  kind: 'gap_analysis',
  entities: ['questionnaire_instances', 'questionnaire_answers', 'questionnaire_evidence', 'gaps'],
  label: gapAnalysisLabel,
  summarize: gapAnalysisSummary,
};
