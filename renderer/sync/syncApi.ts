/**
 * The sync operations the screens use. The token goes one way only: typed in the settings, sent
 * once to `sync.token.set`, which keeps it in the engine (desktop: sealed by safeStorage). Nothing
 * here stores it.
 */
import { ApiCallError } from '../../shared/api/client';
import { isOperationName, type OperationName } from '../../shared/api/contract';
import { syncStatusSchema, type SyncStatus } from '../../shared/api/syncOps';

/** Not in the contract yet: the engine side that keeps the token (see renderer/sync/README.md). */
export const TOKEN_OPERATION = 'sync.token.set';

export function canSaveToken(): boolean {
  return isOperationName(TOKEN_OPERATION);
}

/** Sends the token (null: forget it) to the engine; answers the sync status, which says `has_token`. */
export async function saveSyncToken(token: string | null): Promise<SyncStatus> {
  const bridge = window.workbench;
  if (!bridge || !canSaveToken()) {
    throw new ApiCallError({
      code: 'internal',
      message:
        'This version of the workbench cannot keep a sync token yet. Use "Test connection" to check it; syncing needs the token given to the engine (PCR_WORKBENCH_SYNC_TOKEN for the command line).',
    });
  }
  const result = await bridge.call(TOKEN_OPERATION as OperationName, { token });
  if (!result.ok) throw new ApiCallError(result.error);
  const status = syncStatusSchema.safeParse(result.value);
  if (!status.success) throw new ApiCallError({ code: 'internal', message: 'The workbench answered the token request in an unexpected shape.' });
  return status.data;
}
