/** Answers kept from an earlier template version whose questions are no longer asked. */
import type { Answer } from '../../shared/api/questionnaireTypes';
import { plural } from '../format/numbers';
import { StatusBadge } from '../ui/StatusBadge';
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
      <table className="data-table retired__table">
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Response</th>
            <th scope="col">Partner comment</th>
            <th scope="col">Assessment</th>
            <th scope="col">Reviewer comment</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {retired.map((a) => (
            <tr key={a.question_id}>
              <td>
                <code>{a.question_id}</code>
                {a.answered_version !== null && <span className="cell-secondary">answered on version {a.answered_version}</span>}
              </td>
              <td>
                <ResponsePill value={a.response} short />
              </td>
              <td>{a.comment ?? <span className="muted">—</span>}</td>
              <td>
                <ResponsePill value={a.assessment} short />
              </td>
              <td>{a.reviewer_comment ?? <span className="muted">—</span>}</td>
              <td>{a.evidence.length === 0 ? <span className="muted">none</span> : plural(a.evidence.length, 'item')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
