/**
 * Full-text search over dossiers. The index holds only what identifies a dossier — names
 * (organization, application) in one column, ranked first, and reference, vendor, city,
 * organization type and contact names in another — folded as what people type is folded
 * (shared/search/fold). It is derived: rebuilt for a dossier after each write that touches its
 * text, and once per dossier at the end of a pull (Store.deferAfterWrite).
 */
import type { Store, WrittenRow } from '../store/store';
import { DOSSIER_FIELDS, columnOf, findField } from '../../shared/dossier/fields';
import { foldForSearch } from '../../shared/search/fold';
import type { DossierRow } from './read';

/** The table whose text is indexed (set members are not: they do not identify a dossier); other changes leave the index alone. */
const SEARCHED_ENTITIES: ReadonlySet<string> = new Set(['dossiers']);

const NAME_FIELDS = ['organization.legal_name', 'application.name'];
const OTHER_FIELDS = [
  'application.vendor',
  'organization.address.city',
  'organization.type',
  ...DOSSIER_FIELDS.filter((f) => f.section === 'contacts' && f.path.endsWith('.name')).map((f) => f.path),
];

/** Each indexed field's column and, for an enum, its labels: read straight from the dossier's row. */
const indexed = (paths: readonly string[]) =>
  paths.map((path) => {
    const def = findField(path);
    return { column: columnOf(path), labels: def?.kind === 'enum' ? new Map(def.options?.map((o) => [o.value, o.label])) : null };
  });
const NAME_COLUMNS = indexed(NAME_FIELDS);
const OTHER_COLUMNS = indexed(OTHER_FIELDS);
/** A change of any other column leaves the dossier's entry as it is. */
const INDEXED_COLUMNS: ReadonlySet<string> = new Set(['reference', 'deleted_at', ...[...NAME_COLUMNS, ...OTHER_COLUMNS].map((c) => c.column)]);

function text(row: DossierRow, { column, labels }: { column: string; labels: Map<string, string> | null }): string | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  return labels ? (labels.get(String(value)) ?? String(value)) : String(value);
}

/** The two indexed columns of a dossier, folded. */
export function searchColumns(row: DossierRow): { names: string; other: string } {
  const join = (parts: (string | null)[]) => foldForSearch(parts.filter((p): p is string => p !== null).join(' \n'));
  return { names: join(NAME_COLUMNS.map((c) => text(row, c))), other: join([row.reference, ...OTHER_COLUMNS.map((c) => text(row, c))]) };
}

function reindex(store: Store, dossierIds: Iterable<string>, written?: WrittenRow): void {
  for (const id of dossierIds) {
    const added = store.prepare('INSERT OR IGNORE INTO dossier_search_keys(dossier_id) VALUES (?)').run(id);
    let key: number | bigint;
    if (added.changes === 1) key = added.lastInsertRowid;
    else {
      key = (store.prepare('SELECT search_key FROM dossier_search_keys WHERE dossier_id = ?').get(id) as { search_key: number }).search_key;
      store.prepare('DELETE FROM dossier_search WHERE rowid = ?').run(key);
    }
    // A received change may name a dossier not here (it is quarantined before it gets this far); never fail a write on it.
    const row = (written?.('dossiers', id) ?? store.prepare('SELECT * FROM dossiers WHERE id = ?').get(id)) as DossierRow | undefined;
    if (!row || row.deleted_at !== null) continue;
    const { names, other } = searchColumns(row);
    store.prepare('INSERT INTO dossier_search(rowid, names, other) VALUES (?, ?, ?)').run(key, names, other);
  }
}

/** Keeps the index current after every write; rebuilds it whole after a migration or an interrupted pull. */
export function attachSearchIndex(store: Store): void {
  store.onAfterWrite((applied, written) => {
    const ids = new Set<string>();
    for (const c of applied) if (SEARCHED_ENTITIES.has(c.entity) && INDEXED_COLUMNS.has(c.field)) ids.add(c.dossierId);
    reindex(store, ids, written);
  });
  if (store.meta('search_rebuild') !== undefined || store.afterWriteInterrupted) {
    store.transaction(() => {
      const ids = (store.prepare('SELECT id FROM dossiers WHERE deleted_at IS NULL').all() as { id: string }[]).map((r) => r.id);
      reindex(store, ids);
      store.deleteMeta('search_rebuild');
      store.clearAfterWriteInterrupted();
    });
  }
}

/** The matching dossiers, each with its rank (lower is better; names weigh ten times the rest). */
export const MATCHING_DOSSIERS = `SELECT k.dossier_id AS id, bm25(dossier_search, 10.0, 1.0) AS rank
  FROM dossier_search JOIN dossier_search_keys k ON k.search_key = dossier_search.rowid WHERE dossier_search MATCH @match`;

/** Turns what a lead typed into an FTS5 query: every folded word must match, as a prefix. */
export function toMatchQuery(typed: string): string | null {
  const words = foldForSearch(typed.normalize('NFC'))
    .split(/\s+/)
    .map((w) => w.replaceAll('"', '').trim())
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

/** What was typed, when it is the start of a reference (PCR-2026-0…): looked up by the reference index. */
export function referencePrefix(typed: string): string | null {
  const t = typed.trim().toUpperCase();
  return /^PCR-\d{4}-\d*$/.test(t) || /^PCR-\d{1,4}$/.test(t) ? t : null;
}
