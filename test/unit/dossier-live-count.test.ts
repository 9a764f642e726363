/**
 * The number of live dossiers the list shows as its total without counting them (migration 20):
 * kept by triggers through creates one by one and in bulk, a tombstone set, set again and
 * cleared, dossiers arriving and removed by sync (converted files: store-migration.test.ts).
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDossier, createDossiers, demoValues, listDossiers } from '../../electron/dossiers/index';
import { openStore, type Store } from '../../electron/store/index';
import { applyPage } from '../../electron/sync/merge';
import { nextBatch } from '../../electron/sync/outbox';
import { removeDir, tempDir, tempEngine } from '../support/tempData';

let engine: ReturnType<typeof tempEngine>;
beforeEach(() => {
  engine = tempEngine();
});
afterEach(() => engine.close());

const kept = (store: Store) => Number(store.meta('live_dossiers'));
const counted = (store: Store) => (store.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE deleted_at IS NULL').get() as { n: number }).n;
const listTotal = () => listDossiers(engine.context, { sort: 'updated_at', direction: 'desc', offset: 0, limit: 5 }).total;
const setDeleted = (store: Store, id: string, value: string | null) =>
  store.write('Test Lead', [{ entity: 'dossiers', rowId: id, field: 'deleted_at', value, dossierId: id }]);
const intake = (i: number) => {
  const { values } = demoValues(i);
  delete values['status.phase'];
  return values;
};

describe('the kept number of live dossiers', () => {
  it('follows creates, bulk creates and tombstones set, set again and cleared; the list shows it as its total', () => {
    const { store } = engine;
    expect(kept(store)).toBe(0);
    expect(listTotal()).toBe(0);
    const one = createDossier(engine.context, { fields: intake(0) });
    const many = createDossiers(engine.context, Array.from({ length: 40 }, (_, i) => intake(i + 1)));
    expect(kept(store)).toBe(41);
    setDeleted(store, one.id, '2026-02-01T00:00:00.000Z');
    setDeleted(store, many[0]!, '2026-02-01T00:00:00.000Z');
    setDeleted(store, many[0]!, '2026-02-02T00:00:00.000Z'); // removed again: still one removal
    expect(kept(store)).toBe(39);
    setDeleted(store, one.id, null);
    store.write('Test Lead', [{ entity: 'dossiers', rowId: many[1]!, field: 'application__vendor', value: 'Cerner', dossierId: many[1]! }]);
    expect(kept(store)).toBe(40);
    expect(counted(store)).toBe(40);
    expect(listTotal()).toBe(40);
    // Filtered lists still count what they show.
    expect(listDossiers(engine.context, { phase: 'implementation', sort: 'updated_at', direction: 'desc', offset: 0, limit: 5 }).total).toBe(0);
  });

  it('follows dossiers that arrive and are removed through sync', () => {
    const otherDir = tempDir('pcr-live-other-');
    const other = openStore(path.join(otherDir, 'workbench.sqlite'));
    try {
      let seq = 0;
      const pull = (changes: { rowId: string; field: string; value: string | null }[]) => {
        other.write('Other', changes.map((c) => ({ entity: 'dossiers' as const, ...c, dossierId: c.rowId })));
        const batch = nextBatch(other, 100_000);
        other.prepare('UPDATE change_log SET server_seq = 1 WHERE server_seq IS NULL').run();
        applyPage({ store: engine.store, actor: 'Test Lead', now: Date.now }, batch.map((c) => ({ ...c, seq: ++seq, user: 'team' })));
      };
      createDossier(engine.context, { fields: intake(0) });
      pull(['r1', 'r2', 'r3'].flatMap((rowId, k) => [
        { rowId, field: 'reference', value: `PCR-2025-090${k}` },
        { rowId, field: 'created_at', value: '2025-05-01T00:00:00.000Z' },
        { rowId, field: 'organization__legal_name', value: `Pulled Clinic ${k}` },
      ]));
      expect(counted(engine.store)).toBe(4);
      expect(kept(engine.store)).toBe(4);
      pull([{ rowId: 'r2', field: 'deleted_at', value: '2026-03-01T00:00:00.000Z' }]);
      expect(counted(engine.store)).toBe(3);
      expect(kept(engine.store)).toBe(3);
      expect(listTotal()).toBe(3);
    } finally {
      other.close();
      removeDir(otherDir);
    }
  });
});
