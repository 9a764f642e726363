/**
 * Risk acceptance that means something: the acceptor is the person of the profile, and the
 * acceptance is signed with their Ed25519 key (the same keys as the approval packages).
 *
 * Signed bytes: canonical JSON (RFC 8785, as the approval packages) of
 *   { "acceptor": { "key_id", "name", "role" }, "accepted_at", "conditions" ("" when none),
 *     "context": "pcr-workbench/risk-acceptance/v1", "dossier_id", "expires", "gap_id",
 *     "gap": { "description", "impact", "likelihood", "rating" }, "justification", "question_id" }
 * The gap's rating and text are in the statement, so changing either after the acceptance makes
 * the signature stop verifying: the acceptance no longer holds and the gap counts as open again.
 */
import type { KeyObject } from 'node:crypto';
import type { RiskAcceptanceCheck } from '../../shared/api/questionnaireTypes';
import type { KnownKey, TrustedKey } from '../../shared/api/packageOps';
import { acceptanceLapse } from '../../shared/questionnaire/rollup';
import type { RiskLevel } from '../../shared/questionnaire/template';
import { roleLabel, type ParticipantRole } from '../../shared/workflow/roles';
import { canonicalJsonBytes } from '../packages/canonicalJson';
import { keyIdOf, parsePublicKey, signBytes, verifyBytes } from '../packages/keys';
import { readKeyring, readKnownKeys } from '../packages/keyring';

export const RISK_ACCEPTANCE_CONTEXT = 'pcr-workbench/risk-acceptance/v1';

/** The gap's columns an acceptance speaks of. */
export interface AcceptedGapRow {
  id: string;
  question_id: string;
  description: string | null;
  likelihood: number | null;
  impact: number | null;
  accepted_by: string | null;
  accepted_role: string | null;
  acceptance_justification: string | null;
  acceptance_conditions: string | null;
  acceptance_expires: string | null;
  accepted_at: string | null;
  acceptance_key_id: string | null;
  acceptance_public_key: string | null;
  acceptance_signature: string | null;
}

export interface AcceptanceStatement {
  dossierId: string;
  gap: Pick<AcceptedGapRow, 'id' | 'question_id' | 'description' | 'likelihood' | 'impact'>;
  rating: RiskLevel | null;
  justification: string;
  conditions: string;
  expires: string;
  acceptedAt: string;
  acceptor: { keyId: string; name: string; role: string };
}

export function acceptanceStatementBytes(s: AcceptanceStatement): Uint8Array {
  return canonicalJsonBytes({
    acceptor: { key_id: s.acceptor.keyId, name: s.acceptor.name, role: s.acceptor.role },
    accepted_at: s.acceptedAt,
    conditions: s.conditions,
    context: RISK_ACCEPTANCE_CONTEXT,
    dossier_id: s.dossierId,
    expires: s.expires,
    gap: { description: s.gap.description ?? '', impact: s.gap.impact, likelihood: s.gap.likelihood, rating: s.rating },
    gap_id: s.gap.id,
    justification: s.justification,
    question_id: s.gap.question_id,
  });
}

export function signAcceptance(privateKey: KeyObject, statement: AcceptanceStatement): string {
  return signBytes(privateKey, acceptanceStatementBytes(statement)).toString('base64');
}

/** The keys this workbench knows, read once per view of a dossier's gaps. */
export interface KeyKnowledge {
  trusted: readonly TrustedKey[];
  known: readonly KnownKey[];
}

export function keyKnowledge(keysDir: string | undefined): KeyKnowledge {
  if (!keysDir) return { trusted: [], known: [] };
  try {
    return { trusted: readKeyring(keysDir), known: readKnownKeys(keysDir) };
  } catch {
    return { trusted: [], known: [] }; // a damaged keyring trusts nobody; `keys list` says what is wrong
  }
}

function signatureStatus(dossierId: string, row: AcceptedGapRow, rating: RiskLevel | null): RiskAcceptanceCheck['signature'] {
  if (!row.acceptance_signature || !row.acceptance_public_key || !row.acceptance_key_id || !row.accepted_at || !row.acceptance_expires) return 'unsigned';
  try {
    const publicKey = parsePublicKey(row.acceptance_public_key);
    if (keyIdOf(publicKey) !== row.acceptance_key_id) return 'changed';
    const bytes = acceptanceStatementBytes({
      dossierId,
      gap: row,
      rating,
      justification: row.acceptance_justification ?? '',
      conditions: row.acceptance_conditions ?? '',
      expires: row.acceptance_expires,
      acceptedAt: row.accepted_at,
      acceptor: { keyId: row.acceptance_key_id, name: row.accepted_by ?? '', role: row.accepted_role ?? '' },
    });
    return verifyBytes(publicKey, bytes, Buffer.from(row.acceptance_signature, 'base64')) ? 'verifies' : 'changed';
  } catch {
    return 'changed';
  }
}

function keyStatus(row: AcceptedGapRow, keys: KeyKnowledge): RiskAcceptanceCheck['key'] {
  if (!row.acceptance_key_id) return null;
  const trusted = keys.trusted.find((k) => k.key_id === row.acceptance_key_id);
  if (trusted && trusted.role === row.accepted_role) return 'trusted';
  if (trusted || keys.known.some((k) => k.key_id === row.acceptance_key_id)) return 'known';
  return 'unknown';
}

/** How a recorded acceptance stands today: its signature, its key's trust here, and whether it lapsed. */
export function checkAcceptance(dossierId: string, row: AcceptedGapRow, rating: RiskLevel | null, keys: KeyKnowledge, today: string): RiskAcceptanceCheck & { verified: boolean } {
  const signature = signatureStatus(dossierId, row, rating);
  const key = keyStatus(row, keys);
  const verified = signature === 'verifies' && key === 'trusted';
  const lapse = acceptanceLapse({ accepted_role: row.accepted_role, acceptance_expires: row.acceptance_expires, acceptance_verified: verified }, rating, today);
  const who = `${row.accepted_by ?? 'someone'}${row.accepted_role ? ` (${roleLabel(row.accepted_role as ParticipantRole)})` : ''}`;
  let summary: string;
  if (signature === 'unsigned') summary = `Risk acceptance by ${who} is not signed (recorded before signed acceptances); accept it again.`;
  else if (signature === 'changed') summary = `Risk acceptance by ${who} no longer verifies: the gap's rating or description, or the acceptance itself, changed after it was signed; accept it again.`;
  else if (key !== 'trusted') {
    summary = `Risk acceptance by ${who}: the signature verifies, but their key is ${key === 'known' ? 'known here, not trusted' : 'not known here'} — trust it (Documents → Signing key) for the acceptance to count.`;
  } else if (lapse === 'wrong_role') summary = `Risk accepted by ${who}, but a high or critical risk needs the ${roleLabel('moh_registries_manager')}.`;
  else if (lapse === 'expired') summary = `Risk acceptance expired on ${row.acceptance_expires}.`;
  else summary = `Accepted by ${who} until ${row.acceptance_expires}; signature verifies, key trusted.`;
  return { signature, key, lapse, summary, verified };
}

const HISTORY_LABELS: Record<string, string> = {
  accepted_by: 'risk accepted by',
  accepted_role: 'risk acceptor’s role',
  accepted_date: 'risk accepted on',
  acceptance_justification: 'risk acceptance justification',
  acceptance_conditions: 'risk acceptance conditions',
  acceptance_expires: 'risk acceptance expires',
  accepted_at: 'risk acceptance signed at',
  acceptance_key_id: 'risk acceptance signing key',
  acceptance_public_key: 'risk acceptance public key',
  acceptance_signature: 'risk acceptance signature',
};

/** The History's words for a gap's risk-acceptance field ("risk acceptance expires"), or null for its other fields. */
export function riskAcceptanceFieldLabel(field: string): string | null {
  return HISTORY_LABELS[field] ?? null;
}
