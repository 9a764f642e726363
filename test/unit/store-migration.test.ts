/**
 * Data files made by release 0.1 (test/fixtures/release-0.1: two synced devices that used every
 * capability) open in this version with nothing lost: the change log and its audit rows become
 * one log, compared value by value; every other table is unchanged; history, search, the outbox
 * and the conflicts read the converted data.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { nextBatch, outboxSize } from '../../electron/sync/outbox';
import { dispatch } from '../../shared/api/dispatch';
import { loggedChanges } from '../support/changeLog';
import { removeDir, tempDir } from '../support/tempData';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/release-0.1');
const LOG_FIELDS = ['change_id', 'entity', 'row_id', 'field', 'value', 'device_id', 'actor', 'server_seq', 'base', 'dossier_id', 'at', 'old_value'] as const;
/** Local, derived or rewritten by the migration itself; everything else must come through as it was. */
const NOT_COMPARED = new Set(['change_log', 'audit', 'dossier_search', 'dossier_search_keys', 'meta']);
/**
 * Columns later migrations added to tables release 0.1 already had. A migration only adds, and
 * derives no value for an existing row: each of these is NULL on every converted row. A migration
 * that adds a column to one of these tables declares it here.
 */
const ADDED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  dossiers: ['start__request_received_date', 'start__cis_referral_date', 'start__questionnaire_provided_date'], // 13 workflow rules
  gaps: ['acceptance_justification', 'acceptance_conditions', 'acceptance_expires', 'accepted_at', 'acceptance_key_id', 'acceptance_public_key', 'acceptance_signature'], // 14 risk acceptance
};

const dirs: string[] = [];
const engines: Engine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

function releaseDataDir(device: 'a' | 'b'): string {
  const dir = tempDir('pcr-migrate-');
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'workbench.sqlite'), zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, `${device}.sqlite.gz`))));
  return dir;
}

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'dossier_search_%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((t) => !NOT_COMPARED.has(t));
}

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

/** Every row of each table, with the given columns of each table only (all its columns by default). */
function contentOf(db: Database.Database, columns?: Readonly<Record<string, readonly string[]>>): Record<string, unknown[]> {
  return Object.fromEntries(
    (columns ? Object.keys(columns) : tables(db)).map((t) => [
      t,
      db.prepare(`SELECT ${(columns?.[t] ?? columnsOf(db, t)).map((c) => `"${c}"`).join(', ')} FROM "${t}" ORDER BY rowid`).all(),
    ]),
  );
}

async function call<T>(engine: Engine, name: string, input: unknown): Promise<T> {
  const result = await dispatch(engine.handlers, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

describe.each(['a', 'b'] as const)('a data file of release 0.1 (device %s)', (device) => {
  it('converts the change log and its audit rows into one log, value by value, and leaves every other table as it was', async () => {
    const dir = releaseDataDir(device);
    const raw = new Database(path.join(dir, 'workbench.sqlite'));
    expect(raw.pragma('user_version', { simple: true })).toBe(6);
    const before = raw
      .prepare(`SELECT ${LOG_FIELDS.map((f) => (['dossier_id', 'at', 'old_value'].includes(f) ? `a.${f}` : `c.${f}`)).join(', ')} FROM change_log c JOIN audit a ON a.change_seq = c.seq ORDER BY c.seq`)
      .all();
    const unaudited = (raw.prepare('SELECT COUNT(*) AS n FROM change_log c WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.change_seq = c.seq)').get() as { n: number }).n;
    const waiting = (raw.prepare('SELECT COUNT(*) AS n FROM change_log WHERE server_seq IS NULL').get() as { n: number }).n;
    const data = contentOf(raw);
    const columnsBefore = Object.fromEntries(Object.keys(data).map((t) => [t, columnsOf(raw, t)]));
    const tablesBefore = new Set([...tables(raw), ...NOT_COMPARED]);
    const metaBefore = raw.prepare("SELECT key, value FROM meta WHERE key <> 'outbox_from' ORDER BY key").all();
    raw.close();
    expect(unaudited).toBe(0);
    expect(before.length).toBeGreaterThan(500);
    // Every capability left data in the file.
    for (const table of ['activities', 'questionnaire_answers', 'questionnaire_evidence', 'gaps', 'deployment_plan_steps', 'deployment_plan_raci', 'packages', 'form_imports', 'sync_conflicts']) {
      expect(data[table]!.length, table).toBeGreaterThan(0);
    }

    const engine = createEngine({ dataDir: dir, actor: 'Amrit Dhillon' });
    engines.push(engine);
    const db = engine.store.db;
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(7);
    expect((db.prepare("SELECT COUNT(*) AS n FROM sqlite_schema WHERE name = 'audit'").get() as { n: number }).n).toBe(0);
    const after = loggedChanges(db).map((c) => Object.fromEntries(LOG_FIELDS.map((f) => [f, c[f]])));
    expect(after).toEqual(before);
    // The device id is read from each stamp (migration 19), and came out as it was stored.
    expect(columnsOf(db, 'change_log')).not.toContain('device_id');
    // Every value of every column release 0.1 had, row by row; the columns added since are the
    // declared ones, empty; the tables added since hold nothing made up from the old data.
    expect(contentOf(db, columnsBefore)).toEqual(data);
    for (const [table, columns] of Object.entries(columnsBefore)) {
      expect(columnsOf(db, table), table).toEqual([...columns, ...(ADDED_COLUMNS[table] ?? [])]);
    }
    for (const [table, added] of Object.entries(ADDED_COLUMNS)) {
      const filled = db.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${added.map((c) => `"${c}" IS NOT NULL`).join(' OR ')}`).get();
      expect(filled, table).toEqual({ n: 0 });
    }
    for (const table of tables(db).filter((t) => !tablesBefore.has(t))) {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get(), table).toEqual({ n: 0 });
    }
    expect(db.prepare("SELECT key, value FROM meta WHERE key NOT IN ('outbox_from', 'live_dossiers') ORDER BY key").all()).toEqual(metaBefore);
    // Migration 20 counts the live dossiers it finds.
    expect(db.prepare("SELECT CAST(value AS INTEGER) AS n FROM meta WHERE key = 'live_dossiers'").get()).toEqual(db.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE deleted_at IS NULL').get());

    // What reads the log reads the converted one.
    expect(outboxSize(engine.store)).toBe(waiting);
    expect(nextBatch(engine.store).map((c) => c.change_id)).toEqual(
      (before as { change_id: string; server_seq: number | null }[]).filter((c) => c.server_seq === null).map((c) => c.change_id),
    );
    const [first] = (await call<{ rows: { reference: string; id: string }[] }>(engine, 'dossier.list', { sort: 'reference', direction: 'asc' })).rows;
    const history = await call<{ id: string; old_value: unknown; new_value: unknown; label: string }[]>(engine, 'dossier.history', { id: first!.reference, limit: 5000 });
    const logged = new Map((before as { change_id: string; value: string; old_value: string }[]).map((c) => [c.change_id, c]));
    expect(history.length).toBeGreaterThan(100);
    for (const entry of history) {
      const source = logged.get(entry.id)!;
      expect(entry.new_value).toEqual(JSON.parse(source.value));
      expect(entry.old_value).toEqual(JSON.parse(source.old_value));
      expect(entry.label).not.toBe('');
    }
    const conflicts = await call<{ label: string }[]>(engine, 'conflicts.list', { include_resolved: true });
    expect(conflicts).toHaveLength(data.sync_conflicts!.length);
    // The search index is rebuilt with folded text: the sponsor ʔaq̓am is found as typed without marks.
    const found = await call<{ rows: { id: string }[] }>(engine, 'dossier.list', { search: 'aqam' });
    expect(found.rows.map((r) => r.id)).toContain(first!.id);
  });
});
