import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { Gap, QuestionnaireView, RollupView } from '../../shared/api/questionnaireTypes';
import { parseTemplateFile } from '../../electron/questionnaire/index';
import { FIXTURE_TEMPLATES, removeDir, tempDir, tempEngine } from '../support/tempData';
import { passConformance } from '../support/conformance';

let engine: ReturnType<typeof tempEngine>;
let ref: string;
beforeEach(async () => {
  engine = tempEngine({ today: '2026-11-26', templatesDir: FIXTURE_TEMPLATES, keyPassphrase: 'questionnaire test key' });
  ref = (await ok<{ reference: string }>('dossier.create', { fields: { 'organization.legal_name': 'Island Health', 'application.name': 'EMR' } })).reference;
  // The process: CIS provides the questionnaire after the kick-off; partner answers come after that.
  await ok('activity.update', { id: ref, activity: 'kickoff', changes: { status: 'done', completed_date: '2026-11-20' } });
  await ok('questionnaire.provide', { id: ref, date: '2026-11-21' });
});
afterEach(() => engine.close());

const call = (name: string, input: unknown) => dispatch(engine.handlers, name, input);
async function ok<T>(name: string, input: unknown): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}
const get = () => ok<QuestionnaireView>('questionnaire.get', { id: ref });
const answer = (question: string, response: string | null, comment?: string) =>
  ok<{ rollup: RollupView }>('questionnaire.answer', { id: ref, question, response, ...(comment ? { comment } : {}) });
const assess = (question: string, assessment: string | null) => ok<{ gap: Gap | null; rollup: RollupView }>('questionnaire.assess', { id: ref, question, assessment });
const counts = () =>
  ['questionnaire_instances', 'questionnaire_answers', 'gaps', 'change_log'].map(
    (t) => (engine.store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
  );

/** Answers every applicable question compliant, for the partner and the reviewer. */
async function answerAll(response = 'compliant') {
  for (const a of (await get()).answers) {
    if (!(await get()).answers.find((x) => x.question_id === a.question_id)!.applicable) continue;
    await answer(a.question_id, response);
    await assess(a.question_id, response);
  }
}

async function toImplementation() {
  await ok('activity.update', { id: ref, activity: 'kickoff', changes: { status: 'done' } });
  await ok('dossier.update', {
    id: ref,
    changes: {
      'integration.standard': 'fhir',
      'integration.type': 'active',
      'contacts.sponsor.name': 'Ava',
      'contacts.sponsor.email': 'ava@example.org',
      'leads.moh_registries_manager': 'Harpreet Sandhu',
      'leads.cgi_business_support_lead': 'Mei Chen',
      'integration.transactions': ['find_candidates'],
      'integration.environments': ['HD4', 'HT2'],
    },
  });
  await ok('dossier.advance', { id: ref });
  // Conformance testing is done only on its records: a passed round and a CIS approval.
  await passConformance(engine.handlers, ref);
  for (const activity of ['analysis_design', 'test_environment', 'conformance_testing']) await ok('activity.update', { id: ref, activity, changes: { status: 'done' } });
}

describe('questionnaire templates', () => {
  it('the shipped Volume 2 questionnaire is valid and covers at least 12 sections and 80 questions', () => {
    const template = parseTemplateFile(path.resolve(import.meta.dirname, '../../templates/questionnaires/privacy-security-volume2/v1.json'));
    expect(template.sections.length).toBeGreaterThanOrEqual(12);
    expect(template.sections.flatMap((s) => s.questions).length).toBeGreaterThanOrEqual(80);
    expect(template.sections.flatMap((s) => s.questions).some((q) => q.condition)).toBe(true);
  });

  it('a broken template file gives a clear error naming the file and the problem', () => {
    const dir = tempDir('pcr-tpl-');
    try {
      const file = path.join(dir, 'v1.json');
      const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURE_TEMPLATES, 'questionnaires/privacy-security-volume2/v1.json'), 'utf8'));
      fixture.sections[1].questions[1].condition.question = 'no.such.question';
      fixture.sections[0].questions[1].id = 'gov.privacy-officer';
      fs.writeFileSync(file, JSON.stringify(fixture));
      expect(() => parseTemplateFile(file)).toThrow(/v1\.json is invalid: .*duplicate question id "gov.privacy-officer".*not an earlier question/);
      fs.writeFileSync(file, '{ "id": ');
      expect(() => parseTemplateFile(file)).toThrow(/v1\.json cannot be read/);
    } finally {
      removeDir(dir);
    }
  });
});

describe('gap analysis', () => {
  it('starts unanswered on the latest template version, writing nothing until the first answer', async () => {
    const before = counts();
    const q = await get();
    expect(q.instance).toBeNull();
    expect(q.template.version).toBe(2);
    expect(q.rollup.complete).toBe(false);
    expect(counts()).toEqual(before);
    await answer('gov.privacy-officer', 'compliant', 'Jane Doe, CPO');
    const after = await get();
    expect(after.instance).toMatchObject({ template_version: 2 });
    expect(after.answers.find((a) => a.question_id === 'gov.privacy-officer')).toMatchObject({ response: 'compliant', comment: 'Jane Doe, CPO', answered_version: 2 });
  });

  it('asks conditional questions only when the earlier answer calls for them', async () => {
    const applicable = async (id: string) => (await get()).answers.find((a) => a.question_id === id)!.applicable;
    expect(await applicable('hosting.canada')).toBe(false);
    await expect(answer('hosting.canada', 'compliant')).rejects.toThrow(/does not apply: it applies when hosting.vendor-hosted is not answered Not applicable/);
    await answer('hosting.vendor-hosted', 'not_applicable');
    expect(await applicable('hosting.canada')).toBe(false);
    await answer('hosting.vendor-hosted', 'compliant');
    expect(await applicable('hosting.canada')).toBe(true);
    expect((await get()).rollup.overall.applicable).toBe(9);
  });

  it('opens a gap when the reviewer assesses partially or not compliant, and closes it when reassessed compliant', async () => {
    await answer('access.mfa', 'partially_compliant');
    const { gap } = await assess('access.mfa', 'not_compliant');
    expect(gap).toMatchObject({ question_id: 'access.mfa', status: 'open', opened_at: '2026-11-26', rating: null });
    expect(gap!.description).toContain('Not compliant');
    expect((await assess('access.mfa', 'partially_compliant')).gap).toMatchObject({ status: 'open' });
    expect((await get()).gaps).toHaveLength(1);
    const closed = await assess('access.mfa', 'compliant');
    expect(closed.gap).toMatchObject({ status: 'remediated', closed_at: '2026-11-26' });
    expect((await assess('access.mfa', 'not_compliant')).gap).toMatchObject({ status: 'open', closed_at: null });
  });

  it('rates gaps by the template risk matrix', async () => {
    await assess('access.review', 'not_compliant');
    const gapId = (await get()).gaps[0]!.id;
    const rate = (likelihood: number, impact: number) => ok<Gap>('gap.update', { id: ref, gap: gapId, changes: { likelihood, impact } });
    expect((await rate(1, 1)).rating).toBe('low');
    expect((await rate(2, 3)).rating).toBe('medium');
    expect((await rate(3, 4)).rating).toBe('high');
    expect((await rate(5, 4)).rating).toBe('critical');
    expect(await call('gap.update', { id: ref, gap: gapId, changes: { likelihood: 6 } })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('accepts a risk as the profile, with a justification and a future expiry, signed; refuses manual remediation', async () => {
    await assess('access.review', 'not_compliant');
    const gap = 'access.review';
    await ok('gap.update', { id: ref, gap, changes: { likelihood: 2, impact: 3 } });
    const refused = await call('gap.update', { id: ref, gap, changes: { status: 'risk_accepted' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!refused.ok) expect(refused.error.details?.problems?.map((p) => p.field)).toEqual(['acceptance_justification', 'acceptance_expires']);
    for (const expires of ['2026-11-26', '2026-02-30']) {
      const bad = await call('gap.update', { id: ref, gap, changes: { status: 'risk_accepted', acceptance_justification: 'Compensating control', acceptance_expires: expires } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'validation', details: { problems: [{ field: 'acceptance_expires' }] } } });
    }
    expect(await call('gap.update', { id: ref, gap, changes: { accepted_by: 'Harpreet Sandhu' } })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call('gap.update', { id: ref, gap, changes: { status: 'remediated' } })).toMatchObject({ ok: false, error: { code: 'validation' } });
    const acceptance = { status: 'risk_accepted', acceptance_justification: 'Compensating control: monthly log review.', acceptance_expires: '2027-03-31' };
    // No profile: refused, nothing written.
    const before = counts();
    expect(await call('gap.update', { id: ref, gap, changes: acceptance })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('profile') } });
    await ok('profile.set', { name: 'Mei Chen', role: 'cgi_business_support_lead' });
    // A profile but no key: says how to create one.
    expect(await call('gap.update', { id: ref, gap, changes: acceptance })).toMatchObject({ ok: false, error: { message: expect.stringContaining('keys init') } });
    expect(counts()).toEqual(before);
    await ok('keys.init', {});
    const accepted = await ok<Gap>('gap.update', { id: ref, gap, changes: { ...acceptance, acceptance_conditions: 'Review at the next audit.' } });
    expect(accepted).toMatchObject({
      status: 'risk_accepted',
      accepted_by: 'Mei Chen',
      accepted_role: 'cgi_business_support_lead',
      accepted_date: '2026-11-26',
      acceptance_justification: 'Compensating control: monthly log review.',
      acceptance_conditions: 'Review at the next audit.',
      acceptance_expires: '2027-03-31',
      acceptance_verified: true,
      acceptance: { signature: 'verifies', key: 'trusted', lapse: null },
    });
    expect(accepted.acceptance_key_id).toMatch(/^[0-9a-f]{32}$/);
    const history = await ok<{ label: string }[]>('dossier.history', { id: ref });
    expect(history.map((e) => e.label)).toContain('Gap on question 3.3 — risk acceptance justification');
    // Leaving risk_accepted clears the acceptance.
    expect(await ok<Gap>('gap.update', { id: ref, gap, changes: { status: 'in_progress' } })).toMatchObject({ accepted_by: null, acceptance_expires: null, acceptance: null });
  });

  it('refuses a high or critical risk acceptance by anyone but the Health Registries manager, leaving the data as it was', async () => {
    await assess('access.review', 'not_compliant');
    await ok('gap.update', { id: ref, gap: 'access.review', changes: { likelihood: 4, impact: 4 } });
    await ok('profile.set', { name: 'Mei Chen', role: 'cgi_business_support_lead' });
    await ok('keys.init', {});
    const before = counts();
    const refused = await call('gap.update', { id: ref, gap: 'access.review', changes: { status: 'risk_accepted', acceptance_justification: 'Fine', acceptance_expires: '2027-01-31' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    if (!refused.ok) expect(refused.error.message).toContain('Only the MoH Health Registries manager accepts a high risk');
    expect(counts()).toEqual(before);
    expect((await get()).gaps[0]).toMatchObject({ status: 'open', accepted_by: null });
  });

  it('rolls up completion and compliance per section, gaps by risk and status, and overdue remediations', async () => {
    await answer('gov.privacy-officer', 'compliant');
    await assess('gov.privacy-officer', 'compliant');
    await answer('gov.policies', 'partially_compliant');
    await assess('gov.policies', 'partially_compliant');
    await assess('access.unique-ids', 'not_compliant');
    await ok('gap.update', { id: ref, gap: 'access.unique-ids', changes: { likelihood: 4, impact: 5, due_date: '2026-11-01', owner: 'Noah Singh' } });
    const { rollup } = await get();
    const governance = rollup.sections.find((s) => s.id === 'governance')!;
    expect(governance).toMatchObject({ applicable: 2, answered: 2, assessed: 2, compliant: 1, partially_compliant: 1, score: 75 });
    expect(rollup.sections.find((s) => s.id === 'access')).toMatchObject({ applicable: 4, assessed: 1, not_compliant: 1, score: 0 });
    expect(rollup.sections.find((s) => s.id === 'hosting')).toMatchObject({ applicable: 1, assessed: 0, score: null });
    expect(rollup.overall).toMatchObject({ applicable: 7, assessed: 3, answered: 2 });
    expect(rollup.open_gaps_by_risk).toMatchObject({ critical: 1, high: 0, medium: 0, low: 0, unrated: 1 });
    expect(rollup.gaps_by_status).toMatchObject({ open: 2, in_progress: 0, remediated: 0, risk_accepted: 0 });
    expect(rollup.overdue_remediations).toBe(1);
    expect((await get()).gaps.find((g) => g.question_id === 'access.unique-ids')!.overdue).toBe(true);
    const dashboard = await ok<{ at_risk: { reference: string; critical: number }[] }>('dashboard.get', {});
    expect(dashboard.at_risk).toEqual([expect.objectContaining({ reference: ref, critical: 1, high: 0 })]);
  });

  it('keeps the gate shut until the gap analysis is complete and no high or critical gap is open', async () => {
    await toImplementation();
    let refused = await call('dossier.advance', { id: ref });
    expect(refused).toMatchObject({ ok: false, error: { code: 'gate_blocked' } });
    if (!refused.ok) expect(refused.error.details?.reasons).toContain('The Volume 2 gap analysis is not complete: 0 of 7 applicable questions assessed by the reviewer.');
    await answerAll();
    await assess('access.review', 'not_compliant');
    refused = await call('dossier.advance', { id: ref });
    if (!refused.ok) expect(refused.error.details?.reasons).toEqual(['Gap on question 3.3 has no risk rating yet (likelihood and impact).']);
    await ok('gap.update', { id: ref, gap: 'access.review', changes: { likelihood: 4, impact: 4 } });
    refused = await call('dossier.advance', { id: ref });
    if (!refused.ok) expect(refused.error.details?.reasons).toEqual(['Gap on question 3.3 is rated high and is open.']);
    // The manager accepts (after the CIS approval that toImplementation signed with a CIS key).
    await ok('profile.set', { name: 'Harpreet Sandhu', role: 'moh_registries_manager' });
    await ok('keys.init', { force: true });
    await ok('gap.update', { id: ref, gap: 'access.review', changes: { status: 'risk_accepted', acceptance_justification: 'Compensating control.', acceptance_expires: '2027-01-31' } });
    expect((await get()).rollup.blocking_gaps).toEqual([]);
    const moved = await ok<{ gate: { phase: string } }>('dossier.advance', { id: ref });
    expect(moved.gate.phase).toBe('deployment');
  });

  it('lets a medium gap through the gate', async () => {
    await toImplementation();
    await answerAll();
    await assess('access.review', 'partially_compliant');
    await ok('gap.update', { id: ref, gap: 'access.review', changes: { likelihood: 2, impact: 3 } });
    expect((await call('dossier.advance', { id: ref })).ok).toBe(true);
  });

  it('moving to a newer version keeps unchanged answers, resets changed ones and keeps removed ones visible', async () => {
    // Start on version 1 by hiding version 2 for the first answers.
    const dir = tempDir('pcr-tpl-');
    const folder = path.join(dir, 'questionnaires/privacy-security-volume2');
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(path.join(FIXTURE_TEMPLATES, 'questionnaires/privacy-security-volume2/v1.json'), path.join(folder, 'v1.json'));
    engine.context.templates = new (engine.context.templates.constructor as new (d: string) => typeof engine.context.templates)(dir);
    try {
      await answer('gov.privacy-officer', 'compliant');
      await answer('gov.pia', 'not_compliant', 'PIA planned for Q1');
      await answer('access.mfa', 'partially_compliant');
      await assess('access.mfa', 'partially_compliant');
      expect((await get()).instance!.template_version).toBe(1);
      fs.copyFileSync(path.join(FIXTURE_TEMPLATES, 'questionnaires/privacy-security-volume2/v2.json'), path.join(folder, 'v2.json'));
      const q1 = await get();
      expect(q1.latest_version).toBe(2);
      const result = await ok<{ kept: string[]; reset: string[]; added: string[]; removed: string[] }>('questionnaire.upgrade', { id: ref });
      expect(result.reset).toEqual(['access.mfa']);
      expect(result.added).toEqual(['access.termination']);
      expect(result.removed).toEqual(['gov.pia']);
      expect(result.kept).toContain('gov.privacy-officer');
      const q2 = await get();
      expect(q2.instance!.template_version).toBe(2);
      expect(q2.answers.find((a) => a.question_id === 'gov.privacy-officer')).toMatchObject({ response: 'compliant', answered_version: 1 });
      expect(q2.answers.find((a) => a.question_id === 'access.mfa')).toMatchObject({ response: null, assessment: null });
      expect(q2.answers.find((a) => a.question_id === 'access.termination')).toMatchObject({ response: null });
      expect(q2.retired).toEqual([expect.objectContaining({ question_id: 'gov.pia', response: 'not_compliant', comment: 'PIA planned for Q1' })]);
      const history = await ok<{ label: string; old_value: unknown; new_value: unknown }[]>('dossier.history', { id: ref });
      expect(history.some((h) => h.old_value === 'partially_compliant' && h.new_value === null)).toBe(true);
      expect(await call('questionnaire.upgrade', { id: ref })).toMatchObject({ ok: false, error: { code: 'validation' } });
    } finally {
      removeDir(dir);
    }
  });

  it('stores evidence files by content hash and references as text', async () => {
    const content = Buffer.from('Privacy policy v3 — approved 2026-01-12');
    const withFile = await ok<{ evidence: { kind: string; sha256: string; size: number }[] }>('questionnaire.evidence.add', {
      id: ref,
      question: 'gov.policies',
      file: { name: 'policy.txt', content_base64: content.toString('base64') },
    });
    const [file] = withFile.evidence;
    expect(file).toMatchObject({ kind: 'file', size: content.length });
    expect(fs.readFileSync(path.join(engine.dataDir, 'attachments', file!.sha256.slice(0, 2), file!.sha256))).toEqual(content);
    const withRef = await ok<{ evidence: { id: string; kind: string }[] }>('questionnaire.evidence.add', { id: ref, question: 'gov.policies', reference: 'SharePoint: Policies/Privacy-v3.pdf' });
    expect(withRef.evidence.map((e) => e.kind)).toEqual(['file', 'reference']);
    const removed = await ok<{ evidence: unknown[] }>('questionnaire.evidence.remove', { id: ref, evidence: withRef.evidence[1]!.id });
    expect(removed.evidence).toHaveLength(1);
  });

  it('refuses unknown questions and bad scale values, writing nothing', async () => {
    await answer('gov.policies', 'compliant');
    const before = counts();
    expect(await call('questionnaire.answer', { id: ref, question: 'no.such', response: 'compliant' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call('questionnaire.answer', { id: ref, question: 'gov.policies', response: 'mostly' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call('questionnaire.assess', { id: 'PCR-1999-0001', question: 'gov.policies', assessment: 'compliant' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(counts()).toEqual(before);
  });
});
