/** Operations of the deploymentPlan capability (issue #4), merged into the contract in contract.ts. */
import { z } from 'zod';
import { op } from './op';
import { dossierRefSchema, isoDateSchema } from './types';
import { HCIM_ENVIRONMENTS } from '../reference';
import {
  DURATION_MAX,
  ENVIRONMENT_STATUSES,
  PLAN_LISTS,
  PLAN_ROLE_KEYS,
  RACI_LETTERS,
  TEXT_MAX,
  TITLE_MAX,
  deploymentPlanSchema,
} from '../deployment-plan/model';
import { parseLocalDateTime } from '../deployment-plan/time';
import { planTemplatePreviewSchema } from '../deployment-plan/defaults';

const shortText = z.string().max(TITLE_MAX, `at most ${TITLE_MAX} characters`);
const longText = z.string().max(TEXT_MAX, `at most ${TEXT_MAX.toLocaleString('en-CA')} characters`).nullable();
const planRole = z.enum(PLAN_ROLE_KEYS, { error: () => `not a participant role; use one of ${PLAN_ROLE_KEYS.join(', ')}` });
const dateTime = z.string().refine((value) => parseLocalDateTime(value) !== null, 'expected a date and time as YYYY-MM-DD HH:MM (24-hour clock)');
const duration = z
  .number({ error: 'expected a number of minutes' })
  .int('expected whole minutes')
  .min(0, 'a duration cannot be negative')
  .max(DURATION_MAX, `at most ${DURATION_MAX} minutes (a week)`);
const itemId = z.string().trim().min(1, 'an item id is required').max(200);
const environmentKey = z.enum(HCIM_ENVIRONMENTS.map((e) => e.key) as [string, ...string[]], {
  error: () => `not an HCIM environment; use one of ${HCIM_ENVIRONMENTS.map((e) => e.key).join(', ')}`,
});

/** The fields of each ordered list, as given when adding a row or changing one. */
export const planItemFields = {
  steps: z
    .object({
      title: shortText,
      owner_role: planRole.nullable(),
      planned_start: dateTime.nullable(),
      duration_minutes: duration.nullable(),
      verification: longText,
      rollback: longText,
    })
    .partial()
    .strict(),
  checklist: z.object({ title: shortText, done: z.boolean() }).partial().strict(),
  communications: z
    .object({ audience: shortText.nullable(), message: longText, timing: shortText.nullable(), channel: shortText.nullable(), owner_role: planRole.nullable() })
    .partial()
    .strict(),
  raci: z.object({ title: shortText }).partial().strict(),
} as const;

const perList = <K extends string>(key: K) =>
  z.discriminatedUnion('list', [
    z.object({ list: z.literal('steps'), [key]: planItemFields.steps } as { list: z.ZodLiteral<'steps'> } & Record<K, typeof planItemFields.steps>),
    z.object({ list: z.literal('checklist'), [key]: planItemFields.checklist } as { list: z.ZodLiteral<'checklist'> } & Record<K, typeof planItemFields.checklist>),
    z.object({ list: z.literal('communications'), [key]: planItemFields.communications } as { list: z.ZodLiteral<'communications'> } & Record<K, typeof planItemFields.communications>),
    z.object({ list: z.literal('raci'), [key]: planItemFields.raci } as { list: z.ZodLiteral<'raci'> } & Record<K, typeof planItemFields.raci>),
  ]);

const addInput = z.intersection(
  z.object({
    id: dossierRefSchema,
    /** Insert after this row; null puts it first; left out, it goes last. */
    after: itemId.nullable().optional(),
  }),
  perList('fields'),
);

const updateInput = z.intersection(z.object({ id: dossierRefSchema, item: itemId }), perList('changes'));

export const planFieldChangesSchema = z
  .object({
    scope_summary: longText,
    scope_systems: longText,
    escalation: longText,
    support_model: longText,
    hypercare_start: isoDateSchema.nullable(),
    hypercare_end: isoDateSchema.nullable(),
    hypercare_contacts: longText,
    hypercare_exit_criteria: longText,
    rollback_triggers: longText,
    rollback_decision_role: planRole.nullable(),
    rollback_decision_maker: shortText.nullable(),
    rollback_steps: longText,
  })
  .partial()
  .strict();

export const MOVES = ['up', 'down', 'first', 'last'] as const;

export const deploymentPlanOperations = {
  'deploymentPlan.get': op(z.object({ id: dossierRefSchema }), deploymentPlanSchema),
  /** What starting from templates/deployment-plan/defaults.json would put in a plan; reads only. */
  'deploymentPlan.defaults': op(z.object({}), planTemplatePreviewSchema),
  /** Starts the plan once: from templates/deployment-plan/defaults.json, or empty. Starting a started plan is refused (conflict). */
  'deploymentPlan.start': op(z.object({ id: dossierRefSchema, from: z.enum(['template', 'empty']).default('template') }), deploymentPlanSchema),
  'deploymentPlan.update': op(z.object({ id: dossierRefSchema, changes: planFieldChangesSchema }), deploymentPlanSchema),
  'deploymentPlan.environment.update': op(
    z.object({
      id: dossierRefSchema,
      environment: environmentKey,
      changes: z.object({ status: z.enum(ENVIRONMENT_STATUSES), notes: longText, certificates: z.boolean(), acl: z.boolean() }).partial().strict(),
    }),
    deploymentPlanSchema,
  ),
  'deploymentPlan.item.add': op(addInput, z.object({ item: z.string(), plan: deploymentPlanSchema })),
  'deploymentPlan.item.update': op(updateInput, deploymentPlanSchema),
  'deploymentPlan.item.move': op(
    z.object({
      id: dossierRefSchema,
      list: z.enum(PLAN_LISTS),
      item: itemId,
      to: z.union([z.enum(MOVES), z.object({ after: itemId.nullable() }).strict()]),
    }),
    deploymentPlanSchema,
  ),
  'deploymentPlan.item.remove': op(z.object({ id: dossierRefSchema, list: z.enum(PLAN_LISTS), item: itemId }), deploymentPlanSchema),
  'deploymentPlan.raci.set': op(
    z.object({ id: dossierRefSchema, area: itemId, role: planRole, assignment: z.enum(RACI_LETTERS, { error: () => 'expected R, A, C or I' }).nullable() }),
    deploymentPlanSchema,
  ),
} as const;
