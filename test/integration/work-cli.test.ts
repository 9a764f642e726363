/**
 * "My work", the calendar and the portfolio exports on the command line, as a manager and a CIS
 * reviewer use them against one real data folder.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

const work = tempDir('pcr-work-cli-');
const data = path.join(work, 'data');
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args], { PCR_WORKBENCH_USER: 'Harpreet Sandhu' });
const refs: string[] = [];

beforeAll(() => {
  for (const org of ['Fraser Health', 'Island Health', 'Northern Health']) {
    const created = cli('dossier', 'create', '--org', org, '--app', 'EMR', '--json');
    expect(created.code, created.stderr).toBe(0);
    refs.push(created.json().reference);
  }
  expect(cli('activity', 'set', refs[0]!, 'kickoff', '--due', '2026-12-01').code).toBe(0);
  expect(cli('activity', 'set', refs[1]!, 'kickoff', '--due', '2026-12-10').code).toBe(0);
  expect(cli('activity', 'set', refs[2]!, 'kickoff', '--assignee', 'Karen Lamoureux').code).toBe(0);
}, 120_000);
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
    const text = cli('work', 'list', '--role', 'moh_registries_manager', '--today', '2026-12-07');
    expect(text.stdout).toMatch(/Overdue \(1\)[\s\S]*Fraser Health[\s\S]*This week \(1\)[\s\S]*Island Health/);
    // Karen's own kick-off is on her list, not on Harpreet's.
    const karen = cli('work', 'list', '--assignee', 'Karen Lamoureux', '--json').json();
    expect(karen.items.map((i: { reference: string }) => i.reference)).toEqual([refs[2]]);
  });

  it("uses the profile's role when none is given and refuses an unknown one with exit 2", () => {
    expect(cli('profile', 'set', '--name', 'Harpreet Sandhu', '--role', 'moh_registries_manager').code).toBe(0);
    expect(cli('work', 'list', '--today', '2026-12-07', '--json').json().counts.total).toBe(2);
    const refused = cli('work', 'list', '--role', 'boss');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Allowed choices');
  });
});
