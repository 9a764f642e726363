import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openStore, type Store } from '../../electron/store/index';
import { MIGRATIONS } from '../../electron/store/migrations/index';
import { SCALAR_FIELDS, columnOf } from '../../shared/dossier/fields';
import { removeDir, tempDir } from '../support/tempData';
import { loggedChanges } from '../support/changeLog';

let dir: string;
let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
  removeDir(dir);
});

function open(): Store {
  dir = tempDir();
  store = openStore(path.join(dir, 'workbench.sqlite'));
  return store;
}

const count = (s: Store, table: string) => (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('store', () => {
  it('opens in WAL mode with foreign keys on and every migration applied', () => {
    const s = open();
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
  });

  it('has a column for every scalar dossier field (a new field needs a new migration)', () => {
    const s = open();
    const columns = new Set((s.db.prepare('PRAGMA table_info(dossiers)').all() as { name: string }[]).map((c) => c.name));
    const missing = SCALAR_FIELDS.map((f) => columnOf(f.path)).filter((c) => !columns.has(c));
    expect(missing).toEqual([]);
  });

  it('keeps its device id across reopening', () => {
    const s = open();
    const file = s.file;
    const id = s.deviceId;
    s.close();
    store = openStore(file);
    expect(store.deviceId).toBe(id);
  });

  it('refuses a data file written by a newer schema, without touching it', () => {
    const s = open();
    const file = s.file;
    s.close();
    store = undefined;
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openStore(file)).toThrow(/newer version of the workbench/);
  });

  it('applies field changes, logs each with an HLC stamp, device and actor, and audits the old value', () => {
    const s = open();
    s.write('Mei Chen', [{ entity: 'dossiers', rowId: 'd1', field: 'application__name', value: 'EMR', dossierId: 'd1' }]);
    const applied = s.write('Ava', [{ entity: 'dossiers', rowId: 'd1', field: 'application__name', value: 'Clinic EMR', dossierId: 'd1' }]);
    expect(applied).toHaveLength(1);
    expect(s.db.prepare('SELECT application__name AS v FROM dossiers WHERE id = ?').get('d1')).toEqual({ v: 'Clinic EMR' });
    const log = loggedChanges(s.db);
    expect(log.map((l) => [l.actor, l.value])).toEqual([
      ['Mei Chen', '"EMR"'],
      ['Ava', '"Clinic EMR"'],
    ]);
    expect(log[1]!.device_id).toBe(s.deviceId);
    expect(log[0]!.change_id! < log[1]!.change_id!).toBe(true);
    expect(log[1]!.change_id!.endsWith(s.deviceId)).toBe(true);
    // The log is the audit trail: each change keeps the dossier and the value it replaced.
    expect(log.map((l) => ({ dossier_id: l.dossier_id, old_value: l.old_value }))).toEqual([
      { dossier_id: 'd1', old_value: 'null' },
      { dossier_id: 'd1', old_value: '"EMR"' },
    ]);
  });

  it('drops a change that would not alter the stored value', () => {
    const s = open();
    const change = { entity: 'dossiers', rowId: 'd1', field: 'application__name', value: 'EMR', dossierId: 'd1' } as const;
    s.write('a', [change]);
    expect(s.write('a', [change])).toEqual([]);
    expect(count(s, 'change_log')).toBe(1);
  });

  it('writes nothing at all when one change in the batch is refused', () => {
    const s = open();
    expect(() =>
      s.write('a', [
        { entity: 'dossiers', rowId: 'd1', field: 'application__name', value: 'EMR', dossierId: 'd1' },
        { entity: 'dossiers', rowId: 'd1', field: 'id; DROP TABLE dossiers', value: 'x', dossierId: 'd1' },
      ]),
    ).toThrow(/refuses/);
    expect(count(s, 'dossiers')).toBe(0);
    expect(count(s, 'change_log')).toBe(0);
  });

  it('keeps the clock monotonic across reopening', () => {
    const s = open();
    s.write('a', [{ entity: 'dossiers', rowId: 'd1', field: 'application__name', value: 'A', dossierId: 'd1' }]);
    const file = s.file;
    s.close();
    store = openStore(file, { now: () => 0 });
    store.write('a', [{ entity: 'dossiers', rowId: 'd1', field: 'application__name', value: 'B', dossierId: 'd1' }]);
    const stamps = (store.db.prepare('SELECT change_id FROM change_log ORDER BY seq').all() as { change_id: string }[]).map((r) => r.change_id);
    expect(stamps[0]! < stamps[1]!).toBe(true);
  });
  it('a reopened store stamps after every change it logged (the last field of a created row too), with the wall clock behind and no saved mark', () => {
    const s = open();
    const file = s.file;
    const created = s.write('Test Lead', [
      { entity: 'dossiers', rowId: 'd1', field: 'reference', value: 'PCR-2026-0001', dossierId: 'd1' },
      { entity: 'dossiers', rowId: 'd1', field: 'organization__legal_name', value: 'Fraser Clinic', dossierId: 'd1' },
      { entity: 'dossiers', rowId: 'd1', field: 'application__name', value: 'EMR', dossierId: 'd1' },
    ]);
    const last = created.map((c) => c.changeId).sort().at(-1)!;
    expect(s.meta('hlc')).toBeUndefined();
    s.close();
    store = openStore(file, { now: () => 0 });
    const [edit] = store.write('Test Lead', [{ entity: 'dossiers', rowId: 'd1', field: 'application__name', value: 'EMR 2', dossierId: 'd1' }]);
    expect(edit!.changeId > last).toBe(true);
  });
});
