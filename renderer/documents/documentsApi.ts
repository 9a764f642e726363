/** The document, package and key operations the Documents tab calls, in one place, typed by the contract. */
import type { OperationOutput } from '../../shared/api/contract';
import type { DocumentKind } from '../../shared/api/documentOps';
import type { Decision, FileCheck, SignatureCheck, VerificationReport } from '../../shared/api/packageOps';
import type { ParticipantRole } from '../../shared/workflow/roles';
import { api } from '../api/bridge';

export type { Decision, DocumentKind, FileCheck, SignatureCheck, VerificationReport };
export type DocumentFormat = 'pdf' | 'docx';
export type GeneratedFile = OperationOutput<'document.generate'>;
export type KeyStatus = OperationOutput<'keys.status'>;
export type PackageRecord = OperationOutput<'package.history'>[number];

export const documentsApi = {
  preview: (id: string, kind: DocumentKind) => api.call('document.preview', { id, kind }),
  generate: (id: string, kind: DocumentKind, format: DocumentFormat) => api.call('document.generate', { id, kind, format }),

  exportPackage: (id: string) => api.call('package.export', { id }),
  sign: (input: { content_base64: string; decision: Decision; comment: string; replace: boolean }) => api.call('package.sign', input),
  verify: (content_base64: string) => api.call('package.verify', { content_base64 }),
  history: (id: string) => api.call('package.history', { id }),
  importPackage: (content_base64: string) => api.call('package.import', { content_base64 }),
  renderSigned: (content_base64: string) => api.call('package.render_signed', { content_base64 }),

  keyStatus: () => api.call('keys.status', {}),
  initKey: (input: { name?: string; role?: ParticipantRole; force: boolean }) => api.call('keys.init', input),
  exportKey: () => api.call('keys.export', {}),
  trustKey: (publicKeyJson: string) => api.call('keys.trust', { public_key_json: publicKeyJson }),
  trustKnownKey: (keyId: string, allowConflict = false) => api.call('keys.trust', { key_id: keyId, allow_conflict: allowConflict }),
};
