/**
 * Who is making changes. An explicit name (the CLI's --as, the host's --as) wins; else the
 * profile set on this data folder; else PCR_WORKBENCH_USER or the OS account. Read at each
 * change, so setting the profile in the app takes effect at once.
 */
import os from 'node:os';
import { getProfile, type ActorSource } from '../profile/index';
import type { Store } from '../store/index';

export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PCR_WORKBENCH_USER?.trim();
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function actorSource(store: Store, options: { explicit?: string | undefined; fallback: string }): ActorSource {
  return {
    get actor() {
      return options.explicit?.trim() || getProfile(store)?.name || options.fallback;
    },
  };
}
