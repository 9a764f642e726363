/** Team sync, client side: the service and the contract's handlers for it. */
import type { Handlers } from '../../shared/api/contract';
import { findDossierRow } from '../dossiers/read';
import { SyncService, type SyncContext } from './service';

export { SyncService, type SyncContext } from './service';
export { MemoryTokenStore, SecretFileTokenStore, SYNC_TOKEN_SECRET, desktopSyncTokenStore, givenTokenStore, hostTokenStore, syncTokenFile, type SyncTokenStore } from './tokenStore';
export { SyncApi, SyncFailure, fetchTransport, type Transport, type TransportRequest, type TransportResponse } from './transport';

export type SyncHandlers = Pick<Handlers, 'sync.run' | 'sync.status' | 'sync.settings.set' | 'sync.token.set' | 'sync.test' | 'conflicts.list' | 'conflicts.resolve' | 'sync.quarantine.list' | 'sync.quarantine.drop'>;

export function syncHandlers(service: SyncService, ctx: Pick<SyncContext, 'store'>): SyncHandlers {
  return {
    'sync.run': (input) => service.run(input),
    'sync.status': async () => {
      await service.tokenReady();
      return service.status();
    },
    'sync.settings.set': (input) => service.setServerUrl(input.server_url),
    'sync.token.set': (input) => service.setToken(input.token),
    'sync.test': (input) => service.test(input),
    'conflicts.list': (input) => service.listConflicts(input, (ref) => findDossierRow(ctx.store, ref).id),
    'conflicts.resolve': (input) => service.resolveConflict(input),
    'sync.quarantine.list': (input) => service.listQuarantine(input.include_dropped),
    'sync.quarantine.drop': (input) => service.dropQuarantined(input.id),
  };
}
