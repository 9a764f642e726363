import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, hasBridge } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { DashboardScreen } from '../dashboard/DashboardScreen';
import { DossierListScreen } from '../list/DossierListScreen';
import { CreateDossierScreen } from '../create/CreateDossierScreen';
import { DossierScreen } from '../dossier/DossierScreen';
import { PartnerFormsScreen } from '../forms/PartnerFormsScreen';
import { ConflictsScreen, SyncProvider, SyncSettingsScreen, type SyncLinks } from '../sync/index';
import { InlineError } from '../ui/StatusMessages';
import { useConfirm } from '../ui/Dialog';
import { focusMainContent } from '../ui/SkipLink';
import { MyWorkScreen } from '../work/MyWorkScreen';
import { ReminderWatcher } from '../work/ReminderWatcher';
import { AppHeader } from './AppHeader';
import { SettingsNav } from './SettingsNav';
import { FirstRunProfile, ProfileScreen } from '../profile/ProfileScreens';
import { AppearanceProvider, AppearanceScreen } from '../appearance/index';
import { DEFAULT_LIST_QUERY, NavigationContext, type LeaveGuard, type ListQuery, type Navigation, type Route } from './navigation';

export function App() {
  const [route, setRoute] = useState<Route>({ screen: 'dashboard' });
  const [listQuery, setListQuery] = useState<ListQuery>(DEFAULT_LIST_QUERY);
  const guardsRef = useRef(new Map<string, LeaveGuard>());
  const mainRef = useRef<HTMLElement>(null);
  const info = useApiQuery(() => api.call('app.info', {}), []);
  const profile = useApiQuery(() => api.call('profile.get', {}), []);

  const leaveConfirm = useConfirm();
  const { ask } = leaveConfirm;
  const navigate = useCallback(
    (next: Route) => {
      const go = () => {
        guardsRef.current.clear();
        if (next.screen === 'list' && next.query) setListQuery({ ...DEFAULT_LIST_QUERY, ...next.query });
        setRoute(next);
      };
      const question = pendingLeaveQuestion(guardsRef.current);
      if (!question) return go();
      void ask({ title: 'Leave this screen?', message: question, confirmLabel: 'Leave', cancelLabel: 'Stay' }).then((leave) => leave && go());
    },
    [ask],
  );

  const setLeaveGuard = useCallback((key: string, guard: LeaveGuard | null) => {
    if (guard) guardsRef.current.set(key, guard);
    else guardsRef.current.delete(key);
  }, []);
  const navigation = useMemo<Navigation>(() => ({ route, navigate, setLeaveGuard }), [route, navigate, setLeaveGuard]);
  const syncLinks = useMemo<SyncLinks>(
    () => ({
      openConflicts: () => navigate({ screen: 'conflicts' }),
      openSettings: () => navigate({ screen: 'sync-settings' }),
      openDossierConflicts: (id) => navigate({ screen: 'dossier', id, tab: 'conflicts' }),
    }),
    [navigate],
  );

  // In a browser tab the page asks before closing with unsaved edits. Electron would instead
  // silently refuse to close the window, so there the shell decides (will-prevent-unload).
  useEffect(() => {
    if (window.workbench?.transport !== 'browser') return;
    const warnBeforeClosing = (event: BeforeUnloadEvent) => {
      if (pendingLeaveQuestion(guardsRef.current)) event.preventDefault();
    };
    window.addEventListener('beforeunload', warnBeforeClosing);
    return () => window.removeEventListener('beforeunload', warnBeforeClosing);
  }, []);

  // A new screen starts at the top. If the control that opened it is gone (a list row, a card),
  // the keyboard focus moves to the screen instead of falling back to the start of the page.
  useEffect(() => {
    mainRef.current?.scrollTo({ top: 0 });
    const frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!active || active === document.body) mainRef.current?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [route]);

  if (!hasBridge()) {
    return (
      <main className="page page--narrow">
        <InlineError title="The workbench engine is not connected">
          This window cannot reach the workbench engine. Close it and start the PCR Onboarding Workbench again.
        </InlineError>
      </main>
    );
  }

  // First start: who you are, before anything else (it is the name on every change).
  if (profile.data && profile.data.profile === null) {
    return (
      <FirstRunProfile
        onSaved={() => {
          profile.reload();
          info.reload();
        }}
      />
    );
  }
  const onProfileSaved = () => {
    profile.reload();
    info.reload();
  };

  return (
    <NavigationContext.Provider value={navigation}>
      <AppearanceProvider>
        <SyncProvider links={syncLinks}>
          <div className="app">
            <ReminderWatcher />
            <AppHeader user={profile.data?.actor ?? info.data?.actor ?? null} role={profile.data?.profile?.role ?? null} onSkipToContent={() => focusMainContent(mainRef.current)} />
            <main id="main-content" ref={mainRef} tabIndex={-1} className={`app-main app-main--${route.screen}`}>
              <Screen route={route} listQuery={listQuery} onListQueryChange={setListQuery} onProfileSaved={onProfileSaved} />
            </main>
            {leaveConfirm.dialog}
          </div>
        </SyncProvider>
      </AppearanceProvider>
    </NavigationContext.Provider>
  );
}

/** The first question a guard asks, or null when leaving loses nothing. */
function pendingLeaveQuestion(guards: ReadonlyMap<string, LeaveGuard>): string | null {
  for (const guard of guards.values()) {
    const question = guard();
    if (question) return question;
  }
  return null;
}

function Screen({ route, listQuery, onListQueryChange, onProfileSaved }: { route: Route; listQuery: ListQuery; onListQueryChange(query: ListQuery): void; onProfileSaved(): void }) {
  switch (route.screen) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'list':
      return <DossierListScreen query={listQuery} onQueryChange={onListQueryChange} />;
    case 'create':
      return <CreateDossierScreen />;
    case 'dossier':
      return <DossierScreen key={route.id} route={route} />;
    case 'forms':
      return <PartnerFormsScreen />;
    case 'conflicts':
      return <ConflictsScreen />;
    case 'sync-settings':
      return (
        <>
          <SettingsNav />
          <SyncSettingsScreen />
        </>
      );
    case 'profile':
      return (
        <>
          <SettingsNav />
          <ProfileScreen onSaved={onProfileSaved} />
        </>
      );
    case 'work':
      return <MyWorkScreen />;
    case 'appearance':
      return (
        <>
          <SettingsNav />
          <AppearanceScreen />
        </>
      );
  }
}
