/**
 * The sync server's store: the append-only change log, users, attachments and published keys.
 * The same Kysely queries run on SQLite (better-sqlite3, the embedded default) and PostgreSQL.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Generated, type Transaction } from 'kysely';
import type { PulledChange, PublishedKey, WireChange } from '../shared/sync/protocol';

interface ChangesTable {
  seq: Generated<number>;
  change_id: string;
  entity: string;
  row_id: string;
  field: string;
  value: string;
  device_id: string;
  actor: string;
  dossier_id: string | null;
  base: string | null;
  user_name: string;
  received_at: string;
}

interface ServerDatabase {
  server_meta: { key: string; value: string };
  users: { name: string; role: string; token_hash: string; created_at: string; revoked_at: string | null };
  changes: ChangesTable;
  attachments: { sha256: string; size: number; content: Buffer; uploaded_by: string; uploaded_at: string };
  published_keys: { key_id: string; public_key: string; name: string; role: string; published_by: string; published_at: string };
}

export type DbKind = 'sqlite' | 'postgres';

export interface UserRecord {
  name: string;
  role: string;
  revoked_at: string | null;
}

/** Parses `sqlite:FILE` or `postgres://…` (also `postgresql://…`). */
export function parseDbUrl(url: string): { kind: DbKind; target: string } {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new Error('--db sqlite:FILE needs a file name, e.g. sqlite:/var/lib/pcr-sync/sync.sqlite');
    return { kind: 'sqlite', target: path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', target: url };
  throw new Error(`--db must be sqlite:FILE or postgres://USER@HOST/DB, got "${url.replace(/\/\/[^@/]*@/, '//…@')}"`);
}

// PostgreSQL returns BIGINT as text by default; sequence numbers stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

/** Rows per multi-row INSERT: under SQLite's and PostgreSQL's parameter limits. */
const INSERT_CHUNK = 500;
/** Serialises pushes on PostgreSQL so sequence numbers become visible in order (a reader never skips one). */
const PUSH_LOCK_KEY = 640_601;

export class ServerStore {
  private constructor(
    readonly kind: DbKind,
    readonly db: Kysely<ServerDatabase>,
    /** The server's identity: new for every new database, so a reset server is recognised. */
    readonly serverId: string,
  ) {}

  static async open(url: string): Promise<ServerStore> {
    const { kind, target } = parseDbUrl(url);
    let db: Kysely<ServerDatabase>;
    if (kind === 'sqlite') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const sqlite = new Database(target);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('busy_timeout = 5000');
      db = new Kysely<ServerDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
    } else {
      db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target, max: 8 }) }) });
    }
    try {
      await createSchema(db, kind);
      const serverId = await ensureServerId(db);
      return new ServerStore(kind, db, serverId);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  async lastSeq(): Promise<number> {
    const row = await this.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('last')).executeTakeFirst();
    return Number(row?.last ?? 0);
  }

  /** Stores the changes it does not have yet; returns every change id of the batch with its sequence number. */
  async push(user: string, changes: readonly WireChange[]): Promise<{ change_id: string; seq: number }[]> {
    if (changes.length === 0) return [];
    const receivedAt = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      if (this.kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PUSH_LOCK_KEY})`.execute(trx);
      for (let i = 0; i < changes.length; i += INSERT_CHUNK) {
        const rows = changes.slice(i, i + INSERT_CHUNK).map((c) => ({
          change_id: c.change_id,
          entity: c.entity,
          row_id: c.row_id,
          field: c.field,
          value: c.value,
          device_id: c.device_id,
          actor: c.actor,
          dossier_id: c.dossier_id,
          base: c.base,
          user_name: user,
          received_at: receivedAt,
        }));
        await trx.insertInto('changes').values(rows).onConflict((oc) => oc.column('change_id').doNothing()).execute();
      }
      return seqsOf(trx, changes.map((c) => c.change_id));
    });
  }

  /** The changes after a sequence number, in order, read in the shape they travel in (BIGINT seq is parsed to a number above). */
  async pull(after: number, limit: number): Promise<PulledChange[]> {
    return this.db
      .selectFrom('changes')
      .select(['seq', 'change_id', 'entity', 'row_id', 'field', 'value', 'device_id', 'actor', 'dossier_id', 'base', 'user_name as user'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  // Users and tokens. A token is 32 random bytes, so one SHA-256 suffices to store it safely (no
  // dictionary to guard against, unlike a password).
  static hashToken(token: string): string {
    return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
  }

  async addUser(name: string, role: string): Promise<string> {
    const existing = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    if (existing && !existing.revoked_at) throw new Error(`User "${name}" already exists; revoke it first to issue a new token.`);
    const token = `pcrs_${crypto.randomBytes(32).toString('base64url')}`;
    const row = { name, role, token_hash: ServerStore.hashToken(token), created_at: new Date().toISOString(), revoked_at: null };
    if (existing) await this.db.updateTable('users').set(row).where('name', '=', name).execute();
    else await this.db.insertInto('users').values(row).execute();
    return token;
  }

  async revokeUser(name: string): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ revoked_at: new Date().toISOString() })
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.db.selectFrom('users').select(['name', 'role', 'revoked_at']).orderBy('name').execute();
  }

  /** The active user holding this token, if any. */
  async authenticate(token: string): Promise<UserRecord | undefined> {
    return this.db
      .selectFrom('users')
      .select(['name', 'role', 'revoked_at'])
      .where('token_hash', '=', ServerStore.hashToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  // Attachments, by content hash (checked by the HTTP layer before they get here).
  async hasAttachment(sha256: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('attachments').select('sha256').where('sha256', '=', sha256).executeTakeFirst());
  }

  async putAttachment(sha256: string, content: Buffer, user: string): Promise<void> {
    await this.db
      .insertInto('attachments')
      .values({ sha256, size: content.length, content, uploaded_by: user, uploaded_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async getAttachment(sha256: string): Promise<Buffer | undefined> {
    const row = await this.db.selectFrom('attachments').select('content').where('sha256', '=', sha256).executeTakeFirst();
    return row ? Buffer.from(row.content) : undefined;
  }

  // The team's public signing keys.
  async publishKey(key: PublishedKey, user: string): Promise<void> {
    const row = { key_id: key.key_id, public_key: key.public_key, name: key.name, role: key.role, published_by: user, published_at: new Date().toISOString() };
    await this.db.insertInto('published_keys').values(row).onConflict((oc) => oc.column('key_id').doNothing()).execute();
  }

  async listKeys(): Promise<PublishedKey[]> {
    return this.db.selectFrom('published_keys').selectAll().orderBy('published_at').execute();
  }
}

async function seqsOf(trx: Transaction<ServerDatabase>, changeIds: string[]): Promise<{ change_id: string; seq: number }[]> {
  const out: { change_id: string; seq: number }[] = [];
  for (let i = 0; i < changeIds.length; i += INSERT_CHUNK) {
    const rows = await trx.selectFrom('changes').select(['change_id', 'seq']).where('change_id', 'in', changeIds.slice(i, i + INSERT_CHUNK)).execute();
    for (const r of rows) out.push({ change_id: r.change_id, seq: Number(r.seq) });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

async function createSchema(db: Kysely<ServerDatabase>, kind: DbKind): Promise<void> {
  await db.schema.createTable('server_meta').ifNotExists().addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
  await db.schema
    .createTable('users')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('changes')
    .ifNotExists()
    .addColumn('seq', kind === 'postgres' ? 'bigserial' : 'integer', (c) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('change_id', 'text', (c) => c.notNull().unique())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('dossier_id', 'text')
    .addColumn('base', 'text')
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('attachments')
    .ifNotExists()
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', kind === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('published_keys')
    .ifNotExists()
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
}

async function ensureServerId(db: Kysely<ServerDatabase>): Promise<string> {
  const fresh = crypto.randomUUID();
  await db.insertInto('server_meta').values({ key: 'server_id', value: fresh }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', 'server_id').executeTakeFirstOrThrow();
  return row.value;
}
