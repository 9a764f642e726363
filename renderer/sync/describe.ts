/** The header's one-line sync state, from the status and this window's last attempt. */
import type { SyncStatus } from '../../shared/api/syncOps';
import { plural } from '../format/numbers';
import { adviceFor, type FailureAdvice } from './failures';
import type { SyncFailureState, SyncSnapshot } from './scheduler';
import { relativeTime } from './relativeTime';

export type SyncTone = 'idle' | 'ok' | 'busy' | 'warning' | 'danger';

export interface SyncDescription {
  tone: SyncTone;
  label: string;
  /** Percent done while syncing, when the phase knows its total. */
  percent: number | null;
  failure: (SyncFailureState & { advice: FailureAdvice }) | null;
}

export const PHASE_LABELS: Record<NonNullable<SyncStatus['progress']>['phase'], string> = {
  connect: 'Connecting',
  pull: 'Receiving changes',
  push: 'Sending changes',
  attachments: 'Exchanging files',
  keys: 'Exchanging signing keys',
};

/** This window's own failure, or else the one the engine recorded (a run from the command line, an earlier session). */
export function currentFailure(snapshot: SyncSnapshot): SyncDescription['failure'] {
  const own = snapshot.failure;
  if (own) return { ...own, advice: adviceFor(own.kind) };
  const recorded = snapshot.status?.last_error;
  if (recorded) return { ...recorded, reasons: [], advice: adviceFor(recorded.kind) };
  return null;
}

export function describeSync(snapshot: SyncSnapshot, online: boolean, now: number): SyncDescription {
  const { status } = snapshot;
  if (!status) return { tone: 'idle', label: snapshot.statusError ? 'Sync status unknown' : 'Sync…', percent: null, failure: null };
  const waiting = status.waiting > 0 ? ` · ${plural(status.waiting, 'change')} waiting` : '';
  // Without a server every change is simply kept here: nothing is waiting for anything yet.
  if (!status.server_url) return { tone: 'idle', label: 'Not syncing', percent: null, failure: null };
  if (!status.has_token) return { tone: 'warning', label: `Sync token needed${waiting}`, percent: null, failure: null };
  if (snapshot.running || status.running) {
    const progress = status.progress;
    const percent = progress && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;
    const step = progress ? `${PHASE_LABELS[progress.phase]}${progress.total > 1 ? ` ${progress.done} of ${progress.total}` : ''}` : 'Starting';
    return { tone: 'busy', label: `Syncing — ${step}`, percent, failure: null };
  }
  const failure = currentFailure(snapshot);
  if (failure) {
    const tone: SyncTone = failure.advice.retry === 'auto' ? 'warning' : 'danger';
    return { tone, label: `${failure.advice.short}${waiting}`, percent: null, failure };
  }
  if (!online) return { tone: 'warning', label: `Offline${waiting}`, percent: null, failure: null };
  const synced = status.last_synced_at ? `Synced ${relativeTime(status.last_synced_at, now)}` : 'Not synced yet';
  return { tone: 'ok', label: `${synced}${waiting}`, percent: null, failure: null };
}
