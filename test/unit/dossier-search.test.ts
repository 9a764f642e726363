/**
 * Search as people type it: accents, combining marks, ʔ and other modifier letters folded on both
 * sides; only what identifies a dossier indexed; names ranked first; references by their index.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import { foldForSearch, foldText } from '../../shared/search/fold';
import { createEngine } from '../../electron/engine/index';
import { tempEngine } from '../support/tempData';

let engine: ReturnType<typeof tempEngine>;
beforeEach(() => {
  engine = tempEngine();
});
afterEach(() => engine.close());

async function call<T>(name: string, input: unknown): Promise<T> {
  const result = await dispatch(engine.handlers, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}
const create = (fields: Record<string, unknown>) =>
  call<{ id: string; reference: string }>('dossier.create', { fields: { 'integration.standard': 'fhir', 'application.name': 'Registry link', ...fields } });
const search = async (text: string, sort = 'updated_at') => {
  const list = await call<{ total: number; rows: { id: string; organization: string }[] }>('dossier.list', { search: text, sort });
  expect(list.total).toBe(list.rows.length);
  return list.rows.map((r) => r.organization);
};

describe('dossier search', () => {
  it('folds diacritics, combining marks, the glottal stop and apostrophes inside words, the same way for text and query', () => {
    expect(foldForSearch('ʔaq̓am')).toBe('aqam');
    expect(foldForSearch('Sḵwx̱wú7mesh Úxwumixw')).toBe('skwxwu7mesh uxwumixw');
    expect(foldForSearch('Ts’ḵw’aylaxw')).toBe('tskwaylaxw');
    expect(foldForSearch('Kwakwa̱ka̱ʼwakw')).toBe('kwakwakawakw');
  });

  it('folds word by word (cached) exactly as folding the whole text does', () => {
    const texts = [
      'Sḵwx̱wú7mesh Úxwumixw Health Services',
      '  two  spaces, Ts’ḵw’aylaxw \nand a line ',
      "O'Brien ' quote ` and ’ apart ’x x’",
      'ΟΔΟΣ ΚΑΙ Σ ΑΣ',
      'a \u0301mark after a space; e\u0301 composed',
      'ʔaq̓am ʔ Ɂ ʼ ˀ ʷ İstanbul ǅ',
      '',
    ];
    for (const text of texts) {
      expect(foldForSearch(text)).toBe(foldText(text));
      expect(foldForSearch(text)).toBe(foldText(text)); // from the cache
    }
  });

  it('finds ʔaq̓am as aqam and Sḵwx̱wú7mesh as typed on a plain keyboard, and by its own spelling', async () => {
    await create({ 'organization.legal_name': 'ʔaq̓am Community Health' });
    await create({ 'organization.legal_name': 'Sḵwx̱wú7mesh Úxwumixw Health Services' });
    await create({ 'organization.legal_name': 'Fraser Valley Clinic' });
    expect(await search('aqam')).toEqual(['ʔaq̓am Community Health']);
    expect(await search('ʔaq̓am')).toEqual(['ʔaq̓am Community Health']);
    expect(await search('AQAM comm')).toEqual(['ʔaq̓am Community Health']);
    expect(await search('skwxwu7mesh')).toEqual(['Sḵwx̱wú7mesh Úxwumixw Health Services']);
    expect(await search('Sḵwx̱wú7mesh')).toEqual(['Sḵwx̱wú7mesh Úxwumixw Health Services']);
    expect(await search('uxwumixw')).toEqual(['Sḵwx̱wú7mesh Úxwumixw Health Services']);
  });

  it('indexes what identifies a dossier, not the teams assigned to it', async () => {
    await create({ 'organization.legal_name': 'Fraser Valley Clinic', 'leads.cgi_business_support_lead': 'Health Registries Team', 'status.summary': 'health check pending' });
    await create({ 'organization.legal_name': 'Island Health', 'contacts.sponsor.name': 'Mei Chen', 'application.vendor': 'Cerner' });
    expect(await search('health')).toEqual(['Island Health']);
    expect(await search('mei chen')).toEqual(['Island Health']);
    expect(await search('cerner')).toEqual(['Island Health']);
    expect(await search('registries')).toEqual([]);
  });

  it('ranks organization and application names before other matches', async () => {
    await create({ 'organization.legal_name': 'Northern Partners', 'application.vendor': 'Haida Systems' });
    await create({ 'organization.legal_name': 'Haida Gwaii Hospital' });
    await create({ 'organization.legal_name': 'Coast Clinic', 'application.name': 'Haida Connect' });
    const ranked = await search('haida', 'relevance');
    expect(ranked.slice(0, 2).sort()).toEqual(['Coast Clinic', 'Haida Gwaii Hospital']);
    expect(ranked[2]).toBe('Northern Partners');
  });

  it('looks up references by prefix and finds a new or renamed dossier at once', async () => {
    const a = await create({ 'organization.legal_name': 'Alpha Clinic' });
    const b = await create({ 'organization.legal_name': 'Beta Clinic' });
    const year = a.reference.slice(0, 8);
    expect((await search(year)).sort()).toEqual(['Alpha Clinic', 'Beta Clinic']);
    expect(await search(b.reference)).toEqual(['Beta Clinic']);
    expect(await search(b.reference.toLowerCase())).toEqual(['Beta Clinic']);
    await call('dossier.update', { id: a.id, changes: { 'organization.legal_name': 'Gamma Health' } });
    expect(await search('alpha')).toEqual([]);
    expect(await search('gamma')).toEqual(['Gamma Health']);
    const page = await call<{ total: number; rows: unknown[] }>('dossier.list', { search: 'clinic', limit: 1 });
    expect(page).toMatchObject({ total: 1 });
    const all = await call<{ total: number; rows: unknown[] }>('dossier.list', { limit: 1 });
    expect(all.total).toBe(2);
    expect(all.rows).toHaveLength(1);
  });

  it('a deferred run (as a pull) reindexes its dossiers in one pass at its end, and an index rebuilt at open finds the same', async () => {
    const made = await Promise.all(['Alpha', 'Beta', 'Gamma', 'Delta'].map((name) => create({ 'organization.legal_name': `${name} Clinic` })));
    const [alpha, beta, gamma] = made;
    const { store } = engine;
    store.deferAfterWrite(() => {
      store.write('Puller', [{ entity: 'dossiers', rowId: alpha!.id, field: 'organization__legal_name', value: 'Omega Health', dossierId: alpha!.id }]);
      store.write('Puller', [{ entity: 'dossiers', rowId: beta!.id, field: 'deleted_at', value: '2026-01-01T00:00:00.000Z', dossierId: beta!.id }]);
      store.write('Puller', [{ entity: 'dossiers', rowId: gamma!.id, field: 'application__vendor', value: 'Cerner', dossierId: gamma!.id }]);
      // Nothing is reindexed until the deferred run ends.
      expect(store.prepare('SELECT count(*) AS n FROM dossier_search WHERE dossier_search MATCH ?').get('"omega"*')).toEqual({ n: 0 });
    });
    const expected = { omega: ['Omega Health'], alpha: [], beta: [], cerner: ['Gamma Clinic'], clinic: ['Delta Clinic', 'Gamma Clinic'] };
    const found = async () => Object.fromEntries(await Promise.all(Object.keys(expected).map(async (t) => [t, (await search(t)).sort()])));
    expect(await found()).toEqual(expected);
    store.setMeta('search_rebuild', '1');
    const first = engine;
    first.store.close(); // the engine's own close; the folder stays for the reopening
    const reopened = createEngine({ dataDir: first.dataDir, actor: 'Test Lead' });
    engine = { ...reopened, dataDir: first.dataDir, close: () => (reopened.close(), first.close()) };
    expect(await found()).toEqual(expected);
    expect(engine.store.meta('search_rebuild')).toBeUndefined();
  });
});
