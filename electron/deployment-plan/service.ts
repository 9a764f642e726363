/**
 * Changing a dossier's deployment plan through the write path: the plan's own fields, environment
 * readiness, the four ordered lists (add, change, move by one sort-key change, remove as a
 * tombstone) and the RACI letters. Every input is checked before anything is written. A lead starts
 * a plan once, from the template or empty; reading a plan never starts it. An edit through the API
 * to a plan never started starts it from the template first.
 */
import { WorkbenchError } from '../../shared/api/errors';
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import { isIsoDate } from '../../shared/dossier/values';
import { localIsoDate } from '../../shared/dates';
import type { PlanTemplatePreview } from '../../shared/deployment-plan/defaults';
import { PLAN_LIST_LABELS, type DeploymentPlan, type PlanList } from '../../shared/deployment-plan/model';
import { isSortKey, keyBetween, spreadKeys } from '../../shared/deployment-plan/sortKey';
import { parseLocalDateTime } from '../../shared/deployment-plan/time';
import { findDossierRow, readFields, type DossierRow } from '../dossiers/read';
import type { ServiceContext } from '../dossiers/index';
import { newId, type Change, type StoredValue } from '../store/index';
import { loadPlanDefaults, startChanges, templatePreview } from './defaults';
import { getDeploymentPlan, readList, readPlanRow, type OrderedRow } from './read';
import { ENVIRONMENT_TABLE, LIST_TABLES, PLAN_TABLE, environmentRowId, planRowId } from './tables';

export interface DeploymentPlanContext extends ServiceContext {
  /** Where templates/ is: the plan's defaults are templates/deployment-plan/defaults.json. */
  templates: { readonly dir: string };
}

type Problem = { field: string; message: string };

function refuse(problems: Problem[]): never {
  throw new WorkbenchError('validation', problems.map((p) => p.message).join('; '), { problems });
}

const today = (ctx: ServiceContext) => (ctx.today ?? (() => localIsoDate()))();

/** Text as stored: NFC, trimmed, empty as null. */
function clean(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return value.normalize('NFC').trim() || null;
}

/**
 * Writes the start of a plan. Its rows are named after the dossier and the template, and it is
 * dated by day, so two devices starting the same plan while apart write the same rows and values.
 */
function start(ctx: DeploymentPlanContext, dossier: DossierRow, from: 'template' | 'empty'): void {
  const defaults = from === 'template' ? loadPlanDefaults(ctx.templates.dir) : null;
  ctx.store.write(ctx.actor, startChanges({ id: dossier.id, fields: readFields(ctx.store, dossier) }, defaults, today(ctx)));
}

function startIfNeeded(ctx: DeploymentPlanContext, dossier: DossierRow): void {
  if (!readPlanRow(ctx.store, dossier.id)) start(ctx, dossier, 'template');
}

/** Starts the plan from the template (or empty). Starting a plan already started is refused: it would change nothing. */
export function startDeploymentPlan(ctx: DeploymentPlanContext, input: OperationArgs<'deploymentPlan.start'>): DeploymentPlan {
  return ctx.store.transaction(() => {
    const dossier = findDossierRow(ctx.store, input.id);
    const started = readPlanRow(ctx.store, dossier.id);
    if (started) {
      const how = started.template_version !== null ? `from the template (version ${started.template_version})` : 'empty';
      const when = started.created_at ? ` on ${started.created_at.slice(0, 10)}` : '';
      throw new WorkbenchError('conflict', `The deployment plan of ${dossier.reference} was already started ${how}${when}; nothing was changed.`);
    }
    start(ctx, dossier, input.from);
    return getDeploymentPlan(ctx, dossier.id);
  });
}

/** What starting from the template would put in the plan; reads the template only. */
export function deploymentPlanTemplate(ctx: DeploymentPlanContext): PlanTemplatePreview {
  return templatePreview(loadPlanDefaults(ctx.templates.dir));
}

const writes = (entity: Change['entity'], rowId: string, dossierId: string, values: Record<string, StoredValue>): Change[] =>
  Object.entries(values).map(([field, value]) => ({ entity, rowId, field, value, dossierId }));

export function updateDeploymentPlan(ctx: DeploymentPlanContext, input: OperationArgs<'deploymentPlan.update'>): DeploymentPlan {
  return ctx.store.transaction(() => {
    const dossier = findDossierRow(ctx.store, input.id);
    const values: Record<string, StoredValue> = {};
    for (const [key, value] of Object.entries(input.changes)) values[key] = clean(value as string | null) ?? null;
    const problems: Problem[] = [];
    for (const key of ['hypercare_start', 'hypercare_end'] as const) {
      const date = values[key];
      if (typeof date === 'string' && !isIsoDate(date)) problems.push({ field: `changes.${key}`, message: `changes.${key}: "${date}" is not a date` });
    }
    const stored = readPlanRow(ctx.store, dossier.id);
    const start = (values.hypercare_start !== undefined ? values.hypercare_start : stored?.hypercare_start) ?? null;
    const end = (values.hypercare_end !== undefined ? values.hypercare_end : stored?.hypercare_end) ?? null;
    if (problems.length === 0 && typeof start === 'string' && typeof end === 'string' && end < start) {
      const field = 'hypercare_end' in values ? 'hypercare_end' : 'hypercare_start';
      problems.push({ field: `changes.${field}`, message: `changes.${field}: hypercare cannot end (${end}) before it starts (${start})` });
    }
    if (problems.length) refuse(problems);
    startIfNeeded(ctx, dossier);
    ctx.store.write(ctx.actor, writes(PLAN_TABLE, planRowId(dossier.id), dossier.id, values));
    return getDeploymentPlan(ctx, dossier.id);
  });
}

export function updateEnvironmentReadiness(ctx: DeploymentPlanContext, input: OperationArgs<'deploymentPlan.environment.update'>): DeploymentPlan {
  return ctx.store.transaction(() => {
    const dossier = findDossierRow(ctx.store, input.id);
    const rowId = environmentRowId(dossier.id, input.environment);
    const row = ctx.store.prepare(`SELECT certificates_on, acl_on FROM ${ENVIRONMENT_TABLE} WHERE id = ?`).get(rowId) as
      | { certificates_on: string | null; acl_on: string | null }
      | undefined;
    const values: Record<string, StoredValue> = row ? {} : { dossier_id: dossier.id, key: input.environment };
    const { status, notes, certificates, acl } = input.changes;
    if (status !== undefined) values.status = status;
    if (notes !== undefined) values.notes = clean(notes) ?? null;
    // A flag keeps the date it was first set on; clearing it clears the date.
    if (certificates !== undefined) values.certificates_on = certificates ? (row?.certificates_on ?? today(ctx)) : null;
    if (acl !== undefined) values.acl_on = acl ? (row?.acl_on ?? today(ctx)) : null;
    startIfNeeded(ctx, dossier);
    ctx.store.write(ctx.actor, writes(ENVIRONMENT_TABLE, rowId, dossier.id, values));
    return getDeploymentPlan(ctx, dossier.id);
  });
}

type ItemFields = OperationArgs<'deploymentPlan.item.add'>['fields'];

/** The columns a list row's fields are stored in, checked; `prefix` names the input ("fields", "changes"). */
function itemValues(ctx: ServiceContext, list: PlanList, fields: ItemFields, prefix: string, current: OrderedRow | null): Record<string, StoredValue> {
  const values: Record<string, StoredValue> = {};
  const problems: Problem[] = [];
  const what = PLAN_LIST_LABELS[list].one;
  for (const [key, raw] of Object.entries(fields) as [string, unknown][]) {
    if (raw === undefined) continue;
    if (key === 'done') {
      values.done_on = raw ? ((current?.done_on as string | null | undefined) ?? today(ctx)) : null;
    } else if (key === 'planned_start' && typeof raw === 'string') {
      const at = parseLocalDateTime(raw);
      if (at === null) problems.push({ field: `${prefix}.planned_start`, message: `${prefix}.planned_start: "${raw}" is not a date and time as YYYY-MM-DD HH:MM` });
      values.planned_start = at;
    } else if (key === 'duration_minutes') {
      const minutes = raw as number | null;
      if (minutes !== null && (!Number.isInteger(minutes) || minutes < 0)) {
        problems.push({ field: `${prefix}.duration_minutes`, message: `${prefix}.duration_minutes: a duration is whole minutes, not negative` });
      }
      values.duration_minutes = minutes;
    } else {
      values[key] = typeof raw === 'string' ? (clean(raw) ?? null) : (raw as StoredValue);
    }
  }
  if ('title' in values && values.title === null) problems.push({ field: `${prefix}.title`, message: `${prefix}.title: a ${what} needs a title` });
  if (list === 'communications') {
    const audience = 'audience' in values ? values.audience : (current?.audience ?? null);
    const message = 'message' in values ? values.message : (current?.message ?? null);
    if (audience === null && message === null) problems.push({ field: `${prefix}.audience`, message: `${prefix}.audience: a communication needs an audience or a message` });
  }
  if (problems.length) refuse(problems);
  return values;
}

/** A sort key for a row placed at `index` among `siblings`; when their keys leave no room, the whole list is re-keyed. */
function placeAt(siblings: OrderedRow[], index: number): { key: string; rekeyed: { id: string; key: string }[] } {
  const before = index > 0 ? siblings[index - 1]!.sort_key : null;
  const after = index < siblings.length ? siblings[index]!.sort_key : null;
  const usable = (k: string | null, edge: boolean) => (edge ? true : k !== null && isSortKey(k));
  if (usable(before, index === 0) && usable(after, index === siblings.length) && (before === null || after === null || before < after)) {
    return { key: keyBetween(before, after), rekeyed: [] };
  }
  const keys = spreadKeys(siblings.length + 1);
  return { key: keys[index]!, rekeyed: siblings.map((s, i) => ({ id: s.id, key: keys[i < index ? i : i + 1]! })) };
}

function findItem(rows: OrderedRow[], list: PlanList, itemId: string, reference: string, field = 'item'): OrderedRow {
  const row = rows.find((r) => r.id === itemId);
  if (!row) throw new WorkbenchError('not_found', `No ${PLAN_LIST_LABELS[list].one} "${itemId}" in the deployment plan of ${reference}.`, { problems: [{ field, message: `${field}: no such ${PLAN_LIST_LABELS[list].one}` }] });
  return row;
}

function sortKeyChanges(list: PlanList, dossierId: string, rowId: string, key: string, rekeyed: { id: string; key: string }[]): Change[] {
  const entity = LIST_TABLES[list];
  return [...rekeyed.map((r) => ({ entity, rowId: r.id, field: 'sort_key', value: r.key, dossierId })), { entity, rowId, field: 'sort_key', value: key, dossierId }];
}

export function addPlanItem(ctx: DeploymentPlanContext, input: OperationArgs<'deploymentPlan.item.add'>): OperationOutput<'deploymentPlan.item.add'> {
  return ctx.store.transaction(() => {
    const dossier = findDossierRow(ctx.store, input.id);
    const what = PLAN_LIST_LABELS[input.list].one;
    const values = itemValues(ctx, input.list, input.fields, 'fields', null);
    if (input.list !== 'communications' && !values.title) refuse([{ field: 'fields.title', message: `fields.title: a ${what} needs a title` }]);
    startIfNeeded(ctx, dossier);
    const siblings = readList(ctx.store, dossier.id, input.list);
    const index = input.after === undefined ? siblings.length : input.after === null ? 0 : siblings.indexOf(findItem(siblings, input.list, input.after, dossier.reference, 'after')) + 1;
    const { key, rekeyed } = placeAt(siblings, index);
    const id = newId();
    ctx.store.write(ctx.actor, [
      ...writes(LIST_TABLES[input.list], id, dossier.id, { dossier_id: dossier.id, ...values }),
      ...sortKeyChanges(input.list, dossier.id, id, key, rekeyed),
    ]);
    return { item: id, plan: getDeploymentPlan(ctx, dossier.id) };
  });
}

export function updatePlanItem(ctx: DeploymentPlanContext, input: OperationArgs<'deploymentPlan.item.update'>): DeploymentPlan {
  return ctx.store.transaction(() => {
    const dossier = findDossierRow(ctx.store, input.id);
    const row = findItem(readList(ctx.store, dossier.id, input.list), input.list, input.item, dossier.reference);
    const values = itemValues(ctx, input.list, input.changes, 'changes', row);
    ctx.store.write(ctx.actor, writes(LIST_TABLES[input.list], row.id, dossier.id, values));
    return getDeploymentPlan(ctx, dossier.id);
  });
}

/** Moves a row by changing its sort key only (unless the keys around it leave no room). */
export function movePlanItem(ctx: DeploymentPlanContext, input: OperationArgs<'deploymentPlan.item.move'>): DeploymentPlan {
  return ctx.store.transaction(() => {
    const dossier = findDossierRow(ctx.store, input.id);
    const rows = readList(ctx.store, dossier.id, input.list);
    const row = findItem(rows, input.list, input.item, dossier.reference);
    const from = rows.indexOf(row);
    const others = rows.filter((r) => r !== row);
    const { to } = input;
    const index =
      to === 'up'
        ? Math.max(0, from - 1)
        : to === 'down'
          ? Math.min(others.length, from + 1)
          : to === 'first'
            ? 0
            : to === 'last'
              ? others.length
              : to.after === null
                ? 0
                : others.indexOf(findItem(others, input.list, to.after, dossier.reference, 'to.after')) + 1;
    if (index !== from) {
      const { key, rekeyed } = placeAt(others, index);
      ctx.store.write(ctx.actor, sortKeyChanges(input.list, dossier.id, row.id, key, rekeyed));
    }
    return getDeploymentPlan(ctx, dossier.id);
  });
}

/** Removes a row as a tombstone: it leaves the plan and stays in the history. */
export function removePlanItem(ctx: DeploymentPlanContext, input: OperationArgs<'deploymentPlan.item.remove'>): DeploymentPlan {
  return ctx.store.transaction(() => {
    const dossier = findDossierRow(ctx.store, input.id);
    const row = findItem(readList(ctx.store, dossier.id, input.list), input.list, input.item, dossier.reference);
    ctx.store.write(ctx.actor, [{ entity: LIST_TABLES[input.list], rowId: row.id, field: 'deleted_at', value: new Date().toISOString(), dossierId: dossier.id }]);
    return getDeploymentPlan(ctx, dossier.id);
  });
}

/** One RACI letter: the role's column on the area's row. */
export function setRaciAssignment(ctx: DeploymentPlanContext, input: OperationArgs<'deploymentPlan.raci.set'>): DeploymentPlan {
  return ctx.store.transaction(() => {
    const dossier = findDossierRow(ctx.store, input.id);
    const area = findItem(readList(ctx.store, dossier.id, 'raci'), 'raci', input.area, dossier.reference, 'area');
    ctx.store.write(ctx.actor, [{ entity: LIST_TABLES.raci, rowId: area.id, field: input.role, value: input.assignment, dossierId: dossier.id }]);
    return getDeploymentPlan(ctx, dossier.id);
  });
}

