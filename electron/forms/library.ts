/**
 * Loads form definitions from templates/forms/<id>/v<N>.json, validated at load. A form derived
 * from a questionnaire gets one section per questionnaire section, with a response and a comment
 * field per question, built from the questionnaire template itself so nothing is written twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import { findField } from '../../shared/dossier/fields';
import { formFields, formFileSchema, formStamp, questionFieldKey, type FormDefinition, type FormFile, type FormSection } from '../../shared/forms/definition';
import { fieldOptions } from '../../shared/forms/values';
import { RESPONSES, RESPONSE_LABELS, allQuestions, type QuestionnaireTemplate } from '../../shared/questionnaire/template';
import type { TemplateLibrary } from '../questionnaire/index';

export class FormLibrary {
  private readonly cache = new Map<string, FormDefinition>();

  constructor(
    readonly dir: string,
    private readonly questionnaires: TemplateLibrary,
  ) {}

  ids(): string[] {
    try {
      return fs
        .readdirSync(this.dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && /^[a-z0-9-]+$/.test(e.name))
        .map((e) => e.name)
        .sort();
    } catch {
      throw new WorkbenchError('internal', `No form definitions folder ${this.dir}.`);
    }
  }

  versions(id: string): number[] {
    let files: string[];
    try {
      files = fs.readdirSync(path.join(this.dir, id));
    } catch {
      return [];
    }
    return files.flatMap((f) => {
      const m = /^v(\d+)\.json$/.exec(f);
      return m ? [Number(m[1])] : [];
    }).sort((a, b) => a - b);
  }

  /** Every form at its latest version. */
  latestForms(): FormDefinition[] {
    return this.ids().flatMap((id) => {
      const versions = this.versions(id);
      return versions.length ? [this.get(id, versions.at(-1)!)] : [];
    });
  }

  /** The form, or a validation error naming what is known when the id or version is not. */
  find(id: string, version?: number): FormDefinition {
    const known = this.ids();
    if (!known.includes(id)) throw new WorkbenchError('validation', `Unknown form "${id}". Known forms: ${known.join(', ')}.`);
    const versions = this.versions(id);
    const wanted = version ?? versions.at(-1)!;
    if (!versions.includes(wanted)) {
      throw new WorkbenchError('validation', `The workbench does not know version ${wanted} of the form "${id}" (it knows version${versions.length > 1 ? 's' : ''} ${versions.join(', ')}). A newer workbench may read it.`);
    }
    return this.get(id, wanted);
  }

  get(id: string, version: number): FormDefinition {
    const key = formStamp(id, version);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const file = path.join(this.dir, id, `v${version}.json`);
    const parsed = parseFormFile(file);
    if (parsed.id !== id || parsed.version !== version) {
      throw new WorkbenchError('internal', `${file} says it is "${parsed.id}" version ${parsed.version}; its path says "${id}" version ${version}.`);
    }
    const derived = parsed.derivedFrom ? questionSections(this.questionnaires.get(parsed.derivedFrom.questionnaire, parsed.derivedFrom.version)) : [];
    const form: FormDefinition = { ...parsed, sections: [...parsed.sections, ...derived] };
    checkDefinition(form, file);
    this.cache.set(key, form);
    return form;
  }
}

function parseFormFile(file: string): FormFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new WorkbenchError('internal', `The form definition ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = formFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new WorkbenchError('internal', `The form definition ${file} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Rules across fields: unique keys, known dossier fields, choice lists present, matching kinds. */
function checkDefinition(form: FormDefinition, file: string): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const field of formFields(form)) {
    if (seen.has(field.key)) problems.push(`duplicate field key "${field.key}"`);
    seen.add(field.key);
    if ((field.type === 'choice' || field.type === 'multichoice') && fieldOptions(field).length === 0) problems.push(`${field.key}: a choice field needs options`);
    if (field.maps && 'dossier' in field.maps) {
      const def = findField(field.maps.dossier);
      if (!def) problems.push(`${field.key}: maps to unknown dossier field "${field.maps.dossier}"`);
      else if (def.readOnly) problems.push(`${field.key}: maps to ${def.path}, which only the workbench changes`);
      else if ((def.kind === 'set') !== (field.type === 'multichoice')) problems.push(`${field.key}: a ${field.type} field cannot fill ${def.path} (${def.kind})`);
    }
    if (field.pattern) {
      try {
        new RegExp(field.pattern, 'u');
      } catch {
        problems.push(`${field.key}: the pattern is not a regular expression`);
      }
    }
  }
  if (problems.length) throw new WorkbenchError('internal', `The form definition ${file} is invalid: ${problems.slice(0, 10).join('; ')}`);
}

function questionSections(template: QuestionnaireTemplate): FormSection[] {
  const questions = new Map(allQuestions(template).map((q) => [q.id, q]));
  return template.sections.map((section) => ({
    id: `q-${section.id}`,
    title: section.title,
    description: section.description,
    fields: section.questions.flatMap((q) => {
      const notes = [q.guidance];
      if (q.evidenceExpected) notes.push('Evidence is expected: send the documents with this form.');
      if (q.condition) {
        const on = questions.get(q.condition.question);
        const answers = (q.condition.in ?? q.condition.notIn ?? []).map((r) => RESPONSE_LABELS[r]).join(' or ');
        notes.push(`Answer only if ${q.condition.in ? '' : 'you did not answer '}${on ? `"${shorten(on.text)}"` : q.condition.question} ${q.condition.in ? `is ${answers}` : answers}.`);
      }
      return [
        {
          key: questionFieldKey(q.id, 'response'),
          label: `${q.id} — ${q.text}`,
          help: `${notes.join(' ')} (${q.reference})`,
          type: 'choice' as const,
          required: !q.condition,
          options: RESPONSES.map((r) => ({ value: r, label: RESPONSE_LABELS[r] })),
          maps: { question: q.id, part: 'response' as const },
        },
        {
          key: questionFieldKey(q.id, 'comment'),
          label: `${q.id} — comment`,
          type: 'multiline' as const,
          required: false,
          maxLength: 20_000,
          maps: { question: q.id, part: 'comment' as const },
        },
      ];
    }),
  }));
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
