/** The Conformance tab's data: the dossier's conformance view, and each change sent to the engine then read back. */
import { useCallback, useState } from 'react';
import type { ConformanceView } from '../../shared/conformance/model';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';

export interface ConformanceStore {
  view: ConformanceView | undefined;
  loadError: string | null;
  error: string | null;
  busy: boolean;
  reload(): void;
  /** Runs a change; on success reads the view again, on refusal keeps the message to show. Resolves true when it was done. */
  run(work: () => Promise<unknown>): Promise<boolean>;
  clearError(): void;
  /** Shows a refusal the window itself decided (a file too large to send). */
  fail(message: string): void;
}

export function useConformance(dossierId: string): ConformanceStore {
  const query = useApiQuery(() => api.call('conformance.get', { id: dossierId }), [dossierId]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (work: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        await work();
        query.reload();
        return true;
      } catch (failure) {
        setError(errorMessage(failure));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [query],
  );
  return { view: query.data, loadError: query.error, error, busy, reload: query.reload, run, clearError: () => setError(null), fail: setError };
}
