import { Card, RagIndicator } from '../ui/index';
import { formatCount } from '../format/numbers';

const ORDER = ['green', 'amber', 'red', 'unset'] as const;

export function RagSummary({ byRag, total }: { byRag: Record<string, number>; total: number }) {
  return (
    <Card headingId="rag-heading" title="Status (RAG)">
      <div className="rag-bar" aria-hidden="true">
        {ORDER.map((rag) => {
          const n = byRag[rag] ?? 0;
          return n > 0 ? <span key={rag} className={`rag-bar__part rag-bar__part--${rag}`} style={{ flexGrow: n }} /> : null;
        })}
      </div>
      <ul className="rag-summary">
        {ORDER.map((rag) => {
          const n = byRag[rag] ?? 0;
          return (
            <li key={rag}>
              <RagIndicator rag={rag === 'unset' ? null : rag} />
              <span className="rag-summary__count">{formatCount(n)}</span>
              <span className="rag-summary__share">{total ? `${Math.round((n / total) * 100)}%` : ''}</span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
