/** The open conflicts, overall or of one dossier; read again whenever a sync brings new ones. */
import { useEffect, useState } from 'react';
import type { Conflict } from '../../shared/api/syncOps';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { plural } from '../format/numbers';
import { EmptyState, InlineError, Loading } from '../ui/StatusMessages';
import { ConflictList } from './ConflictList';
import { useSyncScheduler, useSyncState } from './SyncProvider';

/** `onResolved`: a value changed by a resolution (the dossier screen reads the dossier again). */
export function ConflictsPanel({ dossierId, onResolved }: { dossierId?: string; onResolved?: () => void }) {
  const scheduler = useSyncScheduler();
  const { status } = useSyncState();
  // A sync that found conflicts changes these; a resolution made here is already taken out of the list.
  const version = `${status?.last_synced_at ?? ''}|${status?.open_conflicts ?? ''}`;
  const query = useApiQuery(() => api.call('conflicts.list', { ...(dossierId ? { dossier: dossierId } : {}), include_resolved: false, limit: 500 }), [dossierId, version]);
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [lastResolved, setLastResolved] = useState<string | null>(null);

  useEffect(() => {
    if (query.data) setConflicts(query.data);
  }, [query.data]);

  if (query.error && !conflicts) {
    return (
      <InlineError title="The conflicts could not be loaded" onRetry={query.reload}>
        {query.error}
      </InlineError>
    );
  }
  if (!conflicts) return <Loading label="Loading the conflicts…" />;

  return (
    <section className="conflicts" aria-labelledby="conflicts-heading" tabIndex={-1} data-conflicts-root>
      <h2 id="conflicts-heading" className="conflicts__heading">
        {conflicts.length === 0 ? 'No conflicts to resolve' : `${plural(conflicts.length, 'conflict')} to resolve`}
      </h2>
      <p className="conflicts__status" role="status">
        {lastResolved}
      </p>
      {conflicts.length === 0 ? (
        <EmptyState title={dossierId ? 'Nothing to decide for this dossier' : 'Nothing to decide'}>
          When two people change the same value before they sync, the workbench keeps both and asks here which one stays.
        </EmptyState>
      ) : (
        <>
          <p className="conflicts__intro">
            Two people changed the same value before their workbenches synced. The value shown as <em>in effect now</em> is the one the workbench chose; keep
            either — the one you keep reaches the whole team at the next sync. Keys: <kbd>L</kbd> keeps this computer’s value, <kbd>R</kbd> the team’s, while a
            conflict has the focus.
          </p>
          <ConflictList
            conflicts={conflicts}
            showDossier={!dossierId}
            onResolved={(resolved) => {
              setConflicts((list) => (list ?? []).filter((c) => c.id !== resolved.id));
              setLastResolved(`Kept ${resolved.resolution === 'local' ? 'this computer’s' : 'the team’s'} value.`);
              void scheduler.refresh();
              onResolved?.();
            }}
          />
        </>
      )}
    </section>
  );
}
