/** Settings › Appearance: device-local (kept in the store's meta table, never synced), as the reminder settings are. */
import { appearanceSchema, DEFAULT_APPEARANCE, type Appearance } from '../../shared/api/appearanceOps';
import type { Handlers, OperationArgs } from '../../shared/api/contract';
import type { Store } from '../store/index';

const KEY = 'appearance';

/** What is saved, each setting on its own: a damaged or hand-edited one falls back to its default alone. */
export function readAppearance(store: Store): Appearance {
  let saved: Record<string, unknown> = {};
  try {
    const raw = store.meta(KEY);
    if (raw) saved = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    saved = {};
  }
  const setting = <K extends keyof Appearance>(key: K): Appearance[K] => {
    const parsed = appearanceSchema.shape[key].safeParse(saved[key]);
    return parsed.success ? (parsed.data as Appearance[K]) : DEFAULT_APPEARANCE[key];
  };
  return { text_size: setting('text_size'), density: setting('density'), motion: setting('motion') };
}

export function updateAppearance(store: Store, input: OperationArgs<'appearance.set'>): Appearance {
  const next: Appearance = { ...readAppearance(store), ...input };
  store.setMeta(KEY, JSON.stringify(next));
  return next;
}

export function appearanceHandlers(store: Store): Pick<Handlers, 'appearance.get' | 'appearance.set'> {
  return {
    'appearance.get': () => readAppearance(store),
    'appearance.set': (input) => updateAppearance(store, input),
  };
}
