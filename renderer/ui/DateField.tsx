/**
 * A date typed in any common form (normalised by the field's check) or picked from a calendar:
 * the text field as given, with a button beside it that opens DatePickerDialog.
 */
import { useCallback, useRef, useState } from 'react';
import { DatePickerDialog } from './DatePickerDialog';

interface DateFieldProps {
  label: string;
  value: string;
  onPick(iso: string): void;
  /** The text field itself (a BC Design System TextField). */
  children: React.ReactNode;
}

export function DateField({ label, value, onPick, children }: DateFieldProps) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    opener.current?.focus();
  }, []);
  return (
    <div className="date-field">
      {children}
      <button
        ref={opener}
        type="button"
        className="date-field__open"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Choose ${label} from a calendar`}
        onClick={() => setOpen((was) => !was)}
      >
        Calendar
      </button>
      {open && (
        <DatePickerDialog
          label={label}
          value={value}
          onClose={close}
          onPick={(iso) => {
            onPick(iso);
            close();
          }}
        />
      )}
    </div>
  );
}
