/**
 * `npm run bench` (part 2): the Volume 2 gap analysis of 1,000 dossiers answered and assessed in
 * full through the write path, one answer per transaction as the UI's autosave does, then every
 * roll-up computed. Prints times; it does not pass or fail on them.
 */
import { createEngine } from '../../electron/engine/index';
import { createDossiers, demoValues } from '../../electron/dossiers/index';
import { answerQuestion, assessQuestion, getQuestionnaire } from '../../electron/questionnaire/index';
import { allQuestions, type Response } from '../../shared/questionnaire/template';
import { removeDir, tempDir } from '../support/tempData';

const DOSSIERS = Number(process.env.BENCH_QUESTIONNAIRES ?? 1_000);
const dataDir = tempDir('pcr-bench-q-');
const engine = createEngine({ dataDir, actor: 'bench' });
const ctx = engine.context;
const ids = createDossiers(
  ctx,
  Array.from({ length: DOSSIERS }, (_, i) => {
    const { values } = demoValues(i);
    delete values['status.phase'];
    return values;
  }),
);
const template = ctx.templates.latest('privacy-security-volume2');
const questions = allQuestions(template);
const pick = (i: number, q: number): Response => (['compliant', 'compliant', 'compliant', 'partially_compliant', 'not_compliant'] as const)[(i * 7 + q) % 5]!;

let writes = 0;
let started = performance.now();
ids.forEach((id, i) =>
  questions.forEach((question, q) => {
    const response = question.condition ? 'compliant' : pick(i, q);
    answerQuestion(ctx, { id, question: question.id, response });
    assessQuestion(ctx, { id, question: question.id, assessment: response });
    writes += 2;
  }),
);
const answering = performance.now() - started;

started = performance.now();
let gaps = 0;
for (const id of ids) gaps += getQuestionnaire(ctx, id).rollup.gaps_by_status.open;
const rollups = performance.now() - started;

const changes = (ctx.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;
console.log(`\nPCR Onboarding Workbench — gap analysis benchmark: ${DOSSIERS.toLocaleString('en-CA')} dossiers × ${questions.length} questions (template v${template.version})\n`);
console.log(`${'answer + assess every question (one transaction each)'.padEnd(66)} ${(answering / 1000).toFixed(1).padStart(8)} s   (${writes.toLocaleString('en-CA')} writes, ${((answering * 1000) / writes).toFixed(0)} µs each)`);
console.log(`${'roll-up of every dossier (completion, scores, gaps)'.padEnd(66)} ${rollups.toFixed(0).padStart(8)} ms  (${(rollups / DOSSIERS).toFixed(2)} ms per dossier; ${gaps.toLocaleString('en-CA')} open gaps)`);
console.log(`${'field changes logged'.padEnd(66)} ${changes.toLocaleString('en-CA').padStart(10)}`);
engine.close();
removeDir(dataDir);
