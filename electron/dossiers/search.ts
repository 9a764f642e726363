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
/** What a rebuild reads of a dossier's row: only what the index holds (a dossier row has some 60 columns). */
const READ_INDEXED = `SELECT id, ${[...INDEXED_COLUMNS].map((c) => `"${c}"`).join(', ')} FROM dossiers WHERE id IN (SELECT value FROM json_each(?))`;

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

/** Dossiers reindexed per round of statements (JSON arrays bound as one parameter each). */
const REINDEX_BATCH = 500;

/**
 * Rebuilds the index entries of these dossiers, a batch at a time: their keys read once, the
 * missing keys added in one INSERT, the old entries removed in one DELETE, the rows read in one
 * query (or taken as the write left them) and the new entries added in one INSERT. `emptied`:
 * the index was just emptied, so there is no old entry to remove.
 */
function reindex(store: Store, dossierIds: Iterable<string>, written?: WrittenRow, emptied = false): void {
  const all = [...dossierIds];
  for (let start = 0; start < all.length; start += REINDEX_BATCH) {
    const ids = all.slice(start, start + REINDEX_BATCH);
    const keys = new Map(
      (store.prepare('SELECT dossier_id, search_key FROM dossier_search_keys WHERE dossier_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as SearchKey[]).map((k) => [
        k.dossier_id,
        k.search_key,
      ]),
    );
    if (keys.size > 0 && !emptied) store.prepare('DELETE FROM dossier_search WHERE rowid IN (SELECT value FROM json_each(?))').run(JSON.stringify([...keys.values()]));
    const missing = ids.filter((id) => !keys.has(id));
    if (missing.length > 0) {
      const added = store
        .prepare('INSERT INTO dossier_search_keys(dossier_id) SELECT value FROM json_each(?) WHERE true ON CONFLICT(dossier_id) DO NOTHING RETURNING dossier_id, search_key')
        .all(JSON.stringify(missing)) as SearchKey[];
      for (const k of added) keys.set(k.dossier_id, k.search_key);
    }
    const rows = written
      ? ids.map((id) => written('dossiers', id) as DossierRow | undefined)
      : (store.prepare(READ_INDEXED).all(JSON.stringify(ids)) as DossierRow[]);
    const entries: [number, string, string][] = [];
    for (const row of rows) {
      // A received change may name a dossier not here (it is quarantined before it gets this far); never fail a write on it.
      if (!row || row.deleted_at !== null) continue;
      const { names, other } = searchColumns(row);
      entries.push([keys.get(row.id)!, names, other]);
    }
    if (entries.length > 0) {
      store.prepare('INSERT INTO dossier_search(rowid, names, other) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)').run(JSON.stringify(entries));
    }
  }
}

interface SearchKey {
  dossier_id: string;
  search_key: number;
}

/**
 * Keeps the index current after every write; rebuilds it whole after a migration or an
 * interrupted pull (emptied first: an entry of a dossier deleted meanwhile must not stay).
 */
export function attachSearchIndex(store: Store): void {
  store.onAfterWrite((applied, written) => {
    const ids = new Set<string>();
    for (const c of applied) if (SEARCHED_ENTITIES.has(c.entity) && INDEXED_COLUMNS.has(c.field)) ids.add(c.dossierId);
    reindex(store, ids, written);
  });
  if (!searchIndexCurrent(store)) {
    store.transaction(() => {
      const ids = (store.prepare('SELECT id FROM dossiers WHERE deleted_at IS NULL').all() as { id: string }[]).map((r) => r.id);
      store.prepare("INSERT INTO dossier_search(dossier_search) VALUES ('delete-all')").run();
      reindex(store, ids, undefined, true);
      store.deleteMeta('search_rebuild');
      store.clearAfterWriteInterrupted();
    });
  }
}

/**
 * Whether the index holds an entry for each live dossier and for nothing else: every write
 * reindexes the dossiers it touched (a deletion removes the entry) in its own transaction, unless
 * a rebuild is pending or a deferred run (a pull) has not reindexed yet, which leaves a mark.
 */
export function searchIndexCurrent(store: Store): boolean {
  return store.meta('search_rebuild') === undefined && !store.afterWriteInterrupted;
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
