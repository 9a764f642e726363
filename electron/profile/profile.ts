/**
 * The person using the workbench on this data folder: kept in the store's device-local settings
 * (meta 'profile', never synced), every change to it written to profile_changes in the same
 * transaction — the profile's audit trail.
 */
import type { z } from 'zod';
import { profileSchema, type Profile, type ProfileChange, type profileInputSchema } from '../../shared/api/profileOps';
import type { Store } from '../store/index';

const PROFILE_KEY = 'profile';
const FIELDS = ['name', 'role', 'organization', 'email'] as const;

export type ProfileInput = z.output<typeof profileInputSchema>;

export function getProfile(store: Store): Profile | null {
  const text = store.meta(PROFILE_KEY);
  if (!text) return null;
  try {
    const parsed = profileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Sets the profile; `changedBy` is who was using the workbench until now. Unchanged fields are not logged. */
export function setProfile(store: Store, input: ProfileInput, changedBy: string, now: Date = new Date()): Profile {
  const before = getProfile(store);
  const next: Profile = {
    name: input.name,
    role: input.role,
    organization: input.organization || (input.organization === undefined ? (before?.organization ?? null) : null),
    email: input.email || (input.email === undefined ? (before?.email ?? null) : null),
    updated_at: now.toISOString(),
  };
  const changed = FIELDS.filter((f) => (before?.[f] ?? null) !== next[f]);
  if (before && changed.length === 0) return before;
  store.transaction(() => {
    store.setMeta(PROFILE_KEY, JSON.stringify(next));
    const log = store.prepare('INSERT INTO profile_changes(at, changed_by, field, old_value, new_value) VALUES (?, ?, ?, ?, ?)');
    for (const field of changed) log.run(next.updated_at, changedBy, field, before?.[field] ?? null, next[field]);
  });
  return next;
}

export function profileChanges(store: Store, limit = 50): ProfileChange[] {
  return store.prepare('SELECT at, changed_by, field, old_value, new_value FROM profile_changes ORDER BY seq DESC LIMIT ?').all(limit) as ProfileChange[];
}
