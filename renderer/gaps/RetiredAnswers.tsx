/** Answers kept from an earlier template version whose questions are no longer asked. */
import type { Answer } from '../../shared/api/questionnaireTypes';
import { plural } from '../format/numbers';
import { DataTable, StatusBadge, type DataColumn } from '../ui/index';
import { ResponsePill } from './badges';

export function RetiredAnswers({ retired }: { retired: readonly Answer[] }) {
  if (retired.length === 0) return null;
  return (
    <details className="retired card card--flush">
      <summary className="retired__summary">
        Answers to questions no longer asked <StatusBadge tone="neutral" count>
          {retired.length}
        </StatusBadge>
        <span className="card__subtitle">kept from an earlier version of the questionnaire; they count for nothing now</span>
      </summary>
      <DataTable columns={COLUMNS} rows={retired} rowKey={(a) => a.question_id} className="retired__table" />
    </details>
  );
}

const COLUMNS: DataColumn<Answer>[] = [
  {
    id: 'question',
    header: 'Question',
    cell: (a) => (
      <>
        <code>{a.question_id}</code>
        {a.answered_version !== null && <span className="cell-secondary">answered on version {a.answered_version}</span>}
      </>
    ),
  },
  { id: 'response', header: 'Response', cell: (a) => <ResponsePill value={a.response} short /> },
  { id: 'comment', header: 'Partner comment', cell: (a) => a.comment ?? <span className="muted">—</span> },
  { id: 'assessment', header: 'Assessment', cell: (a) => <ResponsePill value={a.assessment} short /> },
  { id: 'reviewer-comment', header: 'Reviewer comment', cell: (a) => a.reviewer_comment ?? <span className="muted">—</span> },
  { id: 'evidence', header: 'Evidence', cell: (a) => (a.evidence.length === 0 ? <span className="muted">none</span> : plural(a.evidence.length, 'item')) },
];
