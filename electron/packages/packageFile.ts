/**
 * Building and re-signing the package file:
 *   documents/<file>        the generated PDF and DOCX
 *   manifest.json           see manifest.ts
 *   signatures/<key_id>.json one per approver, see signature.ts
 * The builder takes the generated files as input, so it does not depend on the document generator.
 */
import type { KeyObject } from 'node:crypto';
import { WorkbenchError } from '../../shared/api/errors';
import type { Decision, Identity } from '../../shared/api/packageOps';
import { APP_VERSION } from '../engine/version';
import { PRODUCT_NAME } from '../store/dataDir';
import { sha256Hex } from './keys';
import { DOCUMENTS_DIR, MANIFEST_PATH, PACKAGE_FORMAT, manifestBytes, type Manifest } from './manifest';
import { createSignature, signatureFileBytes, signatureFileSchema, signaturePath, type SignatureFile } from './signature';
import { inspectContents, type PackageContents } from './verify';
import { readArchive, unsafeNameReason, writeArchive, type ArchiveEntry } from './zipArchive';

export interface PackageDocument {
  /** `documents/<name>`, or just `<name>` (placed under documents/). */
  path: string;
  bytes: Uint8Array;
  mediaType: string;
}

export interface BuildPackageInput {
  dossier: { id: string; reference: string };
  version: number;
  contentFingerprint: string;
  documents: readonly PackageDocument[];
  /** Template name → version, e.g. { "approval-package": "1" }. */
  templateVersions: Record<string, string>;
  createdAt: Date;
  generator?: { name: string; version: string };
}

export interface BuiltPackage {
  bytes: Uint8Array;
  manifest: Manifest;
  manifestSha256: string;
}

export function buildPackage(input: BuildPackageInput): BuiltPackage {
  if (input.documents.length === 0) throw new WorkbenchError('validation', 'A package needs at least one document.');
  const documents = input.documents.map((doc) => {
    const path = doc.path.startsWith(DOCUMENTS_DIR) ? doc.path : `${DOCUMENTS_DIR}${doc.path}`;
    const name = path.slice(DOCUMENTS_DIR.length);
    const unsafe = unsafeNameReason(path) ?? (name.includes('/') ? 'a sub-folder' : null);
    if (unsafe) throw new WorkbenchError('validation', `Cannot put "${doc.path}" in a package: ${unsafe}.`);
    return { ...doc, path };
  });
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    format_version: 1,
    dossier: { id: input.dossier.id, reference: input.dossier.reference },
    package_version: input.version,
    content_fingerprint: input.contentFingerprint,
    created_at: input.createdAt.toISOString(),
    generator: input.generator ?? { name: PRODUCT_NAME, version: APP_VERSION },
    template_versions: input.templateVersions,
    files: documents
      .map((d) => ({ path: d.path, sha256: sha256Hex(d.bytes), size: d.bytes.length, media_type: d.mediaType }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
  const manifestFile = manifestBytes(manifest);
  const entries: ArchiveEntry[] = [...documents.map((d) => ({ name: d.path, bytes: d.bytes })), { name: MANIFEST_PATH, bytes: manifestFile }];
  const names = entries.map((e) => e.name.toLowerCase());
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new WorkbenchError('validation', `Two documents would both be ${duplicate} in the package.`);
  return { bytes: writeArchive(entries), manifest, manifestSha256: sha256Hex(manifestFile) };
}

export interface SignInput {
  privateKey: KeyObject;
  identity: Identity;
  decision: Decision;
  comment: string;
  signedAt: Date;
  /** Replace this key's earlier signature instead of refusing. */
  replace: boolean;
}

/**
 * Adds the signer's signature to a package and returns the new package bytes. Refuses a package
 * whose documents or manifest do not check out (never sign a tampered package), and a second
 * signature by the same key unless `replace`.
 */
export function addSignature(
  packageBytes: Uint8Array,
  input: SignInput,
  /** The package as already read (in the untrusted-file worker); read here when not given. */
  read: PackageContents = readPackage(packageBytes),
): { bytes: Uint8Array; signature: SignatureFile; replaced: boolean } {
  const contents = read;
  if (contents.problems.length || !contents.manifest || !contents.manifestSha256) {
    throw new WorkbenchError('forbidden', `Refusing to sign: the package does not match its manifest. ${contents.problems.join(' ')}`, {
      reasons: contents.problems,
    });
  }
  const damaged = contents.signatureEntries.filter((e) => !e.bytes);
  if (damaged.length) {
    throw new WorkbenchError('forbidden', `Refusing to sign: ${damaged.map((e) => `${e.name} is damaged (${e.problem})`).join('; ')}.`);
  }
  const ownPath = signaturePath(input.identity.key_id);
  const earlier = contents.entries.find((e) => e.name === ownPath);
  if (earlier && !input.replace) {
    const previous = signatureFileSchema.safeParse(safeJson(earlier.bytes!));
    const what = previous.success ? ` (${previous.data.decision}, ${previous.data.signed_at})` : '';
    throw new WorkbenchError(
      'conflict',
      `This package is already signed with your key ${input.identity.key_id}${what}. Sign again with replace (--replace) to record a new decision.`,
    );
  }
  const signature = createSignature(input.privateKey, input.identity, contents.manifestSha256, input.decision, input.comment, input.signedAt.toISOString());
  const entries: ArchiveEntry[] = contents.entries.filter((e) => e.name !== ownPath).map((e) => ({ name: e.name, bytes: e.bytes! }));
  entries.push({ name: ownPath, bytes: signatureFileBytes(signature) });
  return { bytes: writeArchive(entries), signature, replaced: Boolean(earlier) };
}

/** The archive's entries, its manifest and each document checked against it. */
export function readPackage(bytes: Uint8Array): PackageContents {
  return inspectContents(readArchive(bytes));
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}
