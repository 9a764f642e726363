/** How many conflicts wait for a person: overall from the status, per dossier by asking. */
import { useEffect, useState } from 'react';
import { api } from '../api/bridge';
import { useSyncState } from './SyncProvider';

export function useOpenConflictCount(): number {
  return useSyncState().status?.open_conflicts ?? 0;
}

export function useDossierConflictCount(dossierId: string): number {
  const total = useOpenConflictCount();
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (total === 0) {
      setCount(0);
      return;
    }
    let current = true;
    api.call('conflicts.list', { dossier: dossierId, include_resolved: false, limit: 500 }).then(
      (list) => current && setCount(list.length),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [dossierId, total]);
  return count;
}
