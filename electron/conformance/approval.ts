/**
 * CIS interface approval: a decision signed with the CIS person's Ed25519 key over a canonical
 * summary of the round it approves (cases, results, open defects, evidence hashes).
 *
 * Signed bytes: canonical JSON (RFC 8785, as the approval packages) of
 *   { "comment", "context": "pcr-workbench/conformance-approval/v1", "decision", "dossier_id",
 *     "round_id", "signed_at", "signer": { "key_id", "name", "role" }, "summary_sha256" }
 * where summary_sha256 is the SHA-256 of the canonical JSON of the summary, kept beside it. Anyone
 * holding the team's trusted keys checks the signature; recomputing the summary from the records
 * tells whether a result changed since.
 */
import type { KeyObject } from 'node:crypto';
import type { Approval, ApprovalDecision, ConformanceRound, Defect, PlanCase } from '../../shared/conformance/model';
import { isDefectOpen } from '../../shared/conformance/model';
import type { TrustedKey } from '../../shared/api/packageOps';
import { canonicalJson, canonicalJsonBytes, type JsonValue } from '../packages/canonicalJson';
import { keyIdOf, parsePublicKey, sha256Hex, signBytes, verifyBytes } from '../packages/keys';

export const APPROVAL_CONTEXT = 'pcr-workbench/conformance-approval/v1';
export const SUMMARY_CONTEXT = 'pcr-workbench/conformance-approval/summary/v1';

export interface SummaryInput {
  dossier: { id: string; reference: string };
  catalogue: { id: string; version: number };
  round: ConformanceRound;
  rounds: readonly ConformanceRound[];
  plan: readonly PlanCase[];
  defects: readonly Defect[];
}

/** Evidence hashes of a result, following a carried pass back to the round that tested it. */
function evidenceHashes(rounds: readonly ConformanceRound[], roundId: string, caseId: string, seen = new Set<string>()): string[] {
  if (seen.has(roundId)) return [];
  seen.add(roundId);
  const result = rounds.find((r) => r.id === roundId)?.results.find((r) => r.case_id === caseId);
  if (!result) return [];
  const own = result.evidence.flatMap((e) => (e.sha256 ? [e.sha256] : e.reference ? [`ref:${e.reference}`] : []));
  const carried = result.carried_from ? evidenceHashes(rounds, result.carried_from, caseId, seen) : [];
  return [...new Set([...own, ...carried])].sort();
}

export function roundSummary(input: SummaryInput): JsonValue {
  const { round, plan } = input;
  const required = new Map(plan.map((c) => [c.case_id, c.required]));
  return {
    context: SUMMARY_CONTEXT,
    dossier: { id: input.dossier.id, reference: input.dossier.reference },
    catalogue: { id: input.catalogue.id, version: input.catalogue.version },
    round: {
      id: round.id,
      number: round.number,
      environment: round.environment,
      started_on: round.started_on,
      ended_on: round.ended_on,
      partner_tester: round.partner_tester,
      cis_reviewer: round.cis_reviewer,
    },
    cases: round.results
      .map((r) => ({
        case_id: r.case_id,
        required: required.get(r.case_id) ?? false,
        status: r.status,
        actual: r.actual,
        reason: r.reason,
        carried_from: r.carried_from,
        evidence: evidenceHashes(input.rounds, round.id, r.case_id),
      }))
      .sort((a, b) => (a.case_id < b.case_id ? -1 : 1)),
    open_defects: input.defects
      .filter((d) => isDefectOpen(d.status))
      .map((d) => ({ id: d.id, label: d.label, case_id: d.case_id, severity: d.severity, status: d.status, description: d.description }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

export interface Statement {
  decision: ApprovalDecision;
  comment: string;
  dossierId: string;
  roundId: string;
  signedAt: string;
  signer: { keyId: string; name: string; role: string };
  summarySha256: string;
}

export function statementBytes(s: Statement): Uint8Array {
  return canonicalJsonBytes({
    comment: s.comment,
    context: APPROVAL_CONTEXT,
    decision: s.decision,
    dossier_id: s.dossierId,
    round_id: s.roundId,
    signed_at: s.signedAt,
    signer: { key_id: s.signer.keyId, name: s.signer.name, role: s.signer.role },
    summary_sha256: s.summarySha256,
  });
}

export const summaryText = (summary: JsonValue) => canonicalJson(summary);
export const summarySha256 = (summary: JsonValue) => sha256Hex(canonicalJson(summary));

export function signStatement(privateKey: KeyObject, statement: Statement): string {
  return signBytes(privateKey, statementBytes(statement)).toString('base64');
}

export interface ApprovalRow {
  id: string;
  dossier_id: string;
  round_id: string;
  decision: ApprovalDecision;
  comment: string | null;
  signed_at: string;
  signer_key_id: string;
  signer_name: string;
  signer_role: string;
  public_key: string;
  summary_sha256: string;
  summary_json: string;
  signature: string;
}

type SummaryCase = { case_id: string; status: string; actual: string | null; reason: string | null; evidence: string[] };

/** What changed between the approved summary and the records now, in words. */
function changes(approvedJson: string, current: JsonValue): string {
  let approved: { cases?: SummaryCase[]; open_defects?: { label: string }[] };
  try {
    approved = JSON.parse(approvedJson);
  } catch {
    return 'the approved summary cannot be read';
  }
  const now = current as { cases: SummaryCase[]; open_defects: { label: string }[] };
  const before = new Map((approved.cases ?? []).map((c) => [c.case_id, c]));
  const parts: string[] = [];
  for (const c of now.cases) {
    const was = before.get(c.case_id);
    if (!was) parts.push(`${c.case_id} was added (${c.status})`);
    else if (was.status !== c.status) parts.push(`${c.case_id} changed from ${was.status} to ${c.status}`);
    else if (canonicalJson(was as unknown as JsonValue) !== canonicalJson({ ...was, ...c } as unknown as JsonValue)) parts.push(`${c.case_id} changed (result, reason or evidence)`);
    before.delete(c.case_id);
  }
  for (const gone of before.keys()) parts.push(`${gone} is no longer in the round`);
  const defectsBefore = (approved.open_defects ?? []).map((d) => d.label).sort().join(',');
  const defectsNow = now.open_defects.map((d) => d.label).sort().join(',');
  if (defectsBefore !== defectsNow) parts.push(`open defects changed (${defectsBefore || 'none'} → ${defectsNow || 'none'})`);
  return parts.length ? parts.join('; ') : 'the round changed';
}

/** Checks a stored approval: its signature, its signer's trust, and whether the round is still as approved. */
export function checkApproval(row: ApprovalRow, roundNumber: number | null, currentSummary: JsonValue | null, keyring: readonly TrustedKey[]): Approval {
  const base = {
    id: row.id,
    round_id: row.round_id,
    round_number: roundNumber,
    decision: row.decision,
    comment: row.comment ?? '',
    signed_at: row.signed_at,
    signer: { key_id: row.signer_key_id, name: row.signer_name, role: row.signer_role },
    summary_sha256: row.summary_sha256,
  };
  const result = (status: Approval['status'], detail: string | null): Approval => ({
    ...base,
    status,
    detail,
    stands: status === 'valid' && row.decision !== 'rejected',
  });
  let signatureOk = false;
  try {
    const publicKey = parsePublicKey(row.public_key);
    signatureOk =
      keyIdOf(publicKey) === row.signer_key_id &&
      sha256Hex(row.summary_json) === row.summary_sha256 &&
      verifyBytes(
        publicKey,
        statementBytes({
          decision: row.decision,
          comment: row.comment ?? '',
          dossierId: row.dossier_id,
          roundId: row.round_id,
          signedAt: row.signed_at,
          signer: { keyId: row.signer_key_id, name: row.signer_name, role: row.signer_role },
          summarySha256: row.summary_sha256,
        }),
        Buffer.from(row.signature, 'base64'),
      );
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return result('bad_signature', 'the signature does not match the approval record: it was altered');
  const trusted = keyring.find((k) => k.key_id === row.signer_key_id);
  if (!trusted || trusted.role !== row.signer_role || trusted.role !== 'cis') {
    return result('unknown_signer', `${row.signer_name} (key ${row.signer_key_id}) is not a trusted CIS key on this device`);
  }
  if (currentSummary === null) return result('changed', 'the approved round no longer exists');
  if (summarySha256(currentSummary) !== row.summary_sha256) return result('changed', `results changed after the approval: ${changes(row.summary_json, currentSummary)}`);
  return result('valid', null);
}
