/** In-app navigation kept in React state: no URL routes (Electron loads a file, the host strips the query). */
import { createContext, useContext } from 'react';
import type { OperationOutput } from '../../shared/api/contract';
import type { SortKey } from '../../shared/api/types';
import type { Stage } from '../../shared/workflow/definition';

export type DossierTab = 'overview' | 'process' | 'gaps' | 'plan' | 'conformance' | 'documents' | 'forms' | 'history' | 'conflicts';

/** The views of the Gap analysis tab. */
export type GapView = 'question' | 'table' | 'results';

export interface ListQuery {
  search: string;
  phase: Stage | null;
  lead: string;
  sort: SortKey;
  direction: 'asc' | 'desc';
}

export const DEFAULT_LIST_QUERY: ListQuery = { search: '', phase: null, lead: '', sort: 'updated_at', direction: 'desc' };

export type Route =
  | { screen: 'dashboard' }
  /** `query` replaces the list's filters; without it the list keeps the ones the user left it with. */
  | { screen: 'list'; query?: Partial<ListQuery> }
  | { screen: 'create' }
  | { screen: 'forms' }
  | { screen: 'conflicts' }
  | { screen: 'sync-settings' }
  | { screen: 'profile' }
  /** Settings › Appearance (issue #14). */
  | { screen: 'appearance' }
  /** "My work" (issue #13). */
  | { screen: 'work' }
  | {
      screen: 'dossier';
      id: string;
      tab?: DossierTab;
      gapView?: GapView;
      notice?: string;
      focusField?: string;
      /** The row the tab opens on: an activity key on Process, a gap id on Gap analysis (from "My work"). */
      focus?: string;
      /** The partner-form import that has just created this dossier, shown on its Partner forms tab. */
      formImport?: { fileName: string; outcome: OperationOutput<'forms.apply'> };
    };

/** Asked before leaving a screen: returns a question to confirm, or null when nothing would be lost. */
export type LeaveGuard = () => string | null;

export interface Navigation {
  route: Route;
  navigate(route: Route): void;
  /** Each part of a screen that can lose work sets its own guard under its own key. */
  setLeaveGuard(key: string, guard: LeaveGuard | null): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation is used outside the App.');
  return navigation;
}
