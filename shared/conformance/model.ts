/** Conformance testing as the API shows it: plan, rounds, results, defects, approvals. */
import { z } from 'zod';
import { STANDARDS } from './catalogue';

export const RESULT_STATUSES = ['not_run', 'passed', 'failed', 'blocked', 'skipped'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];
export const RESULT_STATUS_LABELS: Record<ResultStatus, string> = { not_run: 'Not run', passed: 'Passed', failed: 'Failed', blocked: 'Blocked', skipped: 'Skipped' };

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const DEFECT_STATUSES = ['open', 'fixed', 'verified', 'wont_fix'] as const;
export type DefectStatus = (typeof DEFECT_STATUSES)[number];
/** A defect still in the way: not yet verified fixed, nor closed as won't fix. */
export const isDefectOpen = (status: DefectStatus) => status === 'open' || status === 'fixed';

export const SCOPE_STATES = ['in_scope', 'not_applicable', 'retired'] as const;
export type ScopeState = (typeof SCOPE_STATES)[number];

/** The environment a round runs in unless told otherwise: HT2, the EMR conformance environment. */
export const CONFORMANCE_ENVIRONMENT = 'HT2';

export const TEXT_MAX = 20_000;

export const evidenceSchema = z.object({
  id: z.string(),
  kind: z.enum(['file', 'reference']),
  name: z.string(),
  sha256: z.string().nullable(),
  size: z.number().nullable(),
  reference: z.string().nullable(),
  source: z.enum(['manual', 'import']),
});
export type ConformanceEvidence = z.infer<typeof evidenceSchema>;

export const planCaseSchema = z.object({
  case_id: z.string(),
  title: z.string(),
  transaction: z.string(),
  transaction_name: z.string(),
  standards: z.array(z.enum(STANDARDS)),
  required: z.boolean(),
  scope: z.enum(SCOPE_STATES),
  reason: z.string().nullable(),
  purpose: z.string(),
  preconditions: z.array(z.string()),
  steps: z.array(z.string()),
  expected: z.string(),
  evidence_expected: z.array(z.string()),
  citations: z.array(z.object({ source: z.string(), title: z.string(), location: z.string(), note: z.string() })),
});
export type PlanCase = z.infer<typeof planCaseSchema>;

export const resultSchema = z.object({
  id: z.string(),
  round_id: z.string(),
  case_id: z.string(),
  status: z.enum(RESULT_STATUSES),
  actual: z.string().nullable(),
  notes: z.string().nullable(),
  reason: z.string().nullable(),
  references: z.string().nullable(),
  recorded_at: z.string().nullable(),
  /** The earlier round whose pass this result carries forward (not retested). */
  carried_from: z.string().nullable(),
  evidence: z.array(evidenceSchema),
});
export type ConformanceResult = z.infer<typeof resultSchema>;

export const roundSchema = z.object({
  id: z.string(),
  number: z.number(),
  environment: z.string(),
  started_on: z.string().nullable(),
  ended_on: z.string().nullable(),
  partner_tester: z.string().nullable(),
  cis_reviewer: z.string().nullable(),
  created_at: z.string().nullable(),
  /** Cases this round must (re)test: not passed in the round before, or with an open defect. */
  retest: z.array(z.string()),
  counts: z.record(z.enum(RESULT_STATUSES), z.number()),
  results: z.array(resultSchema),
});
export type ConformanceRound = z.infer<typeof roundSchema>;

export const defectSchema = z.object({
  id: z.string(),
  number: z.number().nullable(),
  label: z.string(),
  case_id: z.string(),
  severity: z.enum(SEVERITIES),
  description: z.string(),
  status: z.enum(DEFECT_STATUSES),
  found_round_id: z.string().nullable(),
  verified_round_id: z.string().nullable(),
  created_at: z.string().nullable(),
});
export type Defect = z.infer<typeof defectSchema>;

export const APPROVAL_DECISIONS = ['approved', 'approved_with_conditions', 'rejected'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];
export const APPROVAL_DECISION_LABELS: Record<ApprovalDecision, string> = {
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  rejected: 'Rejected',
};

export const approvalSchema = z.object({
  id: z.string(),
  round_id: z.string(),
  round_number: z.number().nullable(),
  decision: z.enum(APPROVAL_DECISIONS),
  comment: z.string(),
  signed_at: z.string(),
  signer: z.object({ key_id: z.string(), name: z.string(), role: z.string() }),
  summary_sha256: z.string(),
  /** valid: signature checks and the round is as approved; changed: a result changed since; bad_signature; unknown_signer. */
  status: z.enum(['valid', 'changed', 'bad_signature', 'unknown_signer']),
  detail: z.string().nullable(),
  stands: z.boolean(),
});
export type Approval = z.infer<typeof approvalSchema>;

export const conformanceSchema = z.object({
  dossier_id: z.string(),
  reference: z.string(),
  catalogue: z.object({ id: z.string(), version: z.number(), title: z.string() }),
  standards: z.array(z.enum(STANDARDS)),
  transactions: z.array(z.string()),
  /** Why the plan is empty or partial (no standard, no transactions), for the lead to fix. */
  notes: z.array(z.string()),
  plan: z.array(planCaseSchema),
  rounds: z.array(roundSchema),
  defects: z.array(defectSchema),
  approvals: z.array(approvalSchema),
  /**
   * Whether conformance testing may be marked done today: `reasons` from the records (cases,
   * defects, approval), `workflow_reasons` from the workflow rules (prerequisites, phase, dates).
   */
  gate: z.object({ ok: z.boolean(), reasons: z.array(z.string()), workflow_reasons: z.array(z.string()) }),
});
export type ConformanceView = z.infer<typeof conformanceSchema>;
