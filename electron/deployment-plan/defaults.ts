/**
 * The defaults a new deployment plan starts with, from templates/deployment-plan/defaults.json:
 * read and checked when first needed, turned into the field changes that create the plan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import { findField, optionLabel } from '../../shared/dossier/fields';
import type { FieldValues } from '../../shared/dossier/values';
import { PLACEHOLDER, defaultsSchema, type PlanDefaults, type PlanTemplatePreview } from '../../shared/deployment-plan/defaults';
import { PLAN_LISTS, planRoleLabel, type PlanList } from '../../shared/deployment-plan/model';
import { spreadKeys } from '../../shared/deployment-plan/sortKey';
import { addDays } from '../../shared/deployment-plan/time';
import type { Change, StoredValue } from '../store/index';
import { LIST_TABLES, PLAN_TABLE, planRowId, templatedRowId } from './tables';

export function defaultsFile(templatesDir: string): string {
  return path.join(templatesDir, 'deployment-plan', 'defaults.json');
}

const cache = new Map<string, { mtimeMs: number; defaults: PlanDefaults }>();

/** Reads and checks the defaults template; every problem is named with its place in the file. */
export function loadPlanDefaults(templatesDir: string): PlanDefaults {
  const file = defaultsFile(templatesDir);
  let raw: unknown;
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached.defaults;
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WorkbenchError('internal', `The deployment plan template ${file} cannot be read: ${reason}`);
  }
  const parsed = defaultsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new WorkbenchError('internal', `The deployment plan template ${file} is invalid: ${problems.join('; ')}`);
  }
  cache.set(file, { mtimeMs, defaults: parsed.data });
  return parsed.data;
}

/** What the template would put in a plan, for a lead to see before starting one. */
export function templatePreview(defaults: PlanDefaults): PlanTemplatePreview {
  return {
    version: defaults.version,
    steps: defaults.cutover_steps.map((s) => ({
      id: s.id,
      title: s.title,
      owner_role: s.owner_role,
      owner_role_label: planRoleLabel(s.owner_role) ?? s.owner_role,
      start: s.start ?? null,
      duration_minutes: s.duration_minutes,
    })),
    checklist: defaults.checklist.map((c) => ({ id: c.id, title: c.title })),
    communications: defaults.communications.map((c) => ({ id: c.id, audience: c.audience, timing: c.timing })),
    raci_areas: defaults.raci.map((r) => ({ id: r.id, area: r.area })),
    hypercare_days: defaults.support.hypercare_days,
  };
}

/** A dossier field as text in a templated scope: option labels, lists joined, "—" when unset. */
function fieldText(fields: FieldValues, fieldPath: string): string {
  const def = findField(fieldPath)!;
  const value = fields[fieldPath];
  if (Array.isArray(value)) {
    const order = (v: string) => def.options?.findIndex((o) => o.value === v) ?? 0;
    return value.length ? [...value].sort((a, b) => order(a) - order(b)).map((v) => optionLabel(def, v)).join(', ') : '—';
  }
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return def.kind === 'enum' ? optionLabel(def, String(value)) : String(value);
}

export function fillPlaceholders(text: string, fields: FieldValues): string {
  return text.replace(PLACEHOLDER, (_m, fieldPath: string) => fieldText(fields, fieldPath)).normalize('NFC');
}

interface DossierFacts {
  id: string;
  fields: FieldValues;
}

/** The changes that start a plan: the plan row, and from the template every default row. */
/** `startedOn` is the day (YYYY-MM-DD) the plan is started. */
export function startChanges(dossier: DossierFacts, defaults: PlanDefaults | null, startedOn: string): Change[] {
  const dossierId = dossier.id;
  const plan = planRowId(dossierId);
  const changes: Change[] = [];
  const set = (entity: Change['entity'], rowId: string, values: Record<string, StoredValue | undefined>) => {
    for (const [field, value] of Object.entries(values)) {
      if (value !== undefined && value !== null) changes.push({ entity, rowId, field, value, dossierId });
    }
  };
  set(PLAN_TABLE, plan, { dossier_id: dossierId, created_at: startedOn, template_version: defaults?.version ?? null });
  if (!defaults) return changes;

  const goLive = (dossier.fields['targets.go_live_date'] as string | null) ?? null;
  set(PLAN_TABLE, plan, {
    scope_summary: defaults.scope_summary && fillPlaceholders(defaults.scope_summary, dossier.fields),
    scope_systems: defaults.scope_systems && fillPlaceholders(defaults.scope_systems, dossier.fields),
    escalation: defaults.escalation,
    support_model: defaults.support.model,
    hypercare_start: goLive ?? undefined,
    hypercare_end: goLive ? addDays(goLive, defaults.support.hypercare_days - 1) : undefined,
    hypercare_contacts: defaults.support.contacts,
    hypercare_exit_criteria: defaults.support.exit_criteria,
    rollback_triggers: defaults.rollback.triggers,
    rollback_decision_role: defaults.rollback.decision_role,
    rollback_steps: defaults.rollback.steps,
  });

  const rows: Record<PlanList, { id: string; values: Record<string, StoredValue | undefined> }[]> = {
    steps: defaults.cutover_steps.map((s) => ({
      id: s.id,
      values: {
        title: s.title,
        owner_role: s.owner_role,
        planned_start: goLive && s.start ? `${addDays(goLive, s.start.day)}T${s.start.time}` : undefined,
        duration_minutes: s.duration_minutes,
        verification: s.verification,
        rollback: s.rollback,
      },
    })),
    checklist: defaults.checklist.map((c) => ({ id: c.id, values: { title: c.title } })),
    communications: defaults.communications.map((c) => ({ id: c.id, values: { audience: c.audience, message: c.message, timing: c.timing, channel: c.channel, owner_role: c.owner_role } })),
    raci: defaults.raci.map((r) => ({ id: r.id, values: { title: r.area, ...r.assignments } })),
  };
  for (const list of PLAN_LISTS) {
    const keys = spreadKeys(rows[list].length);
    rows[list].forEach((row, i) => {
      set(LIST_TABLES[list], templatedRowId(dossierId, list, row.id), { dossier_id: dossierId, sort_key: keys[i]!, ...row.values });
    });
  }
  return changes;
}
