/**
 * The package capability behind the API: keys, keyring, and approval packages (export, sign,
 * verify, history). The document generator is injected (`generateDocuments`), so this capability
 * does not depend on how the PDF and DOCX are made.
 */
import path from 'node:path';
import type { Handlers } from '../../shared/api/contract';
import { WorkbenchError } from '../../shared/api/errors';
import type { Decision, TrustedKey, VerificationReport, packageOperations } from '../../shared/api/packageOps';
import { approvalStatuses, recordDecisions } from './approvals';
import { DOCUMENTS_DIR } from './manifest';
import { readArchive } from './zipArchive';
import type { ServiceContext } from '../dossiers/index';
import { findDossierRow } from '../dossiers/read';
import { dossierContentFingerprint, packageHistory, planPackageVersion, recordPackage } from './history';
import { parseTrustInput, readKeyring, readKnownKeys, trustKey, trustKnownKey } from './keyring';
import { defaultKeyVault, type KeyVault, type MaybePromise } from './keyVault';
import { addSignature, buildPackage, type PackageDocument } from './packageFile';
import { exportPublicKey, initSigningKey, keysStatus, loadSigner, type KeysContext } from './signingKeys';
import { getProfile } from '../profile/index';
import { runUntrusted } from '../untrusted/index';
import { signPdf, type PdfSigningCertificate } from './pdfSignature';

export interface ApprovalDocumentsRequest {
  dossierId: string;
  reference: string;
  /** The version the package will carry, for the cover page. */
  packageVersion: number;
}

export interface ApprovalDocuments {
  documents: PackageDocument[];
  /** Template name → version. */
  templateVersions: Record<string, string>;
}

/** Makes the approval package's documents (PDF and DOCX) for a dossier. */
export type GenerateApprovalDocuments = (request: ApprovalDocumentsRequest) => MaybePromise<ApprovalDocuments>;

/** Renders the package's document model as a PDF with the verified approvals filled in. */
export type RenderSignedCopy = (model: unknown, approvals: VerifiedApproval[], reference: string) => Promise<{ bytes: Uint8Array; pageCount: number | null }>;

export interface VerifiedApproval {
  name: string;
  role: TrustedKey['role'];
  decision: Decision;
  comment: string;
  signedAt: string;
  keyId: string;
}

export interface PackageContext extends ServiceContext, KeysContext {
  generateDocuments?: GenerateApprovalDocuments | undefined;
  renderSignedCopy?: RenderSignedCopy | undefined;
}

export interface PackageOptions {
  dataDir: string;
  /** Where the private key is kept; defaults to PCR_WORKBENCH_SIGNING_KEY or the passphrase-protected key file. */
  keyVault?: KeyVault | undefined;
  generateDocuments?: GenerateApprovalDocuments | undefined;
  renderSignedCopy?: RenderSignedCopy | undefined;
  now?: () => Date;
}

export const keysDirOf = (dataDir: string) => path.join(dataDir, 'keys');

export function packageContext(base: ServiceContext, options: PackageOptions): PackageContext {
  const keysDir = keysDirOf(options.dataDir);
  // Inherits from base (not a copy), so the actor stays the one read at each change.
  return Object.assign(Object.create(base) as ServiceContext, {
    keysDir,
    keyVault: options.keyVault ?? defaultKeyVault(keysDir),
    generateDocuments: options.generateDocuments,
    renderSignedCopy: options.renderSignedCopy,
    now: options.now ?? (() => new Date()),
  });
}

export interface ExportedPackage {
  fileName: string;
  bytes: Uint8Array;
  version: number;
  manifestSha256: string;
  newVersion: boolean;
}

export interface ExportOptions {
  generate?: GenerateApprovalDocuments | undefined;
  /** Sign the PDF documents themselves with this certificate before they are hashed. */
  pdfCertificate?: PdfSigningCertificate | undefined;
}

/** Builds the dossier's approval package from freshly generated documents and records it in the history. */
export async function exportPackage(ctx: PackageContext, idOrRef: string, options: ExportOptions = {}): Promise<ExportedPackage> {
  const generate = options.generate ?? ctx.generateDocuments;
  if (!generate) throw new WorkbenchError('internal', 'Exporting a package needs the document generator, which is not connected in this build.');
  const dossier = findDossierRow(ctx.store, idOrRef);
  const plan = planPackageVersion(ctx.store, dossier.id);
  const generated = await generate({ dossierId: dossier.id, reference: dossier.reference, packageVersion: plan.version });
  const createdAt = ctx.now();
  const certificate = options.pdfCertificate;
  const documents = certificate
    ? await Promise.all(
        generated.documents.map(async (d) =>
          d.mediaType === 'application/pdf'
            ? { ...d, bytes: await signPdf(d.bytes, certificate, { name: ctx.actor, reason: `Approval package ${dossier.reference}, version ${plan.version}`, location: 'PCR Onboarding Workbench', signingTime: createdAt }) }
            : d,
        ),
      )
    : generated.documents;
  // Generation may yield to other requests; the documents must show the content the version stands for.
  if (dossierContentFingerprint(ctx.store, dossier.id) !== plan.fingerprint) {
    throw new WorkbenchError('conflict', `${dossier.reference} changed while its documents were being generated; export again.`);
  }
  const built = buildPackage({
    dossier: { id: dossier.id, reference: dossier.reference },
    version: plan.version,
    contentFingerprint: plan.fingerprint,
    documents,
    templateVersions: generated.templateVersions,
    createdAt,
  });
  const fileName = `${dossier.reference}-approval-package-v${plan.version}.zip`;
  recordPackage(ctx, dossier.id, { version: plan.version, createdAt: createdAt.toISOString(), manifestSha256: built.manifestSha256, fileName, fingerprint: plan.fingerprint });
  return { fileName, bytes: built.bytes, version: plan.version, manifestSha256: built.manifestSha256, newVersion: plan.newVersion };
}

const NEEDS_COMMENT: Partial<Record<Decision, string>> = {
  approved_with_conditions: 'state the conditions in the comment',
  rejected: 'give the reason in the comment',
};

export async function signPackage(ctx: PackageContext, bytes: Uint8Array, input: { decision: Decision; comment: string; replace: boolean }) {
  const comment = input.comment.trim();
  const needs = NEEDS_COMMENT[input.decision];
  if (needs && !comment) throw new WorkbenchError('validation', `A decision of ${input.decision.replaceAll('_', ' ')} needs a comment: ${needs}.`, { problems: [{ field: 'comment', message: needs }] });
  const { identity, privateKey } = await loadSigner(ctx);
  // The package may come from a colleague: read it in the untrusted-file worker, sign it here.
  const contents = await runUntrusted('package.read', { bytes }, { subject: 'given as the package' });
  return addSignature(bytes, { privateKey, identity, decision: input.decision, comment, signedAt: ctx.now(), replace: input.replace }, contents);
}

/** Verifies a package from elsewhere; the archive is read in the untrusted-file worker. */
export async function verifyPackageFile(ctx: PackageContext, bytes: Uint8Array): Promise<VerificationReport> {
  return await runUntrusted('package.verify', { bytes, keyring: readKeyring(ctx.keysDir), known: readKnownKeys(ctx.keysDir) }, { subject: 'given as the package' });
}

/** The document model a package carries beside its PDF and DOCX (added with signed copies). */
export const MODEL_SUFFIX = '.model.json';
export const MODEL_MEDIA_TYPE = 'application/vnd.pcr-workbench.document-model+json';

/**
 * The package PDF again, from the document model inside the package (so exactly what was signed),
 * with the approvals page filled from its verified signatures. Refused unless the package verifies.
 */
export async function renderSignedPackage(ctx: PackageContext, bytes: Uint8Array) {
  if (!ctx.renderSignedCopy) throw new WorkbenchError('internal', 'Rendering a signed copy needs the document renderer, which is not connected in this build.');
  const report = await verifyPackageFile(ctx, bytes);
  if (!report.ok || !report.manifest) {
    throw new WorkbenchError('forbidden', `The package does not verify, so no signed copy was made: ${report.problems.join(' ')}`, { reasons: report.problems });
  }
  // Verified: every entry matches the manifest, so the model is the one the approvers signed.
  const entry = readArchive(bytes).find((e) => e.name.startsWith(DOCUMENTS_DIR) && e.name.endsWith(MODEL_SUFFIX));
  if (!entry?.bytes) {
    throw new WorkbenchError('validation', `Version ${report.manifest.package_version} of ${report.manifest.reference} was made before signed copies existed (it holds no document model): export the package again and have it signed.`);
  }
  const model: unknown = JSON.parse(Buffer.from(entry.bytes).toString('utf8'));
  const approvals: VerifiedApproval[] = report.signatures.map((s) => ({
    name: (s.trusted_signer ?? s.claimed_signer)!.name,
    role: (s.trusted_signer ?? s.claimed_signer)!.role,
    decision: s.decision!,
    comment: s.comment ?? '',
    signedAt: s.signed_at!,
    keyId: s.key_id!,
  }));
  const rendered = await ctx.renderSignedCopy(model, approvals, report.manifest.reference);
  return {
    file_name: `${report.manifest.reference}-approval-package-v${report.manifest.package_version}-signed.pdf`,
    content_base64: toBase64(rendered.bytes),
    page_count: rendered.pageCount,
    signers: approvals.length,
  };
}

type PackageOperation = keyof typeof packageOperations;
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export function packageHandlers(base: ServiceContext, options: PackageOptions): Pick<Handlers, PackageOperation> {
  const ctx = packageContext(base, options);
  return {
    'keys.status': () => keysStatus(ctx),
    'keys.init': (input) => initSigningKey(ctx, input, getProfile(ctx.store)),
    'keys.export': () => exportPublicKey(ctx),
    'keys.trust': (input) =>
      input.key_id !== undefined
        ? trustKnownKey(ctx.keysDir, input.key_id, ctx.now(), { allowConflict: input.allow_conflict })
        : trustKey(ctx.keysDir, parseTrustInput(input.public_key_json!), ctx.now(), { allowConflict: input.allow_conflict }),
    'package.export': async (input) => {
      const result = await exportPackage(ctx, input.id, {
        pdfCertificate: input.pdf_certificate ? { p12: fromBase64(input.pdf_certificate.p12_base64), passphrase: input.pdf_certificate.passphrase } : undefined,
      });
      return {
        file_name: result.fileName,
        content_base64: toBase64(result.bytes),
        version: result.version,
        manifest_sha256: result.manifestSha256,
        new_version: result.newVersion,
      };
    },
    'package.sign': async (input) => {
      const result = await signPackage(ctx, fromBase64(input.content_base64), input);
      return {
        content_base64: toBase64(result.bytes),
        key_id: result.signature.key_id,
        decision: result.signature.decision,
        signed_at: result.signature.signed_at,
        replaced: result.replaced,
      };
    },
    'package.verify': (input) => verifyPackageFile(ctx, fromBase64(input.content_base64)),
    'package.history': (input) => packageHistory(ctx, input.id),
    'package.import': async (input) => recordDecisions(ctx, await verifyPackageFile(ctx, fromBase64(input.content_base64))),
    'package.approvals': (input) => approvalStatuses(ctx, input.id),
    'package.render_signed': (input) => renderSignedPackage(ctx, fromBase64(input.content_base64)),
  };
}
