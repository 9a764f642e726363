/** Every question in one compact table, grouped by section; a row opens the question. */
import { DataTable, type DataColumn } from '../ui/index';
import { GapStatusPill, RiskBadge, ResponsePill } from './badges';
import { conditionText, isGapOpen, questionNumber, type QuestionItem } from './model';
import type { QuestionnaireStore } from './useQuestionnaire';

interface QuestionTableProps {
  items: readonly QuestionItem[];
  /** The rows to show (all, or those passing the filter). */
  shown: readonly QuestionItem[];
  store: QuestionnaireStore;
  onOpen(questionId: string): void;
}

export function QuestionTable({ items, shown, store, onOpen }: QuestionTableProps) {
  const sections = [...new Map(shown.map((i) => [i.section.id, i.section])).values()];
  const columns: DataColumn<QuestionItem>[] = [
    {
      id: 'number',
      header: 'No.',
      className: 'question-table__id',
      cell: (item) => <span title={`Question id ${item.question.id}`}>{questionNumber(item)}</span>,
    },
    {
      id: 'question',
      header: 'Question',
      cell: ({ question, answer }) => (
        <>
          <span className="question-table__text">{question.text}</span>
          {!answer.applicable && <span className="cell-secondary">Does not apply. {conditionText(question, items)}</span>}
        </>
      ),
    },
    {
      id: 'response',
      header: 'Response',
      nowrap: true,
      cell: ({ answer }) => (answer.applicable ? <ResponsePill value={store.choice(answer, 'response')} short /> : <span className="muted">n/a</span>),
    },
    {
      id: 'assessment',
      header: 'Assessment',
      nowrap: true,
      cell: ({ answer }) => (answer.applicable ? <ResponsePill value={store.choice(answer, 'assessment')} short /> : <span className="muted">n/a</span>),
    },
    { id: 'evidence', header: 'Evidence', numeric: true, cell: (item) => <EvidenceCount item={item} /> },
    {
      id: 'gap',
      header: 'Gap',
      nowrap: true,
      cell: ({ gap }) => (gap === null ? <span className="muted">—</span> : isGapOpen(gap) ? <RiskBadge rating={gap.rating} /> : <GapStatusPill status={gap.status} />),
    },
  ];
  return (
    <DataTable
      className="question-table"
      label="Questions of the gap analysis, by section. Select a row to answer it."
      middle
      columns={columns}
      groups={sections.map((section) => ({
        key: section.id,
        id: `table-section-${section.id}`,
        title: section.title,
        rows: shown.filter((i) => i.section.id === section.id),
      }))}
      rowKey={(item) => item.question.id}
      rowClassName={(item) => (item.answer.applicable ? undefined : 'question-table__row--na')}
      rowData={(item) => ({ 'data-question': item.question.id })}
      onOpen={(item) => onOpen(item.question.id)}
    />
  );
}

function EvidenceCount({ item: { question, answer } }: { item: QuestionItem }) {
  const missing = answer.applicable && question.evidenceExpected && answer.evidence.length === 0;
  if (missing) {
    return (
      <span className={answer.response ? 'evidence-missing' : 'evidence-expected'} title={answer.response ? 'Answered without the evidence that is expected' : 'Evidence is expected for this question'}>
        {answer.response ? 'Missing' : 'Expected'}
      </span>
    );
  }
  return answer.evidence.length > 0 ? <>{answer.evidence.length}</> : <span className="muted">None</span>;
}
