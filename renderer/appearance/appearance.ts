/**
 * Settings › Appearance applied to the page: attributes on the root element that appearance.css
 * reads. The text size scales the root font size, so everything sized in rem (the BC tokens,
 * the kit) follows it.
 */
import { createContext, useContext } from 'react';
import { DEFAULT_APPEARANCE, type Appearance, type Density } from '../../shared/api/appearanceOps';
import { api, hasBridge } from '../api/bridge';

export function applyAppearance(appearance: Appearance): void {
  const root = document.documentElement;
  root.dataset.textSize = appearance.text_size;
  root.dataset.density = appearance.density;
  root.dataset.motion = appearance.motion;
}

let applied: Appearance = DEFAULT_APPEARANCE;

/** The saved settings applied before the first paint, so the window never opens at the wrong size; the defaults when the engine cannot say. */
export async function applySavedAppearance(): Promise<Appearance> {
  applied = DEFAULT_APPEARANCE;
  if (hasBridge()) {
    try {
      applied = await api.call('appearance.get', {});
    } catch {
      // The App shows the engine's failure itself; the page keeps the default look.
    }
  }
  applyAppearance(applied);
  return applied;
}

/** What applySavedAppearance found, for the provider's first state. */
export function initialAppearance(): Appearance {
  return applied;
}

/** True when animations and smooth scrolling should stop: the setting says so, or it follows a system that asks for it. */
export function motionReduced(): boolean {
  const setting = document.documentElement.dataset.motion;
  return setting === 'reduce' || window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** For scrollIntoView and scrollTo: smooth unless motion is reduced. */
export function scrollBehavior(): ScrollBehavior {
  return motionReduced() ? 'auto' : 'smooth';
}

/** A table row's height in the dossier list, in rem (the virtualized list needs it in pixels). */
const ROW_REM: Record<Density, number> = { comfortable: 3.25, compact: 2.25 };

export function rowHeightPx(density: Density): number {
  return remPx(ROW_REM[density]);
}

/** A length in rem as pixels at the current root font size. */
export function remPx(rem: number): number {
  const rootPx = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return Math.round(rem * rootPx);
}

export interface AppearanceState {
  appearance: Appearance;
  /** Applies at once and saves; a refused change is taken back and rethrown. */
  change(next: Partial<Appearance>): Promise<void>;
}

export const AppearanceContext = createContext<AppearanceState>({ appearance: DEFAULT_APPEARANCE, change: async () => undefined });

export function useAppearance(): AppearanceState {
  return useContext(AppearanceContext);
}
