/** Conformance text fields: the one text rule (shared/text/textRule.ts), then trimmed, empty as null. */
import { checkText as textRule } from '../text/textRule';

export type TextCheck = { ok: true; value: string | null } | { ok: false; message: string };

export function checkText(field: string, value: string | null | undefined, max: number): TextCheck {
  if (value === null || value === undefined) return { ok: true, value: null };
  const checked = textRule(value.trim(), { label: field, maxLength: max });
  if (!checked.ok) return checked;
  return { ok: true, value: checked.value === '' ? null : checked.value };
}
