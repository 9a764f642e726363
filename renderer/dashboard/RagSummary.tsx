import { RagIndicator } from '../ui/Badges';
import { formatCount } from '../format/numbers';

const ORDER = ['green', 'amber', 'red', 'unset'] as const;

export function RagSummary({ byRag, total }: { byRag: Record<string, number>; total: number }) {
  return (
    <section className="card" aria-labelledby="rag-heading">
      <h2 id="rag-heading" className="card__title">
        Status (RAG)
      </h2>
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
    </section>
  );
}
