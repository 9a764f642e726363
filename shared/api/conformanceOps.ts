/** Operations of conformance testing (issue #12), merged into the contract in contract.ts. */
import { z } from 'zod';
import { op } from './op';
import { dossierRefSchema, isoDateSchema } from './types';
import {
  APPROVAL_DECISIONS,
  DEFECT_STATUSES,
  RESULT_STATUSES,
  SEVERITIES,
  TEXT_MAX,
  approvalSchema,
  conformanceSchema,
  defectSchema,
  resultSchema,
} from '../conformance/model';

const caseRef = z.string().trim().min(1, 'a case id is required').max(20);
const roundRef = z.union([z.number().int().min(1), z.string().min(1).max(200)]).optional();
const longText = z.string().max(TEXT_MAX).nullable();
const fileSchema = z.object({ name: z.string().trim().min(1).max(255), content_base64: z.string().max(36_000_000) });

/** The most a test report may be: bigger files are refused before they are parsed. */
export const TEST_REPORT_MAX_BYTES = 20 * 1024 * 1024;

export const importTestSchema = z.object({
  /** The test's id in the report (TestReport test.id / name, JUnit classname.name). */
  key: z.string(),
  name: z.string(),
  status: z.enum(RESULT_STATUSES),
  /** Assertion outcomes or the failure message, as the tool reported them. */
  detail: z.string().nullable(),
  case_id: z.string().nullable(),
  matched_by: z.enum(['id', 'name', 'mapping']).nullable(),
  current_status: z.enum(RESULT_STATUSES).nullable(),
  changes: z.boolean(),
});
export type ImportTest = z.infer<typeof importTestSchema>;

export const importInspectionSchema = z.object({
  format: z.enum(['fhir_testreport', 'junit']),
  file: z.object({ name: z.string(), size: z.number(), sha256: z.string() }),
  dossier: z.object({ id: z.string(), reference: z.string() }),
  round: z.object({ id: z.string(), number: z.number(), environment: z.string() }),
  reports: z.number(),
  tests: z.array(importTestSchema),
  unmatched: z.array(z.string()),
  /** Cases more than one test maps to: the last such test in the file decides. */
  duplicates: z.array(z.string()),
  already_imported: z.boolean(),
  changes: z.number(),
});
export type ImportInspection = z.infer<typeof importInspectionSchema>;

const importInput = z.object({
  id: dossierRefSchema,
  round: roundRef,
  file: fileSchema,
  /** Test key → case id, for tests the report does not name by a catalogue id or title. */
  mapping: z.record(z.string().max(500), caseRef).default({}),
});

export const conformanceDashboardSchema = z.object({
  /** Dossiers with a round started whose conformance testing is not done yet. */
  in_conformance: z.number(),
  /** Passed required cases over required cases in scope, across those dossiers' latest rounds; null without any. */
  pass_rate: z.number().nullable(),
  open_critical: z.number(),
  dossiers: z.array(
    z.object({ dossier_id: z.string(), reference: z.string(), organization: z.string().nullable(), round: z.number(), required: z.number(), passed: z.number(), open_critical: z.number() }),
  ),
});
export type ConformanceDashboard = z.infer<typeof conformanceDashboardSchema>;

export const conformanceOperations = {
  'conformance.dashboard': op(z.object({}), conformanceDashboardSchema),
  'conformance.get': op(z.object({ id: dossierRefSchema }), conformanceSchema),
  'conformance.plan.set': op(
    z.object({ id: dossierRefSchema, case: caseRef, applicable: z.boolean(), reason: z.string().max(2000).nullable().optional() }),
    conformanceSchema,
  ),
  'conformance.round.start': op(
    z.object({
      id: dossierRefSchema,
      environment: z.string().max(20).optional(),
      started_on: isoDateSchema.optional(),
      ended_on: isoDateSchema.nullable().optional(),
      partner_tester: z.string().max(300).nullable().optional(),
      cis_reviewer: z.string().max(300).nullable().optional(),
    }),
    conformanceSchema,
  ),
  'conformance.round.update': op(
    z.object({
      id: dossierRefSchema,
      round: roundRef,
      changes: z
        .object({
          environment: z.string().max(20),
          started_on: isoDateSchema.nullable(),
          ended_on: isoDateSchema.nullable(),
          partner_tester: z.string().max(300).nullable(),
          cis_reviewer: z.string().max(300).nullable(),
        })
        .partial()
        .strict(),
    }),
    conformanceSchema,
  ),
  'conformance.result.record': op(
    z.object({
      id: dossierRefSchema,
      case: caseRef,
      round: roundRef,
      status: z.enum(RESULT_STATUSES).optional(),
      actual: longText.optional(),
      notes: longText.optional(),
      reason: z.string().max(2000).nullable().optional(),
      references: z.string().max(4000).nullable().optional(),
    }),
    resultSchema,
  ),
  'conformance.evidence.add': op(
    z.union([
      z.object({ id: dossierRefSchema, case: caseRef, round: roundRef, reference: z.string().trim().min(1).max(2000) }),
      z.object({ id: dossierRefSchema, case: caseRef, round: roundRef, file: fileSchema }),
    ]),
    resultSchema,
  ),
  'conformance.evidence.remove': op(z.object({ id: dossierRefSchema, evidence: z.string().min(1).max(200) }), conformanceSchema),
  'conformance.defect.add': op(
    z.object({ id: dossierRefSchema, case: caseRef, severity: z.enum(SEVERITIES), description: z.string().max(TEXT_MAX) }),
    defectSchema,
  ),
  'conformance.defect.update': op(
    z.object({
      id: dossierRefSchema,
      defect: z.string().trim().min(1).max(200),
      changes: z.object({ status: z.enum(DEFECT_STATUSES), severity: z.enum(SEVERITIES), description: z.string().max(TEXT_MAX) }).partial().strict(),
    }),
    defectSchema,
  ),
  'conformance.import.inspect': op(importInput, importInspectionSchema),
  'conformance.import.apply': op(
    importInput,
    z.object({ inspection: importInspectionSchema, applied: z.number(), noop: z.boolean(), evidence: z.object({ sha256: z.string(), size: z.number() }).nullable() }),
  ),
  'conformance.approve': op(
    z.object({ id: dossierRefSchema, round: roundRef, decision: z.enum(APPROVAL_DECISIONS), comment: z.string().max(4000).nullable().optional() }),
    approvalSchema,
  ),
} as const;
