/**
 * What the gap analysis hands the History: words for its answers, assessments, evidence and gaps
 * (with their risk acceptance), and a line for an operation on them.
 */
import { questionNumbers } from '../../shared/questionnaire/template';
import type { HistoryRegistration, OperationChange } from '../history/index';
import type { Store } from '../store/index';
import { riskAcceptanceFieldLabel } from './riskAcceptance';
import type { TemplateLibrary } from './templates';

const ANSWER_FIELD_LABELS: Record<string, string> = {
  response: 'partner response',
  comment: 'partner comment',
  assessment: 'reviewer assessment',
  reviewer_comment: 'reviewer comment',
  answered_version: 'answered against version',
};

const words = (field: string) => (field === 'deleted_at' ? 'removed' : field.replaceAll('_', ' '));

/** "question 2.3" for a row of answers or gaps, whose ids read `<dossier>/<template>/<question>`. */
type QuestionName = (rowId: string) => string;

/**
 * Questions named by their number in the template's latest version, as the gap analysis shows
 * them; a question no longer asked (or a template not installed here) keeps its id.
 */
function questionNamer(templates: TemplateLibrary): QuestionName {
  const numbersByTemplate = new Map<string, ReadonlyMap<string, string>>();
  const numbers = (templateId: string) => {
    let found = numbersByTemplate.get(templateId);
    if (!found) {
      try {
        found = questionNumbers(templates.latest(templateId));
      } catch {
        found = new Map();
      }
      numbersByTemplate.set(templateId, found);
    }
    return found;
  };
  return (rowId) => {
    const [, templateId = '', question = rowId] = rowId.split('/');
    return `question ${numbers(templateId).get(question) ?? question}`;
  };
}

function gapAnalysisLabel(questionOf: QuestionName, store: Store, entity: string, rowId: string, field: string): string | null {
  switch (entity) {
    case 'questionnaire_answers':
      return `Gap analysis ${questionOf(rowId)} — ${ANSWER_FIELD_LABELS[field] ?? words(field)}`;
    case 'gaps':
      return `Gap on ${questionOf(rowId)} — ${riskAcceptanceFieldLabel(field) ?? words(field)}`;
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

function gapAnalysisSummary(questionOf: QuestionName, changes: readonly OperationChange[]): string | null {
  const questions = new Set(changes.filter((c) => c.entity !== 'questionnaire_instances').map((c) => questionOf(c.row_id)));
  const about = questions.size === 1 ? ` on ${[...questions][0]}` : questions.size > 1 ? ` on ${questions.size} questions` : '';
  if (changes.some((c) => c.entity === 'questionnaire_instances' && c.field === 'created_at' && c.old_value === null)) return 'Gap analysis started';
  if (changes.some((c) => c.entity === 'gaps' && c.field === 'accepted_by' && c.new_value !== null)) return `Risk accepted${about}`;
  if (changes.every((c) => c.entity === 'gaps')) return `Gap updated${about}`;
  if (changes.every((c) => c.entity === 'questionnaire_evidence')) return `Gap analysis evidence changed${about}`;
  if (changes.some((c) => c.field === 'assessment' || c.field === 'reviewer_comment')) return `Gap analysis assessed${about}`;
  return `Gap analysis answered${about}`;
}

export function gapAnalysisHistoryLabels(templates: TemplateLibrary): HistoryRegistration {
  const questionOf = questionNamer(templates);
  return {
    kind: 'gap_analysis',
    entities: ['questionnaire_instances', 'questionnaire_answers', 'questionnaire_evidence', 'gaps'],
    label: (store, entity, rowId, field) => gapAnalysisLabel(questionOf, store, entity, rowId, field),
    summarize: (_store, changes) => gapAnalysisSummary(questionOf, changes),
  };
}
