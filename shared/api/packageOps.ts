/**
 * Operations of the package capability (issue #4): the user's signing key, the team's trusted
 * keyring, and signed approval packages (export, sign, verify, history). Merged into the contract
 * in contract.ts.
 */
import { z } from 'zod';
import { op } from './op';
import { dossierRefSchema } from './types';
import { PARTICIPANT_ROLES, type ParticipantRole } from '../workflow/roles';

/** What an approver decides; part of what the signature covers. */
export const DECISIONS = ['approved', 'approved_with_conditions', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = {
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  rejected: 'Rejected',
};

/** Who may hold a signing key: the participant roles of PCR onboarding. */
export const SIGNER_ROLES = [...PARTICIPANT_ROLES.map((r) => r.key), 'connected_partner'] as unknown as readonly [ParticipantRole, ...ParticipantRole[]];

/** Largest package the API carries (base64 of about 96 MB). */
const MAX_PACKAGE_BASE64 = 128 * 1024 * 1024;
export const base64Schema = z
  .string()
  .max(MAX_PACKAGE_BASE64, 'the package is too large (over 96 MB)')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected the file content as base64');

const keyIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'a key id is 32 hexadecimal characters');

export const signerSchema = z.object({ name: z.string(), role: z.enum(SIGNER_ROLES) });

export const identitySchema = z.object({
  key_id: keyIdSchema,
  /** The raw 32-byte Ed25519 public key, base64. */
  public_key: z.string(),
  name: z.string(),
  role: z.enum(SIGNER_ROLES),
  created_at: z.string(),
});
export type Identity = z.infer<typeof identitySchema>;

export const trustedKeySchema = z.object({
  key_id: keyIdSchema,
  public_key: z.string(),
  name: z.string(),
  role: z.enum(SIGNER_ROLES),
  added_at: z.string(),
});
export type TrustedKey = z.infer<typeof trustedKeySchema>;

/**
 * A public key this workbench has seen but no person here has confirmed: keys received through
 * team sync land here, never in the trusted keyring. `keys trust FINGERPRINT` moves one over.
 */
export const knownKeySchema = z.object({
  key_id: keyIdSchema,
  public_key: z.string(),
  name: z.string(),
  role: z.enum(SIGNER_ROLES),
  /** The sync server's user who published it (as the server says). */
  published_by: z.string().nullable(),
  published_at: z.string().nullable(),
  received_at: z.string(),
});
export type KnownKey = z.infer<typeof knownKeySchema>;

/** Warnings about a key: it claims a name or role that another trusted key holds. */
const keyFlagsSchema = z.array(z.string());

/** The file `keys export` writes and `keys trust` reads. */
export const publicKeyDocumentSchema = z.object({
  format: z.literal('pcr-workbench-public-key'),
  format_version: z.literal(1),
  key_id: keyIdSchema,
  public_key: z.string(),
  public_key_pem: z.string(),
  name: z.string(),
  role: z.enum(SIGNER_ROLES),
  created_at: z.string(),
});
export type PublicKeyDocument = z.infer<typeof publicKeyDocumentSchema>;

export const keyStatusSchema = z.object({
  identity: identitySchema.nullable(),
  /** Whether a private key is there (without unlocking it). */
  has_private_key: z.boolean(),
  /** Where the private key is kept, in words. */
  storage: z.string(),
  trusted_keys: z.array(trustedKeySchema.extend({ flags: keyFlagsSchema })),
  /** Keys received (through sync) and not trusted: each waits for a person to check its fingerprint. */
  known_keys: z.array(knownKeySchema.extend({ flags: keyFlagsSchema })),
});

export const FILE_STATUSES = ['ok', 'missing', 'altered', 'extra'] as const;
export const SIGNATURE_STATUSES = ['valid', 'bad_signature', 'malformed'] as const;
/**
 * trusted: a person here confirmed the key; known_untrusted: received (through sync) but never
 * confirmed; conflicting: an unconfirmed key claiming the name of a trusted key's holder (a
 * likely impostor); unknown_signer: never seen; identity_mismatch: a trusted key whose signature
 * names someone else.
 */
export const TRUST_STATUSES = ['trusted', 'known_untrusted', 'conflicting', 'unknown_signer', 'identity_mismatch'] as const;

export const fileCheckSchema = z.object({
  path: z.string(),
  status: z.enum(FILE_STATUSES),
  expected_sha256: z.string().nullable(),
  actual_sha256: z.string().nullable(),
  expected_size: z.number().nullable(),
  actual_size: z.number().nullable(),
  detail: z.string().nullable(),
});
export type FileCheck = z.infer<typeof fileCheckSchema>;

export const signatureCheckSchema = z.object({
  /** The entry in the zip, `signatures/<key_id>.json`. */
  file: z.string(),
  key_id: z.string().nullable(),
  /** Who the signature file says signed. */
  claimed_signer: signerSchema.nullable(),
  decision: z.enum(DECISIONS).nullable(),
  comment: z.string().nullable(),
  signed_at: z.string().nullable(),
  status: z.enum(SIGNATURE_STATUSES),
  /** Null when the signature file could not be read at all. */
  trust: z.enum(TRUST_STATUSES).nullable(),
  /** The keyring's entry for the key, when it has one. */
  trusted_signer: z.object({ name: z.string(), role: z.enum(SIGNER_ROLES), added_at: z.string() }).nullable(),
  detail: z.string().nullable(),
});
export type SignatureCheck = z.infer<typeof signatureCheckSchema>;

export const manifestSummarySchema = z.object({
  dossier_id: z.string(),
  reference: z.string(),
  package_version: z.number(),
  created_at: z.string(),
  generator: z.object({ name: z.string(), version: z.string() }),
  template_versions: z.record(z.string(), z.string()),
});

export const verificationReportSchema = z.object({
  /** True only when every file matches, there is a signature, and every signature is valid and trusted. */
  ok: z.boolean(),
  manifest: manifestSummarySchema.nullable(),
  manifest_sha256: z.string().nullable(),
  files: z.array(fileCheckSchema),
  signatures: z.array(signatureCheckSchema),
  /** Every problem, one sentence each; empty when ok. */
  problems: z.array(z.string()),
});
export type VerificationReport = z.infer<typeof verificationReportSchema>;

/** An approver's decision on a package version, recorded from a verified signed package. */
export const recordedDecisionSchema = z.object({
  package_version: z.number(),
  key_id: z.string(),
  signer_name: z.string(),
  signer_role: z.enum(SIGNER_ROLES),
  decision: z.enum(DECISIONS),
  comment: z.string().nullable(),
  signed_at: z.string(),
  recorded_at: z.string().nullable(),
  recorded_by: z.string().nullable(),
});
export type RecordedDecision = z.infer<typeof recordedDecisionSchema>;

/** One package version's approval state against the required approver roles (shared/workflow/approvals.ts). */
export const approvalStatusSchema = z.object({
  package_version: z.number(),
  /** Every required role has approved (or approved with conditions) and none rejected. */
  complete: z.boolean(),
  required: z.array(
    z.object({
      role: z.enum(SIGNER_ROLES),
      role_label: z.string(),
      status: z.enum(['awaited', ...DECISIONS]),
      name: z.string().nullable(),
      signed_at: z.string().nullable(),
    }),
  ),
  decisions: z.array(recordedDecisionSchema),
});
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export const packageRecordSchema = z.object({
  id: z.string(),
  version: z.number(),
  created_at: z.string(),
  created_by: z.string().nullable(),
  manifest_sha256: z.string(),
  file_name: z.string(),
  content_fingerprint: z.string(),
  /** Whether the dossier's content is still what went into this package. */
  current: z.boolean(),
  /** The decisions recorded for this package's version (from imported signed packages). */
  decisions: z.array(recordedDecisionSchema),
});
export type PackageRecord = z.infer<typeof packageRecordSchema>;

export const packageOperations = {
  'keys.status': op(z.object({}), keyStatusSchema),
  'keys.init': op(
    z.object({
      /** Default: your profile's name. */
      name: z.string().trim().min(1).max(200).optional(),
      /** Default: your profile's role. */
      role: z.enum(SIGNER_ROLES).optional(),
      force: z.boolean().default(false),
    }),
    identitySchema,
  ),
  'keys.export': op(z.object({}), publicKeyDocumentSchema),
  'keys.trust': op(
    z
      .object({
        /** A colleague's exported public key file (`keys export`). */
        public_key_json: z.string().min(1).max(20_000).optional(),
        /** The fingerprint (key id) of a key received through sync, as the person checked it with its holder. */
        key_id: z.string().max(100).optional(),
        /** Trust it even though another trusted key holds the same name. */
        allow_conflict: z.boolean().default(false),
      })
      .refine((i) => (i.public_key_json === undefined) !== (i.key_id === undefined), 'give either a public key file or a fingerprint'),
    trustedKeySchema,
  ),
  'package.export': op(
    z.object({
      id: dossierRefSchema,
      /** Also sign the package's PDF itself (a PDF signature readers show) with this PKCS#12 certificate. */
      pdf_certificate: z
        .object({ p12_base64: base64Schema.max(1_000_000, 'a PKCS#12 file is far smaller than this'), passphrase: z.string().max(1000) })
        .optional(),
    }),
    z.object({
      file_name: z.string(),
      content_base64: z.string(),
      version: z.number(),
      manifest_sha256: z.string(),
      /** False when the dossier had not changed since the last package, so its version number was kept. */
      new_version: z.boolean(),
    }),
  ),
  'package.sign': op(
    z.object({
      content_base64: base64Schema,
      decision: z.enum(DECISIONS),
      comment: z.string().max(5000).default(''),
      /** Replace this key's earlier signature instead of refusing. */
      replace: z.boolean().default(false),
    }),
    z.object({
      content_base64: z.string(),
      key_id: z.string(),
      decision: z.enum(DECISIONS),
      signed_at: z.string(),
      replaced: z.boolean(),
    }),
  ),
  'package.verify': op(z.object({ content_base64: base64Schema }), verificationReportSchema),
  'package.history': op(z.object({ id: dossierRefSchema }), z.array(packageRecordSchema)),
  /** Verifies a signed package and records each approver's decision on its dossier (again: no change). */
  'package.import': op(
    z.object({ content_base64: base64Schema }),
    z.object({
      dossier_id: z.string(),
      reference: z.string(),
      package_version: z.number(),
      recorded: z.number(),
      unchanged: z.number(),
      decisions: z.array(recordedDecisionSchema),
      status: approvalStatusSchema,
    }),
  ),
  /** Each package version's approval status, newest first. */
  'package.approvals': op(z.object({ id: dossierRefSchema }), z.array(approvalStatusSchema)),
  /** The package PDF with its approvals page filled from the package's verified signatures. */
  'package.render_signed': op(
    z.object({ content_base64: base64Schema }),
    z.object({ file_name: z.string(), content_base64: z.string(), page_count: z.number().nullable(), signers: z.number() }),
  ),
} as const;
