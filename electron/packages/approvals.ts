/**
 * Decisions that come back into the record: importing a signed approval package verifies it and
 * records each approver's decision on the dossier (package_approvals, through the write path, one
 * row per package version and key, with a deterministic id so a second import changes nothing);
 * the approval status of each package version against the required approver roles; and the gate
 * reason while the latest version still awaits a required approval.
 */
import { WorkbenchError } from '../../shared/api/errors';
import { DECISION_LABELS, type ApprovalStatus, type RecordedDecision, type VerificationReport } from '../../shared/api/packageOps';
import { APPROVALS_REQUIRED_AT, PACKAGE_APPROVERS } from '../../shared/workflow/approvals';
import type { Stage } from '../../shared/workflow/definition';
import { roleLabel } from '../../shared/workflow/roles';
import type { ServiceContext } from '../dossiers/index';
import { findDossierRow } from '../dossiers/read';
import type { Change, Store } from '../store/index';

export const approvalRowId = (dossierId: string, version: number, keyId: string) => `${dossierId}/package-approval/${version}/${keyId}`;

const DECISION_COLUMNS = 'package_version, key_id, signer_name, signer_role, decision, comment, signed_at, recorded_at, recorded_by';

export function recordedDecisions(store: Store, dossierId: string): RecordedDecision[] {
  return store
    .prepare(
      `SELECT ${DECISION_COLUMNS} FROM package_approvals
       WHERE dossier_id = ? AND deleted_at IS NULL AND package_version IS NOT NULL AND decision IS NOT NULL ORDER BY package_version DESC, signed_at`,
    )
    .all(dossierId) as RecordedDecision[];
}

/** A version's decisions against the required roles: the latest decision of each role counts. */
export function statusOf(version: number, decisions: readonly RecordedDecision[]): ApprovalStatus {
  const own = decisions.filter((d) => d.package_version === version);
  const required = PACKAGE_APPROVERS.filter((a) => a.required).map(({ role }) => {
    const latest = own.filter((d) => d.signer_role === role).sort((a, b) => b.signed_at.localeCompare(a.signed_at))[0];
    return { role, role_label: roleLabel(role), status: latest?.decision ?? ('awaited' as const), name: latest?.signer_name ?? null, signed_at: latest?.signed_at ?? null };
  });
  const complete = required.every((r) => r.status === 'approved' || r.status === 'approved_with_conditions');
  return { package_version: version, complete, required, decisions: own };
}

function packageVersions(store: Store, dossierId: string): number[] {
  return (store.prepare('SELECT DISTINCT version FROM packages WHERE dossier_id = ? AND deleted_at IS NULL AND version IS NOT NULL ORDER BY version DESC').all(dossierId) as { version: number }[]).map(
    (r) => r.version,
  );
}

/** Every exported package version's approval status, newest first. */
export function approvalStatuses(ctx: ServiceContext, idOrRef: string): ApprovalStatus[] {
  const dossier = findDossierRow(ctx.store, idOrRef);
  const decisions = recordedDecisions(ctx.store, dossier.id);
  return packageVersions(ctx.store, dossier.id).map((v) => statusOf(v, decisions));
}

/** Why the dossier cannot pass the phase gate the workflow ties to approvals (none at other gates). */
export function approvalGateReasons(store: Store, dossierId: string, stage: Stage): string[] {
  if (stage !== APPROVALS_REQUIRED_AT) return [];
  const required = PACKAGE_APPROVERS.filter((a) => a.required).map((a) => roleLabel(a.role));
  const latest = packageVersions(store, dossierId)[0];
  if (latest === undefined) return [`The approval package has not been exported and approved yet (required: ${required.join(', ')}).`];
  const status = statusOf(latest, recordedDecisions(store, dossierId));
  if (status.complete) return [];
  const rejected = status.required.filter((r) => r.status === 'rejected');
  const awaited = status.required.filter((r) => r.status === 'awaited');
  return [
    ...rejected.map((r) => `Approval package version ${latest} was rejected by ${r.name} (${r.role_label}).`),
    ...(awaited.length ? [`Approval package version ${latest} awaits the approval of ${awaited.map((r) => r.role_label).join(' and ')}.`] : []),
  ];
}

/**
 * Records the decisions of a verified package on its dossier. Refuses (nothing recorded) a
 * package that does not fully verify, one for a dossier this workbench does not hold, and one
 * that was not exported from that dossier.
 */
export function recordDecisions(ctx: ServiceContext & { now: () => Date }, report: VerificationReport) {
  if (!report.ok || !report.manifest || !report.manifest_sha256) {
    throw new WorkbenchError(
      'forbidden',
      `The package does not verify, so no decision was recorded: ${report.problems.join(' ')}`,
      { reasons: report.problems },
    );
  }
  const m = report.manifest;
  const dossier = findDossierRow(ctx.store, m.dossier_id);
  const exported = ctx.store
    .prepare('SELECT 1 FROM packages WHERE dossier_id = ? AND manifest_sha256 = ? AND version = ? AND deleted_at IS NULL LIMIT 1')
    .get(dossier.id, report.manifest_sha256, m.package_version);
  if (!exported) {
    throw new WorkbenchError(
      'conflict',
      `This package (version ${m.package_version} of ${m.reference}) is not one exported from ${dossier.reference}: no export with its manifest is recorded on this workbench or the team's. No decision was recorded.`,
    );
  }
  const at = ctx.now().toISOString();
  const changes: Change[] = [];
  const decisions: RecordedDecision[] = [];
  let unchanged = 0;
  for (const s of report.signatures) {
    const signer = s.trusted_signer ?? s.claimed_signer!;
    const id = approvalRowId(dossier.id, m.package_version, s.key_id!);
    const stored = ctx.store.prepare('SELECT decision, comment, signed_at FROM package_approvals WHERE id = ?').get(id) as
      | { decision: string; comment: string | null; signed_at: string }
      | undefined;
    const decision: RecordedDecision = {
      package_version: m.package_version,
      key_id: s.key_id!,
      signer_name: signer.name,
      signer_role: signer.role,
      decision: s.decision!,
      comment: s.comment || null,
      signed_at: s.signed_at!,
      recorded_at: at,
      recorded_by: ctx.actor,
    };
    if (stored && stored.decision === decision.decision && stored.signed_at === decision.signed_at && (stored.comment ?? null) === decision.comment) {
      unchanged += 1;
      continue;
    }
    decisions.push(decision);
    const values: Record<string, string | number | null> = { dossier_id: dossier.id, manifest_sha256: report.manifest_sha256, ...decision };
    for (const [field, value] of Object.entries(values)) changes.push({ entity: 'package_approvals', rowId: id, field, value, dossierId: dossier.id });
  }
  if (changes.length) ctx.store.write(ctx.actor, changes);
  const status = statusOf(m.package_version, recordedDecisions(ctx.store, dossier.id));
  return { dossier_id: dossier.id, reference: dossier.reference, package_version: m.package_version, recorded: decisions.length, unchanged, decisions, status };
}

export const decisionLabel = (d: RecordedDecision['decision']) => DECISION_LABELS[d];
