/** Dossiers and their onboarding workflow: create, list, read, edit, work activities, advance. */
import { SCALAR_FIELDS, columnOf, findField } from '../../shared/dossier/fields';
import { checkChanges, type FieldValue, type FieldValues } from '../../shared/dossier/values';
import { WorkbenchError } from '../../shared/api/errors';
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { Dashboard, Dossier, DossierSummary, HistoryEntry } from '../../shared/api/types';
import { ACTIVITIES, STAGE_KEYS, type ActivityKey, type Stage } from '../../shared/workflow/definition';
import { evaluateGate } from '../../shared/workflow/gate';
import {
  QUESTIONNAIRE_PROVIDED,
  activityChangeRefusals,
  blockingActivities,
  fieldChangeRefusals,
  workflowFindings,
  type RuleFinding,
  type RuleState,
} from '../../shared/workflow/rules';
import { localIsoDate } from '../../shared/dates';
import type { AttachmentKind } from '../../shared/workflow/attachments';
import { storeAttachment } from '../questionnaire/attachments';
import type { Change, Store, WrittenRow } from '../store/store';
import { LOG_COLUMNS, expandEntry, type LogEntry } from '../store/changeLog';
import { parseHlc } from '../../shared/hlc';
import { newId } from '../store/ids';
import {
  fieldsOf,
  findDossierRow,
  readActivityRows,
  readAttachmentRows,
  readFields,
  stageOf,
  storedProblems,
  toActivities,
  type ActivityRow,
  type AttachmentRow,
  type DossierRow,
  type SetMember,
} from './read';
import { MATCHING_DOSSIERS, referencePrefix, searchIndexCurrent, toMatchQuery } from './search';
import { compareSortValues, type SortValue } from './listOrder';
import { WALKABLE_SORTS, searchPage, type SearchPage, type SearchPageRequest, type WalkableSort } from './searchPage';

export interface ServiceContext {
  store: Store;
  actor: string;
  today?: () => string;
  /** Reasons other capabilities add to a phase gate (for example the gap analysis). */
  gateReasons?: (dossierId: string, stage: Stage) => string[];
  /** Why an activity may not be set done yet, as other capabilities decide (conformance testing records). */
  activityDoneReasons?: (dossierId: string, activity: ActivityKey) => string[];
  /** Where the started deployment plan no longer agrees with the dossier (set by the engine). */
  planDrift?: (dossierId: string) => string[];
}

const today = (ctx: ServiceContext) => (ctx.today ?? (() => localIsoDate()))();

function validationError(problems: { field: string; message: string }[]): WorkbenchError {
  return new WorkbenchError('validation', problems.map((p) => p.message).join('; '), { problems });
}

/** Field changes for dossier values: scalars as column writes, sets as per-member add/remove (a new dossier has no members to read). */
function fieldChanges(store: Store, dossierId: string, values: FieldValues, isNew = false): Change[] {
  const changes: Change[] = [];
  for (const [path, value] of Object.entries(values)) {
    const def = findField(path)!;
    if (def.kind !== 'set') {
      changes.push({ entity: 'dossiers', rowId: dossierId, field: columnOf(path), value: value as Exclude<FieldValue, string[]>, dossierId });
      continue;
    }
    const wanted = new Set(value as string[]);
    const existing = isNew
      ? []
      : (store.prepare('SELECT id, value, present FROM dossier_set_items WHERE dossier_id = ? AND field = ?').all(dossierId, path) as { id: string; value: string; present: number }[]);
    for (const item of existing) {
      if (item.present === 1 && !wanted.has(item.value)) changes.push({ entity: 'dossier_set_items', rowId: item.id, field: 'present', value: 0, dossierId });
      if (item.present !== 1 && wanted.has(item.value)) changes.push({ entity: 'dossier_set_items', rowId: item.id, field: 'present', value: 1, dossierId });
      wanted.delete(item.value);
    }
    for (const member of wanted) {
      const rowId = newId();
      changes.push(
        { entity: 'dossier_set_items', rowId, field: 'dossier_id', value: dossierId, dossierId },
        { entity: 'dossier_set_items', rowId, field: 'field', value: path, dossierId },
        { entity: 'dossier_set_items', rowId, field: 'value', value: member, dossierId },
        { entity: 'dossier_set_items', rowId, field: 'present', value: 1, dossierId },
      );
    }
  }
  return changes;
}

/**
 * The next human reference for the year, PCR-YYYY-NNNN. The counter lives in meta so that
 * creating a dossier does not scan the table; it starts from the highest reference present.
 */
function nextReference(store: Store, year: number): string {
  return nextReferences(store, year, 1)[0]!;
}

/** The next `count` references of the year, the counter read and moved once. */
function nextReferences(store: Store, year: number, count: number): string[] {
  const prefix = `PCR-${year}-`;
  const key = `reference_seq:${year}`;
  let last = Number(store.meta(key) ?? Number.NaN);
  if (Number.isNaN(last)) {
    const row = store
      .prepare("SELECT MAX(CAST(substr(reference, ?) AS INTEGER)) AS n FROM dossiers WHERE reference LIKE ? || '%'")
      .get(prefix.length + 1, prefix) as { n: number | null };
    last = row.n ?? 0;
  }
  store.setMeta(key, String(last + count));
  return Array.from({ length: count }, (_, k) => `${prefix}${String(last + 1 + k).padStart(4, '0')}`);
}

/** The changes that make a new dossier: its values, reference and the nine activities. */
function creationChanges(store: Store, values: FieldValues, createdAt: Date, reference = nextReference(store, createdAt.getFullYear())): { id: string; changes: Change[] } {
  const id = newId();
  const base: Change[] = [
    { entity: 'dossiers', rowId: id, field: 'reference', value: reference, dossierId: id },
    { entity: 'dossiers', rowId: id, field: 'created_at', value: createdAt.toISOString(), dossierId: id },
    { entity: 'dossiers', rowId: id, field: columnOf('status.phase'), value: 'intake', dossierId: id },
  ];
  const activityChanges: Change[] = ACTIVITIES.flatMap((def) => {
    const rowId = newId();
    return [
      { entity: 'activities', rowId, field: 'dossier_id', value: id, dossierId: id },
      { entity: 'activities', rowId, field: 'key', value: def.key, dossierId: id },
    ] satisfies Change[];
  });
  return { id, changes: [...base, ...fieldChanges(store, id, values, true), ...activityChanges] };
}

function requireCreationFields(values: FieldValues): void {
  const problems = ['organization.legal_name', 'application.name']
    .filter((path) => values[path] === null || values[path] === undefined)
    .map((path) => ({ field: path, message: `${path} (${findField(path)!.label}) is required` }));
  if (problems.length) throw validationError(problems);
}

export function createDossier(ctx: ServiceContext, input: OperationArgs<'dossier.create'>): Dossier {
  const checked = checkChanges(input.fields);
  if (!checked.ok) throw validationError(checked.problems);
  requireCreationFields(checked.values);
  let created: { id: string; changes: Change[] } | undefined;
  let written: WrittenRow | undefined;
  // The reference is taken inside the write's transaction: a create that fails leaves the counter as it was.
  ctx.store.write(ctx.actor, () => (created = creationChanges(ctx.store, checked.values, new Date())).changes, { allNew: true, written: (rows) => (written = rows) });
  return createdDossierView(ctx, created!, written!);
}

/**
 * The answer to a create, from the rows the write just made (as a fresh read would give them:
 * each holds its table's defaults for what was not given) instead of reading them back. A new
 * dossier has no attachments: its id was just minted.
 */
function createdDossierView(ctx: ServiceContext, { id, changes }: { id: string; changes: readonly Change[] }, written: WrittenRow): Dossier {
  const rowsOf = (entity: 'activities' | 'dossier_set_items') => [...new Set(changes.filter((c) => c.entity === entity).map((c) => c.rowId))].map((rowId) => written(entity, rowId)!);
  const row = written('dossiers', id) as DossierRow;
  const members = rowsOf('dossier_set_items').filter((m) => m.present === 1) as unknown as SetMember[];
  const activityRows = rowsOf('activities').filter((a) => a.deleted_at === null) as unknown as ActivityRow[];
  return dossierView(ctx, row, fieldsOf(row, members), activityRows, []);
}

/**
 * Dossiers per write inside `createDossiers`: a write holds every change it makes until its
 * multi-row inserts, so slices of this size let those objects die young (a 500-dossier write
 * spent a fifth of its time copying them between garbage-collector generations).
 */
const CREATE_SLICE = 100;

/**
 * Creates many dossiers in one transaction (demo data, imports, benchmarks), written in slices:
 * multi-row inserts, one log entry per new row. `createdAt` backdates them (demo data),
 * references stay this year's.
 */
export function createDossiers(ctx: ServiceContext, items: FieldValues[], createdAt?: Date): string[] {
  return ctx.store.transaction(() => {
    const ids: string[] = [];
    const now = new Date();
    const references = nextReferences(ctx.store, now.getFullYear(), items.length);
    for (let start = 0; start < items.length; start += CREATE_SLICE) {
      const changes: Change[] = [];
      for (let k = start; k < Math.min(items.length, start + CREATE_SLICE); k += 1) {
        const checked = checkChanges(items[k]!, { allowReadOnly: true });
        if (!checked.ok) throw validationError(checked.problems);
        requireCreationFields(checked.values);
        const created = creationChanges(ctx.store, checked.values, createdAt ?? now, references[k]);
        ids.push(created.id);
        for (const change of created.changes) changes.push(change);
      }
      ctx.store.write(ctx.actor, changes, { allNew: true, ...(createdAt ? { at: createdAt.toISOString() } : {}) });
    }
    return ids;
  });
}

export function getDossier(ctx: ServiceContext, idOrRef: string): Dossier {
  const row = findDossierRow(ctx.store, idOrRef);
  return dossierView(ctx, row, readFields(ctx.store, row), readActivityRows(ctx.store, row.id), readAttachmentRows(ctx.store, row.id));
}

function dossierView(ctx: ServiceContext, row: DossierRow, fields: FieldValues, activityRows: ActivityRow[], attachmentRows: AttachmentRow[]): Dossier {
  const activities = toActivities(activityRows, fields, today(ctx), attachmentRows);
  const stage = stageOf(fields);
  const invalid = storedProblems(row, activityRows);
  // A dossier holding an invalid value does not advance until a person corrects it.
  const extraReasons = [...invalid.map((p) => p.message), ...(ctx.gateReasons?.(row.id, stage) ?? [])];
  const gate = evaluateGate({ stage, fields, activities, extraReasons });
  const dossier = {
    id: row.id,
    reference: row.reference ?? row.id,
    created_at: row.created_at ?? '',
    updated_at: row.updated_at ?? row.created_at ?? '',
    fields,
    activities,
    gate,
    ...(invalid.length ? { invalid } : {}),
  };
  return { ...dossier, findings: workflowFindings(ruleState(ctx, dossier)), plan_drift: ctx.planDrift?.(row.id) ?? [] };
}

/** What the workflow rules look at in a dossier. */
export function ruleState(ctx: ServiceContext, dossier: Pick<Dossier, 'fields' | 'activities' | 'created_at'>): RuleState {
  return {
    stage: stageOf(dossier.fields),
    fields: dossier.fields,
    activities: dossier.activities,
    today: today(ctx),
    createdOn: dossier.created_at ? localIsoDate(new Date(dossier.created_at)) : today(ctx),
  };
}

/** A refusal by the workflow rules: every unmet reason, and the activities standing in the way. */
export function ruleRefusal(what: string, findings: RuleFinding[], otherReasons: string[] = []): WorkbenchError {
  const count = findings.length + otherReasons.length;
  const blocking = blockingActivities(findings);
  const kind = otherReasons.length ? 'requirement' : 'workflow rule';
  return new WorkbenchError('gate_blocked', `${what}: ${count} ${kind}${count === 1 ? ' is' : 's are'} not met.`, {
    reasons: [...findings.map((f) => f.message), ...otherReasons],
    blocking,
  });
}

export function updateDossier(ctx: ServiceContext, input: OperationArgs<'dossier.update'>): Dossier {
  const checked = checkChanges(input.changes);
  if (!checked.ok) throw validationError(checked.problems);
  const required = ['organization.legal_name', 'application.name'].filter((p) => p in checked.values && checked.values[p] === null);
  if (required.length) throw validationError(required.map((p) => ({ field: p, message: `${p} (${findField(p)!.label}) cannot be emptied` })));
  ctx.store.transaction(() => {
    const before = getDossier(ctx, input.id);
    const refusals = fieldChangeRefusals(ruleState(ctx, before), checked.values);
    if (refusals.length) throw ruleRefusal(`${before.reference} cannot take these dates`, refusals);
    ctx.store.write(ctx.actor, fieldChanges(ctx.store, before.id, checked.values));
  });
  return getDossier(ctx, input.id);
}

/** Records that the gap-analysis questionnaire was provided to the partner: after the kick-off, not in the future. */
export function recordQuestionnaireProvided(ctx: ServiceContext, input: OperationArgs<'questionnaire.provide'>): Dossier {
  return ctx.store.transaction(() => {
    const before = getDossier(ctx, input.id);
    const date = input.date ?? today(ctx);
    const refusals = fieldChangeRefusals(ruleState(ctx, before), { [QUESTIONNAIRE_PROVIDED]: date });
    if (refusals.length) throw ruleRefusal(`The gap analysis of ${before.reference} cannot be recorded as provided`, refusals);
    ctx.store.write(ctx.actor, fieldChanges(ctx.store, before.id, { [QUESTIONNAIRE_PROVIDED]: date }));
    return getDossier(ctx, before.id);
  });
}

export function updateActivity(ctx: ServiceContext, input: OperationArgs<'activity.update'>): OperationOutput<'activity.update'> {
  const dossier = getDossier(ctx, input.id);
  const activity = dossier.activities.find((a) => a.key === input.activity);
  if (!activity) throw new WorkbenchError('not_found', `Dossier ${dossier.reference} has no activity "${input.activity}".`);
  const changes = { ...input.changes };
  if (changes.status === 'not_required') {
    throw validationError([
      { field: 'status', message: `status: "not_required" follows from the dossier's flags (integration development / DQ process required); it cannot be set by hand` },
    ]);
  }
  if (!activity.required && Object.keys(changes).length > 0) {
    throw new WorkbenchError('gate_blocked', `${activity.label} is not required for ${dossier.reference}; set its flag on the Overview first.`);
  }
  if (changes.status === 'done' && changes.completed_date === undefined && !activity.completed_date) changes.completed_date = today(ctx);
  if (changes.status && changes.status !== 'done' && changes.completed_date === undefined && activity.completed_date) changes.completed_date = null;
  const next = {
    status: changes.status ?? activity.status,
    due_date: changes.due_date === undefined ? activity.due_date : changes.due_date,
    completed_date: changes.completed_date === undefined ? activity.completed_date : changes.completed_date,
  };
  const refusals = activityChangeRefusals(ruleState(ctx, dossier), activity.key, next);
  const markingDone = changes.status === 'done' && activity.status !== 'done';
  // Other capabilities' reasons (conformance testing records) join the workflow rules' in one refusal.
  const recordReasons = markingDone ? (ctx.activityDoneReasons?.(dossier.id, input.activity) ?? []) : [];
  if (refusals.length || recordReasons.length) {
    const what = markingDone ? 'cannot be marked done' : 'cannot take these dates';
    throw ruleRefusal(`${activity.label} on ${dossier.reference} ${what}`, refusals, recordReasons);
  }
  const writes: Change[] = Object.entries(changes).map(([field, value]) => ({
    entity: 'activities',
    rowId: activity.id,
    field,
    value: typeof value === 'string' ? value.normalize('NFC').trim() || null : (value ?? null),
    dossierId: dossier.id,
  }));
  ctx.store.write(ctx.actor, writes);
  const updated = getDossier(ctx, dossier.id);
  return { activity: updated.activities.find((a) => a.key === input.activity)!, gate: updated.gate, findings: updated.findings };
}

/** Keeps a file on an activity: stored once by SHA-256 under attachments/, like questionnaire evidence. */
export function attachToActivity(
  ctx: ServiceContext & { attachmentsDir: string },
  input: { id: string; activity: ActivityKey; kind: AttachmentKind; name: string; content: Buffer },
): OperationOutput<'activity.attach'> {
  const name = input.name.normalize('NFC').trim();
  if (!name) throw validationError([{ field: 'file', message: 'The file needs a name.' }]);
  ctx.store.transaction(() => {
    const dossier = findDossierRow(ctx.store, input.id);
    const stored = storeAttachment(ctx.attachmentsDir, input.content);
    const rowId = newId();
    const values = { dossier_id: dossier.id, activity_key: input.activity, kind: input.kind, name, sha256: stored.sha256, size: stored.size, added_at: new Date().toISOString() };
    ctx.store.write(
      ctx.actor,
      Object.entries(values).map(([field, value]) => ({ entity: 'activity_attachments', rowId, field, value, dossierId: dossier.id })),
    );
  });
  return getDossier(ctx, input.id).activities.find((a) => a.key === input.activity)!;
}

export function advancePhase(ctx: ServiceContext, idOrRef: string): Dossier {
  return ctx.store.transaction(() => {
    const dossier = getDossier(ctx, idOrRef);
    const { gate } = dossier;
    if (!gate.ok || gate.next === null) {
      const count = gate.reasons.length;
      throw new WorkbenchError(
        'gate_blocked',
        `${dossier.reference} cannot leave ${phaseName(gate.phase)}: ${count} requirement${count === 1 ? ' is' : 's are'} not met.`,
        { reasons: gate.reasons },
      );
    }
    ctx.store.write(ctx.actor, [{ entity: 'dossiers', rowId: dossier.id, field: columnOf('status.phase'), value: gate.next, dossierId: dossier.id }]);
    return getDossier(ctx, dossier.id);
  });
}

function phaseName(stage: Stage): string {
  return findField('status.phase')!.options!.find((o) => o.value === stage)?.label ?? stage;
}

const SORT_COLUMNS: Record<Exclude<OperationArgs<'dossier.list'>['sort'], 'relevance'>, string> = {
  reference: 'd.reference',
  organization: 'd.organization__legal_name COLLATE NOCASE',
  application: 'd.application__name COLLATE NOCASE',
  phase: "CASE d.status__phase WHEN 'intake' THEN 0 WHEN 'implementation' THEN 1 WHEN 'deployment' THEN 2 ELSE 3 END",
  lead: 'd.leads__cgi_business_support_lead COLLATE NOCASE',
  go_live_date: 'd.targets__go_live_date',
  updated_at: 'd.updated_at',
};

/** Activity counts per dossier, honouring conditional activities. */
const OPEN_ACTIVITY = `a.dossier_id = d.id AND a.deleted_at IS NULL AND a.status <> 'done'
  AND NOT (a.key = 'develop_integration' AND COALESCE(d.flags__integration_development_required, 0) = 0)
  AND NOT (a.key = 'dq_process' AND COALESCE(d.flags__dq_process_required, 0) = 0)`;

const SUMMARY_COLUMNS = `d.id, COALESCE(d.reference, d.id) AS reference, d.organization__legal_name AS organization, d.application__name AS application,
  CASE WHEN d.status__phase IN ('implementation', 'deployment', 'live') THEN d.status__phase ELSE 'intake' END AS phase,
  CASE WHEN d.status__phase IS NULL OR d.status__phase IN ('intake', 'implementation', 'deployment', 'live') THEN 0 ELSE 1 END AS phase_invalid, d.status__rag AS rag, d.leads__cgi_business_support_lead AS lead,
  d.targets__go_live_date AS go_live_date, COALESCE(d.updated_at, d.created_at, '') AS updated_at,
  (SELECT COUNT(*) FROM activities a WHERE ${OPEN_ACTIVITY}) AS open_activities,
  (SELECT COUNT(*) FROM activities a WHERE ${OPEN_ACTIVITY} AND a.due_date < @today) AS overdue_activities`;

type SummaryRow = Omit<DossierSummary, 'invalid'> & { phase_invalid: number };

/** A list row; a stored phase that is not one reads as Intake and is marked invalid. */
function toSummary({ phase_invalid, ...row }: SummaryRow): DossierSummary {
  return phase_invalid ? { ...row, invalid: ['status.phase'] } : row;
}

/** Meta key: the number of live dossiers, kept by triggers on the dossiers table (migration 20). */
const LIVE_DOSSIERS = 'live_dossiers';
/** Up to this many dossiers match a reference prefix: sorted here; more: the sort index is walked. */
const SPARSE_REFERENCE_HITS = 2000;

/** A search page without reading every hit, when the index is current in the same read (else undefined: every hit is read). */
function currentSearchPage(store: Store, request: SearchPageRequest): SearchPage | undefined {
  return store.transaction(() => (searchIndexCurrent(store) ? searchPage(store, request) : undefined));
}

/**
 * The list: the page is taken by walking the sort index (live dossiers have partial indexes that
 * also count them without reading rows); a search runs one FTS5 MATCH whose hits give both the
 * total and the page — sorted by last change or reference, without a phase or lead, the number of
 * hits is the total and the page is walked (searchPage); otherwise every hit is read with its sort
 * value and sorted here; a reference prefix (PCR-2026-0…) is a range of the reference index. The
 * summary columns are computed for the page only.
 */
export function listDossiers(ctx: ServiceContext, input: OperationArgs<'dossier.list'>): OperationOutput<'dossier.list'> {
  const where = ['d.deleted_at IS NULL'];
  const params: Record<string, string | number> = {};
  if (input.phase) {
    where.push('d.status__phase = @phase');
    params.phase = input.phase;
  }
  if (input.lead?.trim()) {
    const leadColumns = SCALAR_FIELDS.filter((f) => f.section === 'leads').map((f) => `d.${columnOf(f.path)} = @lead COLLATE NOCASE`);
    where.push(`(${leadColumns.join(' OR ')})`);
    params.lead = input.lead.trim();
  }
  const search = input.search?.trim() ?? '';
  const reference = search ? referencePrefix(search) : null;
  const match = search && !reference ? toMatchQuery(search) : null;
  if (reference) {
    where.push('d.reference >= @ref_from AND d.reference < @ref_to');
    params.ref_from = reference;
    params.ref_to = `${reference}\uffff`;
  }
  const sort = input.sort === 'relevance' && !match ? 'updated_at' : input.sort;
  const desc = input.direction !== 'asc';
  const whereSql = where.join(' AND ');
  let total: number;
  let ids: string[];
  let page: SearchPage | undefined;
  if (search && !reference && !match) {
    total = 0;
    ids = [];
  } else if (match && WALKABLE_SORTS.has(sort) && !input.phase && !input.lead?.trim() && (page = currentSearchPage(ctx.store, { match, sort: sort as WalkableSort, desc, offset: input.offset, limit: input.limit }))) {
    ({ total, ids } = page);
  } else if (match) {
    // One MATCH: every hit with its sort value, so the total and the page come from the same rows.
    const sortExpr = sort === 'relevance' ? 'm.rank' : SORT_COLUMNS[sort].replace(' COLLATE NOCASE', '');
    const hits = ctx.store
      .prepare(`SELECT d.id, ${sortExpr} AS v, d.reference AS r FROM (${MATCHING_DOSSIERS}) m JOIN dossiers d ON d.id = m.id WHERE ${whereSql}`)
      .all({ ...params, match }) as { id: string; v: SortValue; r: string | null }[];
    const nocase = sort !== 'relevance' && SORT_COLUMNS[sort].includes('NOCASE');
    // Relevance: best (lowest bm25) first whatever the direction asked; ties newest reference first.
    const sign = sort === 'relevance' ? 1 : desc ? -1 : 1;
    hits.sort((a, b) => sign * compareSortValues(a.v, b.v, nocase) || (desc ? -1 : 1) * compareSortValues(a.r, b.r, false));
    total = hits.length;
    ids = hits.slice(input.offset, input.offset + input.limit).map((h) => h.id);
  } else {
    const sortColumn = SORT_COLUMNS[sort as keyof typeof SORT_COLUMNS];
    const order = `${sortColumn} ${desc ? 'DESC' : 'ASC'}, d.reference ${desc ? 'DESC' : 'ASC'}`;
    // Every live dossier: the count the triggers keep (migration 20); else counted on a partial index of live dossiers, no row read.
    const everyLive = !reference && !input.phase && !input.lead?.trim();
    const kept = everyLive ? ctx.store.meta(LIVE_DOSSIERS) : undefined;
    const countIndex = reference ? 'dossiers_live_reference' : everyLive ? 'dossiers_live' : null;
    total =
      kept !== undefined
        ? Number(kept)
        : (ctx.store.prepare(`SELECT COUNT(*) AS total FROM dossiers d ${countIndex ? `INDEXED BY ${countIndex}` : ''} WHERE ${whereSql}`).get(params) as { total: number }).total;
    if (reference && total <= SPARSE_REFERENCE_HITS) {
      // A few references: read them by the reference index and sort here, rather than walk the sort index.
      const hits = ctx.store
        .prepare(`SELECT d.id, ${sortColumn.replace(' COLLATE NOCASE', '')} AS v, d.reference AS r FROM dossiers d INDEXED BY dossiers_live_reference WHERE ${whereSql}`)
        .all(params) as { id: string; v: SortValue; r: string | null }[];
      const sign = desc ? -1 : 1;
      hits.sort((a, b) => sign * (compareSortValues(a.v, b.v, sortColumn.includes('NOCASE')) || compareSortValues(a.r, b.r, false)));
      ids = hits.slice(input.offset, input.offset + input.limit).map((h) => h.id);
    } else {
      ids = (
        ctx.store.prepare(`SELECT d.id FROM dossiers d WHERE ${whereSql} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all({ ...params, limit: input.limit, offset: input.offset }) as {
          id: string;
        }[]
      ).map((r) => r.id);
    }
  }
  if (ids.length === 0) return { total, rows: [] };
  const byId = new Map(
    (ctx.store.prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers d WHERE d.id IN (SELECT value FROM json_each(@ids))`).all({ today: today(ctx), ids: JSON.stringify(ids) }) as SummaryRow[]).map(
      (r) => [r.id, toSummary(r)],
    ),
  );
  return { total, rows: ids.map((id) => byId.get(id)!) };
}

export function dashboard(ctx: ServiceContext, input: OperationArgs<'dashboard.get'>): Omit<Dashboard, 'at_risk'> {
  const day = input.today ?? today(ctx);
  const db = ctx.store;
  const byPhase = Object.fromEntries(STAGE_KEYS.map((s) => [s, 0])) as Record<Stage, number>;
  let total = 0;
  for (const r of db.prepare("SELECT COALESCE(status__phase, 'intake') AS phase, COUNT(*) AS n FROM dossiers WHERE deleted_at IS NULL GROUP BY 1").all() as {
    phase: Stage;
    n: number;
  }[]) {
    // An invalid stored phase is not a phase to count, but the dossier still counts in the total.
    if (r.phase in byPhase) byPhase[r.phase] = r.n;
    total += r.n;
  }
  const byRag: Record<string, number> = {};
  for (const r of db.prepare("SELECT COALESCE(status__rag, 'unset') AS rag, COUNT(*) AS n FROM dossiers WHERE deleted_at IS NULL GROUP BY 1").all() as {
    rag: string;
    n: number;
  }[])
    byRag[r.rag] = r.n;
  const overdue = (
    db
      .prepare(
        `SELECT d.id AS dossier_id, d.reference, d.organization__legal_name AS organization, a.key AS activity, a.assignee, a.due_date
         FROM activities a JOIN dossiers d ON ${OPEN_ACTIVITY}
         WHERE d.deleted_at IS NULL AND a.due_date < ? ORDER BY a.due_date LIMIT 50`,
      )
      .all(day) as { dossier_id: string; reference: string; organization: string | null; activity: ActivityKey; assignee: string | null; due_date: string }[]
  ).map((r) => ({ ...r, label: ACTIVITIES.find((a) => a.key === r.activity)!.label }));
  const recent = (
    db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers d WHERE d.deleted_at IS NULL ORDER BY d.updated_at DESC LIMIT 8`).all({ today: day }) as SummaryRow[]
  ).map(toSummary);
  return { by_phase: byPhase, by_rag: byRag, total, overdue, recent };
}
