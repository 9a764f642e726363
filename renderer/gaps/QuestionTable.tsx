/** Every question in one compact table, grouped by section; a row opens the question. */
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
  return (
    <table className="data-table data-table--interactive question-table">
      <caption className="visually-hidden">Questions of the gap analysis, by section. Select a row to answer it.</caption>
      <thead>
        <tr>
          <th scope="col" className="question-table__id">
            No.
          </th>
          <th scope="col">Question</th>
          <th scope="col">Response</th>
          <th scope="col">Assessment</th>
          <th scope="col" className="question-table__num">
            Evidence
          </th>
          <th scope="col">Gap</th>
        </tr>
      </thead>
      {sections.map((section) => (
        <tbody key={section.id} id={`table-section-${section.id}`}>
          <tr className="question-table__section">
            <th scope="rowgroup" colSpan={6}>
              {section.title}
            </th>
          </tr>
          {shown
            .filter((i) => i.section.id === section.id)
            .map((item) => {
              const { question, answer, gap } = item;
              const open = () => onOpen(question.id);
              const missing = answer.applicable && question.evidenceExpected && answer.evidence.length === 0;
              return (
                <tr
                  key={question.id}
                  className={answer.applicable ? undefined : 'question-table__row--na'}
                  tabIndex={0}
                  data-question={question.id}
                  onClick={open}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') open();
                  }}
                >
                  <td className="question-table__id" title={`Question id ${question.id}`}>
                    {questionNumber(item)}
                  </td>
                  <td>
                    <span className="question-table__text">{question.text}</span>
                    {!answer.applicable && <span className="cell-secondary">Does not apply. {conditionText(question, items)}</span>}
                  </td>
                  <td className="nowrap">{answer.applicable ? <ResponsePill value={store.choice(answer, 'response')} short /> : <span className="muted">n/a</span>}</td>
                  <td className="nowrap">{answer.applicable ? <ResponsePill value={store.choice(answer, 'assessment')} short /> : <span className="muted">n/a</span>}</td>
                  <td className="question-table__num">
                    {missing ? (
                      <span
                        className={answer.response ? 'evidence-missing' : 'evidence-expected'}
                        title={answer.response ? 'Answered without the evidence that is expected' : 'Evidence is expected for this question'}
                      >
                        {answer.response ? 'Missing' : 'Expected'}
                      </span>
                    ) : answer.evidence.length > 0 ? (
                      answer.evidence.length
                    ) : (
                      <span className="muted">None</span>
                    )}
                  </td>
                  <td className="nowrap">
                    {gap === null ? <span className="muted">—</span> : isGapOpen(gap) ? <RiskBadge rating={gap.rating} /> : <GapStatusPill status={gap.status} />}
                  </td>
                </tr>
              );
            })}
        </tbody>
      ))}
    </table>
  );
}
