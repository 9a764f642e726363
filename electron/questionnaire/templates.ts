/** Loads questionnaire templates from templates/questionnaires/<id>/v<N>.json, validated at load. */
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import { templateSchema, type QuestionnaireTemplate } from '../../shared/questionnaire/template';

export const VOLUME2_TEMPLATE_ID = 'privacy-security-volume2';

export class TemplateLibrary {
  private readonly cache = new Map<string, QuestionnaireTemplate>();

  constructor(readonly dir: string) {}

  versions(templateId: string): number[] {
    const folder = path.join(this.dir, 'questionnaires', templateId);
    let files: string[];
    try {
      files = fs.readdirSync(folder);
    } catch {
      throw new WorkbenchError('internal', `No questionnaire template "${templateId}" in ${folder}.`);
    }
    const versions = files.flatMap((f) => (/^v(\d+)\.json$/.exec(f) ? [Number(/^v(\d+)\.json$/.exec(f)![1])] : [])).sort((a, b) => a - b);
    if (versions.length === 0) throw new WorkbenchError('internal', `The questionnaire template folder ${folder} holds no v<N>.json file.`);
    return versions;
  }

  latest(templateId: string): QuestionnaireTemplate {
    return this.get(templateId, this.versions(templateId).at(-1)!);
  }

  get(templateId: string, version: number): QuestionnaireTemplate {
    const key = `${templateId}@${version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const file = path.join(this.dir, 'questionnaires', templateId, `v${version}.json`);
    const template = parseTemplateFile(file);
    if (template.id !== templateId || template.version !== version) {
      throw new WorkbenchError('internal', `${file} says it is "${template.id}" version ${template.version}; its path says "${templateId}" version ${version}.`);
    }
    this.cache.set(key, template);
    return template;
  }
}

/** Reads and validates one template file; every problem is named with its place in the file. */
export function parseTemplateFile(file: string): QuestionnaireTemplate {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WorkbenchError('internal', `The questionnaire template ${file} cannot be read: ${reason}`);
  }
  const parsed = templateSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new WorkbenchError('internal', `The questionnaire template ${file} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}
