import { useId, type ReactNode } from 'react';

/** What a control needs to be named and described by its field. */
export interface FieldControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
  className: string;
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the control and read with it; marks the control invalid. */
  error?: string | null;
  /** The label beside the control instead of above it (a filter in a toolbar). */
  inline?: boolean;
  className?: string;
  children(control: FieldControlProps): ReactNode;
}

/**
 * A label, an optional hint and an optional error around one native control, wired together:
 * the label names it, the hint and the error describe it (aria-describedby), the error marks it
 * invalid. For the BC Design System's own TextField and Select, use theirs.
 */
export function Field({ label, hint, error, inline = false, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['ui-field', inline ? 'ui-field--inline' : '', error ? 'ui-field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="ui-field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined, className: 'ui-field__control' })}
      {hint && (
        <span className="ui-field__hint" id={hintId!}>
          {hint}
        </span>
      )}
      {error && (
        <span className="ui-field__error" id={errorId!}>
          {error}
        </span>
      )}
    </div>
  );
}
