/**
 * "My work", the calendar and the portfolio exports on the command line, as a manager and a CIS
 * reviewer use them against one real data folder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parseCalendar } from '../support/icalendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/index';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

const work = tempDir('pcr-work-cli-');
const data = path.join(work, 'data');
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args], { PCR_WORKBENCH_USER: 'Harpreet Sandhu' });
const refs: string[] = [];

// The dossiers are made in-process through the same engine (spawning the CLI for each is slow on
// a loaded machine); every command under test runs as the real CLI process.
beforeAll(async () => {
  const engine = createEngine({ dataDir: data, actor: 'Harpreet Sandhu' });
  for (const org of ['Fraser Health', 'Island Health', 'Northern Health']) {
    // Received in October: a due date may not precede the intake date.
    const created = (await engine.handlers['dossier.create']({
      fields: { 'organization.legal_name': org, 'application.name': 'EMR', 'start.request_received_date': '2026-10-15' },
    })) as { reference: string };
    refs.push(created.reference);
  }
  await engine.handlers['activity.update']({ id: refs[0]!, activity: 'kickoff', changes: { due_date: '2026-12-01' } });
  await engine.handlers['activity.update']({ id: refs[1]!, activity: 'kickoff', changes: { due_date: '2026-12-10' } });
  await engine.handlers['activity.update']({ id: refs[2]!, activity: 'kickoff', changes: { assignee: 'Karen Lamoureux' } });
  engine.close();
});
afterAll(() => removeDir(work));

describe('work list', () => {
  it("lists a manager's kick-offs across dossiers, grouped by due date, as JSON and as text", () => {
    const listed = cli('work', 'list', '--role', 'moh_registries_manager', '--today', '2026-12-07', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const result = listed.json();
    expect(result.counts).toEqual({ overdue: 1, this_week: 1, later: 0, total: 2 });
    expect(result.items.map((i: { reference: string; bucket: string }) => [i.reference, i.bucket])).toEqual([
      [refs[0], 'overdue'],
      [refs[1], 'this_week'],
    ]);
    // Karen's own kick-off is on her list (as text here), not on Harpreet's.
    const karen = cli('work', 'list', '--assignee', 'Karen Lamoureux', '--today', '2026-12-07');
    expect(karen.stdout).toMatch(new RegExp(`My work — Karen Lamoureux, 2026-12-07\\n\\nLater \\(1\\)[\\s\\S]*${refs[2]}  Northern Health`));
  }, 300_000);

  it("uses the profile's role when none is given and refuses an unknown one with exit 2", () => {
    expect(cli('profile', 'set', '--name', 'Harpreet Sandhu', '--role', 'moh_registries_manager').code).toBe(0);
    expect(cli('work', 'list', '--today', '2026-12-07', '--json').json().counts.total).toBe(2);
    const refused = cli('work', 'list', '--role', 'boss');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Allowed choices');
  }, 300_000);
});

describe('calendar export and export dossiers', () => {
  it('writes an .ics of one dossier and refuses --dossier with --mine (exit 2)', () => {
    const file = path.join(work, 'fraser.ics');
    const written = cli('calendar', 'export', '--dossier', refs[0]!, '--out', file, '--json');
    expect(written.code, written.stderr).toBe(0);
    expect(written.json()).toMatchObject({ events: 1, file });
    const { events } = parseCalendar(fs.readFileSync(file, 'utf8'));
    expect(events[0]!.DTSTART!.value).toBe('20261201');
    const refused = cli('calendar', 'export', '--dossier', refs[0]!, '--mine', '--out', file);
    expect(refused.code).toBe(2);
  }, 300_000);

  it('writes the filtered list as XLSX into a folder', async () => {
    const written = cli('export', 'dossiers', '--format', 'xlsx', '--search', 'Island', '--out', work, '--json');
    expect(written.code, written.stderr).toBe(0);
    const result = written.json();
    expect(result.rows).toBe(1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(result.file);
    expect(workbook.getWorksheet('Dossiers')!.getRow(2).getCell(2).value).toBe('Island Health');
  }, 300_000);
});

describe('generate portfolio-report', () => {
  it('writes the portfolio report as PDF with its charts, and refuses a dossier id (exit 2)', async () => {
    const file = path.join(work, 'portfolio.pdf');
    const written = cli('generate', 'portfolio-report', '--format', 'pdf', '--out', file, '--json');
    expect(written.code, written.stderr).toBe(0);
    expect(written.json()).toMatchObject({ media_type: 'application/pdf', file });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('PCR onboarding portfolio status');
    expect(text).toMatch(/Dossiers by phase\s+Intake\s+3/);
    const refused = cli('generate', 'portfolio-report', refs[0]!, '--format', 'pdf', '--out', file);
    expect(refused.code).toBe(2);
  }, 300_000);
});
