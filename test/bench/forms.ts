/**
 * Importing filled partner forms: the 61-field Request for Integration as a PDF filled by pdf.js
 * and as a DOCX, read, validated and compared with a dossier (inspect), then applied. Prints the
 * median of several runs. Aim: under 100 ms per import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../../electron/engine/index';
import { applyForm, blankForm, formsContext, inspectForm } from '../../electron/forms/index';
import { fillDocx, fillPdfWithPdfjs } from '../unit/forms-fillers';

const RUNS = Number(process.env.BENCH_FORM_RUNS ?? 9);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-forms-'));
const engine = createEngine({ dataDir: dir, actor: 'Bench' });
const ctx = formsContext(engine.context);
const values: Record<string, string | boolean> = {
  org_legal_name: 'Sḵwx̱wú7mesh Úxwumixw Health Services',
  app_name: 'ʔaq̓am Clinic EMR',
  org_type: 'Pharmacy',
  sponsor_name: 'Ava Chen',
  sponsor_email: 'ava@example.org',
  tech_name: 'Sam Lee',
  tech_email: 'sam@example.org',
  integration_standard: 'FHIR',
  transactions__find_candidates: true,
  transactions__revise: true,
  purpose: 'Confirm PHNs at registration.',
  target_go_live: '2026-11-02',
  signature_date: '2026-03-15',
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(label: string, work: () => Promise<unknown>): Promise<void> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  console.log(`${label.padEnd(44)} median ${median(times).toFixed(1)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, ${RUNS} runs)`);
}

try {
  const pdf = await fillPdfWithPdfjs((await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' })).bytes, values);
  const docx = fillDocx((await blankForm(ctx, { form: 'request-for-integration', format: 'docx' })).bytes, values);
  const dossier = (await applyForm(ctx, { name: 'seed.docx', bytes: docx })).dossier.reference;
  console.log(`Forms: importing a 61-field Request for Integration (PDF ${(pdf.length / 1024).toFixed(0)} KB, DOCX ${(docx.length / 1024).toFixed(0)} KB)`);
  await time('PDF inspect (read, validate, compare)', () => inspectForm(ctx, 'rfi.pdf', pdf, dossier));
  await time('DOCX inspect (read, validate, compare)', () => inspectForm(ctx, 'rfi.docx', docx, dossier));
  await time('PDF apply (new dossier each time)', () => applyForm(ctx, { name: 'rfi.pdf', bytes: pdf }));
  await time('DOCX apply (new dossier each time)', () => applyForm(ctx, { name: 'rfi.docx', bytes: docx }));
} finally {
  engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
