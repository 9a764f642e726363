/** How changes to conformance records read in the dossier's History tab and in sync conflicts. */
import type { HistoryRegistration, OperationChange } from '../history/index';
import type { Store } from '../store/index';

const TABLES: Record<string, string> = {
  conformance_plan_items: 'Conformance plan',
  conformance_rounds: 'Conformance round',
  conformance_results: 'Conformance result',
  conformance_evidence: 'Conformance evidence',
  conformance_defects: 'Conformance defect',
  conformance_imports: 'Imported test report',
  conformance_approvals: 'CIS interface approval',
};

/** What names the row: the case, the round number, the defect number, the file. */
function rowName(store: Store, entity: string, rowId: string): string {
  const get = (sql: string) => store.prepare(sql).get(rowId) as Record<string, string | number | null> | undefined;
  switch (entity) {
    case 'conformance_plan_items':
      return String(get('SELECT case_id AS n FROM conformance_plan_items WHERE id = ?')?.n ?? '');
    case 'conformance_rounds': {
      const r = get('SELECT number AS n, environment AS e FROM conformance_rounds WHERE id = ?');
      return r ? `${r.n} (${r.e})` : '';
    }
    case 'conformance_results': {
      const r = get('SELECT r.case_id AS c, o.number AS n FROM conformance_results r LEFT JOIN conformance_rounds o ON o.id = r.round_id WHERE r.id = ?');
      return r ? `${r.c}, round ${r.n ?? '?'}` : '';
    }
    case 'conformance_defects': {
      const r = get('SELECT number AS n, case_id AS c FROM conformance_defects WHERE id = ?');
      return r ? `D-${r.n} (${r.c})` : '';
    }
    case 'conformance_evidence':
    case 'conformance_imports':
      return String(get(`SELECT ${entity === 'conformance_evidence' ? 'name' : 'file_name'} AS n FROM ${entity} WHERE id = ?`)?.n ?? '');
    case 'conformance_approvals': {
      const r = get('SELECT a.signer_name AS s, o.number AS n FROM conformance_approvals a LEFT JOIN conformance_rounds o ON o.id = a.round_id WHERE a.id = ?');
      return r ? `round ${r.n ?? '?'} by ${r.s}` : '';
    }
    default:
      return '';
  }
}

/** A label such as `Conformance result FC-01, round 2 — status`, or null for other entities. */
export function conformanceHistoryLabel(store: Store, entity: string, rowId: string, field: string): string | null {
  const table = TABLES[entity];
  if (!table) return null;
  const name = rowName(store, entity, rowId);
  return `${table}${name ? ` ${name}` : ''} — ${field === 'deleted_at' ? 'removed' : field.replaceAll('_', ' ')}`;
}

/** `Test report imported`, `CIS interface approval recorded`, `Conformance round 2 started`. */
function conformanceSummary(store: Store, changes: readonly OperationChange[]): string | null {
  const created = (entity: string) => changes.find((c) => c.entity === entity && c.field !== 'deleted_at' && c.old_value === null);
  if (created('conformance_imports')) return 'Conformance: test report imported';
  if (created('conformance_approvals')) return 'Conformance: CIS interface approval recorded';
  const round = created('conformance_rounds');
  if (round) return `Conformance round ${rowName(store, 'conformance_rounds', round.row_id)} started`;
  if (created('conformance_defects')) return 'Conformance: defect recorded';
  const tables = new Set(changes.map((c) => c.entity));
  if (tables.size === 1 && tables.has('conformance_results')) return 'Conformance: results recorded';
  if (tables.size === 1 && tables.has('conformance_plan_items')) return 'Conformance: test plan changed';
  return 'Conformance testing updated';
}

export const conformanceHistoryLabels: HistoryRegistration = {
  kind: 'conformance',
  entities: Object.keys(TABLES),
  label: conformanceHistoryLabel,
  summarize: conformanceSummary,
};
