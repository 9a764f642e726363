import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownToBlocks } from '../../electron/documents/markdown';
import { portfolioData } from '../../electron/portfolio/index';
import type { OperationOutput } from '../../shared/api/contract';
import { removeDir, tempDir, tempEngine } from '../support/tempData';
import { seedPortfolio } from '../support/portfolio';

const TODAY = '2026-12-07';
let engine: ReturnType<typeof tempEngine>;
const out = tempDir('pcr-portfolio-');
beforeAll(() => {
  engine = tempEngine({ today: TODAY, actor: 'Harpreet Sandhu' });
  seedPortfolio(engine.context, 24, TODAY);
}, 120_000);

/** A dossier whose first conformance round ended with a failure and no CIS decision yet. */
async function testedDossier() {
  const row = engine.store.db.prepare("SELECT reference FROM dossiers WHERE COALESCE(status__phase, 'intake') <> 'live' ORDER BY reference LIMIT 1").get() as { reference: string };
  const call = (name: string, input: object) => (engine.handlers as unknown as Record<string, (i: object) => Promise<unknown>>)[name]!(input);
  await call('dossier.update', { id: row.reference, changes: { 'integration.standard': 'fhir', 'integration.transactions': ['find_candidates'] } });
  await call('conformance.round.start', { id: row.reference, started_on: '2026-11-20' });
  await call('conformance.result.record', { id: row.reference, case: 'FC-01', status: 'failed', actual: 'No candidates returned' });
  await call('conformance.round.update', { id: row.reference, round: 1, changes: { ended_on: '2026-12-03' } });
  return row.reference;
}
afterAll(() => {
  engine.close();
  removeDir(out);
});

const report = async (format: 'pdf' | 'docx') => {
  const file = (await engine.handlers['portfolio.report']({ format, today: TODAY })) as OperationOutput<'portfolio.report'>;
  const target = path.join(out, file.file_name);
  fs.writeFileSync(target, Buffer.from(file.content_base64, 'base64'));
  return { file, target };
};

describe('chart blocks', () => {
  it('parses a ```chart block into a bar chart, and refuses a bar without a value', () => {
    expect(markdownToBlocks('```chart\ntitle: By phase\nunit: dossiers\nIntake: 3\nLive: 0 | ok\nRatio: 1.5 | danger\n```\n')).toEqual([
      {
        kind: 'barChart',
        title: 'By phase',
        unit: 'dossiers',
        bars: [
          { label: 'Intake', value: 3, tone: 'neutral' },
          { label: 'Live', value: 0, tone: 'ok' },
          { label: 'Ratio', value: 1.5, tone: 'danger' },
        ],
      },
    ]);
    expect(() => markdownToBlocks('```chart\ntitle: X\nIntake: many\n```\n')).toThrow(/no value of 0 or more/);
    expect(() => markdownToBlocks('```chart\nIntake: 2 | purple\n```\n')).toThrow(/unknown tone/);
  });
});

describe('portfolio.report', () => {
  it('counts what the charts show from the dossiers themselves', () => {
    const data = portfolioData(engine.context, TODAY);
    const byPhase = engine.store.db.prepare("SELECT COALESCE(status__phase, 'intake') AS phase, COUNT(*) AS n FROM dossiers GROUP BY 1").all() as { phase: string; n: number }[];
    expect(data.by_phase.reduce((sum, p) => sum + p.n, 0)).toBe(24);
    expect(data.by_phase.find((p) => p.label === 'Intake')!.n).toBe(byPhase.find((p) => p.phase === 'intake')?.n ?? 0);
    expect(data.gap_partners.count).toBeGreaterThan(0);
    for (const line of data.upcoming_go_lives.shown) expect(line.go_live_date! >= TODAY).toBe(true);
  });

  it('renders the PDF with its charts as vector bars and real text', async () => {
    const { file, target } = await report('pdf');
    expect(file).toMatchObject({ file_name: `pcr-${TODAY}-portfolio-report.pdf`, media_type: 'application/pdf' });
    const text = execFileSync('pdftotext', ['-layout', target, '-'], { encoding: 'utf8' });
    const data = portfolioData(engine.context, TODAY);
    for (const phase of data.by_phase) expect(text).toMatch(new RegExp(`${phase.label}\\s+${phase.n}\\b`));
    expect(text).toContain('Open high and critical gaps, by partner');
    // The bars are filled rectangles in BC blue (and the RAG colours) in the page content.
    const content = execFileSync('qpdf', ['--qdf', '--object-streams=disable', target, '-'], { encoding: 'latin1' });
    expect(content).toMatch(/0\.11765 0\.31765 0\.53725 rg|0\.1176\d* 0\.3176\d* 0\.5372\d* rg/);
    expect(text).toContain('Dossiers by conformance status');
  }, 120_000);

  it('shows where conformance testing stands, from the latest round of each dossier not yet live', async () => {
    const reference = await testedDossier();
    const text = execFileSync('pdftotext', ['-layout', (await report('pdf')).target, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Awaiting CIS review\s+1\b/);
    expect(text).toMatch(new RegExp(`${reference}\\s.*\\s1\\s+0 of \\d+\\s+1\\s+0\\s+Awaiting CIS review`));
  }, 120_000);

  it('renders the DOCX with each bar as a shaded cell beside its label and value', async () => {
    const { target } = await report('docx');
    const xml = strFromU8(unzipSync(fs.readFileSync(target))['word/document.xml']!);
    expect(xml).toContain('Dossiers by RAG status');
    expect(xml).toContain('w:fill="42814A"');
    expect(xml).toContain('w:fill="CE3E39"');
  }, 120_000);
});
