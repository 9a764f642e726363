/** Keeps the full-text index of dossiers current, inside every write's transaction. */
import type { Store } from '../store/store';
import { readFields, searchBody, type DossierRow } from './read';

/** The tables whose text is indexed; other changes (activities, answers) leave the index alone. */
const SEARCHED_ENTITIES: ReadonlySet<string> = new Set(['dossiers', 'dossier_set_items']);

export function attachSearchIndex(store: Store): void {
  store.onAfterWrite((applied) => {
    const dossierIds = new Set(applied.filter((c) => SEARCHED_ENTITIES.has(c.entity)).map((c) => c.dossierId));
    for (const id of dossierIds) {
      const added = store.prepare('INSERT OR IGNORE INTO dossier_search_keys(dossier_id) VALUES (?)').run(id);
      let key: number | bigint;
      if (added.changes === 1) key = added.lastInsertRowid;
      else {
        key = (store.prepare('SELECT search_key FROM dossier_search_keys WHERE dossier_id = ?').get(id) as { search_key: number }).search_key;
        store.prepare('DELETE FROM dossier_search WHERE rowid = ?').run(key);
      }
      // A received change may name a dossier not here (it is quarantined before it gets this far); never fail a write on it.
      const row = store.prepare('SELECT * FROM dossiers WHERE id = ? AND deleted_at IS NULL').get(id) as DossierRow | undefined;
      if (!row) continue;
      store.prepare('INSERT INTO dossier_search(rowid, body) VALUES (?, ?)').run(key, searchBody(row, readFields(store, row)));
    }
  });
}

/** The dossier ids whose text matches an FTS5 query, as SQL for `IN (...)` with a @match parameter. */
export const MATCHING_DOSSIER_IDS =
  'SELECT k.dossier_id FROM dossier_search s JOIN dossier_search_keys k ON k.search_key = s.rowid WHERE dossier_search MATCH @match';

/** Turns what a lead typed into an FTS5 query: every word must match, as a prefix. */
export function toMatchQuery(text: string): string | null {
  const words = text
    .normalize('NFC')
    .split(/\s+/)
    .map((w) => w.replaceAll('"', '').trim())
    .filter(Boolean);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}
