/**
 * What every ordered list of the plan shares: moving a row (buttons, or Alt+↑ / Alt+↓ from
 * anywhere in the row but a long text or a drop-down), removing it after a confirmation, and adding a row by
 * its title.
 */
import { useState, type KeyboardEvent } from 'react';
import { Button, TextField } from '@bcgov/design-system-react-components';
import type { PlanList } from '../../shared/deployment-plan/model';
import type { Move, PlanStore } from './usePlan';
import { ArrowDownIcon, ArrowUpIcon, RemoveIcon } from '../ui/icons';

export interface RowPlace {
  list: PlanList;
  id: string;
  /** How the row is named in messages: `step 3 “Smoke test”`. */
  name: string;
  position: number;
  count: number;
}

/** After a move React may re-insert the row; the focus goes back to the control that had it. */
function keepFocus(row: HTMLElement | null) {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const control = focused?.dataset.move;
  requestAnimationFrame(() => {
    if (!focused || !focused.isConnected) return;
    if (!(focused as HTMLButtonElement).disabled && document.activeElement !== focused) focused.focus({ preventScroll: false });
    // A move button that can no longer move (the row is first or last) hands the focus to its twin.
    if ((focused as HTMLButtonElement).disabled && control) row?.querySelector<HTMLButtonElement>(`[data-move]:not([data-move="${control}"]):not([disabled])`)?.focus();
    focused.closest('[data-row]')?.scrollIntoView({ block: 'nearest' });
  });
}

export function useRowMoves(store: PlanStore, announce: (text: string) => void) {
  return (place: RowPlace, to: Move, row: HTMLElement | null) => {
    const target = to === 'up' ? place.position - 1 : to === 'down' ? place.position + 1 : to === 'first' ? 1 : place.count;
    if (target < 1 || target > place.count || target === place.position) return;
    keepFocus(row);
    store.moveItem(`Moving ${place.name}`, place.list, place.id, to);
    announce(`Moved ${place.name} to position ${target} of ${place.count}.`);
  };
}

/** Alt+↑ / Alt+↓ (Alt+Home / Alt+End) on a row moves it. */
export function rowKeyDown(event: KeyboardEvent<HTMLElement>, move: (to: Move) => void) {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  // Long texts keep Alt+arrows for the caret, drop-downs for opening.
  const target = event.target instanceof HTMLElement ? event.target : null;
  const longText = target instanceof HTMLTextAreaElement && !target.closest('.plan-text--wrap');
  if (longText || target instanceof HTMLSelectElement || target?.getAttribute('aria-haspopup')) return;
  const to: Move | undefined = ({ ArrowUp: 'up', ArrowDown: 'down', Home: 'first', End: 'last' } as const)[event.key as 'ArrowUp'];
  if (!to) return;
  event.preventDefault();
  move(to);
}

interface RowActionsProps {
  place: RowPlace;
  onMove(to: Move): void;
  onRemove(): void;
}

export function RowActions({ place, onMove, onRemove }: RowActionsProps) {
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <div className="row-actions row-actions--confirm" role="group" aria-label={`Remove ${place.name}?`}>
        <span className="row-actions__question">Remove?</span>
        <Button size="xsmall" variant="primary" danger onPress={onRemove} aria-label={`Remove ${place.name}`}>
          Remove
        </Button>
        <Button
          size="xsmall"
          variant="tertiary"
          autoFocus
          onPress={() => setConfirming(false)}
          aria-label={`Keep ${place.name}`}
        >
          Keep
        </Button>
      </div>
    );
  }
  return (
    <div className="row-actions" role="group" aria-label={`Actions for ${place.name}`}>
      <Button
        size="xsmall"
        variant="tertiary"
        isIconButton
        data-move="up"
        aria-label={`Move ${place.name} up`}
        aria-keyshortcuts="Alt+ArrowUp"
        isDisabled={place.position === 1}
        onPress={() => onMove('up')}
      >
        <ArrowUpIcon />
      </Button>
      <Button
        size="xsmall"
        variant="tertiary"
        isIconButton
        data-move="down"
        aria-label={`Move ${place.name} down`}
        aria-keyshortcuts="Alt+ArrowDown"
        isDisabled={place.position === place.count}
        onPress={() => onMove('down')}
      >
        <ArrowDownIcon />
      </Button>
      <Button size="xsmall" variant="tertiary" isIconButton aria-label={`Remove ${place.name}`} onPress={() => setConfirming(true)}>
        <RemoveIcon />
      </Button>
    </div>
  );
}

interface AddRowProps {
  label: string;
  button: string;
  /** Adds the row; rejects with the engine's reason, which is shown under the box. */
  onAdd(title: string): Promise<void>;
}

/** A box and a button that add a row by its title; Enter adds too, and the box is ready for the next. */
export function AddRow({ label, button, onAdd }: AddRowProps) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const add = async () => {
    if (adding) return;
    if (title.trim() === '') {
      setError('Type a title first.');
      return;
    }
    setAdding(true);
    try {
      await onAdd(title);
      setTitle('');
      setError(null);
    } catch (failure) {
      setError(`Not added: ${failure instanceof Error ? failure.message : String(failure)}`);
    } finally {
      setAdding(false);
    }
  };
  return (
    <div className="add-row">
      <TextField
        size="small"
        label={label}
        value={title}
        onChange={(text) => {
          setTitle(text);
          if (error) setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') void add();
        }}
        isInvalid={error !== null}
        errorMessage={error ?? undefined}
        validationBehavior="aria"
      />
      <Button size="small" variant="secondary" isDisabled={adding} onPress={() => void add()}>
        {button}
      </Button>
    </div>
  );
}
