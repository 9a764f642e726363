/**
 * The workflow from the command line (issue #13), as real processes on a real data folder: a rule
 * refuses with exit 3 and every reason, then allows; the deployment plan is scriptable end to end;
 * a moved go-live raises drift on the plan and on the first page of the generated plan (read back
 * with pdftotext); records are attached to an activity by SHA-256 and listed with it.
 */
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let data: string;
let ref: string;
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args]);

beforeAll(() => {
  data = tempDir('pcr-wcli-');
  ref = cli('dossier', 'create', '--org', 'Lheidli T’enneh Primary Care Clinic', '--app', 'Clinic EMR', '--json').json().reference;
}, 120_000);
afterAll(() => removeDir(data));

describe('workflow rules on the command line', () => {
  it('refuses go-live in Intake with exit 3 and every reason, then a prerequisite met lets the next step through', () => {
    const refused = cli('activity', 'set', ref, 'go_live', '--status', 'done');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Go-live on');
    expect(refused.stderr).toContain('cannot be marked done');
    expect(refused.stderr).toContain('  - Go-live needs Kick-off (vendor discovery session) done first (it is not started).');
    expect(refused.stderr).toContain('  - Go-live can be completed only from Deployment on; the dossier is in Intake.');
    const json = cli('activity', 'set', ref, 'kickoff', '--status', 'done', '--completed', '2099-01-01', '--json');
    expect(json.code).toBe(3);
    expect(json.json().error).toMatchObject({ code: 'gate_blocked', details: { reasons: [expect.stringContaining('is in the future')] } });
    expect(cli('activity', 'set', ref, 'kickoff', '--status', 'done').code).toBe(0);
  }, 300_000);
});

describe('the deployment plan on the command line', () => {
  it('starts, changes, adds, moves and removes, with --json; a moved go-live raises drift on the plan and on the first page of the generated plan', () => {
    expect(cli('dossier', 'set', ref, 'targets.go_live_date=2027-01-15', 'integration.environments=HT2,HP1').code).toBe(0);
    const notStarted = cli('plan', 'show', ref);
    expect(notStarted.code).toBe(0);
    expect(notStarted.stdout).toContain('not started');
    const started = cli('plan', 'start', ref, '--json').json();
    expect(started.started).toBe(true);
    expect(started.steps.length).toBeGreaterThan(3);
    expect(started.drift).toEqual([]);
    expect(cli('plan', 'start', ref).code).toBe(3);

    const stepId = started.steps[1].id as string;
    const add = cli('plan', 'add', ref, 'steps', 'title=Notify the service desk', 'owner_role=cgi_operations_team', 'planned_start=2027-01-15 16:30', 'duration_minutes=15', '--after', stepId, '--json');
    expect(add.code).toBe(0);
    const added = add.json();
    expect(added.plan.steps[2]).toMatchObject({ id: added.item, title: 'Notify the service desk', duration_minutes: 15, planned_start: '2027-01-15T16:30' });
    const moved = cli('plan', 'move', ref, 'steps', added.item, 'first', '--json').json();
    expect(moved.steps[0].id).toBe(added.item);
    const set = cli('plan', 'set', ref, '--list', 'steps', '--item', added.item, 'duration_minutes=20', 'verification=Service desk acknowledged', '--json').json();
    expect(set.steps[0]).toMatchObject({ duration_minutes: 20, verification: 'Service desk acknowledged' });
    expect(cli('plan', 'set', ref, 'rollback_decision_maker=Harpreet Sandhu', 'escalation=CGI on-call, then the MoH manager').code).toBe(0);
    const env = cli('plan', 'set', ref, '--env', 'HT2', 'status=ready', 'certificates=yes', '--json').json();
    expect(env.environments.find((e: { key: string }) => e.key === 'HT2')).toMatchObject({ status: 'ready' });
    const area = started.raci.areas[0].id as string;
    expect(cli('plan', 'raci', ref, area, 'cis', 'C', '--json').json().raci.areas[0].assignments.cis).toBe('C');
    const removed = cli('plan', 'remove', ref, 'steps', added.item, '--json').json();
    expect(removed.steps.some((s: { id: string }) => s.id === added.item)).toBe(false);
    const bad = cli('plan', 'set', ref, '--list', 'steps', '--item', stepId, 'duration_minutes=soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('duration_minutes: expected a number of minutes');

    // The go-live moves three weeks; the cutover steps stay on January 14–15: drift.
    expect(cli('dossier', 'set', ref, 'targets.go_live_date=2027-02-05', 'integration.environments=HP1').code).toBe(0);
    const drifted = cli('plan', 'show', ref);
    expect(drifted.stdout).toContain('DRIFT — the plan no longer agrees with the dossier:');
    expect(drifted.stdout).toContain('but the go-live target is 2027-02-05');
    expect(drifted.stdout).toContain('HT2 EMR Conformance is prepared in the plan but is no longer among the HCIM environments the dossier needs.');
    const shown = cli('dossier', 'show', ref, '--json').json();
    expect(shown.plan_drift).toEqual(expect.arrayContaining([expect.stringContaining('but the go-live target is 2027-02-05')]));

    const pdf = path.join(data, 'plan.pdf');
    expect(cli('generate', 'deployment-plan', ref, '--format', 'pdf', '--out', pdf).code).toBe(0);
    const firstPage = spawnSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(firstPage).toContain('Unresolved plan drift.');
    expect(firstPage).toContain('but the go-live target is 2027-02-05');
  }, 900_000);
});

describe('records on an activity', () => {
  it('keeps a file by SHA-256, lists it on the activity and in the approval package', () => {
    const minutes = path.join(data, 'kick-off minutes.txt');
    fs.writeFileSync(minutes, 'Vendor discovery session, 2026-09-20: attendees, needs, go-live timeline, contacts.');
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(minutes)).digest('hex');
    const attached = cli('activity', 'attach', ref, 'kickoff', minutes, '--kind', 'meeting_minutes', '--json');
    expect(attached.code).toBe(0);
    expect(attached.json().attachments).toEqual([expect.objectContaining({ kind: 'meeting_minutes', name: 'kick-off minutes.txt', sha256 })]);
    expect(fs.existsSync(path.join(data, 'attachments', sha256.slice(0, 2), sha256))).toBe(true);
    const shown = cli('activity', 'show', ref, 'kickoff');
    expect(shown.stdout).toContain('Meeting minutes');
    expect(shown.stdout).toContain(sha256);
    expect(cli('activity', 'attach', ref, 'kickoff', path.join(data, 'missing.pdf')).code).toBe(2);

    const pdf = path.join(data, 'package.pdf');
    expect(cli('generate', 'approval-package', ref, '--format', 'pdf', '--out', pdf).code).toBe(0);
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Records kept on the activities');
    expect(text).toContain('kick-off minutes.txt');
    expect(text).toContain(sha256.slice(0, 16));
  }, 600_000);
});
