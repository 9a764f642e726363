/** Outside a dossier: which dossier a filled form is compared with (by reference, suggested from the recent ones). */
import { useId } from 'react';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';

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
      <label htmlFor={`${id}-input`} className="dossier-picker__label">
        Compare with dossier <span className="dossier-picker__optional">(optional)</span>
      </label>
      <p id={`${id}-help`} className="dossier-picker__help">
        A reference such as PCR-2026-0001. Leave it empty for a form pre-filled from a dossier (it names its dossier) or for a Request for Integration, which then
        creates a new dossier.
      </p>
      <input
        id={`${id}-input`}
        className="dossier-picker__input"
        list={`${id}-list`}
        value={value}
        disabled={disabled}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-help`}
        onChange={(event) => onChange(event.target.value)}
      />
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
