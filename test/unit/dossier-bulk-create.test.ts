/**
 * `createDossiers` writes in slices inside one transaction: every dossier of the call is made, and
 * one refused item — even in a later slice — leaves nothing of the call stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDossiers, demoValues, getDossier } from '../../electron/dossiers/index';
import { WorkbenchError } from '../../shared/api/errors';
import { tempEngine } from '../support/tempData';

let engine: ReturnType<typeof tempEngine>;
beforeEach(() => {
  engine = tempEngine();
});
afterEach(() => engine.close());

const intake = (i: number) => {
  const { values } = demoValues(i);
  delete values['status.phase'];
  return values;
};

function stored() {
  const { store } = engine;
  const count = (sql: string) => (store.prepare(sql).get() as { n: number }).n;
  return {
    dossiers: count('SELECT COUNT(*) AS n FROM dossiers'),
    activities: count('SELECT COUNT(*) AS n FROM activities'),
    log: count('SELECT COUNT(*) AS n FROM change_log'),
    search: count('SELECT COUNT(*) AS n FROM dossier_search_keys'),
    counter: store.meta(`reference_seq:${new Date().getFullYear()}`) ?? null,
    live: store.meta('live_dossiers') ?? null,
  };
}

describe('bulk create across slices', () => {
  it('makes every dossier of a call larger than a slice, with consecutive references and their activities', () => {
    const ids = createDossiers(engine.context, Array.from({ length: 250 }, (_, i) => intake(i)));
    expect(new Set(ids).size).toBe(250);
    const after = stored();
    expect(after).toMatchObject({ dossiers: 250, activities: 250 * 9, search: 250, live: '250', counter: '250' });
    const year = new Date().getFullYear();
    expect(getDossier(engine.context, ids[0]!).reference).toBe(`PCR-${year}-0001`);
    expect(getDossier(engine.context, ids[249]!).reference).toBe(`PCR-${year}-0250`);
    expect(getDossier(engine.context, ids[249]!).activities).toHaveLength(9);
  });

  it('stores nothing of the call when an item in a later slice is refused', () => {
    createDossiers(engine.context, [intake(0)]);
    const before = stored();
    const items = Array.from({ length: 250 }, (_, i) => intake(i + 1));
    items[220] = { ...items[220], 'contacts.sponsor.email': 'not an address' };
    let refused: unknown;
    try {
      createDossiers(engine.context, items);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(WorkbenchError);
    expect((refused as WorkbenchError).code).toBe('validation');
    expect((refused as WorkbenchError).message).toMatch(/contacts\.sponsor\.email/);
    expect(stored()).toEqual(before);
  });
});
