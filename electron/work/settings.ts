/** The work queue's settings: device-local (kept in the store's meta table, never synced). */
import { workSettingsSchema, type WorkSettings } from '../../shared/api/workOps';
import type { OperationArgs } from '../../shared/api/contract';
import type { Store } from '../store/index';

const KEY = 'work.settings';
export const DEFAULT_WORK_SETTINGS: WorkSettings = { reminders: { enabled: true, due_soon_days: 3 } };

export function readWorkSettings(store: Store): WorkSettings {
  const raw = store.meta(KEY);
  if (!raw) return DEFAULT_WORK_SETTINGS;
  try {
    const saved = JSON.parse(raw) as Partial<WorkSettings>;
    const parsed = workSettingsSchema.safeParse({ ...DEFAULT_WORK_SETTINGS, ...saved, reminders: { ...DEFAULT_WORK_SETTINGS.reminders, ...saved.reminders } });
    return parsed.success ? parsed.data : DEFAULT_WORK_SETTINGS;
  } catch {
    return DEFAULT_WORK_SETTINGS;
  }
}

export function updateWorkSettings(store: Store, input: OperationArgs<'work.settings.set'>): WorkSettings {
  const current = readWorkSettings(store);
  const next: WorkSettings = { reminders: { ...current.reminders, ...input.reminders } };
  store.setMeta(KEY, JSON.stringify(next));
  return next;
}
