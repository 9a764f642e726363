/**
 * What the approval packages hand the History: an exported package and an approver's recorded
 * decision read as words (`Approval package v2 (fraser-v2.pcrpkg) — manifest fingerprint`,
 * `Package v2 decision by Dana Lee (Ministry of Health approver) — decision`), not as columns.
 */
import { DECISION_LABELS, type Decision } from '../../shared/api/packageOps';
import { roleLabel, type ParticipantRole } from '../../shared/workflow/roles';
import type { HistoryRegistration, OperationChange } from '../history/index';
import type { Store } from '../store/index';

const PACKAGE_FIELDS: Record<string, string> = {
  version: 'version',
  created_at: 'exported on',
  created_by: 'exported by',
  manifest_sha256: 'manifest fingerprint (SHA-256)',
  file_name: 'file name',
  content_fingerprint: 'dossier content fingerprint',
  deleted_at: 'removed',
};

const DECISION_FIELDS: Record<string, string> = {
  package_version: 'package version',
  manifest_sha256: 'manifest fingerprint (SHA-256)',
  key_id: 'signing key',
  signer_name: 'signed by',
  signer_role: 'signer’s role',
  decision: 'decision',
  comment: 'comment',
  signed_at: 'signed at',
  recorded_at: 'recorded on',
  recorded_by: 'recorded by',
  deleted_at: 'removed',
};

interface PackageRow {
  version: number | null;
  file_name: string | null;
}

interface DecisionRow {
  package_version: number | null;
  signer_name: string | null;
  signer_role: string | null;
  decision: string | null;
}

const packageRow = (store: Store, rowId: string) => store.prepare('SELECT version, file_name FROM packages WHERE id = ?').get(rowId) as PackageRow | undefined;
const decisionRow = (store: Store, rowId: string) =>
  store.prepare('SELECT package_version, signer_name, signer_role, decision FROM package_approvals WHERE id = ?').get(rowId) as DecisionRow | undefined;

const signer = (row: DecisionRow | undefined) => {
  if (!row?.signer_name) return '';
  const role = row.signer_role ? ` (${roleLabel(row.signer_role as ParticipantRole)})` : '';
  return ` by ${row.signer_name}${role}`;
};

function packageLabel(store: Store, entity: string, rowId: string, field: string): string | null {
  if (entity === 'packages') {
    const row = packageRow(store, rowId);
    const name = `Approval package${row?.version ? ` v${row.version}` : ''}${row?.file_name ? ` (${row.file_name})` : ''}`;
    return `${name} — ${PACKAGE_FIELDS[field] ?? field.replaceAll('_', ' ')}`;
  }
  if (entity === 'package_approvals') {
    const row = decisionRow(store, rowId);
    return `Package${row?.package_version ? ` v${row.package_version}` : ''} decision${signer(row)} — ${DECISION_FIELDS[field] ?? field.replaceAll('_', ' ')}`;
  }
  return null;
}

function packageSummary(store: Store, changes: readonly OperationChange[]): string | null {
  const exported = changes.find((c) => c.entity === 'packages' && c.field === 'version' && c.old_value === null);
  if (exported) return `Approval package v${String(exported.new_value)} exported`;
  const decisions = [...new Set(changes.filter((c) => c.entity === 'package_approvals').map((c) => c.row_id))].map((id) => decisionRow(store, id));
  if (decisions.length === 1) {
    const decision = decisions[0]?.decision ? DECISION_LABELS[decisions[0].decision as Decision] ?? decisions[0].decision : 'Decision';
    return `Package${decisions[0]?.package_version ? ` v${decisions[0].package_version}` : ''}: ${decision}${signer(decisions[0])}`;
  }
  if (decisions.length > 1) return `Package decisions recorded (${decisions.length} approvers)`;
  return 'Approval package record changed';
}

export const packageHistoryLabels: HistoryRegistration = {
  kind: 'documents',
  entities: ['packages', 'package_approvals'],
  label: packageLabel,
  summarize: packageSummary,
};
