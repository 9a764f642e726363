/**
 * What a failed sync means to a lead, and whether the background may simply try again. The engine
 * names the failure (the error's details.sync_failure, also kept in `sync.status` → last_error.kind);
 * stops that need a person — a server that changed identity, a pull that would delete most of a
 * dossier — are never retried blindly.
 */

export type FailureKind = 'offline' | 'unauthorized' | 'forbidden' | 'lineage' | 'clock_skew' | 'mass_delete' | 'protocol' | 'server';

/**
 * auto: retried by itself with back-off; settings: retried once the settings change (or on "Sync
 * now"); person: waits for someone to read what happened and decide.
 */
export type RetryPolicy = 'auto' | 'settings' | 'person';

/** A decision the person can take from the status popover, with what it does spelled out. */
export type PersonAction = 'accept_new_server' | 'allow_mass_delete';

export interface FailureAdvice {
  /** A few words for the header. */
  short: string;
  title: string;
  /** What to do, in one or two sentences. */
  advice: string;
  retry: RetryPolicy;
  action?: PersonAction;
}

const ADVICE: Record<FailureKind, FailureAdvice> = {
  offline: {
    short: 'Server unreachable',
    title: 'The sync server cannot be reached',
    advice: 'Your work is saved on this computer. The workbench tries again by itself; check the network or the server address if this lasts.',
    retry: 'auto',
  },
  server: {
    short: 'Server error',
    title: 'The sync server had a problem',
    advice: 'Nothing was lost. The workbench tries again by itself, less often each time; tell the server’s administrator if it keeps happening.',
    retry: 'auto',
  },
  clock_skew: {
    short: 'Clock is wrong',
    title: 'This computer’s clock disagrees with the server',
    advice: 'Changes stamped with a wrong clock would win or lose wrongly. Set this computer’s date and time (automatic time is best), then choose Sync now.',
    retry: 'auto',
  },
  unauthorized: {
    short: 'Token refused',
    title: 'The sync server refused your token',
    advice: 'The token is wrong, expired or was revoked. Ask the sync server’s administrator for a new one and save it in Sync settings.',
    retry: 'settings',
  },
  forbidden: {
    short: 'Not allowed',
    title: 'The sync server does not allow this',
    advice: 'Your user on the server may not make changes (a viewer, for example). Ask the sync server’s administrator for the right role.',
    retry: 'settings',
  },
  protocol: {
    short: 'Not a sync server',
    title: 'The server did not answer like a workbench sync server',
    advice: 'Check the server address in Sync settings (Test connection says what answers there), or whether the server needs an upgrade.',
    retry: 'settings',
  },
  lineage: {
    short: 'Server changed — needs you',
    title: 'The sync server is not the one this workbench synced with',
    advice:
      'It was reset, replaced or restored from a backup. Nothing was merged. Check with the team or the server’s administrator that this is intended; then accept the new server, and every change on this computer is sent to it again.',
    retry: 'person',
    action: 'accept_new_server',
  },
  mass_delete: {
    short: 'Large delete — needs you',
    title: 'This sync would delete most of a dossier',
    advice: 'Nothing was applied. Check with the team that the deletion is intended; then sync allowing it. Until then, this computer keeps its copy.',
    retry: 'person',
    action: 'allow_mass_delete',
  },
};

/** Not an engine failure: the sync could not start (no server address or no token). */
const NOT_SET_UP: FailureAdvice = {
  short: 'Not set up',
  title: 'Sync is not set up',
  advice: 'Give the server address and your token in Sync settings.',
  retry: 'settings',
};

const UNKNOWN: FailureAdvice = {
  short: 'Sync failed',
  title: 'The last sync failed',
  advice: 'Choose Sync now to try again; if it keeps failing, check Sync settings.',
  retry: 'settings',
};

export function adviceFor(kind: string): FailureAdvice {
  if (kind === 'settings') return NOT_SET_UP;
  return kind in ADVICE ? ADVICE[kind as FailureKind] : UNKNOWN;
}

export const ACTION_LABELS: Record<PersonAction, { button: string; title: string; confirm: string; confirmButton: string }> = {
  accept_new_server: {
    button: 'Accept the new server and sync',
    title: 'Accept the new sync server?',
    confirmButton: 'Accept and sync',
    confirm:
      'Accept this sync server as the team’s server from now on? Every change on this computer is sent to it again. Only do this when the team knows the server was reset or replaced.',
  },
  allow_mass_delete: {
    button: 'Sync and allow the deletion',
    title: 'Allow the deletions?',
    confirmButton: 'Allow and sync',
    confirm: 'Apply the deletions from the server? The records are deleted on this computer too (they stay in the history). Only do this when the team confirmed it.',
  },
};

/** How long to wait before the background tries again after `failures` failures in a row. */
export function backoffMs(failures: number, base = 15_000, max = 10 * 60_000): number {
  if (failures <= 0) return base;
  return Math.min(max, base * 2 ** (failures - 1));
}
