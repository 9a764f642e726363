/**
 * Generating a document: template (templates/documents/<kind>.md) + the dossier's data →
 * Markdown → the document model → DOCX or PDF. One path for the API, the CLI and packages.
 */
import { WorkbenchError } from '../../shared/api/errors';
import type { DocumentModel } from '../../shared/documents/model';
import { APP_VERSION } from '../engine/version';
import { buildDocumentData, type DocumentDataOptions, type DocumentServices } from './context';
import { renderDocxConcurrently } from './docx/docxWorker';
import { renderDocx } from './docx/render';
import { renderTemplate } from './handlebars';
import { MarkdownError, markdownToBlocks } from './markdown';
import { renderPdf } from './pdf/render';
import { DocumentTemplates, type DocumentTemplateId } from './templates';

export type DocumentFormat = 'pdf' | 'docx';

export const MEDIA_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface DocumentContext extends DocumentServices {
  documentTemplates: DocumentTemplates;
  /** Where BC Sans is; the workbench's assets/fonts by default. */
  fontsDir?: string | undefined;
}

export interface GenerateRequest extends DocumentDataOptions {
  id: string;
  kind: DocumentTemplateId;
  format: DocumentFormat;
}

export interface GeneratedFile {
  bytes: Uint8Array;
  fileName: string;
  mediaType: string;
  templateVersion: number;
  /** Pages of the PDF; null for DOCX (Word paginates). */
  pageCount: number | null;
}

const GENERATOR = `PCR Onboarding Workbench ${APP_VERSION}`;

/** The document model of a template filled with a dossier's data. */
export function buildDocumentModel(ctx: DocumentContext, request: Omit<GenerateRequest, 'format'>): { model: DocumentModel; templateVersion: number; reference: string } {
  const template = ctx.documentTemplates.get(request.kind);
  const data = buildDocumentData(ctx, request.id, request);
  const markdown = renderTemplate(template, ctx.documentTemplates.partials(), data);
  let blocks;
  try {
    blocks = markdownToBlocks(markdown);
  } catch (error) {
    if (error instanceof MarkdownError) throw new WorkbenchError('internal', `The document template ${template.file} makes Markdown the workbench cannot lay out: ${error.message}.`);
    throw error;
  }
  const partner = data.partner.legal_name ?? 'Connected Partner';
  const model: DocumentModel = {
    meta: {
      title: `${template.title}: ${partner}`,
      subject: template.subject ?? `${template.title} for ${data.dossier.reference}`,
      author: ctx.actor,
      header: `${data.dossier.reference} · ${template.title}`,
      footer: `${partner} · generated ${data.generated.date}${data.package.version ? ` · package version ${data.package.version}` : ''}`,
      language: 'en-CA',
    },
    blocks,
  };
  return { model, templateVersion: template.version, reference: data.dossier.reference };
}

/** Renders a built model in one format; `alongside`: another format renders at the same time (the DOCX then goes to its worker, if one runs). */
async function renderFile(ctx: DocumentContext, built: ReturnType<typeof buildDocumentModel>, kind: DocumentTemplateId, format: DocumentFormat, now?: Date, alongside = false): Promise<GeneratedFile> {
  const fileName = `${built.reference}-${kind}.${format}`;
  const fontsDir = ctx.fontsDir ? { fontsDir: ctx.fontsDir } : {};
  if (format === 'pdf') {
    const pdf = await renderPdf(built.model, { generator: GENERATOR, ...(now ? { now } : {}), ...fontsDir });
    return { bytes: pdf.bytes, fileName, mediaType: MEDIA_TYPES.pdf, templateVersion: built.templateVersion, pageCount: pdf.pageCount };
  }
  const bytes = await (alongside ? renderDocxConcurrently : renderDocx)(built.model, { generator: GENERATOR, ...fontsDir });
  return { bytes, fileName, mediaType: MEDIA_TYPES.docx, templateVersion: built.templateVersion, pageCount: null };
}

/** Renders a model built elsewhere (a signed copy: the package's own model with its approvals filled in). */
export function renderModel(ctx: DocumentContext, model: DocumentModel, reference: string, kind: DocumentTemplateId, format: DocumentFormat, now?: Date): Promise<GeneratedFile> {
  return renderFile(ctx, { model, templateVersion: 0, reference }, kind, format, now);
}

/** Like generateFormats, with the model the files were rendered from. */
export async function generateFormatsWithModel(ctx: DocumentContext, request: Omit<GenerateRequest, 'format'>, formats: readonly DocumentFormat[]) {
  const built = buildDocumentModel(ctx, request);
  const files = await Promise.all(formats.map((format) => renderFile(ctx, built, request.kind, format, request.now, formats.length > 1)));
  return { built, files };
}

export async function generateDocument(ctx: DocumentContext, request: GenerateRequest): Promise<GeneratedFile> {
  return renderFile(ctx, buildDocumentModel(ctx, request), request.kind, request.format, request.now);
}

/** The same document in several formats from one model: the data is read and the template rendered once. */
export async function generateFormats(ctx: DocumentContext, request: Omit<GenerateRequest, 'format'>, formats: readonly DocumentFormat[]): Promise<GeneratedFile[]> {
  const built = buildDocumentModel(ctx, request);
  // Started together: the DOCX renders in its worker (where one runs) while the PDF renders here.
  return Promise.all(formats.map((format) => renderFile(ctx, built, request.kind, format, request.now, formats.length > 1)));
}

/**
 * A template filled with data that is not one dossier's (issue #13's portfolio report), laid out
 * and rendered by the same path as the dossier documents.
 */
export async function generateFromData(
  ctx: DocumentContext,
  request: { kind: DocumentTemplateId; data: object; header: string; footer: string; /** The file is named <filePrefix>-<kind>.<format>. */ filePrefix: string; format: DocumentFormat; now?: Date },
): Promise<GeneratedFile> {
  const template = ctx.documentTemplates.get(request.kind);
  const markdown = renderTemplate(template, ctx.documentTemplates.partials(), request.data);
  let blocks;
  try {
    blocks = markdownToBlocks(markdown);
  } catch (error) {
    if (error instanceof MarkdownError) throw new WorkbenchError('internal', `The document template ${template.file} makes Markdown the workbench cannot lay out: ${error.message}.`);
    throw error;
  }
  const model: DocumentModel = {
    meta: { title: template.title, subject: template.subject ?? template.title, author: ctx.actor, header: request.header, footer: request.footer, language: 'en-CA' },
    blocks,
  };
  return renderFile(ctx, { model, templateVersion: template.version, reference: request.filePrefix }, request.kind, request.format, request.now);
}
