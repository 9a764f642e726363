/**
 * A text box of the plan that saves itself: after a pause in typing, on Enter (single line) or
 * when it loses focus. A refused value stays in the box with the engine's reason beside it.
 */
import { TextArea, TextField } from '@bcgov/design-system-react-components';
import type { PlanStore, TextSaver } from './usePlan';

interface PlanTextProps {
  store: PlanStore;
  /** Names the field among all the plan's fields, for its draft and its error. */
  fieldKey: string;
  label: string;
  saver: TextSaver;
  multiline?: boolean;
  /** One paragraph that wraps instead of scrolling sideways (a long title); Enter saves. */
  wrap?: boolean;
  description?: string;
  placeholder?: string;
  /** Shows the label to screen readers only (a table cell under its column heading). */
  hideLabel?: boolean;
  size?: 'small' | 'medium';
  inputMode?: 'numeric' | 'text';
  className?: string;
}

export function PlanText({ store, fieldKey, label, saver, multiline = false, wrap = false, description, placeholder, hideLabel = false, size = 'small', inputMode, className }: PlanTextProps) {
  const error = store.fieldError(fieldKey);
  const common = {
    value: store.text(fieldKey, saver.stored),
    onChange: (text: string) => store.editText(fieldKey, text, saver),
    onBlur: () => store.flushText(fieldKey, saver),
    isInvalid: error !== undefined,
    errorMessage: error,
    validationBehavior: 'aria' as const,
    ...(hideLabel ? { 'aria-label': label } : { label }),
    ...(description ? { description } : {}),
    ...(placeholder ? { placeholder } : {}),
  };
  return (
    <div className={`plan-text${multiline ? ' plan-text--multiline' : ''}${wrap ? ' plan-text--wrap' : ''}${className ? ` ${className}` : ''}`} data-plan-field={fieldKey}>
      {wrap ? (
        <TextArea
          {...common}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              store.flushText(fieldKey, saver);
            }
            event.continuePropagation();
          }}
        />
      ) : multiline ? (
        <TextArea
          {...common}
          onKeyDown={(event) => {
            // Ctrl+Enter saves a long text without leaving it.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) store.flushText(fieldKey, saver);
            // React Aria stops key events here unless told otherwise; the row's Alt+arrows need them.
            event.continuePropagation();
          }}
        />
      ) : (
        <TextField
          {...common}
          size={size}
          {...(inputMode ? { inputMode } : {})}
          onKeyDown={(event) => {
            if (event.key === 'Enter') store.flushText(fieldKey, saver);
            event.continuePropagation();
          }}
        />
      )}
    </div>
  );
}
