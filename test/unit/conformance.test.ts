import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { ConformanceView, ConformanceResult, Defect, Approval } from '../../shared/conformance/model';
import { PCR_TRANSACTIONS } from '../../shared/reference';
import { loadCatalogue, parseCatalogueFile } from '../../electron/conformance/index';
import { defaultTemplatesDir } from '../../electron/engine/templatesDir';
import { createEngine } from '../../electron/engine/index';
import { defaultKeyVault, keysDirOf } from '../../electron/packages/index';
import { removeDir, tempDir, tempEngine } from '../support/tempData';
import { passConformance } from '../support/conformance';
import { toDeployment, toImplementation } from '../support/workflow';

let engine: ReturnType<typeof tempEngine>;
let ref: string;

const call = (name: string, input: unknown) => dispatch(engine.handlers, name, input);
async function ok<T>(name: string, input: unknown): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}
async function fails(name: string, input: unknown) {
  const result = await call(name, input);
  if (result.ok) throw new Error(`${name} was expected to fail`);
  return result.error;
}
const view = () => ok<ConformanceView>('conformance.get', { id: ref });
const logCount = () => (engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;
const record = (caseId: string, status: string, extra: Record<string, unknown> = {}) => ok<ConformanceResult>('conformance.result.record', { id: ref, case: caseId, status, ...extra });

beforeEach(async () => {
  engine = tempEngine({ today: '2026-12-01', keyPassphrase: 'conformance test key' });
  ref = (
    await ok<{ reference: string }>('dossier.create', {
      fields: { 'organization.legal_name': 'Stó:lō Service Agency', 'application.name': 'Clinic EMR', 'integration.standard': 'fhir', 'integration.transactions': ['find_candidates', 'get_demographics', 'merge'] },
    })
  ).reference;
});
afterEach(() => engine.close());

describe('the conformance catalogue', () => {
  it('covers every PCR transaction in each standard it has, with cited cases', () => {
    const catalogue = loadCatalogue(defaultTemplatesDir());
    for (const t of PCR_TRANSACTIONS) {
      for (const [standard, form] of [['hl7v3', t.hl7v3], ['fhir', t.fhir]] as const) {
        if (form === null) continue;
        const cases = catalogue.cases.filter((c) => c.transaction === t.key && c.standards.includes(standard));
        expect(cases.length, `${t.key} ${standard}`).toBeGreaterThanOrEqual(1);
      }
    }
    expect(catalogue.cases.length).toBeGreaterThanOrEqual(50);
    for (const c of catalogue.cases) expect(c.citations.every((k) => catalogue.sources[k.source])).toBe(true);
    // Realistic cases: refusals and not-found, not only happy paths.
    expect(catalogue.cases.some((c) => c.expected.includes('BCHCIM.FC.0.0018'))).toBe(true);
    expect(catalogue.cases.filter((c) => /refused/i.test(c.title)).length).toBeGreaterThanOrEqual(8);
  });

  it('a broken catalogue names the file and the place of each problem', () => {
    const dir = tempDir('pcr-cat-');
    try {
      const file = path.join(dir, 'v1.json');
      const catalogue = JSON.parse(fs.readFileSync(path.join(defaultTemplatesDir(), 'conformance/pcr-conformance/v1.json'), 'utf8'));
      catalogue.cases[3].expected = '';
      catalogue.cases[5].transaction = 'teleport';
      catalogue.cases = catalogue.cases.filter((c: { transaction: string }) => c.transaction !== 'partial_revise');
      fs.writeFileSync(file, JSON.stringify(catalogue));
      let message = '';
      try {
        parseCatalogueFile(file);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(file);
      expect(message).toContain(`cases.3 (${catalogue.cases[3].id}).expected`);
      expect(message).toContain('"teleport" is not a transaction');
      expect(message).toContain('no FHIR R4 case for the transaction "partial_revise"');
    } finally {
      removeDir(dir);
    }
  });
});

describe('the test plan', () => {
  it('holds the cases for exactly the dossier’s transactions and standard', async () => {
    const plan = (await view()).plan;
    expect(new Set(plan.map((c) => c.transaction))).toEqual(new Set(['find_candidates', 'get_demographics', 'merge']));
    expect(plan.every((c) => c.scope === 'in_scope' && c.standards.includes('fhir'))).toBe(true);
    expect(plan.find((c) => c.case_id === 'FC-05')!.citations[0]).toMatchObject({ location: expect.stringContaining('bcgov/') });
  });

  it('marks a case not applicable only with a reason, and changing transactions retires cases without losing results', async () => {
    const before = logCount();
    expect((await fails('conformance.plan.set', { id: ref, case: 'FC-03', applicable: false })).message).toContain('needs a reason');
    expect(logCount()).toBe(before);
    await ok('conformance.plan.set', { id: ref, case: 'FC-03', applicable: false, reason: 'The EMR does not register newborns' });
    expect((await view()).plan.find((c) => c.case_id === 'FC-03')).toMatchObject({ scope: 'not_applicable', reason: 'The EMR does not register newborns' });
    await ok('conformance.round.start', { id: ref });
    await record('MG-01', 'failed', { actual: 'Merge refused: survivor unknown' });
    await ok('dossier.update', { id: ref, changes: { 'integration.transactions': ['find_candidates', 'get_demographics'] } });
    const after = await view();
    expect(after.plan.find((c) => c.case_id === 'MG-01')).toMatchObject({ scope: 'retired' });
    expect(after.plan.some((c) => c.case_id === 'MG-03')).toBe(false);
    expect(after.rounds[0]!.results.find((r) => r.case_id === 'MG-01')).toMatchObject({ status: 'failed', actual: 'Merge refused: survivor unknown' });
    expect((await fails('conformance.result.record', { id: ref, case: 'MG-01', status: 'passed' })).message).toContain('retired');
    await ok('dossier.update', { id: ref, changes: { 'integration.transactions': ['find_candidates', 'get_demographics', 'merge'] } });
    expect((await view()).plan.find((c) => c.case_id === 'MG-01')!.scope).toBe('in_scope');
  });

  it('HL7v3 dossiers get no FHIR-only case', async () => {
    await ok('dossier.update', { id: ref, changes: { 'integration.standard': 'hl7v3', 'integration.transactions': ['merge', 'partial_revise'] } });
    const plan = (await view()).plan;
    expect(plan.map((c) => c.case_id)).not.toContain('MG-06');
    expect(plan.some((c) => c.transaction === 'partial_revise')).toBe(false);
  });
});

describe('rounds, results and defects', () => {
  it('starts rounds in HT2 by default, refuses an unknown environment and writes nothing', async () => {
    const before = logCount();
    expect((await fails('conformance.round.start', { id: ref, environment: 'MOON1' })).message).toContain('not an HCIM environment');
    expect((await fails('conformance.result.record', { id: ref, case: 'FC-01', status: 'passed' })).code).toBe('conflict');
    expect(logCount()).toBe(before);
    const v = await ok<ConformanceView>('conformance.round.start', { id: ref, partner_tester: 'Amrit Dhillon', cis_reviewer: 'Chidi Okafor' });
    expect(v.rounds[0]).toMatchObject({ number: 1, environment: 'HT2', started_on: '2026-12-01', partner_tester: 'Amrit Dhillon' });
    expect(v.rounds[0]!.results.every((r) => r.status === 'not_run')).toBe(true);
  });

  it('records results with evidence by SHA-256; skipped needs a reason; ids are the same on every device', async () => {
    const round = (await ok<ConformanceView>('conformance.round.start', { id: ref })).rounds[0]!;
    const result = await record('FC-01', 'passed', { actual: 'Three candidates with scores', notes: 'Witnessed by CIS', references: 'msg 8f2c' });
    expect(result.id).toBe(`${round.id}/result/FC-01`);
    expect((await fails('conformance.result.record', { id: ref, case: 'FC-04', status: 'skipped' })).message).toContain('skipped case needs the reason');
    await record('FC-04', 'skipped', { reason: 'No broad test data in HT2' });
    const content = Buffer.from('{"resourceType":"Bundle","type":"searchset"}');
    const withFile = await ok<ConformanceResult>('conformance.evidence.add', { id: ref, case: 'FC-01', file: { name: 'response.json', content_base64: content.toString('base64') } });
    const sha = withFile.evidence[0]!.sha256!;
    expect(fs.readFileSync(path.join(engine.dataDir, 'attachments', sha.slice(0, 2), sha))).toEqual(content);
    const bad = await fails('conformance.result.record', { id: ref, case: 'FC-02', status: 'failed', actual: 'bad\u0007bell' });
    expect(bad.message).toContain('a bell character (U+0007)');
  });

  it('a new round carries passes and retests open items: failed, not run and cases with open defects', async () => {
    await ok('conformance.round.start', { id: ref });
    await record('FC-01', 'passed');
    await record('FC-02', 'passed');
    await record('FC-05', 'failed', { actual: 'No message shown' });
    const defect = await ok<Defect>('conformance.defect.add', { id: ref, case: 'FC-02', severity: 'major', description: 'Score not shown on the second page' });
    expect(defect).toMatchObject({ label: 'D-1', status: 'open' });
    expect((await fails('conformance.defect.update', { id: ref, defect: 'D-1', changes: { status: 'verified' } })).message).toContain('later round');
    await ok('conformance.defect.update', { id: ref, defect: 'D-1', changes: { status: 'fixed' } });
    const second = (await ok<ConformanceView>('conformance.round.start', { id: ref })).rounds[1]!;
    expect(second.results.find((r) => r.case_id === 'FC-01')).toMatchObject({ status: 'passed', carried_from: expect.any(String) });
    expect(second.results.find((r) => r.case_id === 'FC-02')!.status).toBe('not_run');
    expect(second.retest).toEqual(expect.arrayContaining(['FC-02', 'FC-05']));
    expect(second.retest).not.toContain('FC-01');
    await record('FC-02', 'passed');
    expect(await ok<Defect>('conformance.defect.update', { id: ref, defect: 'D-1', changes: { status: 'verified' } })).toMatchObject({ status: 'verified', verified_round_id: second.id });
  });
});

describe('the gates and the CIS interface approval', () => {
  it('refuses conformance_testing done with the workflow rules’ and the records’ reasons together, until the work is done, the cases pass and CIS approves', async () => {
    const refused = await fails('activity.update', { id: ref, activity: 'conformance_testing', changes: { status: 'done' } });
    expect(refused.code).toBe('gate_blocked');
    expect(refused.message).toMatch(/^Conformance testing on PCR-\d{4}-\d{4} cannot be marked done: 4 requirements are not met\.$/);
    expect(refused.details?.reasons).toEqual([
      'Conformance testing needs Set up test environment done first (it is not started).',
      'Conformance testing can be completed only from Implementation on; the dossier is in Intake.',
      'No conformance test round has been run in HT2 (the conformance environment).',
      'No CIS interface approval: no conformance round has been run yet.',
    ]);
    expect(refused.details?.blocking).toEqual(['test_environment']);
    await toImplementation(engine.handlers, ref);
    await ok('conformance.round.start', { id: ref });
    await ok('conformance.defect.add', { id: ref, case: 'GD-04', severity: 'critical', description: 'Masked values displayed' });
    // The workflow rules are met now; what remains is the conformance records' own requirements.
    const records = (await fails('activity.update', { id: ref, activity: 'conformance_testing', changes: { status: 'done' } })).details!;
    expect(records.blocking).toEqual([]);
    const reasons = records.reasons!;
    expect(reasons).toContain('FC-01 Find candidates by name and date of birth is not run in round 1; every required case must pass.');
    expect(reasons).toContain('Defect D-1 (critical, GD-04) is open: Masked values displayed');
    expect(reasons).toContain('No CIS interface approval of round 1 is recorded.');
    expect(reasons.some((r) => r.startsWith('FC-03'))).toBe(false); // optional cases do not hold the gate
    expect(reasons.some((r) => r.startsWith('Conformance testing '))).toBe(false);
    await ok('conformance.defect.update', { id: ref, defect: 'D-1', changes: { status: 'wont_fix', severity: 'minor' } });
    await passConformance(engine.handlers, ref);
    expect(await ok('activity.update', { id: ref, activity: 'conformance_testing', changes: { status: 'done' } })).toMatchObject({ activity: { status: 'done' } });
    await toDeployment(engine.handlers, ref);
    expect(await ok('activity.update', { id: ref, activity: 'go_live', changes: { status: 'done' } })).toMatchObject({ activity: { status: 'done' } });
  });

  it('signs the decision over the round; a later result change invalidates it and says so, and go-live is refused for it alone', async () => {
    const passed = await passConformance(engine.handlers, ref);
    const approval = passed.approvals[0]!;
    expect(approval).toMatchObject({ decision: 'approved', status: 'valid', stands: true, signer: { name: 'Chidi Okafor', role: 'cis' } });
    // The records allow conformance testing done; the workflow does not yet (the dossier is still in Intake), and the view says so.
    expect(passed.gate).toMatchObject({ ok: false, reasons: [] });
    expect(passed.gate.workflow_reasons).toContain('Conformance testing can be completed only from Implementation on; the dossier is in Intake.');
    // Everything before go-live done, so that the approval is the only thing standing in its way.
    await toImplementation(engine.handlers, ref);
    expect((await view()).gate).toEqual({ ok: true, reasons: [], workflow_reasons: [] });
    await toDeployment(engine.handlers, ref);
    await record('GD-01', 'failed', { actual: 'Timeout' });
    const changed = await view();
    expect(changed.approvals[0]).toMatchObject({ status: 'changed', stands: false });
    expect(changed.approvals[0]!.detail).toContain('GD-01 changed from passed to failed');
    const refused = await fails('activity.update', { id: ref, activity: 'go_live', changes: { status: 'done' } });
    expect(refused.message).toMatch(/^Go-live on PCR-\d{4}-\d{4} cannot be marked done: 1 requirement is not met\.$/);
    expect(refused.details?.reasons).toEqual([expect.stringContaining('The CIS approval of round 1 no longer stands: results changed after the approval: GD-01 changed from passed to failed')]);
  });

  it('a tampered approval record fails its signature check', async () => {
    await passConformance(engine.handlers, ref);
    engine.store.db.prepare("UPDATE conformance_approvals SET decision = 'approved', comment = 'no conditions at all'").run();
    expect((await view()).approvals[0]).toMatchObject({ status: 'bad_signature', stands: false });
  });

  it('only a CIS key records the decision; conditions and rejections need their words', async () => {
    await ok('keys.init', { role: 'moh_registries_admin', name: 'Harpreet Sandhu' });
    await ok('conformance.round.start', { id: ref });
    await record('FC-01', 'passed');
    const before = logCount();
    expect((await fails('conformance.approve', { id: ref, decision: 'approved' })).code).toBe('forbidden');
    expect((await fails('conformance.approve', { id: ref, decision: 'rejected' })).message).toContain('rejection needs its reasons');
    expect((await fails('conformance.approve', { id: ref, decision: 'approved_with_conditions' })).message).toContain('needs the conditions');
    expect(logCount()).toBe(before);
  });

  it('another device verifies the approval with the team’s trusted keys, and not without them', async () => {
    await passConformance(engine.handlers, ref);
    const other = tempDir('pcr-other-');
    try {
      engine.store.db.exec(`VACUUM INTO '${path.join(other, 'workbench.sqlite')}'`);
      const stranger = createEngine({ dataDir: other, actor: 'Someone', keyVault: defaultKeyVault(keysDirOf(other), {}) });
      try {
        const seen = await dispatch(stranger.handlers, 'conformance.get', { id: ref });
        expect(seen.ok && (seen.value as ConformanceView).approvals[0]).toMatchObject({ status: 'unknown_signer', stands: false });
        fs.mkdirSync(keysDirOf(other), { recursive: true });
        fs.copyFileSync(path.join(keysDirOf(engine.dataDir), 'trusted-keys.json'), path.join(keysDirOf(other), 'trusted-keys.json'));
        const trusted = await dispatch(stranger.handlers, 'conformance.get', { id: ref });
        expect(trusted.ok && ((trusted.value as ConformanceView).approvals[0] as Approval)).toMatchObject({ status: 'valid', stands: true });
      } finally {
        stranger.close();
      }
    } finally {
      removeDir(other);
    }
  });
});

describe('documents from the conformance records', () => {
  const pdfText = (base64: string) => {
    const file = path.join(engine.dataDir, `doc-${Math.random().toString(36).slice(2)}.pdf`);
    fs.writeFileSync(file, Buffer.from(base64, 'base64'));
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
  };
  const generate = (kind: string, format = 'pdf') => ok<{ content_base64: string; page_count: number | null }>('document.generate', { id: ref, kind, format });

  it('the approval package says "not tested" without records, whatever the activity status says', async () => {
    const text = pdfText((await generate('approval-package')).content_base64);
    expect(text).toContain('No conformance test round has been recorded for this dossier');
    expect(text).not.toContain('Passed: results validated');
  });

  it('the approval package names each transaction with its result and the CIS approver; the report lists defects and evidence hashes', async () => {
    await ok('conformance.round.start', { id: ref, partner_tester: 'Amrit Dhillon', cis_reviewer: 'Chidi Okafor' });
    await record('MG-03', 'failed', { actual: 'Merge accepted an inactive record' });
    await ok('conformance.defect.add', { id: ref, case: 'MG-03', severity: 'minor', description: 'Inactive non-survivor accepted' });
    const evidence = await ok<ConformanceResult>('conformance.evidence.add', { id: ref, case: 'MG-03', file: { name: 'merge-response.json', content_base64: Buffer.from('{"resourceType":"Bundle"}').toString('base64') } });
    await passConformance(engine.handlers, ref);
    const packageText = pdfText((await generate('approval-package')).content_base64).replace(/\s+/g, ' ');
    for (const name of ['Find Candidates', 'Get Demographics', 'Merge']) expect(packageText).toMatch(new RegExp(`${name} \\d+ \\d+ of \\d+ 0 0 \\d+ Passed`));
    expect(packageText).toContain('Approved by Chidi Okafor, Conformance and Integration Services (CIS)');
    expect(packageText).toContain('Signature valid; the round is as approved');
    const report = pdfText((await generate('conformance-report')).content_base64).replace(/\s+/g, ' ');
    expect(report).toContain('D-1 MG-03 Minor Open Inactive non-survivor accepted');
    expect(report).toContain(evidence.evidence[0]!.sha256!.slice(0, 20));
    expect(report).toContain('Round history');
    const docx = await generate('conformance-report', 'docx');
    expect(Buffer.from(docx.content_base64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });
});

describe('the CIS role comes from the profile too', () => {
  it('a person whose profile is not CIS cannot approve, even with a CIS key', async () => {
    await ok('keys.init', { role: 'cis', name: 'Chidi Okafor' });
    await ok('profile.set', { name: 'Chidi Okafor', role: 'moh_registries_admin', organization: 'MoH', email: null });
    await ok('conformance.round.start', { id: ref });
    await record('FC-01', 'passed');
    const refused = await fails('conformance.approve', { id: ref, decision: 'approved' });
    expect(refused).toMatchObject({ code: 'forbidden', message: expect.stringContaining('your profile (Chidi Okafor)') });
    await ok('profile.set', { name: 'Chidi Okafor', role: 'cis', organization: 'MoH', email: null });
    expect(await ok<Approval>('conformance.approve', { id: ref, decision: 'approved' })).toMatchObject({ status: 'valid' });
  });
});

describe('the History', () => {
  it('names conformance changes by case, round and defect', async () => {
    await ok('conformance.round.start', { id: ref });
    await record('FC-01', 'failed', { actual: 'No score shown' });
    await ok('conformance.defect.add', { id: ref, case: 'FC-01', severity: 'major', description: 'Score not shown' });
    const labels = (await ok<{ label: string }[]>('dossier.history', { id: ref })).map((h) => h.label);
    expect(labels).toContain('Conformance result FC-01, round 1 — status');
    expect(labels).toContain('Conformance defect D-1 (FC-01) — severity');
  });
});
