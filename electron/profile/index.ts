/** The profile capability: who you are (name, participant role, organization, e-mail) on this data folder. */
import type { Handlers } from '../../shared/api/contract';
import type { profileOperations } from '../../shared/api/profileOps';
import type { Store } from '../store/index';
import { getProfile, profileChanges, setProfile } from './profile';

export { getProfile, setProfile, profileChanges, type ProfileInput } from './profile';

/** The actor of changes: given explicitly (--as), else the profile's name, else the fallback (PCR_WORKBENCH_USER or the OS account). */
export interface ActorSource {
  readonly actor: string;
}

export function profileHandlers(store: Store, who: ActorSource): Pick<Handlers, keyof typeof profileOperations> {
  return {
    'profile.get': () => ({ profile: getProfile(store), actor: who.actor, changes: profileChanges(store) }),
    'profile.set': (input) => setProfile(store, input, who.actor),
  };
}
