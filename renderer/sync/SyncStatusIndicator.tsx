/**
 * The header's sync state beside the online/offline indicator. A button: it opens a panel with the
 * details (server, last sync, changes waiting, conflicts, what went wrong) and "Sync now".
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { useOnlineStatus } from '../app/useOnlineStatus';
import { formatDateTime } from '../format/dates';
import { formatCount, plural } from '../format/numbers';
import { describeSync, type SyncDescription } from './describe';
import { untilTime, useNow } from './relativeTime';
import { SyncFailureDetails } from './SyncFailureDetails';
import { QuarantineList } from './QuarantineList';
import { useSyncLinks, useSyncScheduler, useSyncState } from './SyncProvider';
import type { SyncRunOptions } from './scheduler';
import './sync.css';

export function SyncStatusIndicator() {
  const scheduler = useSyncScheduler();
  const snapshot = useSyncState();
  const online = useOnlineStatus();
  const now = useNow(snapshot.running ? 1_000 : 15_000);
  const links = useSyncLinks();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const description = describeSync(snapshot, online, now);
  const { status } = snapshot;
  const busy = snapshot.running || Boolean(status?.running);
  const ready = Boolean(status?.server_url && status.has_token);

  useEffect(() => {
    if (!open) return;
    const closeOnOutside = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOnOutside);
    return () => document.removeEventListener('pointerdown', closeOnOutside);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const go = (open: () => void) => {
    setOpen(false);
    open();
  };
  const decide = (options: SyncRunOptions) => void scheduler.syncNow(options);

  return (
    <div
      className="sync-indicator"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={`sync-chip sync-chip--${description.tone}`}
        aria-expanded={open}
        aria-controls={panelId}
        title={status?.last_synced_at ? `Last synced ${formatDateTime(status.last_synced_at)}` : 'Team sync: details and Sync now'}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="sync-chip__icon" aria-hidden="true" />
        <span className="visually-hidden">Team sync: </span>
        <span className="sync-chip__label">{description.label}</span>
        {description.percent !== null && (
          <progress className="sync-chip__bar" max={100} value={description.percent} aria-hidden="true" />
        )}
      </button>
      {/* Announced when the state changes, not each time "n min ago" ticks. */}
      <span className="visually-hidden" role="status">
        {announcement(description)}
      </span>
      <div id={panelId} className="sync-panel" role="region" aria-label="Team sync details" hidden={!open}>
        <h2 className="sync-panel__title">Team sync</h2>
        <dl className="sync-panel__facts">
          <div>
            <dt>Server</dt>
            <dd>{status?.server_url ?? 'Not set'}</dd>
          </div>
          <div>
            <dt>State</dt>
            <dd>{description.label}</dd>
          </div>
          <div>
            <dt>Last synced</dt>
            <dd>{status?.last_synced_at ? formatDateTime(status.last_synced_at) : 'Never'}</dd>
          </div>
          {status?.server_url && (
            <div>
              <dt>Changes waiting</dt>
              <dd>{formatCount(status.waiting)}</dd>
            </div>
          )}
          <div>
            <dt>Open conflicts</dt>
            <dd>
              {status && status.open_conflicts > 0 ? (
                <button type="button" className="link-button" onClick={() => go(links.openConflicts)}>
                  {plural(status.open_conflicts, 'conflict')} to resolve
                </button>
              ) : (
                'None'
              )}
            </dd>
          </div>
          {status && (status.quarantined ?? 0) > 0 && (
            <div>
              <dt>Kept aside</dt>
              <dd>{plural(status.quarantined ?? 0, 'change')} to review</dd>
            </div>
          )}
          {snapshot.lastResult && (
            <div>
              <dt>Last sync here</dt>
              <dd>
                Sent {formatCount(snapshot.lastResult.pushed)}, received {formatCount(snapshot.lastResult.pulled)}
                {snapshot.lastResult.new_conflicts > 0 ? `, ${plural(snapshot.lastResult.new_conflicts, 'new conflict')}` : ''}
              </dd>
            </div>
          )}
          {ready && (
            <div>
              <dt>Next sync</dt>
              <dd>{busy ? 'Under way' : snapshot.nextRunAt !== null ? untilTime(snapshot.nextRunAt, now) : description.failure ? 'Waits for you' : '—'}</dd>
            </div>
          )}
        </dl>
        {status && (status.quarantined ?? 0) > 0 && open && <QuarantineList count={status.quarantined ?? 0} onChanged={() => void scheduler.refresh()} />}
        {description.failure && <SyncFailureDetails failure={description.failure} busy={busy} onDecide={decide} />}
        {!ready && status && <p className="sync-panel__hint">{!status.server_url ? 'Set the team’s sync server to share your work.' : 'Save your sync token to start syncing.'}</p>}
        <div className="sync-panel__actions">
          <Button size="small" variant="primary" isDisabled={!ready || busy} onPress={() => void scheduler.syncNow()}>
            {busy ? 'Syncing…' : 'Sync now'}
          </Button>
          <Button size="small" variant="secondary" onPress={() => go(links.openSettings)}>
            Sync settings
          </Button>
        </div>
      </div>
    </div>
  );
}

function announcement(description: SyncDescription): string {
  if (description.tone === 'busy') return 'Team sync: syncing';
  if (description.tone === 'ok') return 'Team sync: synced';
  return `Team sync: ${description.label}`;
}
