import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let data: string;
let ref: string;
const KEY_ENV = { PCR_WORKBENCH_KEY_PASSPHRASE: 'cis passphrase 12', PCR_WORKBENCH_USER: 'Chidi Okafor' };
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args], KEY_ENV);
const fixture = (name: string) => path.join(REPO, 'test/fixtures/conformance', name);
const changeCount = () => cli('history', ref, '--changes', '--limit', '5000', '--json').json().length;

beforeAll(() => {
  data = tempDir('pcr-ccli-');
  ref = cli('dossier', 'create', '--org', 'Sḵwx̱wú7mesh Úxwumixw Health Services', '--app', 'Clinic EMR', '--integration', 'fhir', '--json').json().reference;
  expect(cli('dossier', 'set', ref, 'integration.transactions=find_candidates,get_demographics,get_demographics_history').code).toBe(0);
}, 300_000);
afterAll(() => removeDir(data));

// Each step starts the real CLI several times; on a loaded machine a start takes seconds.
describe('conformance testing from the command line', { timeout: 600_000 }, () => {
  it('shows the plan for exactly the dossier’s transactions', () => {
    const run = cli('conformance', 'plan', ref, '--json');
    expect(run.code).toBe(0);
    const plan = run.json().plan as { transaction: string }[];
    expect(new Set(plan.map((c) => c.transaction))).toEqual(new Set(['find_candidates', 'get_demographics', 'get_demographics_history']));
    expect(cli('conformance', 'plan', ref).stdout).toContain('FC-01');
  });

  it('refuses results before a round (exit 3), bad input (exit 2), and writes nothing', () => {
    const before = changeCount();
    expect(cli('conformance', 'result', ref, 'FC-01', '--status', 'passed').code).toBe(3);
    expect(cli('conformance', 'round', 'start', ref, '--environment', 'MOON1').code).toBe(2);
    expect(cli('conformance', 'result', ref, 'FC-01', '--status', 'great').code).toBe(2);
    expect(changeCount()).toBe(before);
  });

  it('starts a round, records results with evidence, and a defect', () => {
    const started = cli('conformance', 'round', 'start', ref, '--tester', 'Amrit Dhillon', '--reviewer', 'Chidi Okafor', '--json');
    expect(started.code).toBe(0);
    expect(started.json()).toMatchObject({ number: 1, environment: 'HT2' });
    const evidence = path.join(data, 'fc01-response.json');
    fs.writeFileSync(evidence, '{"resourceType":"Bundle","type":"searchset","total":3}');
    const recorded = cli('conformance', 'result', ref, 'FC-01', '--status', 'passed', '--actual', 'Three candidates', '--note', 'Witnessed', '--evidence', evidence, '--json');
    expect(recorded.code).toBe(0);
    expect(recorded.json()).toMatchObject({ status: 'passed', actual: 'Three candidates', notes: 'Witnessed', evidence: [{ name: 'fc01-response.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    expect(cli('conformance', 'result', ref, 'FC-04', '--status', 'skipped').code).toBe(2);
    expect(cli('conformance', 'result', ref, 'FC-04', '--status', 'skipped', '--reason', 'No broad data in HT2').code).toBe(0);
    const defect = cli('conformance', 'defect', 'add', ref, 'FC-05', '--severity', 'major', '--description', 'No message when nothing matches', '--json');
    expect(defect.code).toBe(0);
    expect(defect.json().label).toBe('D-1');
    expect(cli('conformance', 'defect', 'set', ref, 'D-1', '--status', 'verified').code).toBe(2);
    expect(cli('conformance', 'defect', 'set', ref, 'D-9', '--status', 'fixed').code).toBe(2);
    expect(cli('conformance', 'defect', 'set', ref, 'D-1', '--status', 'fixed', '--json').json()).toMatchObject({ status: 'fixed' });
  });

  it('imports a hand-written FHIR R4 TestReport: inspect writes nothing, apply maps and keeps the file, re-import is a no-op', () => {
    const before = changeCount();
    const inspected = cli('conformance', 'import', ref, fixture('testreport-r4.json'), '--json');
    expect(inspected.code).toBe(0);
    const { inspection } = inspected.json();
    expect(changeCount()).toBe(before);
    const byKey = Object.fromEntries(inspection.tests.map((t: { key: string }) => [t.key, t]));
    expect(byKey['FC-01']).toMatchObject({ status: 'passed', case_id: 'FC-01', matched_by: 'id' });
    expect(byKey['t-no-match']).toMatchObject({ status: 'failed', case_id: 'FC-05', matched_by: 'name' });
    expect(byKey['GD-02 invalid PHN check digit']).toMatchObject({ status: 'failed', case_id: 'GD-02' });
    expect(byKey['Get demographics with history']).toMatchObject({ status: 'skipped', case_id: 'GH-01' });
    expect(inspection.unmatched).toEqual(['Partner-specific smoke test']);
    const applied = cli('conformance', 'import', ref, fixture('testreport-r4.json'), '--apply', '--map', 'Partner-specific smoke test=FC-02', '--json');
    expect(applied.code).toBe(0);
    expect(applied.json()).toMatchObject({ noop: false, applied: 5 });
    const sha = applied.json().evidence.sha256;
    expect(fs.existsSync(path.join(data, 'attachments', sha.slice(0, 2), sha))).toBe(true);
    const round = cli('conformance', 'plan', ref, '--json').json().rounds[0];
    const gd02 = round.results.find((r: { case_id: string }) => r.case_id === 'GD-02');
    expect(gd02).toMatchObject({ status: 'failed', actual: expect.stringContaining('Response was not JSON'), evidence: [{ sha256: sha, source: 'import' }] });
    const afterApply = changeCount();
    const again = cli('conformance', 'import', ref, fixture('testreport-r4.json'), '--apply', '--map', 'Partner-specific smoke test=FC-02', '--json');
    expect(again.json()).toMatchObject({ noop: true, applied: 0 });
    expect(changeCount()).toBe(afterApply);
  });

  it('imports JUnit XML and refuses a hostile file with nothing written', () => {
    const junit = cli('conformance', 'import', ref, fixture('junit.xml'), '--json').json().inspection;
    expect(junit.tests.map((t: { case_id: string; status: string }) => `${t.case_id}:${t.status}`)).toEqual(['FC-01:passed', 'FC-05:failed', 'GD-01:blocked', 'GD-03:skipped']);
    const hostile = path.join(data, 'xxe.xml');
    fs.writeFileSync(hostile, '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuite><testcase name="FC-01 &x;"/></testsuite>');
    const before = changeCount();
    const refused = cli('conformance', 'import', ref, hostile, '--apply');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('document type or entities');
    expect(refused.stderr).toContain('Nothing was written');
    expect(changeCount()).toBe(before);
  });

  it('refuses conformance_testing done (exit 3) with the workflow rules’ and the records’ reasons until the work is done, the cases pass and CIS approves', () => {
    const refused = cli('activity', 'set', ref, 'conformance_testing', '--status', 'done');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/Conformance testing on PCR-\d{4}-\d{4} cannot be marked done: \d+ requirements are not met\./);
    expect(refused.stderr).toContain('Conformance testing needs Set up test environment done first (it is not started).');
    expect(refused.stderr).toContain('Conformance testing can be completed only from Implementation on; the dossier is in Intake.');
    expect(refused.stderr).toContain('GD-02 Invalid PHN check digit is failed in round 1');
    expect(refused.stderr).toContain('Defect D-1 (major, FC-05) is fixed but not verified');
    expect(refused.stderr).toContain('No CIS interface approval of round 1 is recorded.');
    // The work before conformance testing, as its people record it: intake, kick-off, test environment.
    const intake = ['integration.type=active', 'contacts.sponsor.name=Ava Joe', 'contacts.sponsor.email=ava.joe@example.org', 'leads.moh_registries_manager=Harpreet Sandhu', 'leads.cgi_business_support_lead=Mei Chen', 'integration.environments=HD4,HT2'];
    expect(cli('dossier', 'set', ref, ...intake).code).toBe(0);
    expect(cli('activity', 'set', ref, 'kickoff', '--status', 'done').code).toBe(0);
    expect(cli('dossier', 'advance', ref).code).toBe(0);
    expect(cli('activity', 'set', ref, 'test_environment', '--status', 'done').code).toBe(0);
    const records = cli('activity', 'set', ref, 'conformance_testing', '--status', 'done');
    expect(records.code).toBe(3);
    expect(records.stderr).not.toContain('Conformance testing needs');
    expect(records.stderr).toContain('No CIS interface approval of round 1 is recorded.');
    expect(cli('keys', 'init', '--role', 'cis').code).toBe(0);
    expect(cli('conformance', 'round', 'start', ref, '--json').json().number).toBe(2);
    // The retest's results come from the harness as JUnit: every required case passes.
    const plan = cli('conformance', 'plan', ref, '--json').json();
    const required = plan.plan.filter((p: { scope: string; required: boolean }) => p.scope === 'in_scope' && p.required).map((p: { case_id: string }) => p.case_id);
    const retest = path.join(data, 'retest.xml');
    fs.writeFileSync(retest, `<testsuite name="retest">${required.map((id: string) => `<testcase classname="pcr" name="${id} retest"/>`).join('')}</testsuite>`);
    expect(cli('conformance', 'import', ref, retest, '--apply').code).toBe(0);
    expect(cli('conformance', 'defect', 'set', ref, 'D-1', '--status', 'verified').code).toBe(0);
    expect(cli('conformance', 'approve', ref, '--decision', 'approved_with_conditions').code).toBe(2);
    const approved = cli('conformance', 'approve', ref, '--decision', 'approved_with_conditions', '--comment', 'Retest FC-07 after the EMPI failover drill', '--json');
    expect(approved.code).toBe(0);
    expect(approved.json()).toMatchObject({ decision: 'approved_with_conditions', status: 'valid', stands: true, signer: { name: 'Chidi Okafor', role: 'cis' } });
    expect(cli('activity', 'set', ref, 'conformance_testing', '--status', 'done').code).toBe(0);
  });

  // Invalidates the approval the test before recorded (these steps run in order on one data folder).
  it('reports an approval a later result change invalidated', () => {
    expect(cli('conformance', 'result', ref, 'GD-01', '--status', 'failed', '--actual', 'Timeout').code).toBe(0);
    const text = cli('conformance', 'plan', ref).stdout;
    expect(text).toContain('NO LONGER STANDS');
    expect(text).toContain('GD-01 changed from passed to failed');
  });
});
