/**
 * The user's preferences (kept by electron-store in preferences.json in the data folder): who they
 * are, the sync server to use later, and where the window was. No secrets here: the sync token and
 * signing key go through the OS keychain (safeStorage) in later work.
 */
import { z } from 'zod';
import { PARTICIPANT_ROLES, type ParticipantRole } from '../../shared/workflow/roles';

const ROLE_KEYS: [ParticipantRole, ...ParticipantRole[]] = ['connected_partner', ...PARTICIPANT_ROLES.map((role) => role.key)];

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const preferenceSections = {
  identity: z.object({
    displayName: z.string().trim().max(200).nullable(),
    role: z.enum(ROLE_KEYS).nullable(),
  }),
  /** Placeholder until sync exists. */
  syncServerUrl: z.url({ protocol: /^https?$/ }).nullable(),
  window: z.object({ bounds: boundsSchema.nullable(), maximized: z.boolean() }),
};

export interface Preferences {
  identity: z.infer<typeof preferenceSections.identity>;
  syncServerUrl: z.infer<typeof preferenceSections.syncServerUrl>;
  window: z.infer<typeof preferenceSections.window>;
}

export const DEFAULT_PREFERENCES: Preferences = {
  identity: { displayName: null, role: null },
  syncServerUrl: null,
  window: { bounds: null, maximized: false },
};

/** The part of electron-store used here (so tests need no Electron). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** Reads each section on its own: a damaged or hand-edited section falls back to its default alone. */
export function readPreferences(store: KeyValueStore): Preferences {
  const section = <K extends keyof Preferences>(key: K): Preferences[K] => {
    const parsed = preferenceSections[key].safeParse(store.get(key));
    return parsed.success ? (parsed.data as Preferences[K]) : DEFAULT_PREFERENCES[key];
  };
  return { identity: section('identity'), syncServerUrl: section('syncServerUrl'), window: section('window') };
}

export function saveWindowState(store: KeyValueStore, state: Preferences['window']): void {
  const bounds = state.bounds && {
    x: Math.round(state.bounds.x),
    y: Math.round(state.bounds.y),
    width: Math.round(state.bounds.width),
    height: Math.round(state.bounds.height),
  };
  const parsed = preferenceSections.window.safeParse({ bounds, maximized: state.maximized });
  if (parsed.success) store.set('window', parsed.data);
}

/** The name stamped on changes: the display name the user gave, else the OS account. */
export function actorFrom(preferences: Preferences, fallback: string): string {
  return preferences.identity.displayName || fallback;
}
