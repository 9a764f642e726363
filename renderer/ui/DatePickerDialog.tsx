/**
 * A month calendar in a small dialog, worked by keyboard as the WAI-ARIA date picker dialog
 * pattern says: arrows move by day and week, Page Up/Down by month (with Shift by year), Home/End
 * to the week's ends, Enter or Space picks, Escape closes. Focus returns to the opener.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { localIsoDate } from '../../shared/dates';
import { isIsoDate } from '../../shared/dossier/values';
import './date-picker.css';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH = new Intl.DateTimeFormat('en-CA', { month: 'long', year: 'numeric' });
const FULL = new Intl.DateTimeFormat('en-CA', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

function fromIso(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** The same day in another month, or that month's last day when it is shorter. */
function addMonths(date: Date, months: number): Date {
  const last = new Date(date.getFullYear(), date.getMonth() + months + 1, 0).getDate();
  return new Date(date.getFullYear(), date.getMonth() + months, Math.min(date.getDate(), last));
}

/** The weeks shown for the month of `focus`: Sunday-first rows, days of other months blank. */
function monthWeeks(focus: Date): (Date | null)[][] {
  const first = new Date(focus.getFullYear(), focus.getMonth(), 1);
  const days = new Date(focus.getFullYear(), focus.getMonth() + 1, 0).getDate();
  const cells: (Date | null)[] = Array.from({ length: first.getDay() }, () => null);
  for (let day = 1; day <= days; day += 1) cells.push(new Date(focus.getFullYear(), focus.getMonth(), day));
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
}

interface DatePickerDialogProps {
  /** What the date is for, read out as the dialog's name ("Choose Go-live date"). */
  label: string;
  /** The date shown first: the field's value when it is one, else today. */
  value: string;
  onPick(iso: string): void;
  onClose(): void;
}

export function DatePickerDialog({ label, value, onPick, onClose }: DatePickerDialogProps) {
  const today = localIsoDate();
  const [focus, setFocus] = useState(() => fromIso(isIsoDate(value) ? value : today));
  const grid = useRef<HTMLTableElement>(null);
  const headingId = useId();
  const focusIso = localIsoDate(focus);

  useLayoutEffect(() => {
    grid.current?.querySelector<HTMLElement>(`[data-date="${focusIso}"]`)?.focus();
  }, [focusIso]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  const move: Record<string, (d: Date, shift: boolean) => Date> = {
    ArrowLeft: (d) => addDays(d, -1),
    ArrowRight: (d) => addDays(d, 1),
    ArrowUp: (d) => addDays(d, -7),
    ArrowDown: (d) => addDays(d, 7),
    Home: (d) => addDays(d, -d.getDay()),
    End: (d) => addDays(d, 6 - d.getDay()),
    PageUp: (d, shift) => addMonths(d, shift ? -12 : -1),
    PageDown: (d, shift) => addMonths(d, shift ? 12 : 1),
  };

  const onGridKey = (event: React.KeyboardEvent) => {
    const step = move[event.key];
    if (step) {
      event.preventDefault();
      setFocus((d) => step(d, event.shiftKey));
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onPick(focusIso);
    }
  };

  // Tab stays inside the dialog: from its last control back to the first, and the other way.
  const onDialogKey = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Tab') return;
    const stops = [...event.currentTarget.querySelectorAll<HTMLElement>('button:not([tabindex="-1"]), [tabindex="0"]')];
    const first = stops[0];
    const last = stops.at(-1);
    if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    } else if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    }
  };

  return (
    <div className="date-picker" role="dialog" aria-modal="true" aria-label={`Choose ${label}`} onKeyDown={onDialogKey}>
      <div className="date-picker__header">
        <button type="button" className="date-picker__nav" onClick={() => setFocus((d) => addMonths(d, -1))} aria-label="Previous month">
          <span aria-hidden="true">‹</span>
        </button>
        <h2 id={headingId} className="date-picker__month" aria-live="polite">
          {MONTH.format(focus)}
        </h2>
        <button type="button" className="date-picker__nav" onClick={() => setFocus((d) => addMonths(d, 1))} aria-label="Next month">
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <table className="date-picker__grid" role="grid" aria-labelledby={headingId} ref={grid} onKeyDown={onGridKey}>
        <thead>
          <tr>
            {WEEKDAYS.map((day) => (
              <th key={day} scope="col" abbr={day}>
                {day.slice(0, 2)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(focus).map((week, w) => (
            <tr key={w}>
              {week.map((day, d) => {
                if (!day) return <td key={d} />;
                const iso = localIsoDate(day);
                const classes = ['date-picker__day', iso === value ? 'is-selected' : '', iso === today ? 'is-today' : ''].filter(Boolean).join(' ');
                return (
                  <td
                    key={d}
                    className={classes}
                    data-date={iso}
                    tabIndex={iso === focusIso ? 0 : -1}
                    aria-selected={iso === value}
                    aria-label={`${FULL.format(day)}${iso === today ? ', today' : ''}`}
                    onClick={() => onPick(iso)}
                  >
                    {day.getDate()}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="date-picker__footer">
        <p className="date-picker__keys">Arrows move · Page Up/Down month · Enter picks</p>
        <button type="button" className="date-picker__cancel" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
