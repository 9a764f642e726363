/**
 * Importing results from testing tools with the review-then-apply flow of partner forms: inspect
 * reads the report and shows each test, the case it maps to (by id, title or the lead's mapping)
 * and what would change; apply writes every mapped result in one transaction through the write
 * path and keeps the original file as evidence. A refused file writes nothing; re-importing the
 * same file into the same round changes nothing.
 */
import crypto from 'node:crypto';
import { WorkbenchError } from '../../shared/api/errors';
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { ImportInspection, ImportTest } from '../../shared/api/conformanceOps';
import type { ConformanceRound, ConformanceView, PlanCase } from '../../shared/conformance/model';
import { newId, type Change } from '../store/index';
import { storeAttachment } from '../questionnaire/attachments';
import { runUntrusted } from '../untrusted/index';
import { REPORT_LIMITS, type ParsedReport } from './parsers/index';
import { evidenceChanges, getConformance, resultChanges, type ConformanceContext } from './service';

const CASE_TOKEN = /\b([A-Z]{1,4}-\d{2,3})\b/g;
const simplified = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

function matchCase(plan: readonly PlanCase[], key: string, name: string, mapping: Readonly<Record<string, string>>): { case_id: string; by: ImportTest['matched_by'] } | null {
  const inScope = new Map(plan.filter((c) => c.scope === 'in_scope').map((c) => [c.case_id, c]));
  const mapped = mapping[key] ?? mapping[name];
  if (mapped) {
    const id = mapped.trim().toUpperCase();
    if (!inScope.has(id)) throw new WorkbenchError('validation', `The mapping sends "${key}" to ${mapped}, which is not a case in scope of the plan.`, { problems: [{ field: `mapping.${key}`, message: `${mapped} is not in scope` }] });
    return { case_id: id, by: 'mapping' };
  }
  for (const text of [key, name]) {
    for (const m of text.toUpperCase().matchAll(CASE_TOKEN)) if (inScope.has(m[1]!)) return { case_id: m[1]!, by: 'id' };
  }
  const wanted = simplified(name);
  for (const c of inScope.values()) if (simplified(c.title) === wanted) return { case_id: c.case_id, by: 'name' };
  return null;
}

interface Prepared {
  view: ConformanceView;
  round: ConformanceRound;
  parsed: ParsedReport;
  inspection: ImportInspection;
  content: Buffer;
}

/** Reads the report in the isolated worker (memory ceiling, deadline); a refusal names the file. */
async function parse(input: OperationArgs<'conformance.import.inspect'>): Promise<{ content: Buffer; parsed: ParsedReport }> {
  const content = Buffer.from(input.file.content_base64, 'base64');
  if (content.length > REPORT_LIMITS.maxBytes) {
    throw new WorkbenchError('validation', `${input.file.name}: the file is over ${REPORT_LIMITS.maxBytes / 1024 / 1024} MB; it is not read. Nothing was written.`);
  }
  const parsed = await runUntrusted('conformance.report', { name: input.file.name, bytes: new Uint8Array(content) }, { subject: `"${input.file.name}"`, deadlineMs: REPORT_LIMITS.deadlineMs });
  return { content, parsed };
}

function prepare(ctx: ConformanceContext, input: OperationArgs<'conformance.import.inspect'>, content: Buffer, parsed: ParsedReport): Prepared {
  const view = getConformance(ctx, input.id);
  if (view.rounds.length === 0) throw new WorkbenchError('conflict', `No conformance round has been started for ${view.reference}: start one, then import its results.`);
  const round = input.round === undefined ? view.rounds.at(-1)! : view.rounds.find((r) => r.id === input.round || r.number === Number(input.round));
  if (!round) throw new WorkbenchError('not_found', `${view.reference} has no conformance round ${input.round}.`);
  const sha256 = crypto.createHash('sha256').update(content).digest('hex');
  const current = new Map(round.results.map((r) => [r.case_id, r]));
  const seen = new Map<string, number>();
  const tests: ImportTest[] = parsed.tests.map((t) => {
    const match = matchCase(view.plan, t.key, t.name, input.mapping);
    const now = match ? current.get(match.case_id) : undefined;
    if (match) seen.set(match.case_id, (seen.get(match.case_id) ?? 0) + 1);
    return {
      key: t.key,
      name: t.name,
      status: t.status,
      detail: t.detail,
      case_id: match?.case_id ?? null,
      matched_by: match?.by ?? null,
      current_status: now?.status ?? (match ? 'not_run' : null),
      changes: match !== null && t.status !== 'not_run' && (now?.status !== t.status || (now?.actual ?? null) !== t.detail),
    };
  });
  const alreadyImported = Boolean(
    ctx.store.prepare('SELECT 1 FROM conformance_imports WHERE dossier_id = ? AND round_id = ? AND sha256 = ? AND deleted_at IS NULL LIMIT 1').get(view.dossier_id, round.id, sha256),
  );
  const inspection: ImportInspection = {
    format: parsed.format,
    file: { name: input.file.name, size: content.length, sha256 },
    dossier: { id: view.dossier_id, reference: view.reference },
    round: { id: round.id, number: round.number, environment: round.environment },
    reports: parsed.reports,
    tests,
    unmatched: tests.filter((t) => t.case_id === null).map((t) => t.key),
    duplicates: [...seen].filter(([, n]) => n > 1).map(([id]) => id),
    already_imported: alreadyImported,
    changes: tests.filter((t) => t.changes).length,
  };
  return { view, round, parsed, inspection, content };
}

export async function inspectImport(ctx: ConformanceContext, input: OperationArgs<'conformance.import.inspect'>): Promise<ImportInspection> {
  const { content, parsed } = await parse(input);
  return prepare(ctx, input, content, parsed).inspection;
}

export async function applyImport(ctx: ConformanceContext, input: OperationArgs<'conformance.import.apply'>): Promise<OperationOutput<'conformance.import.apply'>> {
  const { content: bytes, parsed } = await parse(input);
  return ctx.store.transaction(() => {
    const { view, round, inspection, content } = prepare(ctx, input, bytes, parsed);
    const applicable = new Map<string, ImportTest>();
    for (const t of inspection.tests) if (t.case_id && t.status !== 'not_run') applicable.set(t.case_id, t);
    const changing = [...applicable.values()].filter((t) => t.changes);
    if (inspection.already_imported && changing.length === 0) return { inspection, applied: 0, noop: true, evidence: null };
    if (applicable.size === 0) {
      throw new WorkbenchError('validation', `No test of ${input.file.name} maps to a case in scope; map them (test → case) and apply again. Nothing was written.`, {
        problems: [{ field: 'mapping', message: `unmatched: ${inspection.unmatched.slice(0, 10).join(', ')}` }],
      });
    }
    const at = new Date().toISOString();
    // Every result is checked before the file is kept, so a refusal leaves nothing behind.
    const resultWrites = [...applicable.values()].map((t) => ({
      test: t,
      ...resultChanges(
        view,
        round,
        t.case_id!,
        { status: t.status, actual: t.detail, ...(t.status === 'skipped' ? { reason: (t.detail ?? `Skipped by the test tool (${input.file.name})`).slice(0, 2000) } : {}) },
        at,
      ),
    }));
    const stored = storeAttachment(ctx.attachmentsDir, content);
    const importId = newId();
    const changes: Change[] = Object.entries({
      dossier_id: view.dossier_id,
      round_id: round.id,
      format: inspection.format,
      file_name: input.file.name,
      sha256: stored.sha256,
      size: stored.size,
      imported_at: at,
    }).map(([field, value]) => ({ entity: 'conformance_imports', rowId: importId, field, value, dossierId: view.dossier_id }));
    for (const { test, id, changes: writes } of resultWrites) {
      changes.push(...writes);
      const hasFile = round.results.find((r) => r.case_id === test.case_id)?.evidence.some((e) => e.sha256 === stored.sha256);
      if (!hasFile) changes.push(...evidenceChanges(ctx, view.dossier_id, id, { file: { name: input.file.name, content } }, 'import'));
    }
    ctx.store.write(ctx.actor, changes);
    return { inspection, applied: changing.length, noop: false, evidence: stored };
  });
}
