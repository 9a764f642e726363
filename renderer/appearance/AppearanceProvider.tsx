import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Appearance } from '../../shared/api/appearanceOps';
import { api } from '../api/bridge';
import { AppearanceContext, applyAppearance, initialAppearance, type AppearanceState } from './appearance';

/** Holds the appearance settings for the screens that depend on them (the dossier list's row height). */
export function AppearanceProvider({ children }: { children: ReactNode }) {
  const [appearance, setAppearance] = useState<Appearance>(initialAppearance);
  const change = useCallback(
    async (next: Partial<Appearance>) => {
      const before = appearance;
      const shown = { ...before, ...next };
      applyAppearance(shown);
      setAppearance(shown);
      try {
        const saved = await api.call('appearance.set', next);
        applyAppearance(saved);
        setAppearance(saved);
      } catch (error) {
        applyAppearance(before);
        setAppearance(before);
        throw error;
      }
    },
    [appearance],
  );
  const state = useMemo<AppearanceState>(() => ({ appearance, change }), [appearance, change]);
  return <AppearanceContext.Provider value={state}>{children}</AppearanceContext.Provider>;
}
