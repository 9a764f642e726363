/**
 * Risk acceptance: signed by the profile's person, lapsing on its expiry date (computed from the
 * day, no timer) and when the gap's rating or text changes after it was signed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { Gap, QuestionnaireView } from '../../shared/api/questionnaireTypes';
import { rollUp, type GapState } from '../../shared/questionnaire/rollup';
import { parseTemplateFile } from '../../electron/questionnaire/index';
import { FIXTURE_TEMPLATES, tempEngine } from '../support/tempData';
import path from 'node:path';

let engine: ReturnType<typeof tempEngine>;
let ref: string;
const call = (name: string, input: unknown) => dispatch(engine.handlers, name, input);
async function ok<T>(name: string, input: unknown): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}
const gapOf = async (question: string) => (await ok<QuestionnaireView>('questionnaire.get', { id: ref })).gaps.find((g) => g.question_id === question)!;

beforeEach(async () => {
  engine = tempEngine({ today: '2026-11-26', templatesDir: FIXTURE_TEMPLATES, keyPassphrase: 'risk acceptance test key' });
  ref = (await ok<{ reference: string }>('dossier.create', { fields: { 'organization.legal_name': 'Island Health', 'application.name': 'EMR' } })).reference;
  await ok('activity.update', { id: ref, activity: 'kickoff', changes: { status: 'done', completed_date: '2026-11-20' } });
  await ok('questionnaire.provide', { id: ref, date: '2026-11-21' });
  await ok('questionnaire.assess', { id: ref, question: 'access.review', assessment: 'not_compliant' });
  await ok('gap.update', { id: ref, gap: 'access.review', changes: { likelihood: 5, impact: 4 } });
  await ok('profile.set', { name: 'Harpreet Sandhu', role: 'moh_registries_manager' });
  await ok('keys.init', {});
});
afterEach(() => engine.close());

const accept = (expires = '2027-01-31') =>
  ok<Gap>('gap.update', { id: ref, gap: 'access.review', changes: { status: 'risk_accepted', acceptance_justification: 'Compensating control: monthly log review.', acceptance_expires: expires } });

describe('risk acceptance', () => {
  it('a manager accepts a critical risk: it no longer blocks, the register says who, until when, and that the signature verifies', async () => {
    const gap = await accept();
    expect(gap).toMatchObject({ accepted_by: 'Harpreet Sandhu', accepted_role: 'moh_registries_manager', acceptance_verified: true, acceptance: { signature: 'verifies', key: 'trusted', lapse: null } });
    expect(gap.acceptance!.summary).toBe('Accepted by Harpreet Sandhu (MoH Health Registries manager) until 2027-01-31; signature verifies, key trusted.');
    const view = await ok<QuestionnaireView>('questionnaire.get', { id: ref });
    expect(view.rollup.blocking_gaps).toEqual([]);
    expect(view.rollup.gaps_by_status.risk_accepted).toBe(1);
  });

  it('changing the rating or the description after the acceptance breaks its signature: the gap is open and blocking again', async () => {
    await accept();
    await ok('gap.update', { id: ref, gap: 'access.review', changes: { description: 'Reworded after the acceptance.' } });
    const gap = await gapOf('access.review');
    expect(gap).toMatchObject({ status: 'risk_accepted', acceptance_verified: false, acceptance: { signature: 'changed', lapse: 'not_verified' } });
    expect(gap.acceptance!.summary).toContain('no longer verifies');
    const view = await ok<QuestionnaireView>('questionnaire.get', { id: ref });
    expect(view.rollup.blocking_gaps).toEqual([expect.objectContaining({ question_id: 'access.review', rating: 'critical', acceptance: 'not_verified' })]);
    expect(view.rollup.open_gaps_by_risk.critical).toBe(1);
    // Accepting it again (the renewed statement) makes it hold once more.
    expect((await accept()).acceptance).toMatchObject({ signature: 'verifies', lapse: null });
  });

  it('comes into the manager’s work a month before it expires, and stays there once expired', async () => {
    await accept('2026-12-20');
    type Items = { items: { kind: string; kind_label: string; title: string }[] };
    const work = async (today: string) => (await ok<Items>('work.list', { role: 'moh_registries_manager', today })).items.filter((i) => i.kind === 'risk-acceptance');
    expect(await work('2026-11-10')).toEqual([]);
    expect(await work('2026-12-01')).toEqual([expect.objectContaining({ kind_label: 'Risk acceptance expiring', title: 'Risk acceptance of gap access.review expires on 2026-12-20' })]);
    expect(await work('2026-12-20')).toEqual([expect.objectContaining({ kind_label: 'Risk acceptance expired', title: expect.stringContaining('expired on 2026-12-20: the gap is open again') })]);
    expect((await ok<Items>('work.list', { role: 'cis', today: '2026-12-20' })).items.filter((i) => i.kind === 'risk-acceptance')).toEqual([]);
  });

  it('an acceptance altered in the store (as a forged change could) no longer verifies', async () => {
    await accept();
    // Tampering with the stored acceptor (as a forged sync change could) breaks the signature too.
    engine.store.db.prepare("UPDATE gaps SET accepted_by = 'Someone Else' WHERE question_id = 'access.review'").run();
    expect((await gapOf('access.review')).acceptance).toMatchObject({ signature: 'changed', lapse: 'not_verified' });
  });
});

describe('risk acceptance expiry in the roll-up (from the day, no timer)', () => {
  const template = parseTemplateFile(path.resolve(FIXTURE_TEMPLATES, 'questionnaires/privacy-security-volume2/v2.json'));
  const accepted: GapState = {
    id: 'g',
    question_id: 'access.review',
    likelihood: 5,
    impact: 4,
    status: 'risk_accepted',
    due_date: null,
    accepted_role: 'moh_registries_manager',
    acceptance_expires: '2027-01-31',
    acceptance_verified: true,
  };
  it('holds until the day before its expiry date, and reopens the gap on that day', () => {
    expect(rollUp(template, [], [accepted], '2027-01-30').blocking_gaps).toEqual([]);
    const expired = rollUp(template, [], [accepted], '2027-01-31');
    expect(expired.blocking_gaps).toEqual([{ id: 'g', question_id: 'access.review', rating: 'critical', status: 'risk_accepted', acceptance: 'expired' }]);
    expect(expired.gaps_by_status).toMatchObject({ open: 1, risk_accepted: 0 });
  });
  it('counts an unverified acceptance, or one by another role, as open', () => {
    expect(rollUp(template, [], [{ ...accepted, acceptance_verified: false }], '2026-12-01').blocking_gaps[0]).toMatchObject({ acceptance: 'not_verified' });
    expect(rollUp(template, [], [{ ...accepted, accepted_role: 'cis' }], '2026-12-01').blocking_gaps[0]).toMatchObject({ acceptance: 'wrong_role' });
    expect(rollUp(template, [], [{ ...accepted, likelihood: 1, impact: 1, accepted_role: 'cis' }], '2026-12-01').blocking_gaps).toEqual([]);
  });
});
