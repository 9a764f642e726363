/** Reading a dossier's deployment plan from the store into the typed plan the API and documents use. */
import { HCIM_ENVIRONMENTS } from '../../shared/reference';
import {
  ENVIRONMENT_STATUSES,
  ENVIRONMENT_STATUS_LABELS,
  PLAN_ROLE_KEYS,
  PLAN_ROLE_SHORT_LABELS,
  RACI_LETTERS,
  planRoleLabel,
  type DeploymentPlan,
  type EnvironmentStatus,
  type PlanList,
  type PlanStep,
  type RaciArea,
  type RaciLetter,
} from '../../shared/deployment-plan/model';
import { addMinutes, formatLocalDateTime, minutesBetween } from '../../shared/deployment-plan/time';
import { roleLabel } from '../../shared/workflow/roles';
import type { FieldValues } from '../../shared/dossier/values';
import { findDossierRow, readFields, type DossierRow } from '../dossiers/read';
import { planDrift } from '../../shared/deployment-plan/drift';
import type { ServiceContext } from '../dossiers/index';
import type { Store } from '../store/index';
import { ENVIRONMENT_TABLE, LIST_TABLES, PLAN_TABLE, planRowId } from './tables';

export interface PlanRow {
  id: string;
  created_at: string | null;
  template_version: number | null;
  scope_summary: string | null;
  scope_systems: string | null;
  escalation: string | null;
  support_model: string | null;
  hypercare_start: string | null;
  hypercare_end: string | null;
  hypercare_contacts: string | null;
  hypercare_exit_criteria: string | null;
  rollback_triggers: string | null;
  rollback_decision_role: string | null;
  rollback_decision_maker: string | null;
  rollback_steps: string | null;
}

interface EnvironmentRow {
  key: string;
  status: string | null;
  notes: string | null;
  certificates_on: string | null;
  acl_on: string | null;
}

/** A row of an ordered list: its id and sort key (null only while a synced row is still arriving). */
export interface OrderedRow {
  id: string;
  sort_key: string | null;
  [column: string]: string | number | null;
}

export function readPlanRow(store: Store, dossierId: string): PlanRow | null {
  return (store.prepare(`SELECT * FROM ${PLAN_TABLE} WHERE id = ? AND deleted_at IS NULL`).get(planRowId(dossierId)) as PlanRow | undefined) ?? null;
}

/** The live rows of one list in order; ties (two devices inserting at one place) go by id. */
export function readList(store: Store, dossierId: string, list: PlanList): OrderedRow[] {
  // Sorted here: a bound ORDER BY is re-prepared on every run (see test/unit/store-statements).
  const rows = store.prepare(`SELECT * FROM ${LIST_TABLES[list]} WHERE dossier_id = ? AND deleted_at IS NULL`).all(dossierId) as OrderedRow[];
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.sort((a, b) => {
    const x = text(a.sort_key);
    const y = text(b.sort_key);
    if (x !== y) return x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

const str = (value: string | number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

function environmentsOf(store: Store, dossierId: string, fields: FieldValues): DeploymentPlan['environments'] {
  const rows = new Map(
    (
      store
        .prepare(`SELECT key, status, notes, certificates_on, acl_on FROM ${ENVIRONMENT_TABLE} WHERE dossier_id = ? AND deleted_at IS NULL`)
        .all(dossierId) as EnvironmentRow[]
    ).map((r) => [r.key, r]),
  );
  const needed = new Set((fields['integration.environments'] as string[] | undefined) ?? []);
  const known = HCIM_ENVIRONMENTS.map((e) => e.key);
  let keys = [...known.filter((k) => needed.has(k) || rows.has(k)), ...[...rows.keys()].filter((k) => !known.includes(k))];
  // A dossier that names no environment yet still gets them all to plan for.
  if (keys.length === 0) keys = known;
  return keys.map((key) => {
    const row = rows.get(key);
    const status: EnvironmentStatus = (ENVIRONMENT_STATUSES as readonly string[]).includes(row?.status ?? '') ? (row!.status as EnvironmentStatus) : 'not_ready';
    return {
      key,
      name: HCIM_ENVIRONMENTS.find((e) => e.key === key)?.name ?? key,
      needed: needed.has(key),
      status,
      status_label: ENVIRONMENT_STATUS_LABELS[status],
      notes: row?.notes ?? null,
      certificates_on: row?.certificates_on ?? null,
      acl_on: row?.acl_on ?? null,
    };
  });
}

function stepsOf(rows: OrderedRow[]): PlanStep[] {
  return rows.map((row, i) => {
    const start = str(row.planned_start);
    const duration = typeof row.duration_minutes === 'number' ? row.duration_minutes : null;
    const owner = str(row.owner_role);
    return {
      id: row.id,
      position: i + 1,
      sort_key: row.sort_key ?? '',
      title: str(row.title),
      owner_role: owner,
      owner_role_label: planRoleLabel(owner),
      planned_start: start,
      duration_minutes: duration,
      planned_end: start !== null && duration !== null ? addMinutes(start, duration) : null,
      verification: str(row.verification),
      rollback: str(row.rollback),
    };
  });
}

function raciAreasOf(rows: OrderedRow[]): RaciArea[] {
  return rows.map((row, i) => ({
    id: row.id,
    position: i + 1,
    sort_key: row.sort_key ?? '',
    title: str(row.title),
    assignments: Object.fromEntries(
      PLAN_ROLE_KEYS.map((role) => {
        const letter = row[role];
        return [role, (RACI_LETTERS as readonly string[]).includes(String(letter)) ? (letter as RaciLetter) : null];
      }),
    ),
  }));
}

/** The person holding each role on this dossier: its assigned lead, and the partner's project manager. */
function peopleOf(fields: FieldValues): DeploymentPlan['raci']['roles'] {
  return PLAN_ROLE_KEYS.map((key) => {
    const person =
      key === 'connected_partner'
        ? ((fields['contacts.project_manager.name'] ?? fields['contacts.technical_lead.name'] ?? null) as string | null)
        : ((fields[`leads.${key}`] ?? null) as string | null);
    return { key, label: roleLabel(key), short_label: PLAN_ROLE_SHORT_LABELS[key], person };
  });
}

const quoted = (title: string | null) => (title ? `“${title}”` : '(untitled)');

function warningsOf(steps: PlanStep[], areas: RaciArea[]): string[] {
  const warnings: string[] = [];
  let previous: PlanStep | null = null;
  for (const step of steps) {
    if (!step.owner_role) warnings.push(`Cutover step ${step.position} ${quoted(step.title)} has no owner role.`);
    if (step.planned_start !== null) {
      if (previous && minutesBetween(previous.planned_start!, step.planned_start) < 0) {
        warnings.push(
          `Cutover step ${step.position} ${quoted(step.title)} starts at ${formatLocalDateTime(step.planned_start)}, before step ${previous.position} (${formatLocalDateTime(previous.planned_start)}).`,
        );
      }
      previous = step;
    }
  }
  for (const area of areas) {
    const accountable = Object.values(area.assignments).filter((l) => l === 'A').length;
    if (accountable === 0) warnings.push(`RACI area ${quoted(area.title)} has no Accountable role.`);
    if (accountable > 1) warnings.push(`RACI area ${quoted(area.title)} has ${accountable} Accountable roles; one is expected.`);
  }
  return warnings;
}

/**
 * The deployment plan of a dossier, by id or reference. Before the plan is started, `started` is
 * false and its lists are empty; environments are listed either way.
 */
export function getDeploymentPlan(ctx: Pick<ServiceContext, 'store'>, dossierIdOrRef: string): DeploymentPlan {
  const dossier: DossierRow = findDossierRow(ctx.store, dossierIdOrRef);
  const fields = readFields(ctx.store, dossier);
  const plan = readPlanRow(ctx.store, dossier.id);
  const list = (name: PlanList) => (plan ? readList(ctx.store, dossier.id, name) : []);
  const steps = stepsOf(list('steps'));
  const checklist = list('checklist').map((row, i) => ({
    id: row.id,
    position: i + 1,
    sort_key: row.sort_key ?? '',
    title: str(row.title),
    done: row.done_on !== null,
    done_on: str(row.done_on),
  }));
  const communications = list('communications').map((row, i) => {
    const owner = str(row.owner_role);
    return {
      id: row.id,
      position: i + 1,
      sort_key: row.sort_key ?? '',
      audience: str(row.audience),
      message: str(row.message),
      timing: str(row.timing),
      channel: str(row.channel),
      owner_role: owner,
      owner_role_label: planRoleLabel(owner),
    };
  });
  const areas = raciAreasOf(list('raci'));
  const environments = environmentsOf(ctx.store, dossier.id, fields);
  const starts = steps.flatMap((s) => (s.planned_start ? [s.planned_start] : [])).sort();
  const ends = steps.flatMap((s) => (s.planned_end ? [s.planned_end] : [])).sort();
  const hypercareDays =
    plan?.hypercare_start && plan.hypercare_end ? minutesBetween(`${plan.hypercare_start}T00:00`, `${plan.hypercare_end}T00:00`) / 1440 + 1 : null;
  const view: Omit<DeploymentPlan, 'drift'> = {
    dossier_id: dossier.id,
    reference: dossier.reference,
    organization: (fields['organization.legal_name'] as string | null) ?? null,
    application: (fields['application.name'] as string | null) ?? null,
    go_live_date: (fields['targets.go_live_date'] as string | null) ?? null,
    started: plan !== null,
    created_at: plan?.created_at ?? null,
    template_version: plan?.template_version ?? null,
    scope: { summary: plan?.scope_summary ?? null, systems: plan?.scope_systems ?? null },
    environments,
    steps,
    checklist,
    communications,
    raci: { roles: peopleOf(fields), areas },
    escalation: plan?.escalation ?? null,
    support: {
      model: plan?.support_model ?? null,
      hypercare_start: plan?.hypercare_start ?? null,
      hypercare_end: plan?.hypercare_end ?? null,
      hypercare_days: hypercareDays,
      contacts: plan?.hypercare_contacts ?? null,
      exit_criteria: plan?.hypercare_exit_criteria ?? null,
    },
    rollback: {
      triggers: plan?.rollback_triggers ?? null,
      decision_role: plan?.rollback_decision_role ?? null,
      decision_role_label: planRoleLabel(plan?.rollback_decision_role ?? null),
      decision_maker: plan?.rollback_decision_maker ?? null,
      steps: plan?.rollback_steps ?? null,
    },
    summary: {
      environments_ready: environments.filter((e) => e.needed && e.status === 'ready').length,
      environments_needed: environments.filter((e) => e.needed).length,
      checklist_done: checklist.filter((c) => c.done).length,
      checklist_total: checklist.length,
      steps: steps.length,
      cutover_start: starts[0] ?? null,
      cutover_end: ends.at(-1) ?? null,
      warnings: warningsOf(steps, areas),
    },
  };
  return { ...view, drift: planDrift(view, fields) };
}

/** What a started plan says that the dossier no longer agrees with; a plan not yet started cannot drift (one probe, nothing else read). */
export function planDriftMessages(ctx: Pick<ServiceContext, 'store'>, dossierId: string): string[] {
  return readPlanRow(ctx.store, dossierId) ? getDeploymentPlan(ctx, dossierId).drift.map((d) => d.message) : [];
}
