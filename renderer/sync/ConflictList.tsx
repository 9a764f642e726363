/**
 * Conflicts side by side: the value on this computer and the one from the team, who wrote each and
 * when; a person keeps one (buttons, or L / R while the conflict has the focus) and it leaves the list.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import type { Conflict } from '../../shared/api/syncOps';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { formatDateTime } from '../format/dates';
import { conflictLabel, conflictValue, isLongValue } from './conflictValues';
import { useSyncLinks } from './SyncProvider';

type Side = 'local' | 'remote';

interface Props {
  conflicts: Conflict[];
  /** The overall view names each conflict's dossier; a dossier's own tab does not. */
  showDossier: boolean;
  onResolved(conflict: Conflict): void;
}

export function ConflictList({ conflicts, showDossier, onResolved }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const listRef = useRef<HTMLOListElement>(null);

  const resolve = async (conflict: Conflict, keep: Side) => {
    if (busy) return;
    setBusy(conflict.id);
    setErrors(({ [conflict.id]: _gone, ...rest }) => rest);
    // The next conflict takes the focus, so a person can work down the list with the keyboard.
    const index = conflicts.findIndex((c) => c.id === conflict.id);
    const nextId = conflicts[index + 1]?.id ?? conflicts[index - 1]?.id ?? null;
    try {
      const resolved = await api.call('conflicts.resolve', { id: conflict.id, keep });
      onResolved(resolved);
      requestAnimationFrame(() => {
        const next = nextId ? listRef.current?.querySelector<HTMLElement>(`[data-conflict="${CSS.escape(nextId)}"]`) : null;
        (next ?? listRef.current?.closest<HTMLElement>('[data-conflicts-root]'))?.focus();
      });
    } catch (error) {
      setErrors((e) => ({ ...e, [conflict.id]: errorMessage(error) }));
    } finally {
      setBusy(null);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, conflict: Conflict) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
    const key = event.key.toLowerCase();
    if (key !== 'l' && key !== 'r') return;
    event.preventDefault();
    void resolve(conflict, key === 'l' ? 'local' : 'remote');
  };

  return (
    <ol className="conflict-list" ref={listRef}>
      {conflicts.map((conflict) => (
        <li key={conflict.id}>
          <ConflictCard
            conflict={conflict}
            showDossier={showDossier}
            busy={busy === conflict.id}
            error={errors[conflict.id] ?? null}
            onKeep={(side) => void resolve(conflict, side)}
            onKeyDown={(event) => onKeyDown(event, conflict)}
          />
        </li>
      ))}
    </ol>
  );
}

interface CardProps {
  conflict: Conflict;
  showDossier: boolean;
  busy: boolean;
  error: string | null;
  onKeep(side: Side): void;
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
}

function ConflictCard({ conflict, showDossier, busy, error, onKeep, onKeyDown }: CardProps) {
  const links = useSyncLinks();
  const titleId = `conflict-${conflict.id}-title`;
  const label = conflictLabel(conflict);
  return (
    <article className="conflict" data-conflict={conflict.id} tabIndex={-1} aria-labelledby={titleId} aria-busy={busy} aria-keyshortcuts="L R" onKeyDown={onKeyDown}>
      <header className="conflict__header">
        <h3 className="conflict__title" id={titleId}>
          {label}
        </h3>
        <p className="conflict__meta">
          {showDossier && conflict.dossier_id && (
            <>
              <button type="button" className="link-button" onClick={() => links.openDossierConflicts(conflict.dossier_id!)}>
                {conflict.reference ?? 'Open the dossier'}
              </button>
              {conflict.organization && <> ({conflict.organization})</>}
              {' · '}
            </>
          )}
          Found {formatDateTime(conflict.detected_at)}
        </p>
      </header>
      <div className="conflict__sides">
        <ConflictSide conflict={conflict} side="local" heading="On this computer" busy={busy} onKeep={onKeep} />
        <ConflictSide conflict={conflict} side="remote" heading="From the team" busy={busy} onKeep={onKeep} />
      </div>
      {error && (
        <p className="conflict__error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}

function ConflictSide({ conflict, side, heading, busy, onKeep }: { conflict: Conflict; side: Side; heading: string; busy: boolean; onKeep(side: Side): void }) {
  const value = conflictValue(conflict, side);
  const written = conflict[side];
  const inEffect = conflict.kept === side;
  return (
    <section className={`conflict-side conflict-side--${side}${inEffect ? ' conflict-side--kept' : ''}`} aria-label={`${heading}: ${written.actor ?? 'unknown'}`}>
      <p className="conflict-side__heading">
        {heading}
        {inEffect && <span className="conflict-side__badge">In effect now</span>}
      </p>
      <p className="conflict-side__who">
        {written.actor ?? 'Someone'}
        {written.at && <>, {formatDateTime(written.at)}</>}
      </p>
      <div className={`conflict-side__value${value === null ? ' conflict-side__value--empty' : ''}${isLongValue(value) ? ' conflict-side__value--long' : ''}`}>{value ?? 'empty'}</div>
      <Button size="small" variant="secondary" isDisabled={busy} onPress={() => onKeep(side)}>
        {side === 'local' ? 'Keep this computer’s value' : 'Keep the team’s value'}
        <span className="conflict-side__key" aria-hidden="true">
          {side === 'local' ? 'L' : 'R'}
        </span>
      </Button>
    </section>
  );
}
