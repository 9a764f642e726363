/**
 * The mass-delete guard: a pull that would delete most of a dossier (or the dossier itself) stops
 * and asks, before anything of it is applied.
 */
import type { PulledChange } from '../../shared/sync/protocol';
import type { Store } from '../store/index';
import { ENTITIES, isEntityName } from '../store/entities';

/** Fewer deletions than this never trip the guard (removing a few list items is ordinary work). */
export const MASS_DELETE_MIN_ROWS = 5;

export interface MassDelete {
  dossier_id: string;
  reference: string | null;
  deleting: number;
  live: number;
}

const CHILD_TABLES = Object.entries(ENTITIES)
  .filter(([name, columns]) => name !== 'dossiers' && (columns as ReadonlySet<string>).has('deleted_at') && (columns as ReadonlySet<string>).has('dossier_id'))
  .map(([name]) => name);

function liveRows(store: Store, dossierId: string): number {
  let n = (store.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE id = ? AND deleted_at IS NULL').get(dossierId) as { n: number }).n;
  for (const table of CHILD_TABLES) {
    n += (store.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE dossier_id = ? AND deleted_at IS NULL`).get(dossierId) as { n: number }).n;
  }
  return n;
}

export function findMassDeletes(store: Store, incoming: readonly PulledChange[]): MassDelete[] {
  const known = store.prepare('SELECT 1 FROM change_log WHERE change_id = ?');
  const deletions = new Map<string, Set<string>>();
  const wholeDossier = new Set<string>();
  for (const c of incoming) {
    if (c.field !== 'deleted_at' || c.value === 'null' || !isEntityName(c.entity) || !(ENTITIES[c.entity] as ReadonlySet<string>).has('deleted_at')) continue;
    if (known.get(c.change_id)) continue;
    const live = store.prepare(`SELECT 1 FROM "${c.entity}" WHERE id = ? AND deleted_at IS NULL`).get(c.row_id);
    if (!live) continue;
    const dossierId = c.entity === 'dossiers' ? c.row_id : c.dossier_id;
    if (!dossierId) continue;
    if (c.entity === 'dossiers') wholeDossier.add(dossierId);
    const rows = deletions.get(dossierId) ?? new Set<string>();
    rows.add(`${c.entity}/${c.row_id}`);
    deletions.set(dossierId, rows);
  }
  const found: MassDelete[] = [];
  for (const [dossierId, rows] of deletions) {
    const live = liveRows(store, dossierId);
    const deleting = wholeDossier.has(dossierId) ? live : rows.size;
    if (deleting >= MASS_DELETE_MIN_ROWS && deleting * 2 > live) {
      const ref = store.prepare('SELECT reference FROM dossiers WHERE id = ?').get(dossierId) as { reference: string | null } | undefined;
      found.push({ dossier_id: dossierId, reference: ref?.reference ?? null, deleting, live });
    }
  }
  return found;
}
