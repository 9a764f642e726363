/** Keeps the full-text index of dossiers current, inside every write's transaction. */
import type { Store } from '../store/store';
import { findDossierRow, readFields, searchBody } from './read';

export function attachSearchIndex(store: Store): void {
  const remove = store.prepare('DELETE FROM dossier_search WHERE dossier_id = ?');
  const insert = store.prepare('INSERT INTO dossier_search(dossier_id, body) VALUES (?, ?)');
  store.onAfterWrite((dossierIds) => {
    for (const id of dossierIds) {
      remove.run(id);
      const row = findDossierRow(store, id);
      insert.run(id, searchBody(row, readFields(store, row)));
    }
  });
}

/** Turns what a lead typed into an FTS5 query: every word must match, as a prefix. */
export function toMatchQuery(text: string): string | null {
  const words = text
    .normalize('NFC')
    .split(/\s+/)
    .map((w) => w.replaceAll('"', '').trim())
    .filter(Boolean);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}
