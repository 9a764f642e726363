/** One background sync per window, shared by the header, the Conflicts view and the settings. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api } from '../api/bridge';
import { apiErrorOf } from '../api/errors';
import { SyncScheduler, type SyncSnapshot } from './scheduler';

/** Where the sync parts lead; the app shell knows the routes. */
export interface SyncLinks {
  openConflicts(): void;
  openSettings(): void;
  openDossierConflicts(dossierId: string): void;
}

const SchedulerContext = createContext<SyncScheduler | null>(null);
const LinksContext = createContext<SyncLinks | null>(null);

function createScheduler(): SyncScheduler {
  return new SyncScheduler({
    status: () => api.call('sync.status', {}),
    run: (options) => api.call('sync.run', { allow_mass_delete: options.allow_mass_delete ?? false, accept_new_server: options.accept_new_server ?? false }),
    apiErrorOf,
    isHidden: () => document.visibilityState === 'hidden',
    isOnline: () => navigator.onLine,
    now: () => Date.now(),
    setTimer: (fn, ms) => window.setTimeout(fn, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
  });
}

export function SyncProvider({ children, links }: { children: ReactNode; links: SyncLinks }) {
  const [scheduler] = useState(createScheduler);
  useEffect(() => {
    scheduler.start();
    const wake = () => scheduler.wake();
    document.addEventListener('visibilitychange', wake);
    window.addEventListener('online', wake);
    return () => {
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('online', wake);
      scheduler.stop();
    };
  }, [scheduler]);
  return (
    <SchedulerContext.Provider value={scheduler}>
      <LinksContext.Provider value={links}>{children}</LinksContext.Provider>
    </SchedulerContext.Provider>
  );
}

export function useSyncScheduler(): SyncScheduler {
  const scheduler = useContext(SchedulerContext);
  if (!scheduler) throw new Error('useSyncScheduler is used outside SyncProvider.');
  return scheduler;
}

export function useSyncLinks(): SyncLinks {
  const links = useContext(LinksContext);
  if (!links) throw new Error('useSyncLinks is used outside SyncProvider.');
  return links;
}

export function useSyncState(): SyncSnapshot {
  const scheduler = useSyncScheduler();
  return useSyncExternalStore(scheduler.subscribe, scheduler.getSnapshot);
}
