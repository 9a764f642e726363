/** `history` on the command line: the History grouped by operation, with the kind and person filters and paging of the API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let data: string;
let ref: string;
const cli = (...args: string[]) => runCliProcess(['--data', data, '--as', 'CLI Tester', ...args]);

beforeAll(() => {
  data = tempDir('pcr-history-cli-');
  ref = cli('dossier', 'create', '--org', 'Fraser Clinic', '--app', 'Clinic EMR', '--json').json().reference;
  expect(cli('activity', 'set', ref, 'kickoff', '--status', 'in_progress', '--assignee', 'Mei Chen').code).toBe(0);
}, 300_000);
afterAll(() => removeDir(data));

describe('pcr-workbench history', () => {
  it('shows the history grouped by operation, filtered by kind and person, paged, as the History tab does', () => {
    type Group = { summary: string; count: number; actor: string; kinds: string[]; entries: { label: string }[] };
    const page = cli('history', ref, '--json').json() as { groups: Group[]; next: number | null; people: string[] };
    expect(page.people).toEqual(['CLI Tester']);
    expect(page.groups.map((g) => g.summary)).toEqual(['Kick-off (vendor discovery session) updated', 'Dossier created']);
    expect(page.groups[1]!.count).toBeGreaterThan(1);
    const activities = cli('history', ref, '--kind', 'activities', '--json').json() as { groups: Group[] };
    expect(activities.groups.map((g) => [g.summary, g.count])).toEqual([['Kick-off (vendor discovery session) updated', 2]]);
    expect(cli('history', ref).stdout).toMatch(/Dossier created \(\d+ values\)/);
    expect(cli('history', ref, '--expand').stdout).toMatch(/Kick-off \(vendor discovery session\) updated \(2 values\)\n {4}Kick-off \(vendor discovery session\) — status: not_started → in_progress/);
    expect(cli('history', ref, '--person', 'Somebody Else').stdout.trim()).toBe('No changes (by Somebody Else).');
    const one = cli('history', ref, '--limit', '1', '--json').json() as { groups: Group[]; next: number };
    expect(cli('history', ref, '--limit', '1', '--before', String(one.next), '--json').json().groups[0].summary).toBe('Dossier created');
    const bad = cli('history', ref, '--kind', 'plans');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kind: no kind "plans"');
  }, 600_000);
});
