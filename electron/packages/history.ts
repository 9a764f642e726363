/**
 * Package versions per dossier.
 *
 * The content fingerprint: SHA-256 over the dossier's stored content — for every synced table
 * the write path knows (store/entities.ts) except `packages` itself, the dossier's rows (by `id`
 * for `dossiers`, by `dossier_id` elsewhere) with every writable column, rows ordered by id,
 * encoded as canonical JSON. It depends only on the data (not on which device, the change log's
 * local sequence numbers, or when the documents were rendered), so two devices holding the same
 * dossier agree on it, and any change to a field, an activity, an answer, a gap or the deployment
 * plan changes it. Derived timestamps such as `updated_at` are not writable columns, so are left out.
 *
 * Versioning: a package made while the fingerprint equals the latest package's keeps that
 * version number (a re-export of the same content: a new file and a new history row, same
 * version); a changed dossier gives version n+1. The version is decided before the documents are
 * generated, so the cover page can show it. Template or generator upgrades alone do not bump the
 * version (the manifest records both).
 */
import crypto from 'node:crypto';
import type { PackageRecord } from '../../shared/api/packageOps';
import type { ServiceContext } from '../dossiers/index';
import { findDossierRow } from '../dossiers/read';
import { ENTITIES } from '../store/entities';
import { newId, type Store } from '../store/index';
import { canonicalJson, type JsonValue } from './canonicalJson';
import { recordedDecisions } from './approvals';

/** Tables that are not content of the dossier for the fingerprint. */
// Recorded decisions are about a package, not content of it: importing them keeps the version current.
const NOT_CONTENT = new Set(['packages', 'package_approvals']);

interface PackageRow {
  id: string;
  version: number;
  created_at: string;
  created_by: string | null;
  manifest_sha256: string;
  file_name: string;
  content_fingerprint: string;
}

/** One content table's query for the fingerprint. */
interface FingerprintQuery {
  table: string;
  columns: string[];
  rows: { all(dossierId: string): unknown[] };
}

type Database = Store['db'];
/**
 * The fingerprint's queries, per database and schema version: finding each table's columns
 * (table_info) and preparing its query again on every fingerprint cost ≈ 6 ms of the ≈ 8 ms it
 * took, and an export takes it twice.
 */
const fingerprintQueries = new WeakMap<Database, { schema: number; queries: FingerprintQuery[] }>();

function fingerprintQueriesOf(db: Database): FingerprintQuery[] {
  const schema = db.pragma('schema_version', { simple: true }) as number;
  const cached = fingerprintQueries.get(db);
  if (cached?.schema === schema) return cached.queries;
  const queries: FingerprintQuery[] = [];
  for (const table of Object.keys(ENTITIES).sort()) {
    if (NOT_CONTENT.has(table)) continue;
    const present = new Set((db.pragma(`table_info("${table}")`) as { name: string }[]).map((c) => c.name));
    const owner = table === 'dossiers' ? 'id' : 'dossier_id';
    if (!present.has(owner)) continue;
    const columns = [...ENTITIES[table as keyof typeof ENTITIES]].filter((c) => present.has(c)).sort();
    // Not store.prepare: that caches statements, and raw() would change the cached one's mode.
    const rows = db.prepare(`SELECT id${columns.map((c) => `, "${c}"`).join('')} FROM "${table}" WHERE "${owner}" = ? ORDER BY id`).raw();
    queries.push({ table, columns, rows });
  }
  fingerprintQueries.set(db, { schema, queries });
  return queries;
}

export function dossierContentFingerprint(store: Store, dossierId: string): string {
  const hash = crypto.createHash('sha256');
  for (const { table, columns, rows } of fingerprintQueriesOf(store.db)) {
    hash.update(canonicalJson([table, ['id', ...columns], rows.all(dossierId) as JsonValue[][]]));
    hash.update('\n');
  }
  return hash.digest('hex');
}

function rowsOf(store: Store, dossierId: string): PackageRow[] {
  return store
    .prepare(
      `SELECT id, version, created_at, created_by, manifest_sha256, file_name, content_fingerprint FROM packages
       WHERE dossier_id = ? AND deleted_at IS NULL AND version IS NOT NULL ORDER BY version DESC, created_at DESC, id DESC`,
    )
    .all(dossierId) as PackageRow[];
}

export interface VersionPlan {
  version: number;
  fingerprint: string;
  /** False when the dossier has not changed since the latest package, whose version is kept. */
  newVersion: boolean;
}

export function planPackageVersion(store: Store, dossierId: string): VersionPlan {
  const fingerprint = dossierContentFingerprint(store, dossierId);
  const latest = rowsOf(store, dossierId)[0];
  if (latest && latest.content_fingerprint === fingerprint) return { version: latest.version, fingerprint, newVersion: false };
  return { version: (latest?.version ?? 0) + 1, fingerprint, newVersion: true };
}

export function recordPackage(
  ctx: ServiceContext,
  dossierId: string,
  record: { version: number; createdAt: string; manifestSha256: string; fileName: string; fingerprint: string },
): string {
  const id = newId();
  const values: [string, string | number][] = [
    ['dossier_id', dossierId],
    ['version', record.version],
    ['created_at', record.createdAt],
    ['created_by', ctx.actor],
    ['manifest_sha256', record.manifestSha256],
    ['file_name', record.fileName],
    ['content_fingerprint', record.fingerprint],
  ];
  ctx.store.write(
    ctx.actor,
    values.map(([field, value]) => ({ entity: 'packages' as const, rowId: id, field, value, dossierId })),
  );
  return id;
}

/** The packages exported for a dossier, newest version first. */
export function packageHistory(ctx: ServiceContext, idOrRef: string): PackageRecord[] {
  const dossier = findDossierRow(ctx.store, idOrRef);
  const fingerprint = dossierContentFingerprint(ctx.store, dossier.id);
  const decisions = recordedDecisions(ctx.store, dossier.id);
  return rowsOf(ctx.store, dossier.id).map((row) => ({
    ...row,
    current: row.content_fingerprint === fingerprint,
    decisions: decisions.filter((d) => d.package_version === row.version),
  }));
}
