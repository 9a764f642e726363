/**
 * Risk acceptance from the command line: the manager of the profile accepts (exit 0), anyone else
 * is refused (exit 3, nothing changed), a bad expiry is bad input (exit 2), and an acceptance whose
 * expiry date has passed reopens the gap and blocks the phase gate again.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import { createEngine } from '../../electron/engine/index';
import { defaultKeyVault, keysDirOf } from '../../electron/packages/index';
import { parseTemplateFile } from '../../electron/questionnaire/index';
import { questionNumbers } from '../../shared/questionnaire/template';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';
import { toImplementation } from '../support/workflow';

const PASSPHRASE = 'risk acceptance passphrase';
let data: string;
let ref: string;
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args], { PCR_WORKBENCH_KEY_PASSPHRASE: PASSPHRASE });
const gaps = () => cli('gap', 'list', ref, '--json').json<{ question_id: string; status: string; accepted_by: string | null; acceptance_justification: string | null }[]>();
const openGap = () => gaps().find((g) => g.status === 'open')!.question_id;

/**
 * In Implementation with three critical gaps; the manager accepted the first on 2026-11-26 until
 * 2026-12-01, a date now past (the commands below run on the real date).
 */
beforeAll(async () => {
  data = tempDir('pcr-risk-cli-');
  const engine = createEngine({ dataDir: data, actor: 'Test Lead', today: () => '2026-11-26', keyVault: defaultKeyVault(keysDirOf(data), { PCR_WORKBENCH_KEY_PASSPHRASE: PASSPHRASE }) });
  const ok = async <T,>(name: string, input: unknown): Promise<T> => {
    const result = await dispatch(engine.handlers, name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as T;
  };
  try {
    ref = (await ok<{ reference: string }>('dossier.create', { fields: { 'organization.legal_name': 'Island Health', 'application.name': 'EMR', 'integration.standard': 'fhir' } })).reference;
    await toImplementation(engine.handlers, ref);
    await ok('questionnaire.provide', { id: ref });
    const view = await ok<{ answers: { question_id: string; applicable: boolean }[] }>('questionnaire.get', { id: ref });
    const questions = view.answers.filter((a) => a.applicable).slice(0, 3).map((a) => a.question_id);
    for (const question of questions) {
      await ok('questionnaire.assess', { id: ref, question, assessment: 'not_compliant' });
      await ok('gap.update', { id: ref, gap: question, changes: { likelihood: 5, impact: 5 } });
    }
    await ok('profile.set', { name: 'Harpreet Sandhu', role: 'moh_registries_manager' });
    await ok('keys.init', {});
    await ok('gap.update', { id: ref, gap: questions[0], changes: { status: 'risk_accepted', acceptance_justification: 'Until the new firewall is in.', acceptance_expires: '2026-12-01' } });
  } finally {
    engine.close();
  }
}, 240_000);
afterAll(() => removeDir(data));

describe('risk acceptance from the command line', () => {
  it('an expired acceptance reopens the gap and blocks the gate again', () => {
    const expired = gaps().find((g) => g.status === 'risk_accepted');
    const list = cli('gap', 'list', ref);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`Risk acceptance of ${expired!.question_id}: Risk acceptance expired on 2026-12-01.`);
    expect(list.stdout).toContain('Justification: Until the new firewall is in.');
    const advance = cli('dossier', 'advance', ref);
    expect(advance.code).toBe(3);
    // The gate names the question by its number, as people cite it.
    const number = questionNumbers(parseTemplateFile(path.resolve(import.meta.dirname, '../../templates/questionnaires/privacy-security-volume2/v1.json'))).get(expired!.question_id);
    expect(number).toMatch(/^\d+\.\d+$/);
    expect(advance.stderr).toContain(`Gap on question ${number} is rated critical and open again: Risk acceptance expired on 2026-12-01.`);
  });

  it('refuses a bad or past expiry with exit 2, changing nothing', () => {
    const question = openGap();
    const before = gaps();
    for (const expires of ['2026-02-30', '31/01/2099', '2020-01-31']) {
      const run = cli('gap', 'set', ref, question, '--status', 'risk_accepted', '--justification', 'Fine', '--expires', expires);
      expect(run.code, expires).toBe(2);
      expect(run.stderr).toMatch(/expir/);
    }
    expect(gaps()).toEqual(before);
  });

  it('the manager of the profile accepts a critical risk: exit 0, signed, no longer blocking', () => {
    const question = openGap();
    const run = cli('gap', 'set', ref, question, '--status', 'risk_accepted', '--justification', 'Compensating control: monthly access review.', '--conditions', 'MFA in place by March.', '--expires', '2099-03-31', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({
      status: 'risk_accepted',
      accepted_by: 'Harpreet Sandhu',
      accepted_role: 'moh_registries_manager',
      acceptance_justification: 'Compensating control: monthly access review.',
      acceptance_conditions: 'MFA in place by March.',
      acceptance_expires: '2099-03-31',
      acceptance: { signature: 'verifies', key: 'trusted', lapse: null },
    });
    expect(cli('gap', 'list', ref).stdout).toContain(`Risk acceptance of ${question}: Accepted by Harpreet Sandhu (MoH Health Registries manager) until 2099-03-31; signature verifies, key trusted.`);
  });

  it('refuses anyone else with exit 3, naming the role needed, and changes nothing', () => {
    expect(cli('profile', 'set', '--name', 'Mei Chen', '--role', 'cgi_business_support_lead').code).toBe(0);
    const question = openGap();
    const before = gaps();
    const run = cli('gap', 'set', ref, question, '--status', 'risk_accepted', '--justification', 'Fine by me.', '--expires', '2099-01-31');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Only the MoH Health Registries manager accepts a critical risk');
    expect(gaps()).toEqual(before);
  });
});
