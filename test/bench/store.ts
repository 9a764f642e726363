/**
 * `npm run bench` (part 1): figures for the store with 10,000 dossiers made through the write path.
 * Prints times; it does not pass or fail on them.
 */
import { createEngine } from '../../electron/engine/index';
import { createDossier, createDossiers, demoValues, listDossiers } from '../../electron/dossiers/index';
import type { FieldValues } from '../../shared/dossier/values';
import { removeDir, tempDir } from '../support/tempData';

const COUNT = Number(process.env.BENCH_DOSSIERS ?? 10_000);
const BATCH = 500;
const SEARCHES = 1_000;

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
/** What `dossier create --org --app --integration` writes. */
function minimalValues(i: number): FieldValues {
  const { values } = demoValues(i);
  return { 'organization.legal_name': values['organization.legal_name']!, 'application.name': values['application.name']!, 'integration.standard': 'fhir' };
}
/** A fully filled intake: organization, contacts, application, integration, leads, targets, flags. */
function intakeValues(i: number): FieldValues {
  const { values } = demoValues(i);
  delete values['status.phase'];
  return values;
}

function benchCreates(label: string, create: (dataDir: string) => void): string {
  const dataDir = tempDir('pcr-bench-');
  const started = performance.now();
  create(dataDir);
  const elapsed = performance.now() - started;
  console.log(`${label.padEnd(66)} ${ms(elapsed).padStart(10)}   (${((elapsed * 1000) / COUNT).toFixed(0)} µs per dossier)`);
  return dataDir;
}

console.log(`PCR Onboarding Workbench — store benchmark, ${COUNT.toLocaleString('en-CA')} dossiers through the write path\n`);

for (const [label, values] of [
  ['minimal (3 fields, 24 field changes)', minimalValues],
  ['full intake (~70 field changes)', intakeValues],
] as const) {
  const dir = benchCreates(`create ${label}, one transaction each`, (dataDir) => {
    const engine = createEngine({ dataDir, actor: 'bench' });
    for (let i = 0; i < COUNT; i++) createDossier(engine.context, { fields: values(i) });
    engine.close();
  });
  removeDir(dir);
}

const dataDir = benchCreates(`create full intake, ${BATCH} per transaction (seed / import)`, (dir) => {
  const engine = createEngine({ dataDir: dir, actor: 'bench' });
  for (let start = 0; start < COUNT; start += BATCH) {
    createDossiers(engine.context, Array.from({ length: Math.min(BATCH, COUNT - start) }, (_, k) => intakeValues(start + k)));
  }
  engine.close();
});

let started = performance.now();
const engine = createEngine({ dataDir, actor: 'bench' });
const opened = performance.now() - started;
started = performance.now();
const firstPage = listDossiers(engine.context, { sort: 'updated_at', direction: 'desc', offset: 0, limit: 100 });
const listed = performance.now() - started;
console.log(`${'open the store cold'.padEnd(66)} ${ms(opened).padStart(10)}`);
console.log(`${'first page of the list (100 of ' + firstPage.total + ', newest first)'.padEnd(66)} ${ms(listed).padStart(10)}`);

const terms = ['interior', 'Sḵwx̱wú7mesh', 'skwxwu7mesh', 'cerner', 'prince george', 'PCR-2026-0', 'pharmacy', 'mei chen', 'clinic emr', 'haida'];
const samples: number[] = [];
let hits = 0;
for (let i = 0; i < SEARCHES; i++) {
  const t = performance.now();
  const result = listDossiers(engine.context, { search: terms[i % terms.length]!, sort: 'updated_at', direction: 'desc', offset: 0, limit: 100 });
  samples.push(performance.now() - t);
  hits += result.total;
}
samples.sort((a, b) => a - b);
console.log(
  `${`search, ${SEARCHES} queries (first page + total; ${Math.round(hits / SEARCHES)} hits avg)`.padEnd(66)} p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}, max ${ms(samples.at(-1)!)}`,
);
const size = (engine.store.db.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number }).bytes;
console.log(`${'database size'.padEnd(66)} ${(size / 1024 / 1024).toFixed(1).padStart(7)} MiB`);
console.log('\nAims (issue #2): 10k creates < 3 s, first page < 20 ms, search p95 < 5 ms.');
engine.close();
removeDir(dataDir);
