/**
 * The write path reads and writes each row once per write however many of its fields change;
 * what it records must be exactly what field-by-field application would record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openStore, type Change, type Store } from '../../electron/store/index';
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

const activity = (field: string, value: Change['value']): Change => ({ entity: 'activities', rowId: 'a1', field, value, dossierId: 'd1' });

const logOf = (s: Store) => loggedChanges(s.db);

describe('store write, row by row', () => {
  it('a write of new rows only (allNew) logs and stores what a write that read them first would, and refuses a row that exists, leaving everything as it was', () => {
    const s = open();
    const created = [activity('key', 'kickoff'), activity('status', 'not_started'), activity('notes', 'n')];
    const appliedNew = s.write('tester', created, { allNew: true });
    const first = { row: s.db.prepare('SELECT * FROM activities WHERE id = ?').get('a1'), log: logOf(s).map((c) => [c.field, c.value, c.old_value]) };
    const other = openStore(path.join(dir, 'other.sqlite'));
    try {
      const appliedRead = other.write('tester', created);
      expect(appliedNew.map((c) => [c.field, c.value, c.oldValue])).toEqual(appliedRead.map((c) => [c.field, c.value, c.oldValue]));
      expect(first).toEqual({ row: other.db.prepare('SELECT * FROM activities WHERE id = ?').get('a1'), log: loggedChanges(other.db).map((c) => [c.field, c.value, c.old_value]) });
    } finally {
      other.close();
    }
    expect(() => s.write('tester', [activity('notes', 'again')], { allNew: true })).toThrow(/UNIQUE/);
    expect({ row: s.db.prepare('SELECT * FROM activities WHERE id = ?').get('a1'), log: logOf(s).map((c) => [c.field, c.value, c.old_value]) }).toEqual(first);
  });

  it('drops a later change that equals the default a new row took from its first change', () => {
    const s = open();
    // status defaults to 'not_started' once the row exists; assignee to null.
    const applied = s.write('tester', [activity('key', 'kickoff'), activity('status', 'not_started'), activity('assignee', null), activity('notes', 'n')]);
    expect(applied.map((c) => c.field)).toEqual(['key', 'notes']);
    expect(s.db.prepare('SELECT key, status, assignee, notes FROM activities WHERE id = ?').get('a1')).toEqual({
      key: 'kickoff',
      status: 'not_started',
      assignee: null,
      notes: 'n',
    });
  });

  it('logs every change of a field changed twice in one write, each with the value it replaced', () => {
    const s = open();
    s.write('tester', [activity('key', 'kickoff'), activity('notes', 'first')]);
    const applied = s.write('tester', [activity('notes', 'second'), activity('status', 'done'), activity('notes', 'third'), activity('notes', 'third')]);
    expect(applied.map((c) => [c.field, c.value, c.oldValue])).toEqual([
      ['notes', 'second', 'first'],
      ['status', 'done', 'not_started'],
      ['notes', 'third', 'second'],
    ]);
    expect(s.db.prepare('SELECT notes, status FROM activities WHERE id = ?').get('a1')).toEqual({ notes: 'third', status: 'done' });
    const log = logOf(s);
    expect(log.map((r) => [r.field, r.value, r.old_value])).toEqual([
      ['key', '"kickoff"', 'null'],
      ['notes', '"first"', 'null'],
      ['notes', '"second"', '"first"'],
      ['status', '"done"', '"not_started"'],
      ['notes', '"third"', '"second"'],
    ]);
    // The created row is one entry with its values together; each later change an entry of its own.
    expect(log.map((r) => r.seq)).toEqual([1, 1, 2, 3, 4]);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n).toBe(4);
    expect(log.map((r) => r.change_id)).toEqual([...log.map((r) => r.change_id)].sort());
    const stamps = applied.map((c) => c.changeId);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(3);
  });

  it('writes more field changes than one multi-row insert holds, all logged and audited', () => {
    const s = open();
    const changes: Change[] = Array.from({ length: 150 }, (_, i) => ({ entity: 'activities', rowId: `r${i}`, field: 'key', value: `k${i}`, dossierId: 'd1' }));
    expect(s.write('tester', changes)).toHaveLength(150);
    const log = logOf(s);
    expect(log).toHaveLength(150);
    expect(log.at(-1)).toMatchObject({ seq: 150, field: 'key', value: '"k149"', old_value: 'null', dossier_id: 'd1' });
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM activities').get() as { n: number }).n).toBe(150);
  });

  it('refuses a write with one unknown field and leaves everything unchanged', () => {
    const s = open();
    expect(() => s.write('tester', [activity('key', 'kickoff'), activity('nope', 1)])).toThrow(/activities\.nope/);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n).toBe(0);
    expect(s.db.prepare('SELECT * FROM activities').all()).toEqual([]);
  });
});
