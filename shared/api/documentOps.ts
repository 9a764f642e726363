/** Operations of the document capability (issue #4), merged into the contract in contract.ts. */
import { z } from 'zod';
import { op } from './op';
import { dossierRefSchema } from './types';

export const DOCUMENT_KINDS = ['deployment-plan', 'gap-report', 'approval-package', 'conformance-report'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_FORMATS = ['pdf', 'docx'] as const;

const generatedFileSchema = z.object({
  file_name: z.string(),
  media_type: z.string(),
  content_base64: z.string(),
  template_version: z.number(),
  /** Pages of a PDF; null for DOCX, which Word paginates. */
  page_count: z.number().nullable(),
});

export const documentOperations = {
  'document.generate': op(z.object({ id: dossierRefSchema, kind: z.enum(DOCUMENT_KINDS), format: z.enum(DOCUMENT_FORMATS) }), generatedFileSchema),
  /** The PDF, for showing in the app. */
  'document.preview': op(z.object({ id: dossierRefSchema, kind: z.enum(DOCUMENT_KINDS) }), generatedFileSchema),
} as const;
