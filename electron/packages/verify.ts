/**
 * Verifying an approval package: every document recomputed against the manifest, the manifest
 * itself, and every signature against the manifest and the trusted keyring — with a precise
 * report of what is wrong.
 */
import type { FileCheck, KnownKey, SignatureCheck, TrustedKey, VerificationReport } from '../../shared/api/packageOps';
import { sha256Hex } from './keys';
import { MANIFEST_PATH, SIGNATURES_DIR, parseManifest, type Manifest } from './manifest';
import { checkSignature } from './signature';
import { readArchive, type ReadEntry } from './zipArchive';

export interface PackageContents {
  entries: ReadEntry[];
  manifest: Manifest | null;
  manifestSha256: string | null;
  files: FileCheck[];
  signatureEntries: ReadEntry[];
  /** Problems with the manifest and the documents (not the signatures). */
  problems: string[];
}

const isSignatureEntry = (name: string) => name.startsWith(SIGNATURES_DIR) && name.endsWith('.json') && !name.slice(SIGNATURES_DIR.length).includes('/');

/** The manifest and the documents of a read archive, each document checked against the manifest. */
export function inspectContents(entries: ReadEntry[]): PackageContents {
  const problems: string[] = [];
  const files: FileCheck[] = [];
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get(MANIFEST_PATH);
  let manifest: Manifest | null = null;
  let manifestSha256: string | null = null;
  if (!manifestEntry) problems.push('manifest.json is missing: nothing says what the package should hold.');
  else if (!manifestEntry.bytes) problems.push(`manifest.json is damaged: ${manifestEntry.problem}.`);
  else {
    manifestSha256 = sha256Hex(manifestEntry.bytes);
    const parsed = parseManifest(manifestEntry.bytes);
    if (parsed.manifest) manifest = parsed.manifest;
    else problems.push(`${parsed.problem}.`);
  }

  const listed = new Set<string>();
  for (const expected of manifest?.files ?? []) {
    listed.add(expected.path);
    const entry = byName.get(expected.path);
    const check: FileCheck = {
      path: expected.path,
      status: 'ok',
      expected_sha256: expected.sha256,
      actual_sha256: null,
      expected_size: expected.size,
      actual_size: null,
      detail: null,
    };
    if (!entry) {
      check.status = 'missing';
      check.detail = 'listed in the manifest, not in the package';
      problems.push(`${expected.path} is missing: the manifest lists it but the package does not hold it.`);
    } else if (!entry.bytes) {
      check.status = 'altered';
      check.actual_size = entry.declaredSize;
      check.detail = `the zip entry is damaged: ${entry.problem}`;
      problems.push(`${expected.path} was altered: ${check.detail}.`);
    } else {
      check.actual_sha256 = sha256Hex(entry.bytes);
      check.actual_size = entry.bytes.length;
      const differences = [
        ...(check.actual_size !== expected.size ? [`its size is ${check.actual_size} bytes, the manifest says ${expected.size}`] : []),
        ...(check.actual_sha256 !== expected.sha256 ? [`its SHA-256 is ${check.actual_sha256}, the manifest says ${expected.sha256}`] : []),
      ];
      if (differences.length) {
        check.status = 'altered';
        check.detail = differences.join('; ');
        problems.push(`${expected.path} was altered: ${check.detail}.`);
      }
    }
    files.push(check);
  }

  const signatureEntries: ReadEntry[] = [];
  for (const entry of entries) {
    if (entry.name === MANIFEST_PATH || listed.has(entry.name)) continue;
    if (isSignatureEntry(entry.name)) {
      signatureEntries.push(entry);
      continue;
    }
    const actualSha = entry.bytes ? sha256Hex(entry.bytes) : null;
    files.push({
      path: entry.name,
      status: 'extra',
      expected_sha256: null,
      actual_sha256: actualSha,
      expected_size: null,
      actual_size: entry.bytes?.length ?? entry.declaredSize,
      detail: manifest ? 'in the package, not in the manifest' : 'not covered by a readable manifest',
    });
    problems.push(`${entry.name} is in the package but not in ${manifest ? 'the manifest' : 'any readable manifest'}: an added file.`);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, manifest, manifestSha256, files, signatureEntries, problems };
}

/**
 * Verifies a package file. Throws (a `validation` WorkbenchError) only when the bytes are not a
 * readable, safe zip archive; every other problem is in the report.
 */
export function verifyPackage(bytes: Uint8Array, keyring: readonly TrustedKey[], known: readonly KnownKey[] = []): VerificationReport {
  const contents = inspectContents(readArchive(bytes));
  const problems = [...contents.problems];
  const signatures: SignatureCheck[] = [];
  for (const entry of contents.signatureEntries) {
    const { check, problems: found } = checkSignature(entry.name, entry.bytes, entry.problem, contents.manifest ? contents.manifestSha256 : null, keyring, known);
    signatures.push(check);
    problems.push(...found);
  }
  if (signatures.length === 0) problems.push('The package has no signatures yet.');
  const m = contents.manifest;
  return {
    ok: problems.length === 0,
    manifest: m
      ? {
          dossier_id: m.dossier.id,
          reference: m.dossier.reference,
          package_version: m.package_version,
          created_at: m.created_at,
          generator: m.generator,
          template_versions: m.template_versions,
        }
      : null,
    manifest_sha256: contents.manifestSha256,
    files: contents.files,
    signatures,
    problems,
  };
}
