/**
 * A search sorted by last change or reference takes its total from the number of matching index
 * entries and its page by walking the sort index (or, when that would be longer, by reading every
 * hit): the page, its order and the total are what reading and sorting every hit gives, for dense
 * and sparse matches, near and far pages, both directions, deleted and edited dossiers, ties of
 * the sort value, a pull still reindexing and an index rebuilt after an interrupted one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/index';
import { createDossiers, listDossiers, toMatchQuery, updateDossier } from '../../electron/dossiers/index';
import { MATCHING_DOSSIERS } from '../../electron/dossiers/search';
import { searchPage, type WalkableSort } from '../../electron/dossiers/searchPage';
import { compareSortValues, type SortValue } from '../../electron/dossiers/listOrder';
import type { Store } from '../../electron/store/index';
import { tempEngine } from '../support/tempData';

let engine: ReturnType<typeof tempEngine>;
beforeEach(() => {
  engine = tempEngine();
});
afterEach(() => engine.close());

/** The page as the list gave it before: every live hit read with its sort value and sorted (stable, so ties keep the MATCH's order). */
function everyHitSorted(store: Store, typed: string, sort: WalkableSort, desc: boolean, offset: number, limit: number): { total: number; ids: string[] } {
  const column = sort === 'updated_at' ? 'd.updated_at' : 'd.reference';
  const hits = store.db
    .prepare(`SELECT d.id, ${column} AS v, d.reference AS r FROM (${MATCHING_DOSSIERS}) m JOIN dossiers d ON d.id = m.id WHERE d.deleted_at IS NULL`)
    .all({ match: toMatchQuery(typed) }) as { id: string; v: SortValue; r: string | null }[];
  const sign = desc ? -1 : 1;
  hits.sort((a, b) => sign * compareSortValues(a.v, b.v, false) || sign * compareSortValues(a.r, b.r, false));
  return { total: hits.length, ids: hits.slice(offset, offset + limit).map((h) => h.id) };
}

const listed = (search: string, sort: WalkableSort, desc: boolean, offset: number, limit: number) => {
  const page = listDossiers(engine.context, { search, sort, direction: desc ? 'desc' : 'asc', offset, limit });
  return { total: page.total, ids: page.rows.map((r) => r.id) };
};
const by = (search: string, sort: WalkableSort, desc: boolean, offset: number, limit: number) =>
  searchPage(engine.store, { match: toMatchQuery(search)!, sort, desc, offset, limit }).by;

/**
 * 600 dossiers in batches that share their creation time (ties of the last change): the oldest 150
 * are the only "Zeta" labs, a third are pharmacies, a few are "Rare" clinics; every dossier is a
 * "Health" one.
 */
function seed(): string[] {
  const ids: string[] = [];
  for (let batch = 0; batch < 30; batch++) {
    const at = new Date(Date.UTC(2026, 0, 1, 8, Math.floor(batch / 2)));
    const items = Array.from({ length: 20 }, (_, k) => {
      const i = batch * 20 + k;
      const name = i < 150 ? `Zeta Lab ${i}` : i % 3 === 0 ? `Harbour Pharmacy ${i}` : i % 97 === 5 ? `Rare Clinic ${i}` : `Coast Practice ${i}`;
      return { 'organization.legal_name': name, 'application.name': 'Health Registry link', 'integration.standard': 'fhir' as const };
    });
    ids.push(...createDossiers(engine.context, items, at));
  }
  return ids;
}

describe('a search page taken without reading every hit', () => {
  it('gives the same page, order and total as sorting every hit, for dense and sparse matches, far pages and both directions', () => {
    const ids = seed();
    const { store } = engine;
    // Deleted dossiers (the index drops them), edited ones (a new last change and a new place in the order).
    for (const id of [ids[3]!, ids[93]!, ids[300]!, ids[5]!]) store.write('Test Lead', [{ entity: 'dossiers', rowId: id, field: 'deleted_at', value: '2026-02-01T00:00:00.000Z', dossierId: id }]);
    for (const id of [ids[9]!, ids[96]!, ids[402]!]) updateDossier(engine.context, { id, changes: { 'application.vendor': 'Cerner' } });
    const cases: [string, WalkableSort, boolean, number, number][] = [];
    for (const search of ['pharmacy', 'health', 'zeta', 'rare', 'coast practice', 'cerner', 'nothing here'])
      for (const sort of ['updated_at', 'reference'] as const)
        for (const desc of [true, false]) for (const [offset, limit] of [[0, 20], [0, 100], [40, 20], [150, 100], [590, 20]] as const) cases.push([search, sort, desc, offset, limit]);
    for (const [search, sort, desc, offset, limit] of cases) {
      expect(listed(search, sort, desc, offset, limit), `${search} ${sort} ${desc ? 'desc' : 'asc'} ${offset}+${limit}`).toEqual(everyHitSorted(store, search, sort, desc, offset, limit));
    }
    expect(listed('health', 'updated_at', true, 0, 20).total).toBe(596);
    expect(listed('zeta', 'updated_at', true, 0, 20).total).toBe(147);
  });

  it('walks the sort index for a dense match, and reads every hit for a sparse one, a far page or matches the walk meets late', () => {
    seed();
    expect(by('health', 'updated_at', true, 0, 20)).toBe('walk');
    expect(by('pharmacy', 'reference', true, 0, 20)).toBe('walk');
    expect(by('pharmacy', 'reference', false, 0, 20)).toBe('hits'); // the oldest references are the Zeta labs'
    expect(by('rare', 'updated_at', true, 0, 20)).toBe('hits');
    expect(by('pharmacy', 'updated_at', true, 150, 100)).toBe('hits');
    // The Zeta labs are the oldest: newest first, the walk would pass every other dossier before them.
    expect(by('zeta', 'updated_at', false, 0, 20)).toBe('walk');
    expect(by('zeta', 'updated_at', true, 0, 20)).toBe('hits');
  });

  it('while a pull has not reindexed yet, the total still leaves out a dossier it deleted', () => {
    const ids = seed();
    const { store } = engine;
    const before = listed('pharmacy', 'updated_at', true, 0, 20);
    const pharmacy = before.ids[0]!;
    store.deferAfterWrite(() => {
      store.write('Puller', [{ entity: 'dossiers', rowId: pharmacy, field: 'deleted_at', value: '2026-02-01T00:00:00.000Z', dossierId: pharmacy }]);
      // Its index entry is still there until the pull ends.
      expect(store.prepare('SELECT count(*) AS n FROM dossier_search WHERE dossier_search MATCH ?').get(toMatchQuery('pharmacy'))).toEqual({ n: before.total });
      const during = listed('pharmacy', 'updated_at', true, 0, 20);
      expect(during).toEqual(everyHitSorted(store, 'pharmacy', 'updated_at', true, 0, 20));
      expect(during.total).toBe(before.total - 1);
    });
    expect(listed('pharmacy', 'updated_at', true, 0, 20)).toEqual(everyHitSorted(store, 'pharmacy', 'updated_at', true, 0, 20));
    expect(ids).toHaveLength(600);
  });

  it('an index rebuilt after an interrupted pull keeps no entry of a dossier deleted meanwhile', () => {
    seed();
    const { store } = engine;
    const pharmacy = listed('pharmacy', 'updated_at', true, 0, 1).ids[0]!;
    const total = listed('pharmacy', 'updated_at', true, 0, 1).total;
    // As a pull that applied a deletion and ended before reindexing: the row changed, the index not, the mark left.
    store.db.prepare("UPDATE dossiers SET deleted_at = '2026-02-01T00:00:00.000Z' WHERE id = ?").run(pharmacy);
    store.setMeta('after_write_deferred', '1');
    const first = engine;
    first.store.close();
    const reopened = createEngine({ dataDir: first.dataDir, actor: 'Test Lead' });
    engine = { ...reopened, dataDir: first.dataDir, close: () => (reopened.close(), first.close()) };
    const count = engine.store.prepare('SELECT count(*) AS n FROM dossier_search WHERE dossier_search MATCH ?').get(toMatchQuery('pharmacy')) as { n: number };
    expect(count.n).toBe(total - 1);
    const page = listed('pharmacy', 'updated_at', true, 0, 20);
    expect(page).toEqual(everyHitSorted(engine.store, 'pharmacy', 'updated_at', true, 0, 20));
    expect(page.ids).not.toContain(pharmacy);
  });
});
