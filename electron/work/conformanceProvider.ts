/**
 * Conformance results to review: a round that has ended and has no approval decision yet, for its
 * CIS reviewer by name, or (no reviewer named) for the CIS role.
 */
import type { Store } from '../store/index';
import type { ProvidedItem, WorkItemProvider, WorkQuery } from './providers';

interface Row {
  id: string;
  number: number | null;
  environment: string | null;
  ended_on: string;
  cis_reviewer: string | null;
  dossier_id: string;
  reference: string;
  organization: string | null;
}

function conformanceItem(r: Row): ProvidedItem {
  return {
    id: `conformance:${r.id}`,
    kind: 'conformance',
    kind_label: 'Conformance review',
    dossier_id: r.dossier_id,
    reference: r.reference,
    organization: r.organization,
    title: `Review conformance round ${r.number ?? ''}`.trim(),
    detail: [r.environment, `ended ${r.ended_on}`, r.cis_reviewer ? `reviewer ${r.cis_reviewer}` : 'no reviewer named'].filter(Boolean).join(' · '),
    due_date: r.ended_on,
    target: { tab: 'conformance' as const, focus: r.id },
  };
}

export function conformanceReviewProvider(store: Store): WorkItemProvider {
  return {
    kind: 'conformance',
    label: 'Conformance review',
    entries(query: WorkQuery) {
      const mine: string[] = [];
      if (query.assignee) mine.push('r.cis_reviewer = @assignee COLLATE NOCASE');
      if (query.role === 'cis') mine.push("(r.cis_reviewer IS NULL OR r.cis_reviewer = '')");
      if (!mine.length) return [];
      const rows = store
        .prepare(
          `SELECT r.id, r.number, r.environment, r.ended_on, r.cis_reviewer, d.id AS dossier_id, d.reference, d.organization__legal_name AS organization
           FROM conformance_rounds r JOIN dossiers d ON d.id = r.dossier_id
           WHERE r.deleted_at IS NULL AND r.ended_on IS NOT NULL AND d.deleted_at IS NULL AND (${mine.join(' OR ')})
             AND NOT EXISTS (SELECT 1 FROM conformance_approvals a WHERE a.dossier_id = r.dossier_id AND a.round_id = r.id AND a.deleted_at IS NULL AND a.decision IS NOT NULL)`,
        )
        .all(query.assignee ? { assignee: query.assignee } : {}) as Row[];
      // Review is due once the round has ended: from its end date it counts as this week's work, then overdue.
      return rows.map((r) => ({ id: `conformance:${r.id}`, due_date: r.ended_on, reference: r.reference, build: () => conformanceItem(r) }));
    },
  };
}
