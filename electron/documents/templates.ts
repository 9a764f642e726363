/**
 * Document templates: templates/documents/<id>.md, Markdown with Handlebars placeholders and a
 * front matter block naming the template (id, version, title). Partials shared by several
 * documents sit in templates/documents/partials/<name>.md and are used as {{> name}}.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/api/errors';

export const DOCUMENT_TEMPLATE_IDS = ['deployment-plan', 'gap-report', 'approval-package', 'portfolio-report', 'conformance-report'] as const;
export type DocumentTemplateId = (typeof DOCUMENT_TEMPLATE_IDS)[number];

const frontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case words joined by "-"'),
    version: z.coerce.number().int().min(1),
    title: z.string().min(3),
    subject: z.string().min(3).optional(),
  })
  .strict();

export interface TemplateSource {
  /** The file, as shown in error messages. */
  file: string;
  /** The text Handlebars renders (the file without its front matter). */
  body: string;
  /** The file line on which `body` starts (1-based), so errors name lines of the file. */
  firstLine: number;
}

export interface DocumentTemplate extends TemplateSource {
  id: string;
  version: number;
  title: string;
  subject: string | undefined;
}

/** Splits `---` front matter (simple `key: value` lines) from the body. */
export function parseTemplateText(file: string, text: string): DocumentTemplate {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(normalized);
  if (!match) throw templateFileError(file, 'it does not start with a front matter block (--- id, version, title ---)');
  const fields: Record<string, string> = {};
  match[1]!.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0) throw templateFileError(file, `line ${i + 2} of the front matter is not "key: value"`);
    fields[line.slice(0, colon).trim()] = line
      .slice(colon + 1)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2');
  });
  const parsed = frontMatterSchema.safeParse(fields);
  if (!parsed.success) {
    throw templateFileError(file, `its front matter is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(front matter)'}: ${i.message}`).join('; ')}`);
  }
  return {
    ...parsed.data,
    subject: parsed.data.subject,
    file,
    body: normalized.slice(match[0].length),
    firstLine: match[0].split('\n').length - (match[0].endsWith('\n') ? 1 : 0) + 1,
  };
}

function templateFileError(file: string, reason: string): WorkbenchError {
  return new WorkbenchError('internal', `The document template ${file} cannot be used: ${reason}.`);
}

/** Reads templates from <templatesDir>/documents; files are re-read when they change on disk. */
export class DocumentTemplates {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; template: DocumentTemplate }>();

  constructor(readonly templatesDir: string) {}

  get dir(): string {
    return path.join(this.templatesDir, 'documents');
  }

  get(id: DocumentTemplateId): DocumentTemplate {
    const file = path.join(this.dir, `${id}.md`);
    const template = this.read(file, (f, text) => parseTemplateText(f, text));
    if (template.id !== id) throw templateFileError(file, `its front matter says id "${template.id}"; its file name says "${id}"`);
    return template;
  }

  /** Every partial in documents/partials, by name (the file name without .md). */
  partials(): Map<string, TemplateSource> {
    const dir = path.join(this.dir, 'partials');
    const partials = new Map<string, TemplateSource>();
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
    } catch {
      return partials;
    }
    for (const name of names.sort()) {
      const file = path.join(dir, name);
      partials.set(
        name.slice(0, -3),
        this.read(file, (f, text) => ({ file: f, body: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), firstLine: 1 })),
      );
    }
    return partials;
  }

  private read<T extends TemplateSource>(file: string, parse: (file: string, text: string) => T): T {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new WorkbenchError('internal', `The document template ${file} is missing.`);
    }
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.template as unknown as T;
    const template = parse(file, fs.readFileSync(file, 'utf8'));
    this.cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, template: template as unknown as DocumentTemplate });
    return template;
  }
}
