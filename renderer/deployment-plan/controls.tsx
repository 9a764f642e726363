/** Controls and savers shared by the sections of the Deployment plan tab. */
import { Select } from '@bcgov/design-system-react-components';
import { PLAN_FIELDS, PLAN_ROLE_KEYS, PLAN_ROLE_SHORT_LABELS, type PlanFieldKey, type PlanList } from '../../shared/deployment-plan/model';
import { roleLabel } from '../../shared/workflow/roles';
import type { ItemChanges, PlanStore, TextSaver } from './usePlan';

const NOT_SET = '__not_set__';

const ROLE_ITEMS = [{ id: NOT_SET, label: 'Not set' }, ...PLAN_ROLE_KEYS.map((key) => ({ id: key, label: roleLabel(key) }))];
/** Short names for narrow columns; the full name is in the control's title. */
const SHORT_ROLE_ITEMS = [{ id: NOT_SET, label: 'Not set' }, ...PLAN_ROLE_KEYS.map((key) => ({ id: key, label: PLAN_ROLE_SHORT_LABELS[key] }))];

interface RoleSelectProps {
  label: string;
  value: string | null;
  onChange(role: string | null): void;
  error?: string | undefined;
  hideLabel?: boolean;
  short?: boolean;
}

/** A participant role (or the Connected Partner), or none. */
export function RoleSelect({ label, value, onChange, error, hideLabel = false, short = false }: RoleSelectProps) {
  return (
    <Select
      size="small"
      {...(hideLabel ? { 'aria-label': label } : { label })}
      items={short ? SHORT_ROLE_ITEMS : ROLE_ITEMS}
      selectedKey={value ?? NOT_SET}
      onSelectionChange={(key) => {
        const next = key === NOT_SET || key === null ? null : String(key);
        if (next !== value) onChange(next);
      }}
      isInvalid={error !== undefined}
      errorMessage={error}
      validationBehavior="aria"
    />
  );
}

export const planFieldLabel = (key: PlanFieldKey) => PLAN_FIELDS.find((f) => f.key === key)!.label;

/** Saves one of the plan's own text fields. */
export function planFieldSaver(store: PlanStore, key: PlanFieldKey, stored: string | null): TextSaver {
  return {
    what: `The ${planFieldLabel(key).toLowerCase()}`,
    stored: stored ?? '',
    send: (text) => store.calls.update({ [key]: text === '' ? null : text }),
  };
}

/** Saves one text field of a list row. `toValue` turns typed text into what the API takes. */
export function itemSaver<L extends PlanList>(
  store: PlanStore,
  list: L,
  id: string,
  field: string,
  what: string,
  stored: string,
  toValue: (text: string) => unknown = (text) => (text === '' ? null : text),
): TextSaver {
  return {
    what,
    stored,
    send: (text) => store.calls.updateItem(list, id, { [field]: toValue(text) } as ItemChanges<L>),
  };
}

/** Whole minutes as the API takes them; anything else goes as typed so that the API can say why it is refused. */
export function minutesOf(text: string): unknown {
  const compact = text.replaceAll(' ', '');
  if (compact === '') return null;
  return /^\d+$/.test(compact) ? Number(compact) : text;
}
