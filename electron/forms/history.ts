/** How the record of an applied partner form reads in the dossier's History and in sync conflicts. */
import type { HistoryLabeler, HistoryRegistration } from '../history/index';
import type { FormLibrary } from './library';

const FIELD_WORDS: Record<string, string> = {
  form_id: 'form',
  form_version: 'form version',
  format: 'file format',
  file_name: 'file name',
  sha256: 'file fingerprint (SHA-256)',
  size: 'file size (bytes)',
  imported_at: 'imported on',
  values_json: 'values kept from fields without a dossier field',
  deleted_at: 'removed',
};

interface ImportRow {
  form_id: string | null;
  form_version: number | null;
  file_name: string | null;
}

/** The form's title at that version; its id when this workbench does not know it (a newer form). */
function formTitle(forms: FormLibrary, id: string, version: number | null): string {
  try {
    return forms.find(id, version ?? undefined).title;
  } catch {
    return id;
  }
}

/** Labels such as `Form imported: Request for Integration v1 (file rfi-fraser.pdf) — file fingerprint (SHA-256)`. */
export function formImportHistoryLabel(forms: FormLibrary): HistoryLabeler {
  return (store, entity, rowId, field) => {
    if (entity !== 'form_imports') return null;
    const row = store.prepare('SELECT form_id, form_version, file_name FROM form_imports WHERE id = ?').get(rowId) as ImportRow | undefined;
    const form = row?.form_id ? `${formTitle(forms, row.form_id, row.form_version)}${row.form_version === null ? '' : ` v${row.form_version}`}` : 'a partner form';
    const file = row?.file_name ? ` (file ${row.file_name})` : '';
    return `Form imported: ${form}${file} — ${FIELD_WORDS[field] ?? field.replaceAll('_', ' ')}`;
  };
}

/** The forms' tables and words for the History; an applied form reads `Partner form applied: …`. */
export function formImportHistoryLabels(forms: FormLibrary): HistoryRegistration {
  const label = formImportHistoryLabel(forms);
  return {
    kind: 'forms',
    entities: ['form_imports'],
    label,
    summarize: (store, changes) => {
      const row = store.prepare('SELECT form_id, form_version FROM form_imports WHERE id = ?').get(changes[0]!.row_id) as ImportRow | undefined;
      const form = row?.form_id ? formTitle(forms, row.form_id, row.form_version) : 'a partner form';
      return changes.some((c) => c.field === 'deleted_at' && c.new_value !== null) ? `Partner form record removed: ${form}` : `Partner form applied: ${form}`;
    },
  };
}
