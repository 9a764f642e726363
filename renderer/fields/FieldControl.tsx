/** One dossier field as the right BC Design System control, chosen by the field's kind in the registry. */
import { Checkbox, CheckboxGroup, Radio, RadioGroup, Select, TextArea, TextField } from '@bcgov/design-system-react-components';
import type { FieldDef } from '../../shared/dossier/fields';
import { optionLabel } from '../../shared/dossier/fields';
import type { DraftValue } from './draft';
import { DateField } from '../ui/DateField';

const NOT_SET = '__not_set__';

interface FieldControlProps {
  def: FieldDef;
  value: DraftValue;
  onChange(value: DraftValue): void;
  onBlur?(): void;
  error?: string | undefined;
  required?: boolean;
  /** Shown under the field; dates always get their format. */
  hint?: string;
  /** Shows a short list of choices as radio buttons instead of a drop-down. */
  asRadio?: boolean;
}

const INPUT_TYPES: Partial<Record<FieldDef['kind'], string>> = { email: 'email', phone: 'tel' };

export function FieldControl({ def, value, onChange, onBlur, error, required = false, hint, asRadio = false }: FieldControlProps) {
  const invalid = error !== undefined;
  // Checking on the way to the submit button would show a message that moves the button out from
  // under the pointer before the click lands; the submit checks every field anyway.
  const handleBlur = onBlur
    ? (event: React.FocusEvent) => {
        const next = event.relatedTarget;
        if (next instanceof HTMLButtonElement && next.type === 'submit' && next.form && next.form === (event.target as HTMLInputElement).form) return;
        onBlur();
      }
    : undefined;
  const text = typeof value === 'string' ? value : '';
  const wrap = (control: React.ReactNode) => (
    <div className={`field field--${def.kind}`} data-field={def.path}>
      {control}
    </div>
  );

  if (def.readOnly) {
    return wrap(
      <TextField
        label={def.label}
        value={def.options ? optionLabel(def, text) : text}
        isReadOnly
        description={hint ?? 'Set by the workbench'}
      />,
    );
  }

  switch (def.kind) {
    case 'boolean': {
      const hintId = `${def.path}-hint`;
      return wrap(
        <>
          <Checkbox
            isSelected={value === true}
            onChange={(selected) => onChange(selected)}
            onBlur={handleBlur}
            {...(hint ? { 'aria-describedby': hintId } : {})}
          >
            {def.label}
          </Checkbox>
          {hint && (
            <p id={hintId} className="field__hint">
              {hint}
            </p>
          )}
        </>,
      );
    }
    case 'set':
      return wrap(
        <CheckboxGroup
          label={def.label}
          value={Array.isArray(value) ? value : []}
          onChange={(selected) => onChange(selected)}
          orientation="horizontal"
          flexWrap="wrap"
          isInvalid={invalid}
          errorMessage={error}
          validationBehavior="aria"
          {...(hint ? { description: hint } : {})}
        >
          {(def.options ?? []).map((option) => (
            <Checkbox key={option.value} value={option.value}>
              {option.label}
            </Checkbox>
          ))}
        </CheckboxGroup>,
      );
    case 'enum':
      if (asRadio) {
        return wrap(
          <RadioGroup
            label={def.label}
            // No choice yet is null, not '': with '' no radio counts as the group's tab stop.
            value={text === '' ? null : text}
            onChange={(next) => onChange(next)}
            onBlur={handleBlur}
            orientation="horizontal"
            isRequired={required}
            isInvalid={invalid}
            errorMessage={error}
            validationBehavior="aria"
            {...(hint ? { description: hint } : {})}
          >
            {(def.options ?? []).map((option) => (
              <Radio key={option.value} value={option.value}>
                {option.label}
              </Radio>
            ))}
          </RadioGroup>,
        );
      }
      return wrap(
        <Select
          label={def.label}
          placeholder="Not set"
          items={[
            ...(required ? [] : [{ id: NOT_SET, label: 'Not set' }]),
            ...(def.options ?? []).map((option) => ({ id: option.value, label: option.label })),
          ]}
          selectedKey={text === '' ? (required ? null : NOT_SET) : text}
          onSelectionChange={(key) => onChange(key === NOT_SET || key === null ? '' : String(key))}
          onBlur={handleBlur}
          isRequired={required}
          isInvalid={invalid}
          errorMessage={error}
          validationBehavior="aria"
          {...(hint ? { description: hint } : {})}
        />,
      );
    case 'longtext':
      return wrap(
        <TextArea
          label={def.label}
          value={text}
          onChange={(next) => onChange(next)}
          onBlur={handleBlur}
          isRequired={required}
          isInvalid={invalid}
          errorMessage={error}
          validationBehavior="aria"
          {...(hint ? { description: hint } : {})}
        />,
      );
    case 'date':
      return wrap(
        <DateField label={def.label} value={text} onPick={(iso) => onChange(iso)}>
          <TextField
            label={def.label}
            value={text}
            onChange={(next) => onChange(next)}
            onBlur={handleBlur}
            isRequired={required}
            isInvalid={invalid}
            errorMessage={error}
            validationBehavior="aria"
            description={hint ?? 'YYYY-MM-DD, or like Dec 15, 2026'}
          />
        </DateField>,
      );
    default:
      return wrap(
        <TextField
          label={def.label}
          value={text}
          onChange={(next) => onChange(next)}
          onBlur={handleBlur}
          type={INPUT_TYPES[def.kind] ?? 'text'}
          inputMode={def.kind === 'integer' ? 'numeric' : undefined}
          isRequired={required}
          isInvalid={invalid}
          errorMessage={error}
          validationBehavior="aria"
          {...(hint ? { description: hint } : {})}
        />,
      );
  }
}

/** Moves the keyboard focus to a field's control (after a failed save, or from a gate reason). */
export function focusField(path: string): boolean {
  const wrapper = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
  const control = wrapper?.querySelector<HTMLElement>('input:not([type="hidden"]):not([tabindex="-1"]), textarea, button');
  if (!wrapper || !control) return false;
  wrapper.scrollIntoView({ block: 'center' });
  control.focus({ preventScroll: true });
  return true;
}
