/**
 * CLI: the deployment plan of a dossier, every capability of the deploymentPlan API ops —
 * `plan show | start | set | add | move | remove | raci`. Values are FIELD=VALUE pairs, parsed by the
 * kind of field (minutes as numbers, yes/no as booleans, empty clears); the API checks the rest.
 */
import { Argument, Option, type Command } from 'commander';
import type { OperationInput } from '../../shared/api/contract';
import { MOVES, planFieldChangesSchema, planItemFields } from '../../shared/api/deploymentPlanOps';
import { HCIM_ENVIRONMENTS } from '../../shared/reference';
import { PLAN_LISTS, PLAN_ROLE_KEYS, RACI_LETTERS, type DeploymentPlan, type PlanList } from '../../shared/deployment-plan/model';
import { formatLocalDateTime } from '../../shared/deployment-plan/time';
import type { CliCommandContext } from './questionnaireCommands';
import { table } from './output';

type Value = string | number | boolean | null;

const NUMBER_FIELDS = new Set(['duration_minutes']);
const BOOLEAN_FIELDS = new Set(['done', 'certificates', 'acl']);
const ENVIRONMENT_FIELDS = ['status', 'notes', 'certificates', 'acl'] as const;

/** FIELD=VALUE pairs as field changes; every malformed pair is named at once. */
function parseAssignments(cli: CliCommandContext, assignments: string[], allowed: readonly string[]): Record<string, Value> {
  const changes: Record<string, Value> = {};
  const problems: { field: string; message: string }[] = [];
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      problems.push({ field: assignment, message: `"${assignment}" is not FIELD=VALUE` });
      continue;
    }
    const field = assignment.slice(0, eq).trim();
    const raw = assignment.slice(eq + 1);
    if (!allowed.includes(field)) {
      problems.push({ field, message: `${field}: not a field here; use one of ${allowed.join(', ')}` });
      continue;
    }
    if (raw.trim() === '') changes[field] = null;
    else if (NUMBER_FIELDS.has(field)) {
      const n = Number(raw);
      if (!Number.isFinite(n)) problems.push({ field, message: `${field}: expected a number of minutes, got "${raw}"` });
      else changes[field] = n;
    } else if (BOOLEAN_FIELDS.has(field)) {
      const yes = ['yes', 'true', '1', 'y'].includes(raw.trim().toLowerCase());
      const no = ['no', 'false', '0', 'n'].includes(raw.trim().toLowerCase());
      if (!yes && !no) problems.push({ field, message: `${field}: expected yes or no, got "${raw}"` });
      else changes[field] = yes;
    } else changes[field] = raw;
  }
  if (problems.length) cli.invalid(problems.map((p) => p.message).join('; '), { problems });
  if (Object.keys(changes).length === 0) cli.invalid('Nothing to change: give FIELD=VALUE pairs.');
  return changes;
}

const listFields = (list: PlanList) => Object.keys(planItemFields[list].shape);
const when = (value: string | null) => (value ? formatLocalDateTime(value) : null);

export function planText(plan: DeploymentPlan): string {
  const title = `${plan.reference}  ${plan.organization ?? ''} — ${plan.application ?? ''} · go-live target ${plan.go_live_date ?? '—'}`;
  if (!plan.started) return `${title}\nThe deployment plan is not started: plan start ${plan.reference} [--empty]`;
  const lines = [title, `Started ${plan.created_at ?? ''}${plan.template_version !== null ? ` from the template (version ${plan.template_version})` : ' empty'}`];
  if (plan.drift.length) lines.push('', 'DRIFT — the plan no longer agrees with the dossier:', ...plan.drift.map((d) => `  - ${d.message}`));
  if (plan.summary.warnings.length) lines.push('', 'Warnings:', ...plan.summary.warnings.map((w) => `  - ${w}`));
  lines.push('', 'SCOPE', plan.scope.summary ?? '—', plan.scope.systems ?? '');
  lines.push(
    '',
    'ENVIRONMENTS',
    table(
      ['ENV', 'NEEDED', 'STATUS', 'CERTIFICATES', 'ACL', 'NOTES'],
      plan.environments.map((e) => [e.key, e.needed ? 'yes' : 'no', e.status_label, e.certificates_on, e.acl_on, e.notes]),
    ),
  );
  lines.push(
    '',
    `CUTOVER STEPS (${plan.summary.cutover_start ? `${when(plan.summary.cutover_start)} – ${when(plan.summary.cutover_end)}` : 'no times yet'})`,
    table(
      ['#', 'ITEM', 'START', 'MIN', 'OWNER', 'TITLE'],
      plan.steps.map((s) => [s.position, s.id, when(s.planned_start), s.duration_minutes, s.owner_role_label, s.title]),
    ),
  );
  lines.push('', `CHECKLIST (${plan.summary.checklist_done}/${plan.summary.checklist_total} done)`, table(['#', 'ITEM', 'DONE', 'TITLE'], plan.checklist.map((c) => [c.position, c.id, c.done_on ?? 'no', c.title])));
  lines.push('', 'COMMUNICATIONS', table(['#', 'ITEM', 'AUDIENCE', 'TIMING', 'CHANNEL', 'OWNER'], plan.communications.map((c) => [c.position, c.id, c.audience, c.timing, c.channel, c.owner_role_label])));
  lines.push(
    '',
    'RACI',
    table(
      ['#', 'ITEM', 'AREA', ...plan.raci.roles.map((r) => r.short_label)],
      plan.raci.areas.map((a) => [a.position, a.id, a.title, ...plan.raci.roles.map((r) => a.assignments[r.key] ?? '')]),
    ),
  );
  lines.push(
    '',
    `Support: ${plan.support.model ?? '—'} · hypercare ${plan.support.hypercare_start ?? '—'} – ${plan.support.hypercare_end ?? '—'}`,
    `Rollback decision: ${plan.rollback.decision_role_label ?? '—'}${plan.rollback.decision_maker ? ` (${plan.rollback.decision_maker})` : ''}`,
  );
  return lines.join('\n');
}

export function registerPlanCommands(program: Command, cli: CliCommandContext): void {
  const plan = program.command('plan').description('the deployment plan of a dossier: show, start, and change every part of it');
  const show = (result: DeploymentPlan) => cli.emit(result, () => planText(result));
  const listArgument = () => new Argument('<list>', 'which ordered list').choices([...PLAN_LISTS]);

  plan
    .command('show')
    .description('the plan, with item ids for set/move/remove and any drift from the dossier')
    .argument('<id>', 'dossier id or reference')
    .action(async (id: string) => show(await cli.call('deploymentPlan.get', { id })));

  plan
    .command('start')
    .description('start the plan from the template (templates/deployment-plan/defaults.json), or empty; once')
    .argument('<id>', 'dossier id or reference')
    .option('--empty', 'start an empty plan instead of the template')
    .action(async (id: string, opts: { empty?: boolean }) => show(await cli.call('deploymentPlan.start', { id, from: opts.empty ? 'empty' : 'template' })));

  plan
    .command('set')
    .description(
      `change the plan's fields (${Object.keys(planFieldChangesSchema.shape).join(', ')}); with --list and --item a row's fields; with --env an environment's (${ENVIRONMENT_FIELDS.join(', ')})`,
    )
    .argument('<id>', 'dossier id or reference')
    .argument('<assignments...>', 'FIELD=VALUE pairs; empty VALUE clears; planned_start as "YYYY-MM-DD HH:MM"')
    .addOption(new Option('--list <list>', 'the list the item is in').choices([...PLAN_LISTS]))
    .option('--item <item>', 'the item id (from `plan show`)')
    .addOption(new Option('--env <environment>', 'an HCIM environment').choices(HCIM_ENVIRONMENTS.map((e) => e.key)))
    .action(async (id: string, assignments: string[], opts: { list?: PlanList; item?: string; env?: string }) => {
      if (opts.env && (opts.list || opts.item)) cli.invalid('Give either --env or --list with --item, not both.');
      if (Boolean(opts.list) !== Boolean(opts.item)) cli.invalid('--list and --item go together.');
      if (opts.env) {
        const changes = parseAssignments(cli, assignments, ENVIRONMENT_FIELDS);
        show(await cli.call('deploymentPlan.environment.update', { id, environment: opts.env, changes } as OperationInput<'deploymentPlan.environment.update'>));
      } else if (opts.list && opts.item) {
        const changes = parseAssignments(cli, assignments, listFields(opts.list));
        show(await cli.call('deploymentPlan.item.update', { id, item: opts.item, list: opts.list, changes } as OperationInput<'deploymentPlan.item.update'>));
      } else {
        const changes = parseAssignments(cli, assignments, Object.keys(planFieldChangesSchema.shape));
        show(await cli.call('deploymentPlan.update', { id, changes } as OperationInput<'deploymentPlan.update'>));
      }
    });

  plan
    .command('add')
    .description('add a row to a list (steps, checklist, communications, raci); last unless --after or --first')
    .argument('<id>', 'dossier id or reference')
    .addArgument(listArgument())
    .argument('<assignments...>', 'FIELD=VALUE pairs (steps: title, owner_role, planned_start, duration_minutes, verification, rollback)')
    .option('--after <item>', 'insert after this item')
    .option('--first', 'insert first')
    .action(async (id: string, list: PlanList, assignments: string[], opts: { after?: string; first?: boolean }) => {
      if (opts.after && opts.first) cli.invalid('Give --after or --first, not both.');
      const fields = parseAssignments(cli, assignments, listFields(list));
      const result = await cli.call('deploymentPlan.item.add', {
        id,
        list,
        fields,
        ...(opts.first ? { after: null } : opts.after ? { after: opts.after } : {}),
      } as OperationInput<'deploymentPlan.item.add'>);
      cli.emit(result, () => `Added ${result.item}.\n\n${planText(result.plan)}`);
    });

  plan
    .command('move')
    .description(`move a row: ${MOVES.join(', ')}, or --after ITEM (--after "" puts it first)`)
    .argument('<id>', 'dossier id or reference')
    .addArgument(listArgument())
    .argument('<item>', 'the item id (from `plan show`)')
    .addArgument(new Argument('[where]', 'where to').choices([...MOVES]))
    .option('--after <item>', 'put it after this item')
    .action(async (id: string, list: PlanList, item: string, where: (typeof MOVES)[number] | undefined, opts: { after?: string }) => {
      if ((where === undefined) === (opts.after === undefined)) cli.invalid(`Say where: one of ${MOVES.join(', ')}, or --after ITEM.`);
      const to = where ?? { after: opts.after === '' ? null : opts.after! };
      show(await cli.call('deploymentPlan.item.move', { id, list, item, to }));
    });

  plan
    .command('remove')
    .description('remove a row from a list')
    .argument('<id>', 'dossier id or reference')
    .addArgument(listArgument())
    .argument('<item>', 'the item id (from `plan show`)')
    .action(async (id: string, list: PlanList, item: string) => show(await cli.call('deploymentPlan.item.remove', { id, list, item })));

  plan
    .command('raci')
    .description('set (or clear with -) the RACI letter of a role in an area')
    .argument('<id>', 'dossier id or reference')
    .argument('<area>', 'the RACI area item id (from `plan show`)')
    .addArgument(new Argument('<role>', 'participant role').choices([...PLAN_ROLE_KEYS]))
    .addArgument(new Argument('<letter>', 'R, A, C, I, or - to clear').choices([...RACI_LETTERS, '-']))
    .action(async (id: string, area: string, role: (typeof PLAN_ROLE_KEYS)[number], letter: string) =>
      show(await cli.call('deploymentPlan.raci.set', { id, area, role, assignment: letter === '-' ? null : (letter as (typeof RACI_LETTERS)[number]) })),
    );

  plan
    .command('template')
    .description('what starting from the template would put in a plan (reads only)')
    .action(async () => {
      const preview = await cli.call('deploymentPlan.defaults', {});
      cli.emit(preview, () =>
        [
          `Template version ${preview.version}: ${preview.steps.length} cutover steps, ${preview.checklist.length} checklist items, ${preview.communications.length} communications, ${preview.raci_areas.length} RACI areas, ${preview.hypercare_days} days of hypercare.`,
          table(['STEP', 'OWNER', 'MIN'], preview.steps.map((s) => [s.title, s.owner_role_label, s.duration_minutes])),
        ].join('\n'),
      );
    });
}
