import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let data: string;
let ref: string;
let firstQuestion: string;
let secondQuestion: string;
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args]);

beforeAll(() => {
  data = tempDir('pcr-qcli-');
  ref = cli('dossier', 'create', '--org', 'ʔaq̓am Community Health Centre', '--app', 'Clinic EMR', '--json').json().reference;
  const q = cli('questionnaire', 'show', ref, '--json').json();
  const unconditional = q.template.sections.flatMap((s: { questions: { id: string; condition?: unknown }[] }) => s.questions).filter((x: { condition?: unknown }) => !x.condition);
  firstQuestion = unconditional[0].id;
  secondQuestion = unconditional[1].id;
});
afterAll(() => removeDir(data));

describe('gap analysis from the command line', () => {
  it('shows the questionnaire with its sections and roll-up', () => {
    const run = cli('questionnaire', 'show', ref);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Overall');
    expect(run.stdout).toContain(firstQuestion);
    const json = cli('questionnaire', 'show', ref, '--json').json();
    expect(json.instance).toBeNull();
    expect(json.rollup.overall.applicable).toBeGreaterThanOrEqual(75);
  });

  it('records the partner response with a comment and an evidence file', () => {
    const evidence = path.join(data, 'privacy-policy.txt');
    fs.writeFileSync(evidence, 'Privacy policy, approved by the board, 2026');
    // Answers wait for the hand-off, which comes after the kick-off.
    const early = cli('questionnaire', 'answer', ref, firstQuestion, '--response', 'compliant');
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('has not been provided to the partner');
    expect(cli('questionnaire', 'provide', ref).code).toBe(3);
    expect(cli('activity', 'set', ref, 'kickoff', '--status', 'done').code).toBe(0);
    const provided = cli('questionnaire', 'provide', ref);
    expect(provided.code).toBe(0);
    expect(provided.stdout).toMatch(/gap analysis provided to the partner on \d{4}-\d{2}-\d{2}/);
    const run = cli('questionnaire', 'answer', ref, firstQuestion, '--response', 'compliant', '--comment', 'Named in policy §2', '--evidence', evidence, '--json');
    expect(run.code).toBe(0);
    const { answer } = run.json();
    expect(answer).toMatchObject({ response: 'compliant', comment: 'Named in policy §2' });
    expect(answer.evidence[0]).toMatchObject({ kind: 'file', name: 'privacy-policy.txt' });
    expect(fs.existsSync(path.join(data, 'attachments', answer.evidence[0].sha256.slice(0, 2), answer.evidence[0].sha256))).toBe(true);
  });

  it('opens a gap on a not-compliant assessment, then rates and plans it', () => {
    const assessed = cli('questionnaire', 'assess', ref, secondQuestion, '--assessment', 'not_compliant', '--json');
    expect(assessed.code).toBe(0);
    expect(assessed.json().gap).toMatchObject({ question_id: secondQuestion, status: 'open' });
    const set = cli('gap', 'set', ref, secondQuestion, '--likelihood', '4', '--impact', '5', '--owner', 'Noah Singh', '--due', '2027-01-31', '--plan', 'Adopt MFA', '--json');
    expect(set.code).toBe(0);
    expect(set.json()).toMatchObject({ rating: 'critical', owner: 'Noah Singh', plan: 'Adopt MFA' });
    const list = cli('gap', 'list', ref);
    expect(list.stdout).toContain('critical');
    expect(list.stdout).toContain('Noah Singh');
  });

  it('refuses bad input with exit 2 and changes nothing', () => {
    const before = cli('questionnaire', 'show', ref, '--json').json();
    for (const args of [
      ['questionnaire', 'answer', ref, firstQuestion, '--response', 'mostly'],
      ['questionnaire', 'answer', ref, 'no.such.question', '--response', 'compliant'],
      ['questionnaire', 'answer', ref, firstQuestion, '--evidence', '/no/such/file.pdf'],
      ['questionnaire', 'assess', ref, firstQuestion],
      ['gap', 'set', ref, secondQuestion, '--likelihood', '9'],
      ['gap', 'set', ref, secondQuestion, '--status', 'risk_accepted'],
      ['gap', 'set', ref, 'no.such.gap', '--owner', 'x'],
    ]) {
      expect(cli(...args).code, args.join(' ')).toBe(2);
    }
    expect(cli('questionnaire', 'show', ref, '--json').json()).toEqual(before);
  });

  it('refuses the typed acceptor options, saying how a risk is accepted now', () => {
    const run = cli('gap', 'set', ref, secondQuestion, '--status', 'risk_accepted', '--accepted-by', 'Harpreet Sandhu', '--accepted-role', 'moh_registries_manager', '--accepted-date', '2026-11-26');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--justification TEXT --expires YYYY-MM-DD');
  });
});
