/**
 * Conformance testing: the plan of a dossier requesting every PCR transaction in both standards,
 * 200 results recorded through the API one by one (over several rounds), the conformance report
 * generated from those records, and importing a 500-test FHIR TestReport (inspect, then apply into
 * a fresh round). Prints medians. Aim: under 200 ms for each figure marked "each".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../shared/api/dispatch';
import type { ConformanceView } from '../../shared/conformance/model';
import { PCR_TRANSACTIONS } from '../../shared/reference';
import { createEngine } from '../../electron/engine/index';

const RUNS = Number(process.env.BENCH_CONFORMANCE_RUNS ?? 5);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-conformance-'));
const engine = createEngine({ dataDir: dir, actor: 'Bench' });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ok = async <T,>(name: string, input: unknown): Promise<T> => {
  const result = await dispatch(engine.handlers, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
};

/** Times `work`; when it returns a number, that is the time of the part that counts (setup excluded). */
async function time(label: string, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const measured = await work();
    times.push(typeof measured === 'number' ? measured : performance.now() - start);
  }
  console.log(`${label.padEnd(52)} median ${median(times).toFixed(1)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, ${RUNS} runs)`);
  return median(times);
}

try {
  const { reference: ref } = await ok<{ reference: string }>('dossier.create', {
    fields: { 'organization.legal_name': 'Sḵwx̱wú7mesh Úxwumixw Health Services', 'application.name': 'Clinic EMR', 'integration.standard': 'both', 'integration.transactions': PCR_TRANSACTIONS.map((t) => t.key) },
  });
  const plan = await ok<ConformanceView>('conformance.get', { id: ref });
  console.log(`Conformance: ${plan.plan.length} cases in the plan (every transaction, HL7v3 and FHIR)`);
  await time('plan with rounds and results (conformance.get)', () => ok('conformance.get', { id: ref }));

  const statuses = ['passed', 'passed', 'passed', 'failed', 'blocked'] as const;
  const started = performance.now();
  let recorded = 0;
  while (recorded < 200) {
    await ok('conformance.round.start', { id: ref });
    for (const c of plan.plan) {
      if (recorded >= 200) break;
      await ok('conformance.result.record', { id: ref, case: c.case_id, status: statuses[recorded % statuses.length], actual: `Run ${recorded}` });
      recorded += 1;
    }
  }
  const total = performance.now() - started;
  console.log(`${'200 results recorded one by one (with round starts)'.padEnd(52)} total ${total.toFixed(0)} ms, each ${(total / 200).toFixed(1)} ms`);
  await time('plan after 200 results (conformance.get)', () => ok('conformance.get', { id: ref }));
  await time('conformance report, PDF', () => ok('document.generate', { id: ref, kind: 'conformance-report', format: 'pdf' }));
  await time('conformance report, DOCX', () => ok('document.generate', { id: ref, kind: 'conformance-report', format: 'docx' }));

  // 500 tests, named after the plan's cases (most cases several times, as a tool re-runs them).
  const report = {
    resourceType: 'TestReport',
    status: 'completed',
    result: 'fail',
    testScript: { reference: 'TestScript/pcr' },
    test: Array.from({ length: 500 }, (_, i) => {
      const c = plan.plan[i % plan.plan.length]!;
      return {
        id: `${c.case_id}-run-${Math.floor(i / plan.plan.length)}`,
        name: `${c.case_id} ${c.title}`,
        action: [
          { operation: { result: 'pass', message: 'POST Patient/$Operation' } },
          { assert: { result: i % 9 === 0 ? 'fail' : 'pass', message: 'HTTP status' } },
          { assert: { result: 'pass', message: 'Bundle.type' } },
        ],
      };
    }),
  };
  const file = { name: 'touchstone-500.json', content_base64: Buffer.from(JSON.stringify(report)).toString('base64') };
  console.log(`Import: FHIR TestReport with 500 tests (${(Buffer.from(file.content_base64, 'base64').length / 1024).toFixed(0)} KB)`);
  await time('import inspect (parse, map, compare)', () => ok('conformance.import.inspect', { id: ref, file }));
  await time('import apply into a fresh round (round start excluded)', async () => {
    await ok('conformance.round.start', { id: ref });
    const start = performance.now();
    await ok('conformance.import.apply', { id: ref, file });
    return performance.now() - start;
  });
} finally {
  engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
