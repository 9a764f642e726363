/**
 * No statement is compiled again on the hot paths. Two ways a statement gets compiled: a new SQL
 * text (counted by Store.preparedStatements), and better-sqlite3 13 re-preparing, on every run, a
 * statement whose plan depends on a bound value — ORDER BY, MIN/MAX, LIKE/GLOB with parameters
 * (the bindings are cleared after each run, which expires it). The second is not observable
 * through the library, so every statement these paths run is checked for that shape instead.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { createDossiers, demoValues, listDossiers } from '../../electron/dossiers/index';
import { openStore, type Store } from '../../electron/store/index';
import { applyPage } from '../../electron/sync/merge';
import { nextBatch } from '../../electron/sync/outbox';
import type { PulledChange } from '../../shared/sync/protocol';
import { removeDir, tempDir } from '../support/tempData';

/** A statement SQLite would re-prepare after its bindings are cleared. */
const REPREPARED = /\b(ORDER\s+BY|MIN\s*\(|MAX\s*\(|LIKE|GLOB)\b/i;
const BOUND = /\?|@\w+|:\w+|\$\w+/;

let dir: string;
let engine: Engine;
/** Runs of each statement that would be re-prepared, by SQL text. */
const reprepared = new Map<string, number>();

function watch(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    if (!(REPREPARED.test(sql) && BOUND.test(sql.replace(/'[^']*'/g, '')))) return stmt;
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = (stmt[method] as (...args: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        reprepared.set(sql, (reprepared.get(sql) ?? 0) + 1);
        return original(...args);
      };
    }
    return stmt;
  }) as typeof db.prepare;
}

beforeEach(() => {
  dir = tempDir('pcr-stmts-');
  engine = createEngine({ dataDir: dir, actor: 'Test Lead' });
  watch(engine.store.db);
});
afterEach(() => {
  engine.close();
  removeDir(dir);
});

/** Runs `work` twice: the second run may compile nothing new; returns the re-preparing runs of the second. */
function secondRun(work: () => void): { prepared: number; reprepared: number; statements: string[] } {
  work();
  const before = engine.store.preparedStatements;
  reprepared.clear();
  work();
  return { prepared: engine.store.preparedStatements - before, reprepared: [...reprepared.values()].reduce((a, b) => a + b, 0), statements: [...reprepared.keys()] };
}

const intake = (i: number) => {
  const { values } = demoValues(i);
  delete values['status.phase'];
  return values;
};

describe('statements on the hot paths', () => {
  it('creating dossiers compiles nothing new and runs nothing that is re-prepared', () => {
    let i = 0;
    const result = secondRun(() => {
      createDossiers(engine.context, Array.from({ length: 20 }, () => intake(i++)));
    });
    expect(result).toEqual({ prepared: 0, reprepared: 0, statements: [] });
  });

  it('the list and a search each compile nothing new; only the list page walks a sort index with a bound ORDER BY, once', () => {
    createDossiers(engine.context, Array.from({ length: 30 }, (_, i) => intake(i)));
    const list = secondRun(() => {
      listDossiers(engine.context, { sort: 'updated_at', direction: 'desc', offset: 0, limit: 10 });
    });
    expect(list.prepared).toBe(0);
    expect(list.reprepared).toBeLessThanOrEqual(1);
    for (const text of ['health', 'PCR-2026-0', 'skwxwu7mesh']) {
      const search = secondRun(() => {
        listDossiers(engine.context, { search: text, sort: 'updated_at', direction: 'desc', offset: 0, limit: 10 });
      });
      expect(search.prepared, text).toBe(0);
      expect(search.reprepared, text).toBeLessThanOrEqual(1);
    }
  });

  it('applying pulled pages compiles nothing new and runs nothing that is re-prepared', () => {
    const otherDir = tempDir('pcr-stmts-other-');
    const other: Store = openStore(path.join(otherDir, 'workbench.sqlite'));
    try {
      let seq = 0;
      const page = (n: number): PulledChange[] => {
        other.write(
          'Other',
          Array.from({ length: n }, (_, k) => ({ entity: 'dossiers' as const, rowId: `d${seq}-${k}`, field: 'application__name', value: `App ${k}`, dossierId: `d${seq}-${k}` })),
        );
        const batch = nextBatch(other, 100_000);
        other.prepare('UPDATE change_log SET server_seq = 1 WHERE server_seq IS NULL').run();
        return batch.map((c) => ({ ...c, seq: ++seq, user: 'team' }));
      };
      const result = secondRun(() => {
        applyPage({ store: engine.store, actor: 'Test Lead', now: Date.now }, page(16));
      });
      expect(result).toEqual({ prepared: 0, reprepared: 0, statements: [] });
    } finally {
      other.close();
      removeDir(otherDir);
    }
  });
});
