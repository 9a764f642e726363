/**
 * Raw better-sqlite3, the benchmarks' yardstick: rows copied from a workbench data file into a
 * fresh file of the same schema with plain prepared statements, one row per statement.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { searchColumns } from '../../electron/dossiers/index';
import type { DossierRow } from '../../electron/dossiers/read';
import { tempDir } from '../support/tempData';

export type Row = Record<string, string | number | null>;

/** The domain tables: what a dossier is. */
const DOMAIN_TABLES = ['dossiers', 'dossier_set_items', 'activities'] as const;
/** Besides them, what the workbench stores with each write: the change log, the live count a trigger keeps in `meta`, the search index. */
const STORED_TABLES = ['meta', ...DOMAIN_TABLES, 'change_log', 'dossier_search_keys'] as const;

/** The CREATE statements of these tables and their indexes (and triggers), tables first. */
function schemaOf(db: Database.Database, tables: readonly string[], types: readonly string[]): string[] {
  const list = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');
  return (
    db.prepare(`SELECT sql FROM sqlite_schema WHERE tbl_name IN (${list(tables)}) AND type IN (${list(types)}) AND sql IS NOT NULL ORDER BY type = 'table' DESC, type DESC`).all() as { sql: string }[]
  ).map((r) => r.sql);
}

/**
 * A fresh raw file in a temp folder (WAL, synchronous NORMAL as the workbench's) with the schema
 * of the workbench file `from`: the domain tables alone, or (`stored`) everything a write stores,
 * search index included, with `meta` copied so the live count's trigger has its row.
 */
export function rawCopy(from: string, stored: boolean): { db: Database.Database; dir: string } {
  const source = new Database(from, { readonly: true });
  const schema = stored ? [...schemaOf(source, STORED_TABLES, ['table', 'index', 'trigger']), ...schemaOf(source, ['dossier_search'], ['table'])] : schemaOf(source, DOMAIN_TABLES, ['table', 'index']);
  const meta = stored ? (source.prepare('SELECT key, value FROM meta').all() as Row[]) : [];
  source.close();
  const dir = tempDir('pcr-bench-raw-');
  const db = new Database(path.join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const sql of schema) db.exec(sql);
  if (stored) {
    const keep = db.prepare('INSERT INTO meta(key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    for (const row of meta) keep.run(row);
  }
  return { db, dir };
}

export interface SearchEntry {
  names: string;
  other: string;
}

/**
 * What a workbench file stores, read back to be stored again: its domain rows, its change-log
 * entries in log order (seq aside: the raw table numbers them) and each live dossier's search
 * entry as the index holds it.
 */
export function readStored(file: string): { rows: { table: string; row: Row }[]; log: Row[]; search: Map<string, SearchEntry> } {
  const db = new Database(file, { readonly: true });
  const rows = DOMAIN_TABLES.flatMap((table) => (db.prepare(`SELECT * FROM ${table}`).all() as Row[]).map((row) => ({ table, row })));
  const log = (db.prepare('SELECT * FROM change_log ORDER BY seq').all() as Row[]).map(({ seq: _seq, ...entry }) => entry);
  db.close();
  const search = new Map(rows.filter((r) => r.table === 'dossiers').map(({ row }) => [String(row.id), searchColumns(row as DossierRow)]));
  return { rows, log, search };
}

/** Plain inserts into a fresh file: each row by a prepared statement kept per table and column list. */
export function plainInserter(db: Database.Database): { row: (table: string, row: Row) => void; search: (dossierId: string, entry: SearchEntry) => void } {
  const statements = new Map<string, Database.Statement>();
  let searchKey: Database.Statement | undefined;
  let searchEntry: Database.Statement | undefined;
  return {
    row(table, row) {
      const columns = Object.keys(row);
      const key = `${table}:${columns.join(',')}`;
      let statement = statements.get(key);
      if (!statement) {
        statement = db.prepare(`INSERT INTO ${table}(${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        statements.set(key, statement);
      }
      statement.run(Object.values(row));
    },
    search(dossierId, { names, other }) {
      searchKey ??= db.prepare('INSERT INTO dossier_search_keys(dossier_id) VALUES (?)');
      searchEntry ??= db.prepare('INSERT INTO dossier_search(rowid, names, other) VALUES (?, ?, ?)');
      searchEntry.run(searchKey.run(dossierId).lastInsertRowid, names, other);
    },
  };
}
