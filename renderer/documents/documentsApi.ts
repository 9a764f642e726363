/**
 * The document, package and key operations the Documents tab calls, in one place.
 * INTERIM TYPES: the document and package capabilities are landing in parallel (issue #4). Until
 * their operations are committed to shared/api, the shapes below follow their schemas as drafted,
 * and give way to the contract's own types as soon as they are.
 */
import type { OperationName } from '../../shared/api/contract';
import type { ParticipantRole } from '../../shared/workflow/roles';
import { api } from '../api/bridge';

export type DocumentKind = 'deployment-plan' | 'gap-report' | 'approval-package';
export type DocumentFormat = 'pdf' | 'docx';
export type Decision = 'approved' | 'approved_with_conditions' | 'rejected';

export interface GeneratedFile {
  file_name: string;
  media_type: string;
  content_base64: string;
}

export interface Identity {
  key_id: string;
  public_key: string;
  name: string;
  role: ParticipantRole;
  created_at: string;
}

export interface TrustedKey {
  key_id: string;
  public_key: string;
  name: string;
  role: ParticipantRole;
  added_at: string;
}

export interface KeyStatus {
  identity: Identity | null;
  has_private_key: boolean;
  storage: string;
  trusted_keys: TrustedKey[];
}

export interface PublicKeyDocument {
  format: 'pcr-workbench-public-key';
  key_id: string;
  name: string;
  role: ParticipantRole;
}

export interface FileCheck {
  path: string;
  status: 'ok' | 'missing' | 'altered' | 'extra';
  expected_sha256: string | null;
  actual_sha256: string | null;
  expected_size: number | null;
  actual_size: number | null;
  detail: string | null;
}

export interface SignatureCheck {
  file: string;
  key_id: string | null;
  claimed_signer: { name: string; role: ParticipantRole } | null;
  decision: Decision | null;
  comment: string | null;
  signed_at: string | null;
  status: 'valid' | 'bad_signature' | 'malformed';
  trust: 'trusted' | 'unknown_signer' | 'identity_mismatch' | null;
  trusted_signer: { name: string; role: ParticipantRole; added_at: string } | null;
  detail: string | null;
}

export interface VerificationReport {
  ok: boolean;
  manifest: { dossier_id: string; reference: string; package_version: number; created_at: string } | null;
  manifest_sha256: string | null;
  files: FileCheck[];
  signatures: SignatureCheck[];
  problems: string[];
}

export interface PackageRecord {
  id: string;
  version: number;
  created_at: string;
  created_by: string | null;
  manifest_sha256: string;
  file_name: string;
  current: boolean;
}

export interface ExportedPackage {
  file_name: string;
  content_base64: string;
  version: number;
  manifest_sha256: string;
  new_version: boolean;
}

export interface SignedPackage {
  content_base64: string;
  key_id: string;
  decision: Decision;
  signed_at: string;
  replaced: boolean;
}

// Until the operations are in the committed contract, their names are not OperationNames.
const call = <T>(name: string, input: unknown): Promise<T> => api.call(name as OperationName, input as never) as Promise<T>;

export const documentsApi = {
  preview: (id: string, kind: DocumentKind) => call<{ content_base64: string }>('document.preview', { id, kind }),
  generate: (id: string, kind: DocumentKind, format: DocumentFormat) => call<GeneratedFile>('document.generate', { id, kind, format }),

  exportPackage: (id: string) => call<ExportedPackage>('package.export', { id }),
  sign: (input: { content_base64: string; decision: Decision; comment: string; replace: boolean }) => call<SignedPackage>('package.sign', input),
  verify: (content_base64: string) => call<VerificationReport>('package.verify', { content_base64 }),
  history: (id: string) => call<PackageRecord[]>('package.history', { id }),

  keyStatus: () => call<KeyStatus>('keys.status', {}),
  initKey: (input: { name: string; role: ParticipantRole; force: boolean }) => call<Identity>('keys.init', input),
  exportKey: () => call<PublicKeyDocument>('keys.export', {}),
  trustKey: (publicKeyJson: string) => call<TrustedKey>('keys.trust', { public_key_json: publicKeyJson }),
};
