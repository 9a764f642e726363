/**
 * `npm run bench` (part 1): the store with 10,000 dossiers (BENCH_SCALE=30k: also 30,000; or
 * BENCH_DOSSIERS=N) made through the write path, each figure beside the same work done by raw
 * better-sqlite3 in the same run: the same rows (dossiers, set members, activities) inserted into
 * tables of the same shape with plain prepared statements, no change log and no search index.
 * Prints figures; it does not pass or fail on them.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createEngine } from '../../electron/engine/index';
import { createDossier, createDossiers, demoValues, listDossiers, toMatchQuery } from '../../electron/dossiers/index';
import { storeFile } from '../../electron/store/index';
import type { FieldValues } from '../../shared/dossier/values';
import { removeDir, tempDir } from '../support/tempData';
import { plainInserter, rawCopy, readStored, type Row, type SearchEntry } from './raw';

const SCALES = process.env.BENCH_DOSSIERS ? [Number(process.env.BENCH_DOSSIERS)] : process.env.BENCH_SCALE === '30k' ? [10_000, 30_000] : [10_000];
const BATCH = 500;
const SEARCHES = 1_000;

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const ratio = (ours: number, raw: number) => `${(ours / raw).toFixed(1)}× raw`;
const line = (label: string, figure: string, beside = '') => console.log(`${label.padEnd(62)} ${figure.padStart(12)}   ${beside}`);
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function timed(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}
type Measured = { ms: number; cpuMs: number };
/** Wall-clock and CPU time (user + system) of `work`: on a loaded machine the CPU ratio is the steadier figure. */
function measured(work: () => void): Measured {
  const cpu = process.cpuUsage();
  const ms = timed(work);
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}
const cpuBeside = (ours: Measured, raw: Measured, count: number) =>
  `CPU ${((ours.cpuMs * 1000) / count).toFixed(0)} µs each, raw ${((raw.cpuMs * 1000) / count).toFixed(0)} · ${ratio(ours.cpuMs, raw.cpuMs)}`;
/** Raw storing what the workbench stores (rows, log entries, search entries), beside raw storing the rows and beside the workbench. */
function floorLine(ours: Measured, raw: Measured, stored: Measured): void {
  line(
    '  raw, storing also the log and search entries',
    ms(stored.ms),
    `${ratio(stored.ms, raw.ms)} (CPU ${ratio(stored.cpuMs, raw.cpuMs)}) · the workbench ${(ours.ms / stored.ms).toFixed(1)}× this (CPU ${(ours.cpuMs / stored.cpuMs).toFixed(1)}×)`,
  );
}
/** What `dossier create --org --app --integration` writes. */
function minimalValues(i: number): FieldValues {
  const { values } = demoValues(i);
  return { 'organization.legal_name': values['organization.legal_name']!, 'application.name': values['application.name']!, 'integration.standard': 'fhir' };
}
/** A fully filled intake: organization, contacts, application, integration, leads, targets, flags. */
function intakeValues(i: number): FieldValues {
  const { values } = demoValues(i);
  delete values['status.phase'];
  return values;
}

interface DossierRows {
  /** The dossier's own rows: the dossier, its set members, its activities. */
  rows: { table: string; row: Row }[];
  /** Its change-log entries as the write path left them. */
  log: Row[];
  /** Its search entry, as the index holds it. */
  search: SearchEntry | undefined;
}
/** What a data file stores, grouped by dossier. */
function byDossier(file: string): Map<string, DossierRows> {
  const { rows, log, search } = readStored(file);
  const grouped = new Map<string, DossierRows>();
  const of = (id: string) => {
    let own = grouped.get(id);
    if (!own) grouped.set(id, (own = { rows: [], log: [], search: search.get(id) }));
    return own;
  };
  for (const r of rows) of(String(r.table === 'dossiers' ? r.row.id : r.row.dossier_id)).rows.push(r);
  for (const entry of log) of(String(entry.dossier_id)).log.push(entry);
  return grouped;
}

/**
 * Raw better-sqlite3, `perTransaction` dossiers per transaction: the same rows into tables of the
 * same shape. `stored`: also each dossier's change-log entries, its search entry and the live
 * count, as the workbench stores them — the floor under any write path that keeps that log and
 * index.
 */
function rawInsert(file: string, dossiers: readonly [string, DossierRows][], perTransaction: number, stored = false): Measured & { bytesPerDossier: number } {
  const { db, dir } = rawCopy(file, stored);
  const insert = plainInserter(db);
  const took = measured(() => {
    for (let start = 0; start < dossiers.length; start += perTransaction) {
      db.transaction(() => {
        for (const [id, { rows, log, search }] of dossiers.slice(start, start + perTransaction)) {
          for (const { table, row } of rows) insert.row(table, row);
          if (!stored) continue;
          for (const entry of log) insert.row('change_log', entry);
          if (search) insert.search(id, search);
        }
      })();
    }
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = fs.statSync(path.join(dir, 'raw.sqlite')).size;
  db.close();
  removeDir(dir);
  return { ...took, bytesPerDossier: bytes / dossiers.length };
}

function fileBytes(dataDir: string): number {
  const db = new Database(storeFile(dataDir));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return fs.statSync(storeFile(dataDir)).size;
}

function benchScale(count: number): void {
  console.log(`\n${count.toLocaleString('en-CA')} dossiers through the write path (raw: the same rows by plain better-sqlite3 in this run)\n`);
  for (const [label, values, full] of [
    ['minimal (3 fields)', minimalValues, false],
    ['full intake (~70 field changes)', intakeValues, true],
  ] as const) {
    if (!full && count > 10_000) continue;
    const dataDir = tempDir('pcr-bench-');
    const took = measured(() => {
      const engine = createEngine({ dataDir, actor: 'bench' });
      for (let i = 0; i < count; i++) createDossier(engine.context, { fields: values(i) });
      engine.close();
    });
    const dossiers = [...byDossier(storeFile(dataDir))];
    const raw = rawInsert(storeFile(dataDir), dossiers, 1);
    line(`create ${label}, one transaction each`, ms(took.ms), `${((took.ms * 1000) / count).toFixed(0)} µs each · raw ${ms(raw.ms)} · ${ratio(took.ms, raw.ms)} · ${cpuBeside(took, raw, count)}`);
    floorLine(took, raw, rawInsert(storeFile(dataDir), dossiers, 1, true));
    removeDir(dataDir);
  }

  const dataDir = tempDir('pcr-bench-');
  const took = measured(() => {
    const engine = createEngine({ dataDir, actor: 'bench' });
    for (let start = 0; start < count; start += BATCH) {
      createDossiers(engine.context, Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => intakeValues(start + k)));
    }
    engine.close();
  });
  const dossiers = [...byDossier(storeFile(dataDir))];
  const raw = rawInsert(storeFile(dataDir), dossiers, BATCH);
  line(`create full intake, ${BATCH} per transaction (seed / import)`, ms(took.ms), `${((took.ms * 1000) / count).toFixed(0)} µs each · raw ${ms(raw.ms)} · ${ratio(took.ms, raw.ms)} · ${cpuBeside(took, raw, count)}`);
  floorLine(took, raw, rawInsert(storeFile(dataDir), dossiers, BATCH, true));
  const bytes = fileBytes(dataDir);
  line('size per dossier (full intake, with its log and index)', `${(bytes / count / 1024).toFixed(1)} KB`, `raw rows ${(raw.bytesPerDossier / 1024).toFixed(1)} KB · ${(bytes / 1024 / 1024).toFixed(0)} MiB in all`);

  let listed = 0;
  let total = 0;
  let cold: ReturnType<typeof createEngine> | undefined;
  // Until the first page is shown; closing (which refreshes the planner's statistics) comes after.
  const opened = timed(() => {
    cold = createEngine({ dataDir, actor: 'bench' });
    listed = timed(() => {
      total = listDossiers(cold!.context, { sort: 'updated_at', direction: 'desc', offset: 0, limit: 100 }).total;
    });
  });
  cold!.close();
  const rawDb = new Database(storeFile(dataDir), { readonly: true });
  const rawPage = timed(() => {
    rawDb.prepare('SELECT * FROM dossiers WHERE deleted_at IS NULL ORDER BY updated_at DESC LIMIT 100').all();
  });
  line(`cold open + first page (100 of ${total}, newest first)`, ms(opened), `of which the page ${ms(listed)} · raw page query ${ms(rawPage)}`);

  const engine = createEngine({ dataDir, actor: 'bench' });
  const terms = ['interior', 'Sḵwx̱wú7mesh', 'skwxwu7mesh', 'aqam', 'cerner', 'prince george', 'PCR-2026-0', 'pharmacy', 'mei chen', 'clinic emr', 'haida'];
  const samples: number[] = [];
  const rawSamples: number[] = [];
  const rawMatch = rawDb.prepare('SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?');
  let hits = 0;
  for (let i = 0; i < SEARCHES; i++) {
    const term = terms[i % terms.length]!;
    samples.push(timed(() => (hits += listDossiers(engine.context, { search: term, sort: 'updated_at', direction: 'desc', offset: 0, limit: 100 }).total)));
    const match = toMatchQuery(term);
    rawSamples.push(timed(() => rawMatch.all(match)));
  }
  samples.sort((a, b) => a - b);
  rawSamples.sort((a, b) => a - b);
  line(
    `search, ${SEARCHES} queries (first page + total; ${Math.round(hits / SEARCHES)} hits avg)`,
    `p95 ${ms(percentile(samples, 95))}`,
    `p50 ${ms(percentile(samples, 50))}, max ${ms(samples.at(-1)!)} · raw FTS5 MATCH p95 ${ms(percentile(rawSamples, 95))} · ${ratio(percentile(samples, 95), percentile(rawSamples, 95))}`,
  );
  rawDb.close();
  engine.close();
  removeDir(dataDir);
}

console.log('PCR Onboarding Workbench — store benchmark');
for (const count of SCALES) benchScale(count);
console.log(
  '\nAims (issue #15): 10k full-intake creates < 5 s and ≤ 2× raw; ≤ 15 KB per dossier; cold open + first page < 10 ms at 10k and 30k; search p95 < 5 ms at 10k, < 8 ms at 30k.',
);
