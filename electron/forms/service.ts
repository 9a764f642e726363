/**
 * Partner forms: blank and pre-filled files out; filled files in — recognized, every field typed
 * and validated, compared with the dossier — and applied on request through the one write path
 * in one transaction, with the original file kept as evidence (content-addressed).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import type { FieldChoice, FieldReport, FormSummary, Inspection } from '../../shared/api/formOps';
import { findField } from '../../shared/dossier/fields';
import type { FieldValue } from '../../shared/dossier/values';
import { formFields, formStamp, optionFieldName, type FormDefinition, type FormField } from '../../shared/forms/definition';
import { checkFormValue, displayValue, fieldOptions, isBlank, sameValue, type FormValue, type RawValue } from '../../shared/forms/values';
import { RESPONSE_LABELS, allQuestions, isApplicable, type Response } from '../../shared/questionnaire/template';
import { createDossier, getDossier, updateDossier } from '../dossiers/index';
import { findDossierRow } from '../dossiers/read';
import { answerQuestions, storeAttachment, type AnswerItem, type QuestionnaireContext } from '../questionnaire/index';
import { newId, type Change } from '../store/index';
import { renderDocxForm } from './docxForm';
import { FormLibrary } from './library';
import { renderPdfForm } from './pdfForm';
import { DOSSIER_FIELD, FORM_ID_FIELD } from './pdfForm';
import { JSON_FORMAT, readFormFile, type FormFormat, type FormJson } from './readers';

export interface FormsContext extends QuestionnaireContext {
  forms: FormLibrary;
}

export function formsContext(base: QuestionnaireContext): FormsContext {
  // Inherits from base (not a copy), so the actor stays the one read at each change.
  return Object.assign(Object.create(base) as QuestionnaireContext, { forms: new FormLibrary(path.join(base.templates.dir, 'forms'), base.templates) });
}

export function listForms(ctx: FormsContext): FormSummary[] {
  return ctx.forms.latestForms().map((form) => {
    const fields = formFields(form);
    return {
      id: form.id,
      version: form.version,
      title: form.title,
      description: form.description,
      purpose: form.purpose,
      creates_dossier: form.createsDossier,
      field_count: fields.length,
      required_count: fields.filter((f) => f.required).length,
    };
  });
}

// ---------------------------------------------------------------- current values

interface ImportRow {
  id: string;
  sha256: string;
  values_json: string | null;
}

function latestImport(ctx: FormsContext, dossierId: string, formId: string): ImportRow | undefined {
  return ctx.store
    .prepare('SELECT id, sha256, values_json FROM form_imports WHERE dossier_id = ? AND form_id = ? AND deleted_at IS NULL ORDER BY imported_at DESC, id DESC LIMIT 1')
    .get(dossierId, formId) as ImportRow | undefined;
}

function recordedValues(row: ImportRow | undefined): Record<string, FormValue> {
  if (!row?.values_json) return {};
  try {
    return JSON.parse(row.values_json) as Record<string, FormValue>;
  } catch {
    return {};
  }
}

/** What the dossier holds today for every field of the form. */
function currentValues(ctx: FormsContext, form: FormDefinition, dossierId: string | null): Map<string, FormValue> {
  const values = new Map<string, FormValue>();
  if (!dossierId) return values;
  const dossier = getDossier(ctx, dossierId);
  const answers = new Map(
    (ctx.store.prepare('SELECT question_id, response, comment FROM questionnaire_answers WHERE dossier_id = ? AND deleted_at IS NULL').all(dossierId) as {
      question_id: string;
      response: string | null;
      comment: string | null;
    }[]).map((a) => [a.question_id, a]),
  );
  const recorded = recordedValues(latestImport(ctx, dossierId, form.id));
  for (const field of formFields(form)) {
    let value: FormValue = null;
    if (field.maps && 'dossier' in field.maps) value = (dossier.fields[field.maps.dossier] as FieldValue | undefined) ?? null;
    else if (field.maps) value = answers.get(field.maps.question)?.[field.maps.part] ?? null;
    else value = recorded[field.key] ?? null;
    values.set(field.key, value);
  }
  return values;
}

// ---------------------------------------------------------------- blank forms

const MEDIA_TYPES: Record<FormFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json',
};

export async function blankForm(
  ctx: FormsContext,
  input: { form: string; version?: number | undefined; format: FormFormat; dossier?: string | undefined },
): Promise<{ file_name: string; media_type: string; bytes: Uint8Array }> {
  const form = ctx.forms.find(input.form, input.version);
  const dossier = input.dossier ? findDossierRow(ctx.store, input.dossier) : null;
  const values = currentValues(ctx, form, dossier?.id ?? null);
  const options = { values, ...(dossier ? { dossierReference: dossier.reference } : {}) };
  const base = `${form.id}-v${form.version}${dossier ? `-${dossier.reference}` : ''}`;
  let bytes: Uint8Array;
  if (input.format === 'pdf') bytes = await renderPdfForm(form, options);
  else if (input.format === 'docx') bytes = renderDocxForm(form, options);
  else {
    const json: FormJson = {
      format: JSON_FORMAT,
      format_version: 1,
      form: { id: form.id, version: form.version },
      dossier: dossier?.reference ?? null,
      values: Object.fromEntries(formFields(form).map((f) => [f.key, values.get(f.key) ?? (f.type === 'multichoice' ? [] : null)])),
    };
    bytes = new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`);
  }
  return { file_name: `${base}.${input.format}`, media_type: MEDIA_TYPES[input.format], bytes };
}

// ---------------------------------------------------------------- inspect

interface Collected {
  raw: Map<string, RawValue>;
  unknown: string[];
}

const TICKED = new Set(['yes', 'on', 'true', '1', 'x']);

/** The file's entries by field key; a multiple choice gathers its ticked option boxes. */
function collect(form: FormDefinition, entries: ReadonlyMap<string, RawValue>): Collected {
  const raw = new Map<string, RawValue>();
  const known = new Set<string>([FORM_ID_FIELD, DOSSIER_FIELD]);
  for (const field of formFields(form)) {
    known.add(field.key);
    if (field.type !== 'multichoice' || entries.has(field.key)) {
      raw.set(field.key, entries.get(field.key) ?? null);
      continue;
    }
    const ticked: string[] = [];
    for (const option of fieldOptions(field)) {
      const name = optionFieldName(field.key, option.value);
      known.add(name);
      const v = entries.get(name);
      if (v === true || (typeof v === 'string' && TICKED.has(v.trim().toLowerCase()))) ticked.push(option.value);
    }
    raw.set(field.key, ticked);
  }
  return { raw, unknown: [...entries.keys()].filter((k) => !known.has(k)).sort() };
}

function targetOf(field: FormField): FieldReport['target'] {
  if (!field.maps) return { kind: 'form_record' };
  if ('dossier' in field.maps) return { kind: 'dossier', path: field.maps.dossier, label: findField(field.maps.dossier)?.label ?? field.maps.dossier };
  return { kind: 'question', question: field.maps.question, part: field.maps.part };
}

const rawText = (raw: RawValue) => (raw === null ? null : Array.isArray(raw) ? raw.join(', ') : String(raw));

export interface InspectResult {
  inspection: Inspection;
  form: FormDefinition;
  dossierId: string | null;
  bytes: Uint8Array;
}

/** The problem's field when an import needs a dossier chosen (each transport says how to choose it). */
export const DOSSIER_CHOICE = 'dossier';

function resolveDossier(ctx: FormsContext, form: FormDefinition, given: string | undefined, embedded: string | null): string | null {
  if (given) return findDossierRow(ctx.store, given).id;
  if (embedded) {
    try {
      return findDossierRow(ctx.store, embedded).id;
    } catch (error) {
      if (error instanceof WorkbenchError && error.code === 'not_found') {
        const message = `The form was prepared for dossier ${embedded}, which is not in this workbench. Choose the dossier to compare it with.`;
        throw new WorkbenchError('validation', message, { problems: [{ field: DOSSIER_CHOICE, message }] });
      }
      throw error;
    }
  }
  if (form.createsDossier) return null;
  const message = `A filled ${form.title} belongs to an existing dossier: choose the dossier to compare it with.`;
  throw new WorkbenchError('validation', message, { problems: [{ field: DOSSIER_CHOICE, message }] });
}

export async function inspectForm(ctx: FormsContext, name: string, bytes: Uint8Array, dossier?: string): Promise<InspectResult> {
  const content = await readFormFile(name, bytes);
  if (!content.formId) {
    throw new WorkbenchError('validation', `"${name}" is not a form the workbench handed out: it does not carry a form id and version. Known forms: ${ctx.forms.ids().join(', ')}.`);
  }
  if (content.version === null) throw new WorkbenchError('validation', `"${name}" names the form "${content.formId}" but not its version.`);
  const form = ctx.forms.find(content.formId, content.version);
  const dossierId = resolveDossier(ctx, form, dossier, content.dossierRef);
  const current = currentValues(ctx, form, dossierId);
  const { raw, unknown } = collect(form, content.entries);

  const checked = new Map(formFields(form).map((f) => [f.key, checkFormValue(f, raw.get(f.key) ?? null)] as const));
  const applicabilityProblems = questionApplicability(ctx, form, checked, current);

  const fields: FieldReport[] = form.sections.flatMap((section) =>
    section.fields.map((field) => {
      const result = checked.get(field.key)!;
      const notApplicable = applicabilityProblems.get(field.key);
      const valid = result.ok && !notApplicable;
      const value = valid ? result.value : null;
      const currentValue = current.get(field.key) ?? null;
      const r = raw.get(field.key) ?? null;
      return {
        key: field.key,
        label: field.label,
        section: section.title,
        type: field.type,
        required: field.required,
        target: targetOf(field),
        value,
        value_text: displayValue(field, value),
        raw_text: valid ? null : rawText(r),
        valid,
        message: result.ok ? (notApplicable ?? null) : result.message,
        missing: field.required && result.ok && isBlank(result.value),
        current: currentValue,
        current_text: displayValue(field, currentValue),
        differs: valid && !isBlank(value) && !sameValue(value, currentValue),
      };
    }),
  );
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const row = dossierId ? findDossierRow(ctx.store, dossierId) : null;
  const organization = row ? ((getDossier(ctx, row.id).fields['organization.legal_name'] as string | null) ?? null) : null;
  const alreadyImported = dossierId
    ? Boolean(ctx.store.prepare('SELECT 1 FROM form_imports WHERE dossier_id = ? AND sha256 = ? AND deleted_at IS NULL LIMIT 1').get(dossierId, sha256))
    : false;
  const inspection: Inspection = {
    file: { name, format: content.format, sha256, size: bytes.length },
    form: { id: form.id, version: form.version, title: form.title, purpose: form.purpose },
    dossier: row ? { id: row.id, reference: row.reference, organization } : null,
    creates_dossier: dossierId === null,
    fields,
    problems: fields.filter((f) => !f.valid).map((f) => ({ field: f.key, message: f.message! })),
    missing: fields.filter((f) => f.missing).map((f) => ({ field: f.key, label: f.label })),
    unknown_fields: unknown.slice(0, 200),
    differences: fields.filter((f) => f.differs).length,
    already_imported: alreadyImported,
  };
  return { inspection, form, dossierId, bytes };
}

/** A partner response to a Volume 2 question that does not apply, given the answers it depends on. */
function questionApplicability(
  ctx: FormsContext,
  form: FormDefinition,
  checked: ReadonlyMap<string, ReturnType<typeof checkFormValue>>,
  current: ReadonlyMap<string, FormValue>,
): Map<string, string> {
  const problems = new Map<string, string>();
  if (!form.derivedFrom) return problems;
  const template = ctx.templates.get(form.derivedFrom.questionnaire, form.derivedFrom.version);
  const responses = new Map<string, Response | null>();
  const fieldOf = new Map(formFields(form).flatMap((f) => (f.maps && 'question' in f.maps && f.maps.part === 'response' ? [[f.maps.question, f] as const] : [])));
  for (const question of allQuestions(template)) {
    const field = fieldOf.get(question.id);
    if (!field) continue;
    const result = checked.get(field.key);
    const given = result?.ok && !isBlank(result.value) ? (result.value as Response) : null;
    responses.set(question.id, given ?? ((current.get(field.key) as Response | null) ?? null));
    if (given && !isApplicable(question, responses)) {
      const c = question.condition!;
      const when = (c.in ?? c.notIn ?? []).map((r) => RESPONSE_LABELS[r]).join(' or ');
      problems.set(field.key, `${field.label.split(' — ')[0]}: answered, but it applies only when ${c.question} is ${c.in ? '' : 'not '}${when}.`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- apply

export interface ApplyResult {
  inspection: Inspection;
  dossier: { id: string; reference: string };
  created: boolean;
  applied: { key: string; label: string; value: FormValue; value_text: string }[];
  kept: string[];
  evidence: { id: string; sha256: string; size: number } | null;
  noop: boolean;
}

export async function applyForm(
  ctx: FormsContext,
  input: { name: string; bytes: Uint8Array; dossier?: string | undefined; choices?: Record<string, FieldChoice> },
): Promise<ApplyResult> {
  const { inspection, form, dossierId, bytes } = await inspectForm(ctx, input.name, input.bytes, input.dossier);
  const choices = input.choices ?? {};
  const keys = new Set(inspection.fields.map((f) => f.key));
  const strange = Object.keys(choices).filter((k) => !keys.has(k));
  if (strange.length) throw new WorkbenchError('validation', `No field ${strange.map((k) => `"${k}"`).join(', ')} on ${form.title}.`);
  const blocking = inspection.fields.filter((f) => !f.valid && choices[f.key] !== 'dossier');
  if (blocking.length) {
    throw new WorkbenchError(
      'validation',
      `Nothing was applied: ${blocking.length} field${blocking.length === 1 ? ' has an invalid value' : 's have invalid values'} — ${blocking.map((f) => f.message).join('; ')}`,
      { problems: blocking.map((f) => ({ field: f.key, message: f.message! })) },
    );
  }
  const taken = inspection.fields.filter((f) => f.differs && choices[f.key] !== 'dossier');
  const kept = inspection.fields.filter((f) => f.differs && choices[f.key] === 'dossier').map((f) => f.key);
  if (taken.length === 0 && inspection.already_imported && dossierId) {
    const row = findDossierRow(ctx.store, dossierId);
    return { inspection, dossier: { id: row.id, reference: row.reference }, created: false, applied: [], kept, evidence: null, noop: true };
  }

  const dossierChanges: Record<string, FieldValue> = {};
  const answers = new Map<string, AnswerItem>();
  for (const field of taken) {
    if (field.target.kind === 'dossier') dossierChanges[field.target.path] = field.value;
    else if (field.target.kind === 'question') {
      const item = answers.get(field.target.question) ?? { question: field.target.question };
      if (field.target.part === 'response') item.response = field.value as Response;
      else item.comment = field.value as string;
      answers.set(field.target.question, item);
    }
  }
  const record = recordedValues(dossierId ? latestImport(ctx, dossierId, form.id) : undefined);
  for (const field of inspection.fields) {
    if (field.target.kind === 'form_record' && field.valid && !isBlank(field.value) && choices[field.key] !== 'dossier') record[field.key] = field.value;
  }

  const result = ctx.store.transaction(() => {
    let id = dossierId;
    let created = false;
    if (id === null) {
      const required = ['organization.legal_name', 'application.name'].filter((p) => dossierChanges[p] === undefined || dossierChanges[p] === null);
      if (required.length) {
        throw new WorkbenchError('validation', `A new dossier needs ${required.map((p) => findField(p)!.label.toLowerCase()).join(' and ')}; the form leaves ${required.length === 1 ? 'it' : 'them'} blank or they were kept out.`);
      }
      id = createDossier(ctx, { fields: dossierChanges }).id;
      created = true;
    } else if (Object.keys(dossierChanges).length) {
      updateDossier(ctx, { id, changes: dossierChanges });
    }
    answerQuestions(ctx, id, [...answers.values()]);
    const stored = storeAttachment(ctx.attachmentsDir, Buffer.from(bytes));
    const importId = newId();
    const values: Record<string, string | number | null> = {
      dossier_id: id,
      form_id: form.id,
      form_version: form.version,
      format: inspection.file.format,
      file_name: inspection.file.name,
      sha256: stored.sha256,
      size: stored.size,
      imported_at: new Date().toISOString(),
      values_json: JSON.stringify(record),
    };
    const dossier = id;
    ctx.store.write(
      ctx.actor,
      Object.entries(values).map(([field, value]): Change => ({ entity: 'form_imports', rowId: importId, field, value, dossierId: dossier })),
    );
    const row = findDossierRow(ctx.store, id);
    return { dossier: { id: row.id, reference: row.reference }, created, evidence: { id: importId, ...stored } };
  });
  const labelOf = new Map(formFields(form).map((f) => [f.key, f]));
  return {
    inspection,
    ...result,
    applied: taken.map((f) => ({ key: f.key, label: f.label, value: f.value, value_text: displayValue(labelOf.get(f.key)!, f.value) })),
    kept,
    noop: false,
  };
}

export { formStamp };
