/**
 * The synced schema, once for the workbench and the sync server: the tables, the columns the write
 * path may change on each (nothing else is writable), and what a value of each column may be.
 * Runs anywhere (no Node import).
 */
import { SCALAR_FIELDS, SET_FIELDS, columnOf, type FieldDef } from '../dossier/fields';
import { checkFieldValue } from '../dossier/values';
import { ACTIVITY_KEYS, ACTIVITY_STATUSES } from '../workflow/definition';
import { LONG_TEXT_MAX, SHORT_TEXT_MAX, checkText } from '../text/textRule';
import type { WireChange } from './protocol';
import { APPROVAL_DECISIONS, DEFECT_STATUSES, RESULT_STATUSES, SEVERITIES } from '../conformance/model';
import { GAP_STATUSES, RISK_ACCEPTANCE_COLUMNS } from '../questionnaire/rollup';
import { RESPONSES } from '../questionnaire/template';
import { DECISIONS } from '../api/packageOps';

export const ENTITIES = {
  dossiers: new Set(['reference', 'created_at', 'deleted_at', ...SCALAR_FIELDS.map((f) => columnOf(f.path))]),
  dossier_set_items: new Set(['dossier_id', 'field', 'value', 'present']),
  activities: new Set(['dossier_id', 'key', 'status', 'assignee', 'due_date', 'completed_date', 'notes', 'deleted_at']),
  questionnaire_instances: new Set(['dossier_id', 'template_id', 'template_version', 'created_at', 'deleted_at']),
  questionnaire_answers: new Set([
    'instance_id',
    'dossier_id',
    'question_id',
    'response',
    'comment',
    'assessment',
    'reviewer_comment',
    'answered_version',
    'deleted_at',
  ]),
  questionnaire_evidence: new Set(['answer_id', 'dossier_id', 'kind', 'name', 'sha256', 'size', 'reference', 'deleted_at']),
  gaps: new Set([
    'instance_id',
    'dossier_id',
    'question_id',
    'description',
    'likelihood',
    'impact',
    'plan',
    'owner',
    'due_date',
    'status',
    ...RISK_ACCEPTANCE_COLUMNS,
    'opened_at',
    'closed_at',
    'deleted_at',
  ]),
  deployment_plans: new Set([
    'dossier_id',
    'created_at',
    'template_version',
    'scope_summary',
    'scope_systems',
    'escalation',
    'support_model',
    'hypercare_start',
    'hypercare_end',
    'hypercare_contacts',
    'hypercare_exit_criteria',
    'rollback_triggers',
    'rollback_decision_role',
    'rollback_decision_maker',
    'rollback_steps',
    'deleted_at',
  ]),
  deployment_plan_environments: new Set(['dossier_id', 'key', 'status', 'notes', 'certificates_on', 'acl_on', 'deleted_at']),
  deployment_plan_steps: new Set(['dossier_id', 'sort_key', 'title', 'owner_role', 'planned_start', 'duration_minutes', 'verification', 'rollback', 'deleted_at']),
  deployment_plan_checklist: new Set(['dossier_id', 'sort_key', 'title', 'done_on', 'deleted_at']),
  deployment_plan_communications: new Set(['dossier_id', 'sort_key', 'audience', 'message', 'timing', 'channel', 'owner_role', 'deleted_at']),
  // One column per participant role (shared/deployment-plan/model.ts PLAN_ROLE_KEYS) holds its RACI letter.
  deployment_plan_raci: new Set([
    'dossier_id',
    'sort_key',
    'title',
    'moh_registries_manager',
    'moh_registries_admin',
    'moh_dq_team',
    'cgi_business_support_lead',
    'cgi_technical_team',
    'cgi_operations_team',
    'cis',
    'connected_partner',
    'deleted_at',
  ]),
  packages: new Set(['dossier_id', 'version', 'created_at', 'created_by', 'manifest_sha256', 'file_name', 'content_fingerprint', 'deleted_at']),
  form_imports: new Set(['dossier_id', 'form_id', 'form_version', 'format', 'file_name', 'sha256', 'size', 'imported_at', 'values_json', 'deleted_at']),
  // Conformance testing (electron/conformance).
  conformance_plan_items: new Set(['dossier_id', 'case_id', 'applicable', 'reason', 'deleted_at']),
  conformance_rounds: new Set(['dossier_id', 'number', 'environment', 'started_on', 'ended_on', 'partner_tester', 'cis_reviewer', 'created_at', 'deleted_at']),
  conformance_results: new Set(['dossier_id', 'round_id', 'case_id', 'status', 'actual', 'notes', 'reason', 'references', 'recorded_at', 'carried_from', 'deleted_at']),
  conformance_evidence: new Set(['dossier_id', 'result_id', 'kind', 'name', 'sha256', 'size', 'reference', 'source', 'deleted_at']),
  conformance_defects: new Set(['dossier_id', 'number', 'case_id', 'severity', 'description', 'status', 'found_round_id', 'verified_round_id', 'created_at', 'deleted_at']),
  conformance_imports: new Set(['dossier_id', 'round_id', 'format', 'file_name', 'sha256', 'size', 'imported_at', 'deleted_at']),
  conformance_approvals: new Set([
    'dossier_id',
    'round_id',
    'decision',
    'comment',
    'signed_at',
    'signer_key_id',
    'signer_name',
    'signer_role',
    'public_key',
    'summary_sha256',
    'summary_json',
    'signature',
    'deleted_at',
  ]),
  package_approvals: new Set([
    'dossier_id',
    'package_version',
    'manifest_sha256',
    'key_id',
    'signer_name',
    'signer_role',
    'decision',
    'comment',
    'signed_at',
    'recorded_at',
    'recorded_by',
    'deleted_at',
  ]),
  // Records kept on an activity by content hash (issue #13).
  activity_attachments: new Set(['dossier_id', 'activity_key', 'kind', 'name', 'sha256', 'size', 'added_at', 'deleted_at']),
} as const;

export type EntityName = keyof typeof ENTITIES;

export function isEntityName(name: string): name is EntityName {
  return Object.hasOwn(ENTITIES, name);
}

/** What the store keeps in a column: JSON scalars only. */
export type ScalarValue = string | number | boolean | null;

const ENTITY_LABELS: Record<EntityName, string> = {
  dossiers: 'Dossier',
  dossier_set_items: 'Dossier list value',
  activities: 'Activity',
  questionnaire_instances: 'Questionnaire',
  questionnaire_answers: 'Questionnaire answer',
  questionnaire_evidence: 'Evidence',
  gaps: 'Gap',
  deployment_plans: 'Deployment plan',
  deployment_plan_environments: 'Deployment plan environment',
  deployment_plan_steps: 'Cut-over step',
  deployment_plan_checklist: 'Readiness checklist item',
  deployment_plan_communications: 'Communication',
  deployment_plan_raci: 'RACI row',
  packages: 'Approval package',
  form_imports: 'Imported form',
  conformance_plan_items: 'Conformance plan case',
  conformance_rounds: 'Conformance round',
  conformance_results: 'Conformance result',
  conformance_evidence: 'Conformance evidence',
  conformance_defects: 'Conformance defect',
  conformance_imports: 'Imported test report',
  conformance_approvals: 'CIS interface approval',
  package_approvals: 'Package approval',
  activity_attachments: 'Activity record',
};

/** Text columns that hold notes, comments or plans (long text); the partner form values kept as JSON. */
const LONG_TEXT_COLUMNS: ReadonlySet<string> = new Set([
  'notes',
  'comment',
  'reviewer_comment',
  'description',
  'plan',
  'acceptance_justification',
  'acceptance_conditions',
  'scope_summary',
  'scope_systems',
  'escalation',
  'support_model',
  'hypercare_contacts',
  'hypercare_exit_criteria',
  'rollback_triggers',
  'rollback_steps',
  'message',
  'verification',
  'rollback',
  'actual',
  'references',
]);
const JSON_TEXT_MAX = 1_000_000;

const dossierFieldByColumn = new Map<string, FieldDef>(SCALAR_FIELDS.map((f) => [columnOf(f.path), f]));

/** The field's name for a person: the dossier field's label, or the record and column in words. */
export function columnLabel(entity: string, field: string): string {
  const def = entity === 'dossiers' ? dossierFieldByColumn.get(field) : undefined;
  if (def) return `${def.label} [${def.path}]`;
  const record = isEntityName(entity) ? ENTITY_LABELS[entity] : entity;
  return `${record} — ${field.replaceAll('_', ' ')}`;
}

/** The longest text a column accepts, in characters. */
export function columnMaxLength(entity: string, field: string): number {
  if (entity === 'dossiers') {
    const def = dossierFieldByColumn.get(field);
    if (def) return def.maxLength ?? (def.kind === 'longtext' ? LONG_TEXT_MAX : SHORT_TEXT_MAX);
  }
  if (field === 'values_json' || field === 'summary_json') return JSON_TEXT_MAX;
  return LONG_TEXT_COLUMNS.has(field) ? LONG_TEXT_MAX : SHORT_TEXT_MAX;
}

/**
 * The text rule for a value on its way into a column (Store.write): the value to store, or a
 * message naming the field. Non-text values pass as they are.
 */
export function checkColumnText(entity: string, field: string, value: ScalarValue): { ok: true; value: ScalarValue } | { ok: false; message: string } {
  if (typeof value !== 'string') return { ok: true, value };
  return checkText(value, { label: labelOf(entity, field), maxLength: columnMaxLength(entity, field) });
}

/** Each column's label for the text rule, named only when it refuses; one function per column, not one per value checked. */
const labelGetters = new Map<string, Map<string, () => string>>();
function labelOf(entity: string, field: string): () => string {
  let byField = labelGetters.get(entity);
  if (!byField) labelGetters.set(entity, (byField = new Map()));
  let label = byField.get(field);
  if (!label) byField.set(field, (label = () => columnLabel(entity, field)));
  return label;
}

/** Row ids: generated UUIDs, or deterministic paths of them (`<dossier>/deployment-plan`). */
export const ROW_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/@+-]{0,199}$/;
const ID_COLUMNS: ReadonlySet<string> = new Set(['dossier_id', 'instance_id', 'answer_id', 'round_id', 'result_id', 'carried_from', 'found_round_id', 'verified_round_id']);
const DATE_COLUMNS: ReadonlySet<string> = new Set(['due_date', 'completed_date', 'accepted_date', 'acceptance_expires', 'hypercare_start', 'hypercare_end', 'started_on', 'ended_on']);
const SET_FIELD_PATHS: ReadonlySet<string> = new Set(SET_FIELDS.map((f) => f.path));
const ENUM_COLUMNS: Partial<Record<EntityName, Record<string, readonly string[]>>> = {
  activities: { key: ACTIVITY_KEYS, status: ACTIVITY_STATUSES },
  conformance_results: { status: RESULT_STATUSES },
  conformance_defects: { severity: SEVERITIES, status: DEFECT_STATUSES },
  conformance_approvals: { decision: APPROVAL_DECISIONS },
  questionnaire_answers: { response: RESPONSES, assessment: RESPONSES },
  gaps: { status: GAP_STATUSES },
  package_approvals: { decision: DECISIONS },
};
/** Whole numbers within bounds: a gap's likelihood and impact on the 5 × 5 risk matrix. */
const RANGE_COLUMNS: Partial<Record<EntityName, Record<string, readonly [number, number]>>> = {
  gaps: { likelihood: [1, 5], impact: [1, 5] },
};

/** A change's value decoded from its JSON text: a JSON scalar, or undefined when it is anything else. */
export function decodeScalar(json: string): ScalarValue | undefined {
  try {
    const value: unknown = JSON.parse(json);
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  } catch {
    /* not JSON */
  }
  return undefined;
}

/** The last actor that passed the text rule: a page of changes comes from a few people, each checked once in a row. */
let actorPassed: string | undefined;

/**
 * Checks one change as it travels against the schema (the server before it stores a pushed change,
 * a workbench before it applies a received one): known table and column, the row and dossier ids,
 * the value's type and allowed values, and the text rule. Returns why it is refused, or null.
 * A received value is checked as it is, never normalised: every device keeps the same bytes.
 */
export function checkWireChange(
  change: Pick<WireChange, 'entity' | 'row_id' | 'field' | 'value' | 'dossier_id' | 'actor'>,
  /** The value as `decodeScalar` gives it, for a caller that decoded it already. */
  decoded: ScalarValue | undefined = decodeScalar(change.value),
): string | null {
  const { entity, field } = change;
  if (!isEntityName(entity)) return `unknown table "${entity}"`;
  if (!(ENTITIES[entity] as ReadonlySet<string>).has(field)) return `unknown field "${field}" of ${ENTITY_LABELS[entity]}`;
  if (!ROW_ID_PATTERN.test(change.row_id)) return `row id ${JSON.stringify(change.row_id)} is not a workbench id`;
  if (change.dossier_id === null || change.dossier_id === '') return 'no dossier id';
  if (!ROW_ID_PATTERN.test(change.dossier_id)) return `dossier id ${JSON.stringify(change.dossier_id)} is not a workbench id`;
  if (entity === 'dossiers' && change.dossier_id !== change.row_id) return 'a change of a dossier names another dossier';
  if (change.actor !== actorPassed) {
    const actor = checkText(change.actor, { label: 'actor', maxLength: 300, normalize: false });
    if (!actor.ok) return actor.message;
    actorPassed = change.actor;
  }
  if (decoded === undefined || (typeof decoded === 'number' && !Number.isFinite(decoded))) return `${columnLabel(entity, field)}: the value is not text, a number, yes/no or empty`;
  return checkColumnValue(entity, field, decoded);
}

/**
 * Whether a value may stand in a column (its type, allowed values and the text rule, checked as it
 * is): why not, or null. Readers use it to show a stored value as invalid instead of failing.
 */
export function checkColumnValue(entity: EntityName, field: string, value: ScalarValue): string | null {
  // Named only when refused: nearly every value passes.
  const label = labelOf(entity, field);
  if (typeof value === 'string') {
    const text = checkText(value, { label, maxLength: columnMaxLength(entity, field), normalize: false });
    if (!text.ok) return text.message;
  }
  if (value === null) return null;
  if (ID_COLUMNS.has(field) && (typeof value !== 'string' || !ROW_ID_PATTERN.test(value))) return `${label()}: ${JSON.stringify(value)} is not a workbench id`;
  if (entity === 'dossiers') return checkDossierColumn(field, value);
  if (entity === 'dossier_set_items' && field === 'field' && !SET_FIELD_PATHS.has(String(value))) return `${label()}: ${JSON.stringify(value)} is not a list field of a dossier`;
  const allowed = ENUM_COLUMNS[entity]?.[field];
  if (allowed && !allowed.includes(String(value))) return `${label()}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`;
  const range = RANGE_COLUMNS[entity]?.[field];
  if (range && !(Number.isInteger(value) && (value as number) >= range[0] && (value as number) <= range[1])) return `${label()}: ${JSON.stringify(value)} is not a whole number from ${range[0]} to ${range[1]}`;
  if (DATE_COLUMNS.has(field) && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value))) return `${label()}: ${JSON.stringify(value)} is not a date`;
  return null;
}

/** Dossier field kinds whose values are any text within the text rule (e-mail and phone formats are the form's advice). */
const FREE_TEXT_KINDS: ReadonlySet<string> = new Set(['text', 'longtext', 'email', 'phone']);

/** A dossier column's value by its field definition (enumerations such as the phase, numbers, yes/no, dates). */
function checkDossierColumn(column: string, value: Exclude<ScalarValue, null>): string | null {
  const def = dossierFieldByColumn.get(column);
  if (!def) return null; // reference, created_at, deleted_at: text, checked above
  if (def.kind === 'boolean') return typeof value === 'boolean' || value === 0 || value === 1 ? null : `${def.label} [${def.path}]: expected yes or no, got ${JSON.stringify(value)}`;
  // Free text passed the text rule above with the field's own limit, which is all the field check would ask of it.
  if (typeof value === 'string' && FREE_TEXT_KINDS.has(def.kind)) return null;
  // E-mail and phone formats are the form's advice, not the schema's: stored text is kept as typed.
  const checked = checkFieldValue(def.kind === 'email' || def.kind === 'phone' ? { ...def, kind: 'text' } : def, value);
  return checked.ok ? null : checked.message;
}

/** The dossier fields, by column, for readers that check a stored value (shown as invalid, never thrown). */
export const DOSSIER_FIELD_BY_COLUMN: ReadonlyMap<string, FieldDef> = dossierFieldByColumn;
