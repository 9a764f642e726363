/**
 * Sync benchmark: push and pull of 10,000 changes on loopback against a real server process, for
 * SQLite and (when installed) PostgreSQL, and in the same run the raw rate of inserting those
 * rows into SQLite in one transaction, so the pull-and-apply rate prints as a ratio of it.
 * Figures only. BENCH_SYNC_CHANGES sets another count.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { createEngine } from '../../electron/engine/index';
import { newId, storeFile } from '../../electron/store/index';
import { loggedChanges } from '../support/changeLog';
import { removeDir, tempDir } from '../support/tempData';
import { plainInserter, rawCopy, readStored } from './raw';
import { addUser, createDatabase, postgresBinDir, startPostgres, startServer, type PostgresCluster } from '../integration/sync-harness';

const CHANGES = Number(process.env.BENCH_SYNC_CHANGES ?? 10_000);
/** Five fields a dossier: its reference and creation time bring it into being on the receiving side (else it is quarantined). */
const FIELDS = ['reference', 'created_at', 'organization__legal_name', 'application__name', 'application__vendor'];
function fieldValue(field: string, i: number): string {
  const dossier = Math.floor(i / FIELDS.length);
  if (field === 'reference') return `PCR-2026-${String(dossier + 1).padStart(5, '0')}`;
  if (field === 'created_at') return new Date(Date.UTC(2026, 0, 1) + dossier * 60_000).toISOString();
  return `value ${i} — Sḵwx̱wú7mesh`;
}

const ms = (start: number) => performance.now() - start;
const rate = (n: number, millis: number) => `${Math.round((n / millis) * 1000).toLocaleString('en-CA')}/s`;

/** Inserts the pulled rows, as they are, into a bare SQLite table in one transaction: the ceiling. */
function rawInsertMs(rows: { change_id: string; entity: string; row_id: string; field: string; value: string | null; device_id: string; actor: string }[]): number {
  const dir = tempDir('pcr-bench-raw-');
  const db = new Database(path.join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE log (seq INTEGER PRIMARY KEY, change_id TEXT UNIQUE, entity TEXT, row_id TEXT, field TEXT, value TEXT, device_id TEXT, actor TEXT)');
  const insert = db.prepare('INSERT INTO log(change_id, entity, row_id, field, value, device_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const start = performance.now();
  db.transaction(() => {
    for (const r of rows) insert.run(r.change_id, r.entity, r.row_id, r.field, r.value, r.device_id, r.actor);
  })();
  const took = ms(start);
  db.close();
  removeDir(dir);
  return took;
}

/**
 * Inserts, as they are, what applying the pull stored in the receiving file (its dossier rows, log
 * entries and search entries) into a raw copy of its schema in one transaction: the floor under
 * any apply that keeps the workbench's log and search index.
 */
function rawStoredMs(file: string): number {
  const { rows, log, search } = readStored(file);
  const { db, dir } = rawCopy(file, true);
  const insert = plainInserter(db);
  const start = performance.now();
  db.transaction(() => {
    for (const { table, row } of rows) insert.row(table, row);
    for (const entry of log) insert.row('change_log', entry);
    for (const [id, entry] of search) insert.search(id, entry);
  })();
  const took = ms(start);
  db.close();
  removeDir(dir);
  return took;
}

async function benchOne(name: string, dbUrl: string): Promise<void> {
  const token = addUser(dbUrl, 'bench');
  const server = await startServer(dbUrl);
  const sourceDir = tempDir('pcr-bench-src-');
  const sinkDir = tempDir('pcr-bench-sink-');
  try {
    const source = createEngine({ dataDir: sourceDir, actor: 'Bench', syncToken: () => token });
    const changes = Array.from({ length: CHANGES }, (_, i) => {
      const rowId = i % FIELDS.length === 0 ? newId() : '';
      return { i, rowId };
    });
    let row = '';
    source.store.write(
      'Bench',
      changes.map(({ i, rowId }) => {
        if (rowId) row = rowId;
        const field = FIELDS[i % FIELDS.length]!;
        return { entity: 'dossiers' as const, rowId: row, field, value: fieldValue(field, i), dossierId: row };
      }),
    );
    const input = { server_url: server.url, allow_mass_delete: false, accept_new_server: false };
    let start = performance.now();
    const pushed = await source.sync.run(input);
    const pushMs = ms(start);

    const sink = createEngine({ dataDir: sinkDir, actor: 'Bench', syncToken: () => token });
    start = performance.now();
    const pulled = await sink.sync.run(input);
    const pullMs = ms(start);
    if (pulled.quarantined || pulled.deferred) console.log(`${name}: ${pulled.quarantined} quarantined, ${pulled.deferred} kept aside — the figures below do not measure applying`);
    // One row per pulled field change (a row received whole is one log entry here, expanded back).
    const rows = loggedChanges(sink.store.db).map(({ change_id, entity, row_id, field, value, device_id, actor }) => ({ change_id, entity, row_id, field, value, device_id, actor }));
    const rawMs = rawInsertMs(rows);
    source.close();
    sink.close();
    const storedMs = rawStoredMs(storeFile(sinkDir));

    console.log(
      `${name.padEnd(10)} push ${pushed.pushed} in ${pushMs.toFixed(0)} ms (${rate(pushed.pushed, pushMs)}) · ` +
        `pull+apply ${pulled.applied} in ${pullMs.toFixed(0)} ms (${rate(pulled.applied, pullMs)}) · ` +
        `raw SQLite insert ${rows.length} in ${rawMs.toFixed(0)} ms (${rate(rows.length, rawMs)}) · ` +
        `pull+apply runs at ${((rawMs / pullMs) * 100).toFixed(0)} % of the raw insert rate`,
    );
    console.log(
      `${''.padEnd(10)} raw storing what the pull stored (rows, log and search entries) in ${storedMs.toFixed(0)} ms · ` +
        `pull+apply runs at ${((storedMs / pullMs) * 100).toFixed(0)} % of that rate`,
    );
  } finally {
    await server.stop();
    removeDir(sourceDir);
    removeDir(sinkDir);
  }
}

async function main(): Promise<void> {
  console.log(`Sync benchmark: ${CHANGES.toLocaleString('en-CA')} changes over loopback HTTP (aims, issue #15: pulled and applied in under 0.5 s, at ≥ 30 % of the raw insert rate)`);
  const sqliteDir = tempDir('pcr-bench-server-');
  try {
    await benchOne('SQLite', `sqlite:${path.join(sqliteDir, 'sync.sqlite')}`);
  } finally {
    removeDir(sqliteDir);
  }
  if (process.env.BENCH_SQLITE_ONLY || !postgresBinDir()) {
    console.log('PostgreSQL   skipped: not installed (apt-get install postgresql)');
    return;
  }
  let cluster: PostgresCluster | undefined;
  try {
    cluster = await startPostgres();
    await benchOne('PostgreSQL', createDatabase(cluster.url, 'bench_sync'));
  } finally {
    cluster?.stop();
  }
}

await main();
