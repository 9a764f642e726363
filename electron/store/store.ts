/**
 * The local SQLite store: opening with the right pragmas, migrations, and the single write path
 * through which every change to domain data goes.
 */
import Database from 'better-sqlite3';
import { HybridLogicalClock, formatHlc, parseHlc } from '../../shared/hlc';
import { MIGRATIONS } from './migrations/index';
import { ENTITIES, type EntityName } from './entities';
import { checkColumnText } from '../../shared/sync/schema';
import { breaksTextRule } from '../../shared/text/textRule';
import { WorkbenchError } from '../../shared/api/errors';
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
type RowValues = Record<string, string | number | null>;

/** One row a write touches: its values as they stand so far in the write, and what it changed. */
interface RowWrite {
  entity: EntityName;
  rowId: string;
  existed: boolean;
  values: RowValues | undefined;
  changed: Map<string, string | number | null>;
}

/** Rows per multi-row INSERT into the change log and audit trail (8 parameters each). */
const LOG_ROWS_PER_INSERT = 64;

function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

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
  private readonly defaults = new Map<EntityName, RowValues>();
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
  write(actor: string, given: readonly Change[]): AppliedChange[] {
    return this.transaction(() => {
      for (const change of given) {
        if (!ENTITIES[change.entity]?.has(change.field)) throw new Error(`The write path refuses ${change.entity}.${change.field}: not a writable field`);
      }
      const changes = applyTextRule(given);
      // Each row is read once and written once, whatever number of its fields change; the log
      // still gets one entry per field change, in the order given.
      const rows = new Map<string, RowWrite>();
      const logged: { change: Change; hlc: string; oldValue: StoredValue }[] = [];
      for (const change of changes) {
        const key = `${change.entity}\u0000${change.rowId}`;
        let row = rows.get(key);
        if (!row) {
          const stored = this.selectRow(change.entity).get(change.rowId) as RowValues | undefined;
          row = { entity: change.entity, rowId: change.rowId, existed: stored !== undefined, values: stored, changed: new Map() };
          rows.set(key, row);
        }
        const next = toSqlite(change.value);
        if (row.values && row.values[change.field] === next) continue;
        const oldValue = row.values ? (row.values[change.field] ?? null) : null;
        // A new row takes its table's defaults for the fields this write does not give.
        row.values ??= { ...this.columnDefaults(change.entity), id: change.rowId };
        row.values[change.field] = next;
        row.changed.set(change.field, next);
        logged.push({ change, hlc: this.clock.next(), oldValue });
      }
      if (logged.length === 0) return [];
      for (const row of rows.values()) {
        if (row.changed.size === 0) continue;
        const fields = [...row.changed.keys()];
        this.rowWrite(row.entity, fields, row.existed).run(...row.changed.values(), row.rowId);
      }
      const at = new Date(this.now()).toISOString();
      const applied: AppliedChange[] = [];
      const touched = new Set<string>();
      // The log and audit rows go in a few multi-row INSERTs; each change keeps its own seq, the
      // one SQLite would have given it (the highest so far plus one).
      let seq = Number((this.prepare('SELECT MAX(seq) AS seq FROM change_log').get() as { seq: number | null }).seq ?? 0);
      for (let start = 0; start < logged.length; start += LOG_ROWS_PER_INSERT) {
        const chunk = logged.slice(start, start + LOG_ROWS_PER_INSERT);
        const logParams: (string | number | null)[] = [];
        const auditParams: (string | number | null)[] = [];
        for (const { change, hlc, oldValue } of chunk) {
          seq += 1;
          logParams.push(seq, hlc, change.entity, change.rowId, change.field, JSON.stringify(change.value), this.deviceId, actor);
          auditParams.push(seq, change.dossierId, at, JSON.stringify(oldValue));
          touched.add(change.dossierId);
          applied.push({ ...change, changeId: hlc, hlc, oldValue });
        }
        this.prepare(`INSERT INTO change_log(seq, change_id, entity, row_id, field, value, device_id, actor) VALUES ${placeholders(chunk.length, 8)}`).run(logParams);
        this.prepare(`INSERT INTO audit(change_seq, dossier_id, at, old_value) VALUES ${placeholders(chunk.length, 4)}`).run(auditParams);
      }
      const stampDossier = this.prepare('UPDATE dossiers SET updated_at = ? WHERE id = ?');
      for (const dossierId of touched) stampDossier.run(at, dossierId);
      this.setMeta('hlc', applied.at(-1)!.hlc);
      for (const hook of this.afterWriteHooks) hook(applied);
      return applied;
    });
  }

  private selectRow(table: EntityName): Database.Statement {
    return this.prepare(`SELECT * FROM "${table}" WHERE id = ?`);
  }

  /** The statement that writes these fields of one row: an UPDATE when it exists, else an INSERT. */
  private rowWrite(table: EntityName, fields: readonly string[], exists: boolean): Database.Statement {
    const columns = fields.map((f) => `"${f}"`);
    return this.prepare(
      exists
        ? `UPDATE "${table}" SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`
        : `INSERT INTO "${table}"(${columns.join(', ')}, id) VALUES (${columns.map(() => '?').join(', ')}, ?)`,
    );
  }

  /** What a freshly inserted row of the table holds in each column, from the schema's DEFAULTs. */
  private columnDefaults(table: EntityName): RowValues {
    let defaults = this.defaults.get(table);
    if (!defaults) {
      defaults = {};
      for (const column of this.db.pragma(`table_info("${table}")`) as { name: string; dflt_value: string | null }[]) {
        defaults[column.name] = column.dflt_value === null ? null : (this.db.prepare(`SELECT ${column.dflt_value} AS v`).get() as { v: string | number | null }).v;
      }
      this.defaults.set(table, defaults);
    }
    return defaults;
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
        // The sync merge quarantines a change that breaks the rule before it gets here; this is the last guard.
        if (typeof change.value === 'string' && breaksTextRule(change.value)) throw new Error(`The write path refuses received change ${change.changeId}: its value breaks the text rule`);
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

/**
 * The text rule (shared/text/textRule.ts) on every text value a write brings: normalised, or the
 * whole write refused with a `validation` error naming each field (nothing is stored).
 */
function applyTextRule(changes: readonly Change[]): readonly Change[] {
  const problems: { field: string; message: string }[] = [];
  const ruled = changes.map((change) => {
    const checked = checkColumnText(change.entity, change.field, change.value);
    if (checked.ok) return checked.value === change.value ? change : { ...change, value: checked.value };
    problems.push({ field: change.entity === 'dossiers' ? change.field.replaceAll('__', '.') : `${change.entity}.${change.field}`, message: checked.message });
    return change;
  });
  if (problems.length) throw new WorkbenchError('validation', problems.map((p) => p.message).join('; '), { problems });
  return ruled;
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
