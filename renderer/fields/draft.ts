/**
 * What a form holds while a lead types (text for numbers and dates, arrays for sets) and how it
 * becomes field values: checked with the engine's own rules and compared with what is stored,
 * so a save sends only the fields that really changed.
 */
import type { FieldDef } from '../../shared/dossier/fields';
import { checkFieldValue, type FieldValue, type FieldValues } from '../../shared/dossier/values';
import { fieldMessage } from './messages';

export type DraftValue = string | boolean | string[];
export type Drafts = Record<string, DraftValue>;

export function toDraft(def: FieldDef, value: FieldValue | undefined): DraftValue {
  switch (def.kind) {
    case 'boolean':
      return value === true;
    case 'set':
      return Array.isArray(value) ? value : [];
    default:
      return value === null || value === undefined ? '' : String(value);
  }
}

/** The typed value as the API takes it; unparseable numbers stay text so the check can say why. */
function fromDraft(def: FieldDef, draft: DraftValue): unknown {
  if (def.kind !== 'integer' || typeof draft !== 'string') return draft;
  const compact = draft.trim().replaceAll(',', '').replaceAll('_', '').replaceAll(' ', '');
  if (compact === '') return null;
  return /^\d+$/.test(compact) ? Number(compact) : draft;
}

export type DraftCheck = { ok: true; value: FieldValue } | { ok: false; message: string };

export function checkDraft(def: FieldDef, draft: DraftValue): DraftCheck {
  const checked = checkFieldValue(def, fromDraft(def, draft));
  return checked.ok ? checked : { ok: false, message: fieldMessage(def, checked.message) };
}

export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const blank = (v: FieldValue | undefined) => v === null || v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0);
  if (blank(a) && blank(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);
  return a === b;
}

export interface DraftDiff {
  changes: FieldValues;
  problems: Record<string, string>;
}

/** The changed fields among the edited ones, and a message for each edited field that does not pass. */
export function diffDrafts(defs: readonly FieldDef[], stored: FieldValues, drafts: Drafts): DraftDiff {
  const changes: FieldValues = {};
  const problems: Record<string, string> = {};
  for (const def of defs) {
    const draft = drafts[def.path];
    if (draft === undefined || def.readOnly) continue;
    const checked = checkDraft(def, draft);
    if (!checked.ok) problems[def.path] = checked.message;
    else if (!sameValue(checked.value, stored[def.path])) changes[def.path] = checked.value;
  }
  return { changes, problems };
}
