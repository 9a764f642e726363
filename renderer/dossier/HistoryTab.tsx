import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { formatDateTime } from '../format/dates';
import { formatHistoryValue, historyLabel } from '../format/historyValues';
import { EmptyState, InlineError, Loading } from '../ui/StatusMessages';

const LIMIT = 500;

/** The audit trail, newest first. `version` reloads it whenever the dossier changes. */
export function HistoryTab({ dossierId, version }: { dossierId: string; version: string }) {
  const history = useApiQuery(() => api.call('dossier.history', { id: dossierId, limit: LIMIT }), [dossierId, version]);

  if (history.error) {
    return (
      <InlineError title="The history could not be loaded" onRetry={history.reload}>
        {history.error}
      </InlineError>
    );
  }
  if (!history.data) return <Loading label="Loading the history…" />;
  if (history.data.length === 0) return <EmptyState title="No changes recorded yet" />;

  return (
    <section className="card card--flush" aria-labelledby="history-title">
      <h2 id="history-title" className="card__title">
        Change history
        <span className="card__subtitle">
          {history.data.length >= LIMIT ? `The latest ${LIMIT} changes` : `${history.data.length} changes`}, newest first
        </span>
      </h2>
      <table className="data-table history-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {history.data.map((entry) => {
            const before = formatHistoryValue(entry, entry.old_value);
            const after = formatHistoryValue(entry, entry.new_value);
            return (
              <tr key={entry.id}>
                <td className="nowrap">{formatDateTime(entry.at)}</td>
                <td>{entry.actor}</td>
                <td>{historyLabel(entry)}</td>
                <td>
                  <div className="history-change">
                    <span className={before === null ? 'history-value history-value--empty' : 'history-value history-value--old'}>{before ?? 'empty'}</span>
                    <span className="history-arrow" aria-label="changed to">
                      →
                    </span>
                    <span className={after === null ? 'history-value history-value--empty' : 'history-value history-value--new'}>{after ?? 'empty'}</span>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
