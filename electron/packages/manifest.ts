/**
 * manifest.json of an approval package: what the package holds (each document's path, SHA-256,
 * size and media type, sorted by path), for which dossier and package version, from which
 * templates and generator, and when. It is written as canonical JSON (keys sorted, no
 * whitespace); signatures cover the SHA-256 of its exact bytes.
 */
import { z } from 'zod';
import { canonicalJsonBytes, type JsonValue } from './canonicalJson';

export const MANIFEST_PATH = 'manifest.json';
export const DOCUMENTS_DIR = 'documents/';
export const SIGNATURES_DIR = 'signatures/';
export const PACKAGE_FORMAT = 'pcr-workbench-approval-package';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 as 64 lowercase hex characters');

export const manifestSchema = z
  .object({
    format: z.literal(PACKAGE_FORMAT),
    format_version: z.literal(1),
    dossier: z.object({ id: z.string().min(1), reference: z.string().min(1) }),
    package_version: z.number().int().min(1),
    /** SHA-256 over the dossier's stored content when the package was made (see history.ts). */
    content_fingerprint: sha256Schema,
    created_at: z.string().min(1),
    generator: z.object({ name: z.string().min(1), version: z.string().min(1) }),
    template_versions: z.record(z.string(), z.string()),
    files: z
      .array(
        z.object({
          path: z.string().startsWith(DOCUMENTS_DIR, `document paths start with ${DOCUMENTS_DIR}`),
          sha256: sha256Schema,
          size: z.number().int().min(0),
          media_type: z.string().min(1),
        }),
      )
      .min(1, 'the manifest lists no documents'),
  })
  .superRefine((m, ctx) => {
    const paths = m.files.map((f) => f.path);
    const duplicate = paths.find((p, i) => paths.indexOf(p) !== i);
    if (duplicate) ctx.addIssue({ code: 'custom', path: ['files'], message: `${duplicate} is listed twice` });
  });
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = Manifest['files'][number];

export function manifestBytes(manifest: Manifest): Uint8Array {
  const sorted = { ...manifest, files: [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
  return canonicalJsonBytes(sorted as unknown as JsonValue);
}

export function parseManifest(bytes: Uint8Array): { manifest: Manifest; problem: null } | { manifest: null; problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { manifest: null, problem: 'manifest.json is not valid UTF-8 JSON' };
  }
  const result = manifestSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { manifest: null, problem: `manifest.json is not a valid package manifest (${issue.path.join('.') || 'top level'}: ${issue.message})` };
  }
  return { manifest: result.data, problem: null };
}
