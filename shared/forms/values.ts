/**
 * Reading a raw value out of a filled form (text typed in a PDF or Word field, a ticked box, a
 * value from the workbench JSON) into a typed value, and checking it against the field's type and
 * constraints — and, for a field that maps to a dossier field, that field's own rules.
 */
import { findField } from '../dossier/fields';
import { checkFieldValue, isIsoDate } from '../dossier/values';
import { LONG_TEXT_MAX, SHORT_TEXT_MAX, checkText } from '../text/textRule';
import type { FormField, FormOption } from './definition';

export type FormValue = string | number | boolean | string[] | null;
/** What a reader found for a field: text, a tick, the ticked options, or a JSON value. */
export type RawValue = string | number | boolean | string[] | null;

export type CheckedValue = { ok: true; value: FormValue } | { ok: false; value: null; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{7,20}( ?(x|ext\.?) ?[0-9]{1,6})?$/i;
const YES = new Set(['yes', 'y', 'true', 'on', 'oui', '1']);
const NO = new Set(['no', 'n', 'false', 'off', 'non', '0']);

/** The choices of a field: its own, or those of the dossier field it maps to. */
export function fieldOptions(field: FormField): readonly FormOption[] {
  if (field.options) return field.options;
  if (field.maps && 'dossier' in field.maps) return findField(field.maps.dossier)?.options ?? [];
  return [];
}

const isEmpty = (raw: RawValue) => raw === null || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);

function bad(field: FormField, message: string): CheckedValue {
  return { ok: false, value: null, message: `${field.label}: ${message}` };
}

function matchOption(options: readonly FormOption[], text: string): FormOption | undefined {
  const t = text.normalize('NFC').trim().toLowerCase();
  return options.find((o) => o.value.toLowerCase() === t || o.label.normalize('NFC').toLowerCase() === t);
}

function typed(field: FormField, raw: RawValue): CheckedValue {
  if (isEmpty(raw)) return { ok: true, value: field.type === 'multichoice' ? [] : null };
  const options = fieldOptions(field);
  switch (field.type) {
    case 'multichoice': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,;\n]/) : null;
      if (!items) return bad(field, `expected a list of choices, got ${JSON.stringify(raw)}`);
      const values: string[] = [];
      for (const item of items.map((i) => String(i)).filter((i) => i.trim() !== '')) {
        const option = matchOption(options, item);
        if (!option) return bad(field, `"${item.trim()}" is not one of the choices (${options.map((o) => o.label).join(', ')})`);
        values.push(option.value);
      }
      return { ok: true, value: [...new Set(values)].sort() };
    }
    case 'yesno': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const t = String(raw).trim().toLowerCase();
      if (YES.has(t)) return { ok: true, value: true };
      if (NO.has(t)) return { ok: true, value: false };
      return bad(field, `expected Yes or No, got "${String(raw).trim()}"`);
    }
    case 'number': {
      if (typeof raw === 'number') {
        if (!Number.isSafeInteger(raw)) return bad(field, `expected a whole number, got ${raw}`);
        return range(field, raw);
      }
      const t = String(raw).trim().replaceAll(/[,_\s]/g, '');
      if (!/^-?\d{1,15}$/.test(t)) return bad(field, `expected a whole number, got "${String(raw).trim()}"`);
      return range(field, Number(t));
    }
    default: {
      if (typeof raw !== 'string') return bad(field, `expected text, got ${JSON.stringify(raw)}`);
      // The one text rule first: a control character, NUL or broken Unicode is a problem of this field in the review.
      const ruled = checkText(raw, { label: field.label, maxLength: field.maxLength ?? (field.type === 'multiline' ? LONG_TEXT_MAX : SHORT_TEXT_MAX) });
      if (!ruled.ok) return { ok: false, value: null, message: ruled.message };
      const text = field.type === 'multiline' ? raw.normalize('NFC').replaceAll('\r\n', '\n').trim() : raw.normalize('NFC').replaceAll(/\s+/g, ' ').trim();
      if (field.maxLength && text.length > field.maxLength) return bad(field, `longer than ${field.maxLength} characters`);
      if (field.type === 'choice') {
        const option = matchOption(options, text);
        return option ? { ok: true, value: option.value } : bad(field, `"${text}" is not one of the choices (${options.map((o) => o.label).join(', ')})`);
      }
      if (field.type === 'date' && !isIsoDate(text)) return bad(field, `"${text}" is not a date as YYYY-MM-DD`);
      if (field.type === 'email' && !EMAIL.test(text)) return bad(field, `"${text}" is not an e-mail address`);
      if (field.type === 'phone' && !PHONE.test(text)) return bad(field, `"${text}" is not a phone number`);
      if (field.pattern && !new RegExp(`^(?:${field.pattern})$`, 'u').test(text)) return bad(field, field.patternMessage ?? `"${text}" does not have the expected form`);
      return { ok: true, value: text };
    }
  }
}

function range(field: FormField, n: number): CheckedValue {
  if (field.min !== undefined && n < field.min) return bad(field, `${n} is less than ${field.min}`);
  if (field.max !== undefined && n > field.max) return bad(field, `${n} is more than ${field.max}`);
  return { ok: true, value: n };
}

/** Types and checks one raw value; a field that maps to a dossier field must also pass that field's rules. */
export function checkFormValue(field: FormField, raw: RawValue): CheckedValue {
  const result = typed(field, raw);
  if (!result.ok || result.value === null || !field.maps || !('dossier' in field.maps)) return result;
  const def = findField(field.maps.dossier);
  if (!def) return bad(field, `maps to an unknown dossier field ${field.maps.dossier}`);
  const checked = checkFieldValue(def, result.value);
  if (!checked.ok) return bad(field, checked.message.replace(/^[^:]+: /, ''));
  return { ok: true, value: checked.value };
}

export function isBlank(value: FormValue): boolean {
  return value === null || (Array.isArray(value) && value.length === 0);
}

/** Equality of two typed values (lists compared as sets). */
export function sameValue(a: FormValue, b: FormValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? [...a].sort() : [];
    const y = Array.isArray(b) ? [...b].sort() : [];
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return a === b;
}

/** A value as a person reads it: labels for choices, Yes/No, lists joined. */
export function displayValue(field: FormField, value: FormValue): string {
  if (value === null) return '';
  const options = fieldOptions(field);
  const label = (v: string) => options.find((o) => o.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (field.type === 'choice') return label(String(value));
  return String(value);
}
