/**
 * Approver signatures: `signatures/<key_id>.json` in the package.
 *
 * What is signed (Ed25519, no pre-hash): the UTF-8 bytes of the canonical JSON (keys sorted, no
 * whitespace — RFC 8785) of
 *   { "comment": <comment, "" when none>,
 *     "context": "pcr-workbench/approval-package/signature/v1",
 *     "decision": "approved" | "approved_with_conditions" | "rejected",
 *     "manifest_sha256": <hex SHA-256 of the exact bytes of manifest.json>,
 *     "signed_at": <ISO 8601 time, as in the signature file>,
 *     "signer": { "key_id": <key id>, "name": <name>, "role": <participant role key> } }
 * So the signature binds the approver's decision, comment, time and identity to this very
 * manifest — and through its hashes to every document.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { DECISIONS, SIGNER_ROLES, type Decision, type Identity, type KnownKey, type SignatureCheck, type TrustedKey } from '../../shared/api/packageOps';
import { formatFingerprint, nameHolder } from './keyring';
import { canonicalJsonBytes } from './canonicalJson';
import { keyIdOf, parsePublicKey, signBytes, verifyBytes } from './keys';
import { SIGNATURES_DIR } from './manifest';

export const SIGNATURE_CONTEXT = 'pcr-workbench/approval-package/signature/v1';
export const SIGNATURE_FORMAT = 'pcr-workbench-signature';

export const signatureFileSchema = z.object({
  format: z.literal(SIGNATURE_FORMAT),
  format_version: z.literal(1),
  key_id: z.string().regex(/^[0-9a-f]{32}$/, 'expected 32 hex characters'),
  /** Base64 of the raw 32-byte Ed25519 public key. */
  public_key: z.string(),
  signer: z.object({ name: z.string().min(1), role: z.enum(SIGNER_ROLES) }),
  decision: z.enum(DECISIONS),
  comment: z.string(),
  signed_at: z.string().min(1),
  /** The manifest the signer saw; informative (the check uses the package's actual manifest). */
  manifest_sha256: z.string(),
  /** Base64 of the 64-byte Ed25519 signature over the statement above. */
  signature: z.string(),
});
export type SignatureFile = z.infer<typeof signatureFileSchema>;

export const signaturePath = (keyId: string) => `${SIGNATURES_DIR}${keyId}.json`;

export interface Statement {
  manifestSha256: string;
  decision: Decision;
  comment: string;
  signedAt: string;
  signer: { keyId: string; name: string; role: string };
}

/** The exact bytes an approver signs. */
export function statementBytes(s: Statement): Uint8Array {
  return canonicalJsonBytes({
    comment: s.comment,
    context: SIGNATURE_CONTEXT,
    decision: s.decision,
    manifest_sha256: s.manifestSha256,
    signed_at: s.signedAt,
    signer: { key_id: s.signer.keyId, name: s.signer.name, role: s.signer.role },
  });
}

export function createSignature(
  privateKey: KeyObject,
  identity: Identity,
  manifestSha256: string,
  decision: Decision,
  comment: string,
  signedAt: string,
): SignatureFile {
  const statement: Statement = { manifestSha256, decision, comment, signedAt, signer: { keyId: identity.key_id, name: identity.name, role: identity.role } };
  return {
    format: SIGNATURE_FORMAT,
    format_version: 1,
    key_id: identity.key_id,
    public_key: identity.public_key,
    signer: { name: identity.name, role: identity.role },
    decision,
    comment,
    signed_at: signedAt,
    manifest_sha256: manifestSha256,
    signature: signBytes(privateKey, statementBytes(statement)).toString('base64'),
  };
}

export function signatureFileBytes(signature: SignatureFile): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(signature, null, 2) + '\n');
}

/** Whether a keyring entry's key (base64 raw or PEM) is this key; a damaged entry matches nothing. */
function sameKey(text: string, key: KeyObject): boolean {
  try {
    return parsePublicKey(text).equals(key);
  } catch {
    return false;
  }
}

const who = (s: { name: string; role: string }, keyId: string) => `${s.name} (${s.role}, key ${keyId})`;

/**
 * Checks one signature entry against the package's actual manifest hash and the keyring.
 * `manifestSha256` is null when the package has no readable manifest: nothing can be valid then.
 */
export function checkSignature(
  entryName: string,
  bytes: Uint8Array | null,
  entryProblem: string | null,
  manifestSha256: string | null,
  keyring: readonly TrustedKey[],
  known: readonly KnownKey[] = [],
): { check: SignatureCheck; problems: string[] } {
  const malformed = (detail: string): { check: SignatureCheck; problems: string[] } => ({
    check: {
      file: entryName,
      key_id: null,
      claimed_signer: null,
      decision: null,
      comment: null,
      signed_at: null,
      status: 'malformed',
      trust: null,
      trusted_signer: null,
      detail,
    },
    problems: [`${entryName} is not a readable signature: ${detail}.`],
  });
  if (!bytes) return malformed(entryProblem ?? 'its data is damaged');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return malformed('not valid UTF-8 JSON');
  }
  const result = signatureFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return malformed(`${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  const sig = result.data;
  let publicKey: KeyObject;
  try {
    publicKey = parsePublicKey(sig.public_key);
  } catch {
    return malformed('public_key is not an Ed25519 public key');
  }
  if (keyIdOf(publicKey) !== sig.key_id) return malformed(`key_id ${sig.key_id} is not the fingerprint of its public key`);
  if (entryName !== signaturePath(sig.key_id)) return malformed(`it is for key ${sig.key_id}, so it belongs in ${signaturePath(sig.key_id)}`);
  const signatureBytes = Buffer.from(sig.signature, 'base64');

  const base = {
    file: entryName,
    key_id: sig.key_id,
    claimed_signer: sig.signer,
    decision: sig.decision,
    comment: sig.comment,
    signed_at: sig.signed_at,
  };
  const problems: string[] = [];
  const trusted = keyring.find((k) => k.key_id === sig.key_id && sameKey(k.public_key, publicKey));
  const holder = trusted ? undefined : nameHolder(keyring, { key_id: sig.key_id, name: sig.signer.name });
  const isKnown = known.some((k) => k.key_id === sig.key_id && sameKey(k.public_key, publicKey));
  const trust: SignatureCheck['trust'] = trusted
    ? trusted.name !== sig.signer.name || trusted.role !== sig.signer.role
      ? 'identity_mismatch'
      : 'trusted'
    : holder
      ? 'conflicting'
      : isKnown
        ? 'known_untrusted'
        : 'unknown_signer';

  let status: SignatureCheck['status'] = 'valid';
  let detail: string | null = null;
  const valid =
    manifestSha256 !== null &&
    signatureBytes.length === 64 &&
    verifyBytes(
      publicKey,
      statementBytes({ manifestSha256, decision: sig.decision, comment: sig.comment, signedAt: sig.signed_at, signer: { keyId: sig.key_id, ...sig.signer } }),
      signatureBytes,
    );
  if (!valid) {
    status = 'bad_signature';
    detail =
      manifestSha256 === null
        ? 'the package has no readable manifest to check it against'
        : sig.manifest_sha256 !== manifestSha256
          ? `it was made over a different manifest (${sig.manifest_sha256.slice(0, 16)}…, this package's is ${manifestSha256.slice(0, 16)}…): another package, another version, or an edited manifest`
          : 'the signature does not match its decision, comment, time or signer: the signature file was altered';
    problems.push(`The signature of ${who(sig.signer, sig.key_id)} is not valid: ${detail}.`);
  }
  if (trust === 'unknown_signer') {
    problems.push(`${who(sig.signer, sig.key_id)} is not in the trusted keyring: an unknown signer.`);
  } else if (trust === 'conflicting') {
    problems.push(
      `${who(sig.signer, sig.key_id)} is not trusted and claims the name of ${holder!.name}, whose trusted key is ${formatFingerprint(holder!.key_id)}: a conflicting key, possibly an impostor.`,
    );
  } else if (trust === 'known_untrusted') {
    problems.push(`${who(sig.signer, sig.key_id)} is known (received through sync) but no one here has confirmed it: an untrusted signer.`);
  } else if (trust === 'identity_mismatch') {
    problems.push(
      `${entryName} says it was signed by ${sig.signer.name} (${sig.signer.role}), but the keyring knows key ${sig.key_id} as ${trusted!.name} (${trusted!.role}).`,
    );
  }
  return {
    check: { ...base, status, trust, trusted_signer: trusted ? { name: trusted.name, role: trusted.role, added_at: trusted.added_at } : null, detail },
    problems,
  };
}
