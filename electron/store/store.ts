/**
 * The local SQLite store: opening with the right pragmas, migrations, and the single write path
 * through which every change to domain data goes.
 */
import Database from 'better-sqlite3';
import { HybridLogicalClock, formatHlc, hlcRun, parseHlc, stampDevice, type HlcState } from '../../shared/hlc';
import { entrySize, type LogEntry } from './changeLog';
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
export type RowValues = Record<string, string | number | null>;
/** A row as the write just left it (all its columns), for a hook that would otherwise read it back; undefined when the write did not touch it. */
export type WrittenRow = (entity: EntityName, rowId: string) => RowValues | undefined;

/**
 * One row a write touches: what it changed and, for a row that exists, its values as read. A new
 * row's whole values (its table's defaults under what was given) are made only when asked for.
 */
interface RowWrite {
  entity: EntityName;
  rowId: string;
  dossierId: string;
  existed: boolean;
  values: RowValues | undefined;
  changed: Map<string, string | number | null>;
  /** For a row that exists: each change on its own, with the value it replaced. */
  edits: { change: Change; oldValue: StoredValue }[];
  /** For a new row: its fields in the order last given, with their last given value. */
  created: Map<string, Change>;
}

/** A log entry about to be inserted, in the order of LOG_INSERT_COLUMNS. */
type EntryParams = [string, string, string, string | null, string, string | null, string, string, string, number | null, string | null, number];
/** No device column: an entry's device is the tail of its stamp (migration 0019). */
const LOG_INSERT_COLUMNS = 'change_id, entity, row_id, field, value, old_value, dossier_id, at, actor, server_seq, base, op';
const LOG_INSERT_WIDTH = 12;

/**
 * Multi-row statements are prepared for a few fixed sizes only (256, 64, 16, 4, 1 rows), so a
 * batch of any length reuses at most five statements per shape.
 */
const CHUNK_SIZES = [256, 64, 16, 4, 1] as const;
/** SQLite's limit on bound parameters per statement (32766), with room to spare. */
const MAX_PARAMS = 30_000;

function chunked<T>(items: readonly T[], columns: number): T[][] {
  const out: T[][] = [];
  let start = 0;
  while (start < items.length) {
    const left = items.length - start;
    const size = CHUNK_SIZES.find((n) => n <= left && n * columns <= MAX_PARAMS) ?? 1;
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
}

function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** SQLite stores booleans as 0/1; the change log keeps the value as it was given. */
function toSqlite(value: StoredValue): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** Meta key: the seq after which local changes may wait for the server (see outbox). */
export const OUTBOX_FROM = 'outbox_from';
/** Meta key: set while after-write hooks are deferred, so an interrupted run is noticed at open. */
const DEFERRED_HOOKS = 'after_write_deferred';

/**
 * At open and close: also check tables this connection did not plan a query on (SQLite's 0x10002)
 * and analyze those never analyzed or grown tenfold. At close too, so the session that grew them
 * (the search index's tables are only written) leaves their statistics current: analyzing them
 * at the next open cost a cold open at 30k dossiers more than the rest of it.
 */
const OPTIMIZE_ALL_TABLES = 0x10002;

export class Store {
  readonly db: Db;
  readonly deviceId: string;
  readonly clock: HybridLogicalClock;
  private readonly now: () => number;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly defaults = new Map<EntityName, RowValues>();
  private readonly afterWriteHooks: ((applied: readonly AppliedChange[], written?: WrittenRow) => void)[] = [];
  private deferred: AppliedChange[] | null = null;
  /** Statements compiled through `prepare` since the store opened (the cache makes repeats free). */
  preparedStatements = 0;

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
    if (!options.readonly) this.optimize(OPTIMIZE_ALL_TABLES);
    this.deviceId = this.meta('device_id') ?? this.initDevice();
    this.clock = new HybridLogicalClock(this.deviceId, this.lastStamp(), this.now);
  }

  /**
   * Where the clock stood when the store was last written: past the newest stamp in the log (a
   * created row's entry to its last field's stamp) and the `hlc` mark. A local write does not
   * move the mark, which would rewrite the meta page on every commit: the log it writes in the
   * same transaction holds its stamps, and the newest is one probe of the change_id index.
   */
  private lastStamp(): HlcState | undefined {
    const newest = this.prepare('SELECT change_id, field, value FROM change_log WHERE change_id = (SELECT MAX(change_id) FROM change_log)').get() as
      | Pick<LogEntry, 'change_id' | 'field' | 'value'>
      | undefined;
    const stamps = [this.meta('hlc'), newest && (newest.field === null ? hlcRun(newest.change_id, entrySize(newest as LogEntry)).at(-1) : newest.change_id)]
      .filter((stamp): stamp is string => stamp !== undefined)
      .map((stamp) => parseHlc(stamp));
    return stamps.reduce<HlcState | undefined>((a, b) => (!a || b.physical > a.physical || (b.physical === a.physical && b.counter > a.counter) ? b : a), undefined);
  }

  close(): void {
    if (this.db.open && !this.db.readonly) this.optimize(OPTIMIZE_ALL_TABLES);
    this.db.close();
  }

  /**
   * Refreshes the query planner's statistics where they are stale, as SQLite advises at open, at
   * close and after bulk loads. Without them the planner picks the broad status index over the
   * partial work-queue indexes (a 30 ms scan instead of a lookup over 3,000 dossiers). Bounded by
   * analysis_limit so a large file stays quick. Best effort: a file locked by another writer only
   * keeps the old statistics, so a failure here is not an error for the caller.
   */
  optimize(flags?: number): void {
    try {
      this.db.pragma('analysis_limit = 400');
      this.db.pragma(flags === undefined ? 'optimize' : `optimize = ${flags}`);
    } catch {
      // Statistics stay as they were; queries remain correct, only possibly slower.
    }
  }

  meta(key: string): string | undefined {
    const row = this.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** Device-local bookkeeping (device id, clock, counters); never synced. */
  setMeta(key: string, value: string): void {
    this.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  deleteMeta(key: string): void {
    this.prepare('DELETE FROM meta WHERE key = ?').run(key);
  }

  private initDevice(): string {
    const id = newId();
    this.setMeta('device_id', id);
    return id;
  }

  /**
   * Runs after every write that changed something, inside its transaction, with what it applied;
   * inside `deferAfterWrite`, once at its end with everything applied meanwhile (which may include
   * changes of a transaction that was rolled back: a hook re-reads what it needs). `written` gives
   * the rows a local write touched as it left them; it is absent when the hook must read them.
   */
  onAfterWrite(hook: (applied: readonly AppliedChange[], written?: WrittenRow) => void): void {
    this.afterWriteHooks.push(hook);
  }

  /** Whether a deferred run of the hooks was interrupted (the process ended first): derived data may be stale. */
  get afterWriteInterrupted(): boolean {
    return this.meta(DEFERRED_HOOKS) !== undefined;
  }

  /** Settles an interrupted deferred run once derived data is rebuilt. */
  clearAfterWriteInterrupted(): void {
    this.deleteMeta(DEFERRED_HOOKS);
  }

  /**
   * Runs `work` (which may hold several transactions, such as the pages of a pull) and the
   * after-write hooks once at its end, so derived data is rebuilt once per row, not per write.
   */
  deferAfterWrite<T>(work: () => T): T {
    if (this.deferred) return work();
    this.deferred = [];
    let applied: AppliedChange[] = [];
    try {
      return work();
    } finally {
      applied = this.deferred;
      this.deferred = null;
      if (applied.length > 0) {
        this.transaction(() => {
          for (const hook of this.afterWriteHooks) hook(applied);
          this.deleteMeta(DEFERRED_HOOKS);
        });
      }
    }
  }

  private afterWrite(applied: AppliedChange[], written?: WrittenRow): void {
    if (this.deferred) {
      if (this.deferred.length === 0) this.setMeta(DEFERRED_HOOKS, '1');
      for (const change of applied) this.deferred.push(change);
      return;
    }
    for (const hook of this.afterWriteHooks) hook(applied, written);
  }

  /** A prepared statement, compiled once per store. */
  prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.preparedStatements += 1;
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** The current rows of a table with these ids, in one query. */
  private readRows(entity: EntityName, ids: readonly string[]): Map<string, RowValues> {
    const rows = this.prepare(`SELECT * FROM "${entity}" WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as RowValues[];
    return new Map(rows.map((r) => [r.id as string, r]));
  }

  /**
   * The rows the changes touch, read once per table (none when all are new), in the order first
   * touched; `perChange`, when given, receives each change's row (consecutive changes of one row,
   * the usual case, find it without a key being built).
   */
  private rowsOf(changes: readonly Change[], allNew = false, perChange?: RowWrite[]): Map<string, RowWrite> {
    const stored = new Map<EntityName, Map<string, RowValues>>();
    if (!allNew) {
      const idsByEntity = new Map<EntityName, Set<string>>();
      for (const c of changes) {
        const ids = idsByEntity.get(c.entity) ?? new Set<string>();
        ids.add(c.rowId);
        idsByEntity.set(c.entity, ids);
      }
      for (const [entity, ids] of idsByEntity) stored.set(entity, this.readRows(entity, [...ids]));
    }
    const rows = new Map<string, RowWrite>();
    let last: RowWrite | undefined;
    for (const c of changes) {
      if (!last || last.rowId !== c.rowId || last.entity !== c.entity) {
        const key = `${c.entity}\u0000${c.rowId}`;
        last = rows.get(key);
        if (!last) {
          const values = stored.get(c.entity)?.get(c.rowId);
          last = { entity: c.entity, rowId: c.rowId, dossierId: c.dossierId, existed: values !== undefined, values, changed: new Map(), edits: [], created: new Map() };
          rows.set(key, last);
        }
      }
      perChange?.push(last);
    }
    return rows;
  }

  /**
   * The single write path. In one transaction: applies each field change and logs it with a fresh
   * HLC stamp, device id, actor and the value it replaced (the log is the audit trail). A row
   * created by the write is logged once with its values together. A change that would not alter
   * the stored value is dropped. Returns what was applied, one entry per field change.
   * `options.at` dates the log entries (and the dossier's updated_at) at another time than now, for
   * demo data that tells a past; the HLC stamps, which order changes for sync, are fresh regardless.
   * `options.allNew`: every row the changes name is new (ids just minted, as when creating
   * dossiers), so none is read first; a row that did exist makes its INSERT fail and the whole
   * write roll back. The changes may be made by a function run inside the write's transaction
   * (a create takes its reference from the counter in meta in the same transaction, without a
   * transaction of its own around the write). `options.written` receives the rows the write touched as it left them (as the
   * after-write hooks do), for a caller that would otherwise read them back.
   */
  write(
    actor: string,
    changesOrMake: readonly Change[] | (() => readonly Change[]),
    options: { at?: string; allNew?: boolean; written?: (rows: WrittenRow) => void } = {},
  ): AppliedChange[] {
    return this.transaction(() => {
      const given = typeof changesOrMake === 'function' ? changesOrMake() : changesOrMake;
      refuseUnwritable(given);
      const changes = applyTextRule(given);
      const rowOfChange: RowWrite[] = [];
      const rows = this.rowsOf(changes, options.allNew, rowOfChange);
      let any = false;
      for (let k = 0; k < changes.length; k += 1) {
        const change = changes[k]!;
        const row = rowOfChange[k]!;
        const next = toSqlite(change.value);
        if (row.existed) {
          const values = row.values!;
          if (values[change.field] === next) continue;
          row.edits.push({ change, oldValue: values[change.field] ?? null });
          values[change.field] = next;
        } else {
          // After its first given field, a new row's others stand at the table's defaults: giving one that value changes nothing.
          if (row.changed.size > 0 && (row.changed.has(change.field) ? row.changed.get(change.field) : this.columnDefaults(change.entity)[change.field]) === next) continue;
          row.created.delete(change.field);
          row.created.set(change.field, change);
        }
        row.changed.set(change.field, next);
        any = true;
      }
      if (!any) return [];
      const at = options.at ?? new Date(this.now()).toISOString();
      const op = this.nextOperation();
      const applied: AppliedChange[] = [];
      const entries: EntryParams[] = [];
      const inserts: InsertGroups = new Map();
      const touched = new Set<string>();
      const createdDossiers = new Set<string>();
      for (const row of rows.values()) {
        if (row.changed.size === 0) continue;
        touched.add(row.dossierId);
        if (row.existed) {
          const fields = [...row.changed.keys()];
          this.prepare(`UPDATE "${row.entity}" SET ${fields.map((f) => `"${f}" = ?`).join(', ')} WHERE id = ?`).run(...row.changed.values(), row.rowId);
          for (const { change, oldValue } of row.edits) {
            const hlc = this.clock.next();
            entries.push([hlc, change.entity, change.rowId, change.field, JSON.stringify(change.value), JSON.stringify(oldValue), change.dossierId, at, actor, null, null, op]);
            applied.push({ ...change, changeId: hlc, hlc, oldValue });
          }
          continue;
        }
        groupInsert(inserts, row);
        if (row.entity === 'dossiers') createdDossiers.add(row.rowId);
        const stamps = hlcRun(this.clock.nextBlock(row.created.size), row.created.size);
        const first = stamps[0]!;
        const values: Record<string, StoredValue> = {};
        let k = 0;
        for (const change of row.created.values()) {
          values[change.field] = change.value;
          const hlc = stamps[k++]!;
          applied.push({ entity: change.entity, rowId: change.rowId, field: change.field, value: change.value, dossierId: change.dossierId, changeId: hlc, hlc, oldValue: null });
        }
        entries.push([first, row.entity, row.rowId, null, JSON.stringify(values), null, row.dossierId, at, actor, null, null, op]);
      }
      for (const group of inserts.values()) this.insertRows(group.entity, group.columns, group.rows, at);
      this.insertEntries(entries);
      const stampDossier = this.prepare('UPDATE dossiers SET updated_at = ? WHERE id = ?');
      for (const dossierId of touched) if (!createdDossiers.has(dossierId)) stampDossier.run(at, dossierId);
      // An existing row's values were read whole; a new one's are its table's defaults under what was given (insertRows stamps a new dossier updated now).
      const written: WrittenRow = (entity, rowId) => {
        const row = rows.get(`${entity}\u0000${rowId}`);
        if (row && !row.values) {
          // Every column is among the defaults, so the copy keeps its shape while it is filled in.
          const values = { ...this.columnDefaults(entity) };
          values.id = rowId;
          for (const [column, value] of row.changed) values[column] = value;
          if (entity === 'dossiers' && !row.changed.has('updated_at')) values.updated_at = at;
          row.values = values;
        }
        return row?.values;
      };
      this.afterWrite(applied, written);
      options.written?.(written);
      return applied;
    });
  }

  /** New rows of one table with the same columns, in multi-row INSERTs (a new dossier is stamped updated now). */
  private insertRows(entity: EntityName, columns: readonly string[], rows: readonly RowWrite[], at: string): void {
    const stamp = entity === 'dossiers' && !columns.includes('updated_at');
    const all = ['id', ...columns, ...(stamp ? ['updated_at'] : [])];
    const head = `INSERT INTO "${entity}"(${all.map((c) => `"${c}"`).join(', ')}) VALUES `;
    for (const chunk of chunked(rows, all.length)) {
      const params: (string | number | null)[] = [];
      for (const row of chunk) {
        params.push(row.rowId);
        for (const c of columns) params.push(row.changed.get(c) ?? null);
        if (stamp) params.push(at);
      }
      this.prepare(head + placeholders(chunk.length, all.length)).run(params);
    }
  }

  /** The operation id of the write about to log: the seq its first entry will take, so ids grow with the log. */
  private nextOperation(): number {
    return ((this.prepare('SELECT MAX(seq) AS seq FROM change_log').get() as { seq: number | null }).seq ?? 0) + 1;
  }

  private insertEntries(entries: readonly EntryParams[], ignoreKnown = false): void {
    const head = `INSERT INTO change_log(${LOG_INSERT_COLUMNS}) VALUES `;
    for (const chunk of chunked(entries, LOG_INSERT_WIDTH)) {
      this.prepare(head + placeholders(chunk.length, LOG_INSERT_WIDTH) + (ignoreKnown ? ' ON CONFLICT(change_id) DO NOTHING' : '')).run(chunk.flat());
    }
  }

  /** What a freshly inserted row of the table holds in each column, from the schema's DEFAULTs. */
  private columnDefaults(table: EntityName): RowValues {
    let defaults = this.defaults.get(table);
    if (!defaults) {
      const columns = this.db.pragma(`table_info("${table}")`) as { name: string; dflt_value: string | null }[];
      // Made in one go rather than a property at a time: an object of some 60 keys filled in a loop is a slow dictionary to copy (18 µs per copy, not 0.1).
      defaults = Object.fromEntries(
        columns.map((c) => [c.name, c.dflt_value === null ? null : (this.db.prepare(`SELECT ${c.dflt_value} AS v`).get() as { v: string | number | null }).v]),
      ) as RowValues;
      this.defaults.set(table, defaults);
    }
    return defaults;
  }

  /**
   * The second entry into the write path, for changes received through sync, in batches: logs each
   * under its own stamp, device and actor (no stamp is minted) with the value it replaced, applies
   * those the merge chose (rows read once per table, new rows in multi-row INSERTs), and moves the
   * clock past them. A row new here that arrives whole is logged as one entry (see `createdTogether`).
   * Changes already logged under their own stamp are skipped (the merge also recognises the fields
   * of a row logged whole). `options.unlogged`: the caller has just found, in this transaction, that
   * none of them is logged (the merge reads that for its decisions), so it is not read again.
   * Returns what it applied.
   */
  recordReceived(received: readonly ReceivedChange[], options: { unlogged?: boolean } = {}): AppliedChange[] {
    return this.transaction(() => {
      refuseUnwritable(received);
      for (const change of received) {
        // The sync merge quarantines a change that breaks the rule before it gets here; this is the last guard.
        if (typeof change.value === 'string' && breaksTextRule(change.value)) throw new Error(`The write path refuses received change ${change.changeId}: its value breaks the text rule`);
        // The log keeps no device id: it reads it from the stamp, so the two must agree.
        if (stampDevice(change.changeId) !== change.deviceId) throw new Error(`The write path refuses received change ${change.changeId}: its device id is not its stamp's`);
      }
      const known = new Set(
        options.unlogged
          ? []
          : (this.prepare('SELECT change_id FROM change_log WHERE change_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(received.map((c) => c.changeId))) as { change_id: string }[]).map(
              (r) => r.change_id,
            ),
      );
      const fresh = received.filter((c) => !known.has(c.changeId) && (known.add(c.changeId), true));
      if (fresh.length === 0) return [];
      const rowOfChange: RowWrite[] = [];
      const rows = this.rowsOf(fresh, false, rowOfChange);
      const at = new Date(this.now()).toISOString();
      const op = this.nextOperation();
      const applied: AppliedChange[] = [];
      const entries: EntryParams[] = [];
      const touched = new Set<string>();
      let latest: string | undefined;
      const together = createdTogether(fresh, rowOfChange);
      for (let k = 0; k < fresh.length; k += 1) {
        const change = fresh[k]!;
        if (!latest || change.changeId > latest) latest = change.changeId;
        const row = rowOfChange[k]!;
        // A new row has no values object: what it holds so far in this batch is what it was given.
        const oldValue = row.values ? (row.values[change.field] ?? null) : (row.changed.get(change.field) ?? null);
        const created = together.get(row);
        if (!created) {
          entries.push([change.changeId, change.entity, change.rowId, change.field, JSON.stringify(change.value), JSON.stringify(oldValue), change.dossierId, at, change.actor, change.serverSeq, change.base, op]);
        } else if (change === created[0]) {
          const values: Record<string, StoredValue> = {};
          for (const c of created) values[c.field] = c.value;
          entries.push([change.changeId, change.entity, change.rowId, null, JSON.stringify(values), null, change.dossierId, at, change.actor, change.serverSeq, null, op]);
        }
        if (!change.apply) continue;
        const next = toSqlite(change.value);
        if (row.values) row.values[change.field] = next;
        row.changed.set(change.field, next);
        touched.add(change.dossierId);
        // Spelled out: the hooks read only these, and a copy of the received change with two more fields is much slower to make.
        applied.push({ entity: change.entity, rowId: change.rowId, field: change.field, value: change.value, dossierId: change.dossierId, changeId: change.changeId, hlc: change.changeId, oldValue });
      }
      this.insertEntries(entries, true);
      const inserts: InsertGroups = new Map();
      const createdDossiers = new Set<string>();
      for (const row of rows.values()) {
        if (row.changed.size === 0) continue;
        if (row.existed) {
          const fields = [...row.changed.keys()];
          this.prepare(`UPDATE "${row.entity}" SET ${fields.map((f) => `"${f}" = ?`).join(', ')} WHERE id = ?`).run(...row.changed.values(), row.rowId);
          continue;
        }
        groupInsert(inserts, row);
        if (row.entity === 'dossiers') createdDossiers.add(row.rowId);
      }
      for (const group of inserts.values()) this.insertRows(group.entity, group.columns, group.rows, at);
      if (latest) {
        this.clock.observe(latest);
        this.setMeta('hlc', formatHlc(this.clock.current, this.deviceId));
      }
      if (applied.length > 0) {
        const stampDossier = this.prepare('UPDATE dossiers SET updated_at = ? WHERE id = ?');
        for (const dossierId of touched) if (!createdDossiers.has(dossierId)) stampDossier.run(at, dossierId);
        this.afterWrite(applied);
      }
      return applied;
    });
  }
}

function refuseUnwritable(changes: readonly Change[]): void {
  let entity: string | undefined;
  let fields: ReadonlySet<string> | undefined;
  for (const change of changes) {
    if (change.entity !== entity) fields = ENTITIES[(entity = change.entity)];
    if (!fields?.has(change.field)) throw new Error(`The write path refuses ${change.entity}.${change.field}: not a writable field`);
  }
}

/** New rows grouped by table and the set of columns they give, for one multi-row INSERT per group. */
type InsertGroups = Map<string, { entity: EntityName; columns: string[]; rows: RowWrite[] }>;
/** Column lists in the order given, to their sorted form and group key: rows of one kind are usually given in one order. */
const insertShapes = new Map<string, { columns: string[]; shape: string }>();

function groupInsert(inserts: InsertGroups, row: RowWrite): void {
  let given = row.entity;
  for (const column of row.changed.keys()) given += `\u0000${column}`;
  let known = insertShapes.get(given);
  if (!known) {
    const columns = [...row.changed.keys()].sort();
    known = { columns, shape: `${row.entity}\u0000${columns.join(',')}` };
    if (insertShapes.size < 10_000) insertShapes.set(given, known);
  }
  const group = inserts.get(known.shape);
  if (group) group.rows.push(row);
  else inserts.set(known.shape, { entity: row.entity, columns: known.columns, rows: [row] });
}

/**
 * Received rows that are new here and arrive whole as their creator logged them — every field of
 * the row in this batch, applied, from one device and person, without a base, stamped one tick
 * apart from the first — so they are logged as one entry, as on the device that created them
 * (`expandEntry` gives back each field change under its own stamp). Each row's changes in stamp order.
 */
function createdTogether(fresh: readonly ReceivedChange[], rowOfChange: readonly RowWrite[]): Map<RowWrite, ReceivedChange[]> {
  const byRow = new Map<RowWrite, ReceivedChange[]>();
  for (let k = 0; k < fresh.length; k += 1) {
    const change = fresh[k]!;
    const row = rowOfChange[k]!;
    if (row.existed) continue;
    const list = byRow.get(row);
    if (list) list.push(change);
    else byRow.set(row, [change]);
  }
  for (const [row, list] of byRow) if (!arrivedWhole(list)) byRow.delete(row);
  return byRow;
}

/** Whether a new row's received changes (sorted here by stamp) are its creation as one entry: see `createdTogether`. */
function arrivedWhole(list: ReceivedChange[]): boolean {
  if (list.length < 2) return false;
  // Pulled in log order, a created row's fields come in stamp order already.
  for (let k = 1; k < list.length; k += 1) {
    if (list[k - 1]!.changeId > list[k]!.changeId) {
      list.sort((a, b) => (a.changeId < b.changeId ? -1 : a.changeId > b.changeId ? 1 : 0));
      break;
    }
  }
  const first = list[0]!;
  const stamps = hlcRun(first.changeId, list.length);
  const fields = new Set<string>();
  for (let k = 0; k < list.length; k += 1) {
    const c = list[k]!;
    if (!c.apply || c.base !== null || c.deviceId !== first.deviceId || c.actor !== first.actor || c.dossierId !== first.dossierId || c.changeId !== stamps[k] || fields.has(c.field)) return false;
    fields.add(c.field);
  }
  return true;
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
