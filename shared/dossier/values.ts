/** Checks and converts dossier field values, typed (from the UI) or typed in as text (CLI). */
import type { FieldDef } from './fields';
import { findField } from './fields';
import { parseTypedDate } from '../dates';
import { LONG_TEXT_MAX, SHORT_TEXT_MAX, checkText } from '../text/textRule';

export type FieldValue = string | number | boolean | string[] | null;
export type FieldValues = Record<string, FieldValue>;

export type Checked = { ok: true; value: FieldValue } | { ok: false; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{7,20}( ?(x|ext\.?) ?[0-9]{1,6})?$/i;

export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Each field's label in messages, made only when a value is refused; one function per field, not one per value checked. */
const labels = new WeakMap<FieldDef, () => string>();
function labelOf(def: FieldDef): () => string {
  let label = labels.get(def);
  if (!label) labels.set(def, (label = () => `${def.path} (${def.label})`));
  return label;
}

function fail(def: FieldDef, message: string): Checked {
  return { ok: false, message: `${labelOf(def)()}: ${message}` };
}

/** Validates a typed value for a field; blank text and empty sets are stored as empty. */
export function checkFieldValue(def: FieldDef, value: unknown): Checked {
  if (value === null || value === undefined) return { ok: true, value: def.kind === 'set' ? [] : null };
  switch (def.kind) {
    case 'set': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return fail(def, 'expected a list of values');
      const allowed = new Set(def.options?.map((o) => o.value));
      const unknown = value.filter((v) => !allowed.has(v));
      if (unknown.length) return fail(def, `unknown value ${unknown.map((u) => `"${u}"`).join(', ')}; allowed: ${[...allowed].join(', ')}`);
      return { ok: true, value: [...new Set(value as string[])].sort() };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : fail(def, `expected yes or no, got ${JSON.stringify(value)}`);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
        ? { ok: true, value }
        : fail(def, `expected a whole number of 0 or more, got ${JSON.stringify(value)}`);
    default: {
      if (typeof value !== 'string') return fail(def, `expected text, got ${JSON.stringify(value)}`);
      const ruled = checkText(value, { label: labelOf(def), maxLength: def.maxLength ?? (def.kind === 'longtext' ? LONG_TEXT_MAX : SHORT_TEXT_MAX) });
      if (!ruled.ok) return { ok: false, message: ruled.message };
      const text = ruled.value.trim();
      if (text === '') return { ok: true, value: null };
      if (def.kind === 'enum' && !def.options?.some((o) => o.value === text))
        return fail(def, `"${text}" is not one of ${def.options?.map((o) => o.value).join(', ')}`);
      if (def.kind === 'date') {
        const date = isIsoDate(text) ? text : parseTypedDate(text);
        return date ? { ok: true, value: date } : fail(def, `"${text}" is not a date: type it as YYYY-MM-DD or like Dec 15, 2026`);
      }
      if (def.kind === 'email' && !EMAIL.test(text)) return fail(def, `"${text}" is not an e-mail address`);
      if (def.kind === 'phone' && !PHONE.test(text)) return fail(def, `"${text}" is not a phone number`);
      return { ok: true, value: text };
    }
  }
}

/** Converts text typed on a command line into a field value, then checks it. */
export function parseFieldText(def: FieldDef, text: string): Checked {
  const trimmed = text.trim();
  switch (def.kind) {
    case 'set':
      return checkFieldValue(def, trimmed === '' ? [] : trimmed.split(',').map((s) => s.trim()).filter(Boolean));
    case 'boolean': {
      const t = trimmed.toLowerCase();
      if (['yes', 'true', 'y', '1'].includes(t)) return { ok: true, value: true };
      if (['no', 'false', 'n', '0'].includes(t)) return { ok: true, value: false };
      if (t === '') return { ok: true, value: null };
      return fail(def, `expected yes or no, got "${text}"`);
    }
    case 'integer': {
      if (trimmed === '') return { ok: true, value: null };
      if (!/^\d+$/.test(trimmed.replaceAll(',', '').replaceAll('_', ''))) return fail(def, `expected a whole number, got "${text}"`);
      return checkFieldValue(def, Number(trimmed.replaceAll(',', '').replaceAll('_', '')));
    }
    default:
      return checkFieldValue(def, text);
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Validates a set of changes keyed by dotted path; returns the clean values or every problem found. */
export function checkChanges(
  changes: Record<string, unknown>,
  options: { allowReadOnly?: boolean } = {},
): { ok: true; values: FieldValues } | { ok: false; problems: FieldProblem[] } {
  const values: FieldValues = {};
  const problems: FieldProblem[] = [];
  for (const [path, raw] of Object.entries(changes)) {
    const def = findField(path);
    if (!def) {
      problems.push({ field: path, message: `${path}: no such dossier field` });
      continue;
    }
    if (def.readOnly && !options.allowReadOnly) {
      problems.push({ field: path, message: `${path} (${def.label}) is changed by the workbench itself` });
      continue;
    }
    const checked = checkFieldValue(def, raw);
    if (checked.ok) values[path] = checked.value;
    else problems.push({ field: path, message: checked.message });
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}

/** Turns flat dotted-path values into the nested object shown by `dossier show --json`. */
export function nestValues(values: FieldValues): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(values)) {
    const parts = path.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1)!] = value;
  }
  return root;
}
