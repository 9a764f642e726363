/** The document capability: templates + dossier data → DOCX and PDF. */
import type { Handlers } from '../../shared/api/contract';
import type { documentOperations } from '../../shared/api/documentOps';
import { MODEL_MEDIA_TYPE, MODEL_SUFFIX, type GenerateApprovalDocuments } from '../packages/index';
import { generateDocument, generateFormatsWithModel, type DocumentContext, type GeneratedFile } from './generate';

export { buildDocumentModel, generateDocument, generateFormats, generateFromData, MEDIA_TYPES, type DocumentContext, type DocumentFormat, type GenerateRequest, type GeneratedFile } from './generate';
export { DocumentTemplates, DOCUMENT_TEMPLATE_IDS, type DocumentTemplateId } from './templates';
export { buildDocumentData, type DocumentData, type PlanReader } from './context';
export { signedCopyRenderer, withApprovals } from './signedCopy';
export { warmUpDocuments } from './warmUp';

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function fileOutput(file: GeneratedFile) {
  return {
    file_name: file.fileName,
    media_type: file.mediaType,
    content_base64: toBase64(file.bytes),
    template_version: file.templateVersion,
    page_count: file.pageCount,
  };
}

export function documentHandlers(ctx: DocumentContext): Pick<Handlers, keyof typeof documentOperations> {
  return {
    'document.generate': async (input) => fileOutput(await generateDocument(ctx, input)),
    'document.preview': async (input) => fileOutput(await generateDocument(ctx, { ...input, format: 'pdf' })),
  };
}

/** The approval package's PDF and DOCX, for the package capability. */
export function approvalPackageDocuments(ctx: DocumentContext): GenerateApprovalDocuments {
  return async ({ dossierId, packageVersion }) => {
    const { built, files } = await generateFormatsWithModel(ctx, { id: dossierId, kind: 'approval-package', packageVersion }, ['pdf', 'docx']);
    // The model travels in the package too, so a signed copy is rendered from exactly what was signed.
    const model = { path: `${built.reference}-approval-package${MODEL_SUFFIX}`, bytes: new TextEncoder().encode(JSON.stringify(built.model)), mediaType: MODEL_MEDIA_TYPE };
    return {
      documents: [...files.map((f) => ({ path: f.fileName, bytes: f.bytes, mediaType: f.mediaType })), model],
      templateVersions: { 'approval-package': String(files[0]!.templateVersion) },
    };
  };
}
