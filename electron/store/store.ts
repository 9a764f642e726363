/**
 * The local SQLite store: opening with the right pragmas, migrations, and the single write path
 * through which every change to domain data goes.
 */
import Database from 'better-sqlite3';
import { HybridLogicalClock, formatHlc, parseHlc } from '../../shared/hlc';
import { MIGRATIONS } from './migrations/index';
import { ENTITIES, type EntityName } from './entities';
import { newId } from './ids';

export type StoredValue = string | number | boolean | null;

export interface Change {
  entity: EntityName;
  rowId: string;
  /** Column on the entity's table. */
  field: string;
  value: StoredValue;
  /** The dossier the row belongs to, for the audit trail and search. */
  dossierId: string;
}

export interface AppliedChange extends Change {
  /** The change's HLC stamp: unique across devices, so it doubles as the change id. */
  changeId: string;
  hlc: string;
  oldValue: StoredValue;
}

/** A change received from the sync server, with the merge's decision whether it takes effect. */
export interface ReceivedChange extends Change {
  changeId: string;
  deviceId: string;
  actor: string;
  /** The change of the same field its writer's device showed when it was made. */
  base: string | null;
  serverSeq: number;
  /** False when it lost to a newer change: it is logged and audited, the table keeps its value. */
  apply: boolean;
}

export interface StoreOptions {
  /** Path to a better-sqlite3 addon built for another runtime (Electron's). */
  nativeBinding?: string;
  readonly?: boolean;
  now?: () => number;
}

type Db = Database.Database;

/** SQLite stores booleans as 0/1; the change log keeps the value as it was given. */
function toSqlite(value: StoredValue): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export class Store {
  readonly db: Db;
  readonly deviceId: string;
  readonly clock: HybridLogicalClock;
  private readonly now: () => number;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly afterWriteHooks: ((applied: readonly AppliedChange[]) => void)[] = [];

  constructor(readonly file: string, options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.db = new Database(file, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.readonly ? { readonly: true } : {}),
    });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
    migrate(this.db);
    this.deviceId = this.meta('device_id') ?? this.initDevice();
    const lastHlc = this.meta('hlc');
    this.clock = new HybridLogicalClock(this.deviceId, lastHlc ? parseHlc(lastHlc) : undefined, this.now);
  }

  close(): void {
    this.db.close();
  }

  meta(key: string): string | undefined {
    const row = this.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** Device-local bookkeeping (device id, clock, counters); never synced. */
  setMeta(key: string, value: string): void {
    this.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  private initDevice(): string {
    const id = newId();
    this.setMeta('device_id', id);
    return id;
  }

  /** Runs after every write that changed something, inside its transaction, with what it applied. */
  onAfterWrite(hook: (applied: readonly AppliedChange[]) => void): void {
    this.afterWriteHooks.push(hook);
  }

  /** A prepared statement, compiled once per store. */
  prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /**
   * The single write path. In one transaction: applies each field change, appends it to the
   * change log with a fresh HLC stamp, device id and actor, and records it in the audit trail.
   * A change that would not alter the stored value is dropped. Returns what was applied.
   */
  write(actor: string, changes: readonly Change[]): AppliedChange[] {
    return this.transaction(() => {
      const applied: AppliedChange[] = [];
      const touched = new Set<string>();
      const at = new Date(this.now()).toISOString();
      for (const change of changes) {
        const columns = ENTITIES[change.entity];
        if (!columns?.has(change.field)) throw new Error(`The write path refuses ${change.entity}.${change.field}: not a writable field`);
        const table = change.entity;
        const current = this.prepare(`SELECT "${change.field}" AS v FROM "${table}" WHERE id = ?`).get(change.rowId) as
          | { v: string | number | null }
          | undefined;
        const next = toSqlite(change.value);
        if (current && current.v === next) continue;
        if (current) {
          this.prepare(`UPDATE "${table}" SET "${change.field}" = ? WHERE id = ?`).run(next, change.rowId);
        } else {
          this.prepare(`INSERT INTO "${table}"(id, "${change.field}") VALUES (?, ?)`).run(change.rowId, next);
        }
        const hlc = this.clock.next();
        const oldValue = current ? current.v : null;
        const { lastInsertRowid } = this.prepare(
          'INSERT INTO change_log(change_id, entity, row_id, field, value, device_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(hlc, table, change.rowId, change.field, JSON.stringify(change.value), this.deviceId, actor);
        this.prepare('INSERT INTO audit(change_seq, dossier_id, at, old_value) VALUES (?, ?, ?, ?)').run(
          lastInsertRowid,
          change.dossierId,
          at,
          JSON.stringify(oldValue),
        );
        touched.add(change.dossierId);
        applied.push({ ...change, changeId: hlc, hlc, oldValue });
      }
      if (applied.length > 0) {
        const stampDossier = this.prepare('UPDATE dossiers SET updated_at = ? WHERE id = ?');
        for (const dossierId of touched) stampDossier.run(at, dossierId);
        this.setMeta('hlc', applied.at(-1)!.hlc);
        for (const hook of this.afterWriteHooks) hook(applied);
      }
      return applied;
    });
  }

  /**
   * The second entry into the write path, for changes received through sync: logs each under its
   * own stamp, device and actor (no stamp is minted), audits it, applies those the merge chose,
   * and moves the clock past them. Changes already in the log are skipped. Returns what it applied.
   */
  recordReceived(received: readonly ReceivedChange[]): AppliedChange[] {
    return this.transaction(() => {
      const applied: AppliedChange[] = [];
      const touched = new Set<string>();
      const at = new Date(this.now()).toISOString();
      let latest: string | undefined;
      for (const change of received) {
        const columns = ENTITIES[change.entity];
        if (!columns?.has(change.field)) throw new Error(`The write path refuses ${change.entity}.${change.field}: not a writable field`);
        const logged = this.prepare(
          'INSERT INTO change_log(change_id, entity, row_id, field, value, device_id, actor, server_seq, base) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(change_id) DO NOTHING',
        ).run(change.changeId, change.entity, change.rowId, change.field, JSON.stringify(change.value), change.deviceId, change.actor, change.serverSeq, change.base);
        if (logged.changes === 0) continue;
        if (!latest || change.changeId > latest) latest = change.changeId;
        const current = this.prepare(`SELECT "${change.field}" AS v FROM "${change.entity}" WHERE id = ?`).get(change.rowId) as
          | { v: string | number | null }
          | undefined;
        const oldValue = current ? current.v : null;
        this.prepare('INSERT INTO audit(change_seq, dossier_id, at, old_value) VALUES (?, ?, ?, ?)').run(
          logged.lastInsertRowid,
          change.dossierId,
          at,
          JSON.stringify(oldValue),
        );
        if (!change.apply) continue;
        const next = toSqlite(change.value);
        if (current) this.prepare(`UPDATE "${change.entity}" SET "${change.field}" = ? WHERE id = ?`).run(next, change.rowId);
        else this.prepare(`INSERT INTO "${change.entity}"(id, "${change.field}") VALUES (?, ?)`).run(change.rowId, next);
        touched.add(change.dossierId);
        applied.push({ ...change, hlc: change.changeId, oldValue });
      }
      if (latest) {
        this.clock.observe(latest);
        this.setMeta('hlc', formatHlc(this.clock.current, this.deviceId));
      }
      if (applied.length > 0) {
        const stampDossier = this.prepare('UPDATE dossiers SET updated_at = ? WHERE id = ?');
        for (const dossierId of touched) stampDossier.run(at, dossierId);
        for (const hook of this.afterWriteHooks) hook(applied);
      }
      return applied;
    });
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`This data file was written by a newer version of the workbench (schema ${current}; this version knows ${latest}). Upgrade the workbench to open it.`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export function openStore(file: string, options?: StoreOptions): Store {
  return new Store(file, options);
}
