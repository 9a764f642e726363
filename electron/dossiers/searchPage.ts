/**
 * A search's total and page from one MATCH without reading every hit. While the index is current
 * (`searchIndexCurrent`) it holds an entry for each live dossier and for nothing else, so the
 * number of matching entries is the total. The page is taken by walking the sort index of live
 * dossiers and keeping those that match, when that walk is expected to be shorter than reading
 * every hit; otherwise (few hits, a far page, or matches the walk does not meet soon) the hits
 * are read by their keys and sorted here. Either way the order is the list's: the sort column,
 * then the reference, then the index entry (the order the MATCH returns hits in).
 */
import type { Store } from '../store/store';
import { compareSortValues, type SortValue } from './listOrder';

/** The sorts with a partial index of live dossiers to walk: the columns it orders by, in order. */
const WALKS = {
  updated_at: { index: 'dossiers_live', columns: ['d.updated_at', 'd.reference'] },
  reference: { index: 'dossiers_live_reference', columns: ['d.reference'] },
} as const;
export type WalkableSort = keyof typeof WALKS;
export const WALKABLE_SORTS: ReadonlySet<string> = new Set(Object.keys(WALKS));

export interface SearchPageRequest {
  match: string;
  sort: WalkableSort;
  desc: boolean;
  offset: number;
  limit: number;
}

export interface SearchPage {
  total: number;
  ids: string[];
  /** How the page was taken: by walking the sort index, or by reading and sorting every hit. */
  by: 'walk' | 'hits';
}

/** A walk sorts each run of equal sort values (the reference breaks ties); no bound value, so the statement is compiled once. */
function walkSql(sort: WalkableSort, desc: boolean): string {
  const { index, columns } = WALKS[sort];
  const direction = desc ? 'DESC' : 'ASC';
  return `SELECT d.id, k.search_key FROM dossiers d INDEXED BY ${index} CROSS JOIN dossier_search_keys k ON k.dossier_id = d.id
    WHERE d.deleted_at IS NULL ORDER BY ${columns.map((c) => `${c} ${direction}`).join(', ')}, k.search_key`;
}

/** The page and total of a search sorted by `sort`; the caller has checked, in the same read transaction, that the index is current. */
export function searchPage(store: Store, request: SearchPageRequest): SearchPage {
  const keys = new Set(store.prepare('SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?').pluck().all(request.match) as number[]);
  const total = keys.size;
  const wanted = request.offset + request.limit;
  if (total === 0 || request.offset >= total) return { total, ids: [], by: 'hits' };
  // Every dossier ever indexed has a key: an upper bound on the live dossiers, enough to choose.
  const indexed = (store.prepare('SELECT max(search_key) FROM dossier_search_keys').pluck().get() as number | null) ?? 0;
  // The walk meets a hit every indexed/total entries on average; reading the hits costs about one entry each.
  if ((wanted * indexed) / total <= total) {
    const ids = walk(store, request, keys, total);
    if (ids) return { total, ids, by: 'walk' };
  }
  return { total, ids: sortedHits(store, request, keys), by: 'hits' };
}

/** The page by walking the sort index; undefined when the walk passes `budget` dossiers first (the hits lie far along it). */
function walk(store: Store, request: SearchPageRequest, keys: ReadonlySet<number>, budget: number): string[] | undefined {
  const wanted = request.offset + request.limit;
  const found: string[] = [];
  let walked = 0;
  for (const [id, key] of store.prepare(walkSql(request.sort, request.desc)).raw().iterate() as IterableIterator<[string, number]>) {
    if (keys.has(key) && found.push(id) === wanted) return found.slice(request.offset);
    if (++walked > budget) return undefined;
  }
  return found.slice(request.offset);
}

/** Every hit read by its key, sorted as the walk would meet them. */
function sortedHits(store: Store, request: SearchPageRequest, keys: ReadonlySet<number>): string[] {
  const column = WALKS[request.sort].columns[0];
  const hits = store
    .prepare(
      `SELECT d.id, ${column} AS v, d.reference AS r, k.search_key AS key FROM dossier_search_keys k CROSS JOIN dossiers d ON d.id = k.dossier_id
       WHERE k.search_key IN (SELECT value FROM json_each(?)) AND d.deleted_at IS NULL`,
    )
    .all(JSON.stringify([...keys])) as { id: string; v: SortValue; r: string | null; key: number }[];
  const sign = request.desc ? -1 : 1;
  hits.sort((a, b) => sign * (compareSortValues(a.v, b.v, false) || compareSortValues(a.r, b.r, false)) || a.key - b.key);
  return hits.slice(request.offset, request.offset + request.limit).map((h) => h.id);
}
