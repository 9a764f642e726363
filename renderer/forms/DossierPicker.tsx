/** Outside a dossier: which dossier a filled form is compared with (by reference, suggested from the recent ones). */
import { useId } from 'react';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { Field } from '../ui';

interface DossierPickerProps {
  value: string;
  onChange(value: string): void;
  disabled: boolean;
}

export function DossierPicker({ value, onChange, disabled }: DossierPickerProps) {
  const id = useId();
  const recent = useApiQuery(() => api.call('dossier.list', { sort: 'updated_at', direction: 'desc', limit: 200 }), []);
  return (
    <div className="dossier-picker">
      <Field
        label={
          <>
            Compare with dossier <span className="dossier-picker__optional">(optional)</span>
          </>
        }
        hint="A reference such as PCR-2026-0001. Leave it empty for a form pre-filled from a dossier (it names its dossier) or for a Request for Integration, which then creates a new dossier."
      >
        {(control) => (
          <input
            {...control}
            className={`${control.className} dossier-picker__input`}
            list={`${id}-list`}
            value={value}
            disabled={disabled}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => onChange(event.target.value)}
          />
        )}
      </Field>
      <datalist id={`${id}-list`}>
        {recent.data?.rows.map((d) => (
          <option key={d.id} value={d.reference}>
            {d.organization ?? ''}
          </option>
        ))}
      </datalist>
    </div>
  );
}
