/**
 * Changes sync kept aside (`sync.quarantine.list`), in the header's sync panel: received ones that
 * could not apply here and local ones the server refused, each with its reason; a person drops one
 * after review (`sync.quarantine.drop`, after a confirmation).
 */
import { useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';

export function QuarantineList({ count, onChanged }: { count: number; onChanged: () => void }) {
  const list = useApiQuery(() => api.call('sync.quarantine.list', { include_dropped: false }), [count]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const drop = async (id: string) => {
    setProblem(null);
    try {
      await api.call('sync.quarantine.drop', { id });
      setConfirming(null);
      list.reload();
      onChanged();
    } catch (failure) {
      setProblem(errorMessage(failure));
    }
  };

  return (
    <section className="sync-quarantine" aria-label="Changes kept aside">
      <h3 className="sync-quarantine__title">Kept aside ({count})</h3>
      <p className="sync-panel__hint">
        These changes could not be applied here, or the server refused them; everything else synced. Drop one once you have looked at it.
      </p>
      {list.error && <p role="alert">{list.error}</p>}
      {problem && <p role="alert">{problem}</p>}
      <ul className="sync-quarantine__list">
        {(list.data ?? []).map((q) => (
          <li key={q.id} className="sync-quarantine__item">
            <p className="sync-quarantine__what">
              <strong>{q.label}</strong>
              {q.reference ? ` · ${q.reference}` : ''}
              {q.organization ? ` (${q.organization})` : ''} — {q.direction === 'received' ? `received from ${q.user ?? q.actor}` : 'refused by the server'}
            </p>
            <p className="sync-quarantine__why">{q.reason}</p>
            {confirming === q.id ? (
              <div className="sync-quarantine__actions">
                <Button size="small" variant="primary" onPress={() => void drop(q.id)}>
                  Drop this change
                </Button>
                <Button size="small" variant="secondary" onPress={() => setConfirming(null)}>
                  Keep it
                </Button>
              </div>
            ) : (
              <Button size="small" variant="secondary" onPress={() => setConfirming(q.id)}>
                Drop…
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
