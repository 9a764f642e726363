/** Reading a dossier's conformance records into the API's shapes: plan, rounds with results, defects. */
import { PCR_TRANSACTIONS } from '../../shared/reference';
import { applies, standardsOf, type Catalogue, type Standard } from '../../shared/conformance/catalogue';
import {
  RESULT_STATUSES,
  isDefectOpen,
  type ConformanceEvidence,
  type ConformanceResult,
  type ConformanceRound,
  type Defect,
  type PlanCase,
  type ResultStatus,
} from '../../shared/conformance/model';
import type { Store } from '../store/index';
import type { FieldValues } from '../../shared/dossier/values';
import { resultId } from './tables';

export interface RoundRow {
  id: string;
  number: number;
  environment: string;
  started_on: string | null;
  ended_on: string | null;
  partner_tester: string | null;
  cis_reviewer: string | null;
  created_at: string | null;
}

interface ResultRow {
  id: string;
  round_id: string;
  case_id: string;
  status: ResultStatus | null;
  actual: string | null;
  notes: string | null;
  reason: string | null;
  references: string | null;
  recorded_at: string | null;
  carried_from: string | null;
}

interface EvidenceRow extends ConformanceEvidence {
  result_id: string;
}

export interface PlanInputs {
  standards: Standard[];
  transactions: string[];
  notes: string[];
}

export function planInputs(fields: FieldValues): PlanInputs {
  const standards = standardsOf((fields['integration.standard'] as string | null) ?? null);
  const transactions = (fields['integration.transactions'] as string[] | null) ?? [];
  const notes: string[] = [];
  if (standards.length === 0) notes.push('The dossier has no integration standard (HL7v3, FHIR or both): the plan cannot choose its cases.');
  if (transactions.length === 0) notes.push('The dossier requests no PCR transactions: set integration.transactions.');
  return { standards, transactions, notes };
}

/**
 * The plan: every catalogue case for the dossier's standards and transactions, in scope unless a
 * lead marked it not applicable; cases that left the scope but hold results stay, as retired.
 */
export function readPlan(store: Store, dossierId: string, catalogue: Catalogue, inputs: PlanInputs): PlanCase[] {
  const decisions = new Map(
    (store.prepare('SELECT case_id, applicable, reason FROM conformance_plan_items WHERE dossier_id = ? AND deleted_at IS NULL').all(dossierId) as {
      case_id: string;
      applicable: number | null;
      reason: string | null;
    }[]).map((d) => [d.case_id, d]),
  );
  const withHistory = new Set(
    (store.prepare("SELECT DISTINCT case_id FROM conformance_results WHERE dossier_id = ? AND deleted_at IS NULL AND COALESCE(status, 'not_run') <> 'not_run'").all(dossierId) as {
      case_id: string;
    }[]).map((r) => r.case_id),
  );
  const names = new Map(PCR_TRANSACTIONS.map((t) => [t.key, t.name]));
  return catalogue.cases.flatMap((c): PlanCase[] => {
    const derived = applies(c, inputs.standards, inputs.transactions);
    if (!derived && !withHistory.has(c.id)) return [];
    const decision = decisions.get(c.id);
    const scope = !derived ? 'retired' : decision?.applicable === 0 ? 'not_applicable' : 'in_scope';
    return [
      {
        case_id: c.id,
        title: c.title,
        transaction: c.transaction,
        transaction_name: names.get(c.transaction) ?? c.transaction,
        standards: c.standards.filter((s) => inputs.standards.includes(s)).length ? c.standards.filter((s) => inputs.standards.includes(s)) : c.standards,
        required: c.required,
        scope,
        reason: scope === 'not_applicable' ? decision?.reason ?? null : scope === 'retired' ? 'The dossier no longer requests this transaction or standard; its results are kept.' : null,
        purpose: c.purpose,
        preconditions: c.preconditions,
        steps: c.steps,
        expected: c.expected,
        evidence_expected: c.evidence,
        citations: c.citations.map((k) => ({ source: k.source, title: catalogue.sources[k.source]!.title, location: catalogue.sources[k.source]!.location, note: k.note })),
      },
    ];
  });
}

export function readRoundRows(store: Store, dossierId: string): RoundRow[] {
  return store
    .prepare(
      `SELECT id, COALESCE(number, 0) AS number, COALESCE(environment, 'HT2') AS environment, started_on, ended_on, partner_tester, cis_reviewer, created_at
       FROM conformance_rounds WHERE dossier_id = ? AND deleted_at IS NULL ORDER BY number, created_at, id`,
    )
    .all(dossierId) as RoundRow[];
}

function readEvidence(store: Store, dossierId: string): Map<string, ConformanceEvidence[]> {
  const rows = store
    .prepare(
      `SELECT id, result_id, COALESCE(kind, 'file') AS kind, COALESCE(name, '') AS name, sha256, size, reference, COALESCE(source, 'manual') AS source
       FROM conformance_evidence WHERE dossier_id = ? AND deleted_at IS NULL ORDER BY id`,
    )
    .all(dossierId) as EvidenceRow[];
  const byResult = new Map<string, ConformanceEvidence[]>();
  for (const { result_id, ...evidence } of rows) {
    const list = byResult.get(result_id) ?? [];
    list.push(evidence);
    byResult.set(result_id, list);
  }
  return byResult;
}

/** Each round with a result for every in-scope case (not run when nothing is recorded) and any recorded for others. */
export function readRounds(store: Store, dossierId: string, plan: readonly PlanCase[], defects: readonly Defect[]): ConformanceRound[] {
  const rounds = readRoundRows(store, dossierId);
  const results = store
    .prepare(
      `SELECT id, round_id, case_id, status, actual, notes, reason, "references", recorded_at, carried_from
       FROM conformance_results WHERE dossier_id = ? AND deleted_at IS NULL`,
    )
    .all(dossierId) as ResultRow[];
  const evidence = readEvidence(store, dossierId);
  const inScope = plan.filter((c) => c.scope === 'in_scope').map((c) => c.case_id);
  const order = new Map(plan.map((c, i) => [c.case_id, i]));
  const byRound = new Map<string, Map<string, ResultRow>>();
  for (const r of results) {
    const map = byRound.get(r.round_id) ?? new Map<string, ResultRow>();
    map.set(r.case_id, r);
    byRound.set(r.round_id, map);
  }
  const view: ConformanceRound[] = [];
  let previous: ConformanceRound | undefined;
  for (const round of rounds) {
    const recorded = byRound.get(round.id) ?? new Map<string, ResultRow>();
    const caseIds = [...new Set([...inScope, ...[...recorded.values()].filter((r) => (r.status ?? 'not_run') !== 'not_run').map((r) => r.case_id)])].sort(
      (a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b),
    );
    const list: ConformanceResult[] = caseIds.map((caseId) => {
      const row = recorded.get(caseId);
      const id = row?.id ?? resultId(round.id, caseId);
      return {
        id,
        round_id: round.id,
        case_id: caseId,
        status: row?.status ?? 'not_run',
        actual: row?.actual ?? null,
        notes: row?.notes ?? null,
        reason: row?.reason ?? null,
        references: row?.references ?? null,
        recorded_at: row?.recorded_at ?? null,
        carried_from: row?.carried_from ?? null,
        evidence: evidence.get(id) ?? [],
      };
    });
    const counts = Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as Record<ResultStatus, number>;
    for (const r of list) counts[r.status] += 1;
    const retest = previous ? openItems(previous, defects).filter((c) => inScope.includes(c)) : inScope;
    const built: ConformanceRound = { ...round, retest, counts, results: list };
    view.push(built);
    previous = built;
  }
  return view;
}

/** A round's open items: cases not passed in it, and cases with an open defect. */
export function openItems(round: ConformanceRound, defects: readonly Defect[]): string[] {
  const open = new Set(round.results.filter((r) => r.status !== 'passed').map((r) => r.case_id));
  for (const d of defects) if (isDefectOpen(d.status)) open.add(d.case_id);
  return [...open];
}

export function readDefects(store: Store, dossierId: string): Defect[] {
  const rows = store
    .prepare(
      `SELECT id, number, case_id, COALESCE(severity, 'minor') AS severity, COALESCE(description, '') AS description, COALESCE(status, 'open') AS status,
              found_round_id, verified_round_id, created_at
       FROM conformance_defects WHERE dossier_id = ? AND deleted_at IS NULL ORDER BY number, created_at, id`,
    )
    .all(dossierId) as Omit<Defect, 'label'>[];
  return rows.map((d) => ({ ...d, label: d.number !== null ? `D-${d.number}` : `D-${d.id.slice(-6)}` }));
}
