/**
 * The one API contract: every operation the UI may ask of the engine, with its input and output
 * schemas. Electron IPC, the browser host and the tests bind the same handlers to this list.
 */
import { z } from 'zod';
import { ACTIVITY_KEYS, ACTIVITY_STATUSES, STAGE_KEYS } from '../workflow/definition';
import { ATTACHMENT_KINDS } from '../workflow/attachments';
import {
  SORT_KEYS,
  activitySchema,
  dashboardSchema,
  dossierRefSchema,
  dossierSchema,
  dossierSummarySchema,
  fieldValueSchema,
  fieldValuesSchema,
  gateSchema,
  historyEntrySchema,
  isoDateSchema,
  ruleFindingSchema,
} from './types';
import { answerSchema, gapSchema, questionnaireSchema, rollupSchema } from './questionnaireTypes';
import { GAP_STATUSES } from '../questionnaire/rollup';
import { RESPONSES } from '../questionnaire/template';

import { op } from './op';
import { deploymentPlanOperations } from './deploymentPlanOps';
import { documentOperations } from './documentOps';
import { packageOperations } from './packageOps';
import { formOperations } from './formOps';
import { syncOperations } from './syncOps';
import { profileOperations } from './profileOps';
// Work queues, reminders, calendar and portfolio exports (issue #13)
import { workOperations } from './workOps';
import { conformanceOperations } from './conformanceOps';
// The History grouped by operation, with filters (issue #14)
import { historyOperations } from './historyOps';
// Settings › Appearance: text size, density, motion (issue #14)
import { appearanceOperations } from './appearanceOps';

const nullableText = z.string().max(20_000).nullable();

export const contract = {
  'app.info': op(
    z.object({}),
    z.object({ version: z.string(), dataDir: z.string(), deviceId: z.string(), actor: z.string() }),
  ),
  'dashboard.get': op(z.object({ today: isoDateSchema.optional() }), dashboardSchema),
  'dossier.create': op(z.object({ fields: fieldValuesSchema }), dossierSchema),
  'dossier.list': op(
    z.object({
      search: z.string().max(200).optional(),
      phase: z.enum(STAGE_KEYS).optional(),
      lead: z.string().max(200).optional(),
      sort: z.enum(SORT_KEYS).default('updated_at'),
      direction: z.enum(['asc', 'desc']).default('desc'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    z.object({ total: z.number(), rows: z.array(dossierSummarySchema) }),
  ),
  'dossier.get': op(z.object({ id: dossierRefSchema }), dossierSchema),
  /** Dossiers whose organization name is the same or close: a warning before creating another, never a refusal. */
  'dossier.similar': op(
    z.object({ organization: z.string().max(500), exclude: z.string().max(100).optional() }),
    z.array(z.object({ id: z.string(), reference: z.string(), organization: z.string(), application: z.string().nullable(), phase: z.string() })),
  ),
  'dossier.update': op(z.object({ id: dossierRefSchema, changes: z.record(z.string(), fieldValueSchema) }), dossierSchema),
  'dossier.advance': op(z.object({ id: dossierRefSchema }), dossierSchema),
  'dossier.history': op(
    z.object({ id: dossierRefSchema, limit: z.number().int().min(1).max(5000).default(500) }),
    z.array(historyEntrySchema),
  ),
  'activity.update': op(
    z.object({
      id: dossierRefSchema,
      activity: z.enum(ACTIVITY_KEYS),
      changes: z
        .object({
          status: z.enum(ACTIVITY_STATUSES),
          assignee: nullableText,
          due_date: isoDateSchema.nullable(),
          completed_date: isoDateSchema.nullable(),
          notes: nullableText,
        })
        .partial()
        .strict(),
    }),
    z.object({ activity: activitySchema, gate: gateSchema, findings: z.array(ruleFindingSchema) }),
  ),
  /** Keeps a file on an activity by its SHA-256 (like questionnaire evidence); returns the activity with its attachments. */
  'activity.attach': op(
    z.object({
      id: dossierRefSchema,
      activity: z.enum(ACTIVITY_KEYS),
      kind: z.enum(ATTACHMENT_KINDS).default('other'),
      file: z.object({ name: z.string().trim().min(1).max(255), content_base64: z.string().max(700_000) }),
    }),
    activitySchema,
  ),
  /** Records that CIS provided the gap-analysis questionnaire to the partner (after the kick-off); answers need it. */
  'questionnaire.provide': op(z.object({ id: dossierRefSchema, date: isoDateSchema.optional() }), dossierSchema),
  'questionnaire.get': op(z.object({ id: dossierRefSchema }), questionnaireSchema),
  'questionnaire.answer': op(
    z.object({
      id: dossierRefSchema,
      question: z.string().min(1).max(200),
      response: z.enum(RESPONSES).nullable().optional(),
      comment: nullableText.optional(),
    }),
    z.object({ answer: answerSchema, rollup: rollupSchema }),
  ),
  'questionnaire.assess': op(
    z.object({
      id: dossierRefSchema,
      question: z.string().min(1).max(200),
      assessment: z.enum(RESPONSES).nullable().optional(),
      comment: nullableText.optional(),
    }),
    z.object({ answer: answerSchema, gap: gapSchema.nullable(), rollup: rollupSchema }),
  ),
  'questionnaire.evidence.add': op(
    z.union([
      z.object({ id: dossierRefSchema, question: z.string().min(1).max(200), reference: z.string().trim().min(1).max(2000) }),
      z.object({
        id: dossierRefSchema,
        question: z.string().min(1).max(200),
        file: z.object({ name: z.string().trim().min(1).max(255), content_base64: z.string().max(700_000) }),
      }),
    ]),
    answerSchema,
  ),
  'questionnaire.evidence.remove': op(z.object({ id: dossierRefSchema, evidence: z.string().min(1).max(200) }), answerSchema),
  'questionnaire.upgrade': op(
    z.object({ id: dossierRefSchema, version: z.number().int().min(1).optional() }),
    z.object({ from: z.number(), to: z.number(), kept: z.array(z.string()), reset: z.array(z.string()), added: z.array(z.string()), removed: z.array(z.string()) }),
  ),
  'gap.list': op(z.object({ id: dossierRefSchema }), z.array(gapSchema)),
  'gap.update': op(
    z.object({
      id: dossierRefSchema,
      gap: z.string().min(1).max(300),
      changes: z
        .object({
          description: nullableText,
          likelihood: z.number().int().min(1).max(5).nullable(),
          impact: z.number().int().min(1).max(5).nullable(),
          plan: nullableText,
          owner: z.string().max(300).nullable(),
          due_date: isoDateSchema.nullable(),
          status: z.enum(GAP_STATUSES),
          // Accepting a risk (with status risk_accepted): the acceptor is the profile, the record is signed with their key.
          acceptance_justification: z.string().max(20_000),
          acceptance_conditions: nullableText,
          acceptance_expires: isoDateSchema,
        })
        .partial()
        .strict(),
    }),
    gapSchema,
  ),
  'demo.seed': op(z.object({ count: z.number().int().min(1).max(50_000).default(12) }), z.object({ created: z.number() })),
  ...deploymentPlanOperations,
  ...documentOperations,
  ...packageOperations,
  ...formOperations,
  ...syncOperations,
  ...profileOperations,
  ...workOperations,
  ...conformanceOperations,
  ...historyOperations,
  ...appearanceOperations,
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type OperationInput<N extends OperationName> = z.input<Contract[N]['input']>;
export type OperationArgs<N extends OperationName> = z.output<Contract[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Contract[N]['output']>;

export const OPERATION_NAMES = Object.keys(contract) as OperationName[];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** The handlers the engine provides: one per operation, given parsed input. */
export type Handlers = { [N in OperationName]: (input: OperationArgs<N>) => OperationOutput<N> | Promise<OperationOutput<N>> };
