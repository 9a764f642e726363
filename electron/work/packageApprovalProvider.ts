/**
 * Package approvals awaited: the latest exported approval package of a dossier still in progress,
 * for each approver role whose decision on that version has not come back. Approvals are asked of
 * a role (the package's signature blocks), so the item is the role's, not a named person's.
 */
import { PACKAGE_APPROVERS, type PackageApprover } from '../../shared/workflow/approvals';
import { FINAL_STAGE } from '../../shared/workflow/definition';
import { roleLabel } from '../../shared/workflow/roles';
import { addDays } from '../../shared/work/queue';
import type { Store } from '../store/index';
import type { ProvidedItem, WorkItemProvider, WorkQuery } from './providers';

interface Row {
  id: string;
  version: number;
  created_at: string | null;
  go_live: string | null;
  dossier_id: string;
  reference: string;
  organization: string | null;
}

/** Days before the go-live target the approvals are due (and after the export, without a target). */
export const PACKAGE_APPROVAL_DAYS = 14;

/**
 * Due two weeks before the dossier's go-live target: the required approvals gate the go-live, and
 * the cutover needs them settled. Without a target, two weeks after the package was exported. (Due
 * on the export day, every package awaiting a decision was overdue at once.)
 */
export function approvalDue(exportedOn: string | null, goLive: string | null): string | null {
  if (goLive) return addDays(goLive, -PACKAGE_APPROVAL_DAYS);
  return exportedOn ? addDays(exportedOn, PACKAGE_APPROVAL_DAYS) : null;
}

function packageItem(r: Row, approver: PackageApprover, due: string | null): ProvidedItem {
  return {
    id: `package-approval:${r.id}:${approver.role}`,
    kind: 'package-approval',
    kind_label: 'Package approval',
    dossier_id: r.dossier_id,
    reference: r.reference,
    organization: r.organization,
    title: `Approve the approval package, version ${r.version}`,
    detail: [`as ${roleLabel(approver.role)}`, approver.required ? 'required for go-live' : 'optional', r.created_at ? `exported ${r.created_at.slice(0, 10)}` : null]
      .filter(Boolean)
      .join(' · '),
    due_date: due,
    target: { tab: 'documents' as const, focus: `package:${r.version}` },
  };
}

export function packageApprovalProvider(store: Store): WorkItemProvider {
  return {
    kind: 'package-approval',
    label: 'Package approval',
    entries(query: WorkQuery) {
      const approver = PACKAGE_APPROVERS.find((a) => a.role === query.role);
      if (!approver) return [];
      const rows = store
        .prepare(
          `SELECT p.id, p.version, p.created_at, d.targets__go_live_date AS go_live, d.id AS dossier_id, d.reference, d.organization__legal_name AS organization
           FROM packages p JOIN dossiers d ON d.id = p.dossier_id
           WHERE p.deleted_at IS NULL AND d.deleted_at IS NULL AND COALESCE(d.status__phase, 'intake') <> @final
             AND p.version = (SELECT MAX(q.version) FROM packages q WHERE q.dossier_id = p.dossier_id AND q.deleted_at IS NULL)
             AND NOT EXISTS (SELECT 1 FROM package_approvals a WHERE a.dossier_id = p.dossier_id AND a.package_version = p.version
                               AND a.signer_role = @role AND a.decision IS NOT NULL AND a.deleted_at IS NULL)`,
        )
        .all({ role: approver.role, final: FINAL_STAGE }) as Row[];
      return rows.map((r) => {
        const due = approvalDue(r.created_at ? r.created_at.slice(0, 10) : null, r.go_live);
        return { id: `package-approval:${r.id}:${approver.role}`, due_date: due, reference: r.reference, build: () => packageItem(r, approver, due) };
      });
    },
  };
}
