/**
 * `npm run bench` (part 6): "My work" over 3,000 dossiers (demo activities, gaps on every third),
 * for each participant role with and without a name, as the screen asks (the earliest due items of
 * each group up to the default limit, counts of all; and the counts alone, as the navigation asks),
 * and the XLSX export of all of them. Prints wall and CPU times per role (and with BENCH_PLANS=1 the
 * query plans); it does not pass or fail on them (budgets: 50 ms, 2 s).
 */
import { availableParallelism, loadavg } from 'node:os';
import { createEngine } from '../../electron/engine/index';
import { localIsoDate } from '../../shared/dates';
import { PARTICIPANT_ROLES } from '../../shared/workflow/roles';
import { removeDir, tempDir } from '../support/tempData';
import { GAP_OWNERS, seedPortfolio } from '../support/portfolio';

const COUNT = Number(process.env.BENCH_WORK_DOSSIERS ?? 3_000);
const RUNS = 30;
const today = localIsoDate();
const dataDir = tempDir('pcr-bench-work-');
const engine = createEngine({ dataDir, actor: 'bench' });
let started = performance.now();
seedPortfolio(engine.context, COUNT, today);
console.log(`PCR Onboarding Workbench — "My work" over ${COUNT.toLocaleString('en-CA')} dossiers (seeded in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);

const ms = (n: number) => `${n.toFixed(1)} ms`;
const list = engine.handlers['work.list'];
const who: { label: string; role?: (typeof PARTICIPANT_ROLES)[number]['key']; assignee?: string }[] = [
  ...PARTICIPANT_ROLES.map((r) => ({ label: `role ${r.key}`, role: r.key })),
  ...PARTICIPANT_ROLES.map((r) => ({ label: `role ${r.key} + name`, role: r.key, assignee: GAP_OWNERS[0] })),
  { label: 'name only', assignee: GAP_OWNERS[1] },
];
let worst = 0;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** Wall and CPU time of RUNS calls, sorted: on a loaded machine the CPU time says more than the wall clock. */
function timed(call: () => unknown): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const [w, c] = [performance.now(), cpuMs()];
    call();
    cpu.push(cpuMs() - c);
    wall.push(performance.now() - w);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}
const median = (sorted: number[]) => sorted[RUNS >> 1]!;
const p95 = (sorted: number[]) => sorted[Math.floor(RUNS * 0.95)]!;
console.log(`${''.padEnd(38)} ${'items'.padStart(6)} ${'listed'.padStart(6)}   listing: median  p95   cpu median   counts only (navigation): median  cpu median`);
for (const w of who) {
  // A role with a name nobody has: the role's unassigned activities and gaps (the demo assigns every activity).
  const input = { ...(w.role ? { role: w.role } : {}), assignee: w.assignee ?? 'nobody in particular', today };
  const result = list(input) as { counts: { total: number }; items: unknown[] };
  const listing = timed(() => list(input));
  const counting = timed(() => list({ ...input, limit: 0 }));
  worst = Math.max(worst, p95(listing.wall));
  console.log(
    `${w.label.padEnd(38)} ${String(result.counts.total).padStart(6)} ${String(result.items.length).padStart(6)}   ${ms(median(listing.wall)).padStart(15)} ${ms(p95(listing.wall)).padStart(8)} ${ms(median(listing.cpu)).padStart(10)}   ${ms(median(counting.wall)).padStart(32)} ${ms(median(counting.cpu)).padStart(10)}`,
  );
}
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
console.log(`\nslowest p95: ${ms(worst)} (budget 50 ms)`);

// The whole portfolio as a spreadsheet (the list's default order), as the list's Export XLSX does.
const xlsxTimes: number[] = [];
let xlsxSize = 0;
for (let run = 0; run < 3; run++) {
  started = performance.now();
  const file = (await engine.handlers['dossier.export']({ format: 'xlsx', sort: 'updated_at', direction: 'desc', today })) as { content_base64: string; rows: number };
  xlsxTimes.push(performance.now() - started);
  xlsxSize = Buffer.from(file.content_base64, 'base64').length;
}
console.log(`XLSX export of ${COUNT.toLocaleString('en-CA')} dossiers (${(xlsxSize / 1024).toFixed(0)} KB): fastest ${ms(Math.min(...xlsxTimes))}, slowest ${ms(Math.max(...xlsxTimes))} (budget 2 s)`);

if (process.env.BENCH_PLANS) {
  for (const sql of [
    "SELECT a.id FROM activities a JOIN dossiers d ON d.id = a.dossier_id WHERE a.id IN (SELECT a.id FROM activities a WHERE a.deleted_at IS NULL AND a.status NOT IN ('done', 'not_required') AND a.key IN ('conformance_testing') UNION ALL SELECT a.id FROM activities a WHERE a.deleted_at IS NULL AND a.status NOT IN ('done', 'not_required') AND a.assignee = 'x' COLLATE NOCASE) AND d.deleted_at IS NULL AND d.status__phase = 'live'",
    "SELECT g.id FROM gaps g JOIN dossiers d ON d.id = g.dossier_id WHERE g.deleted_at IS NULL AND g.status IN ('open', 'in_progress') AND d.deleted_at IS NULL AND g.owner COLLATE NOCASE IN ('x')",
    "WITH oldest AS MATERIALIZED (SELECT d.id, d.reference, (SELECT MIN(g.due_date) FROM gaps g INDEXED BY gaps_open_dated_by_dossier WHERE g.dossier_id = d.id AND g.deleted_at IS NULL AND g.status IN ('open', 'in_progress') AND g.due_date IS NOT NULL) AS oldest_due FROM dossiers d WHERE d.deleted_at IS NULL) SELECT * FROM oldest WHERE oldest_due < '2026-12-07'",
  ])
    console.log(engine.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((r) => (r as { detail: string }).detail).join(' | '));
}
engine.close();
removeDir(dataDir);
