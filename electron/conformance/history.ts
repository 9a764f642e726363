/** How changes to conformance records read in the dossier's History tab and in sync conflicts. */
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
