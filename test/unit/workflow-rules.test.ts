/**
 * The workflow rules (issue #13): each dependency and date rule refuses with its reason, naming
 * the blocking activity, and then allows once its prerequisite is met; stored data that breaks a
 * rule is reported, not rewritten; the gap analysis is answered only after it was provided.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { ApiError } from '../../shared/api/errors';
import type { Dossier } from '../../shared/api/types';
import { activityChangeRefusals, workflowFindings, type RuleState } from '../../shared/workflow/rules';
import { PHASE_KEYS } from '../../shared/workflow/definition';
import { PARTICIPANT_ROLES } from '../../shared/workflow/roles';
import { evaluateGate } from '../../shared/workflow/gate';
import { questionnaireGateReasons } from '../../electron/questionnaire/index';
import type { QuestionnaireView } from '../../shared/api/questionnaireTypes';
import { FIXTURE_TEMPLATES, tempEngine } from '../support/tempData';

const TODAY = '2026-11-26';
let engine: ReturnType<typeof tempEngine>;
let ref: string;

const call = (name: string, input: unknown) => dispatch(engine.handlers, name, input);
async function ok<T>(name: string, input: unknown): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message} ${JSON.stringify(result.error.details ?? {})}`);
  return result.value as T;
}
async function refused(name: string, input: unknown): Promise<ApiError> {
  const result = await call(name, input);
  if (result.ok) throw new Error(`${name} was expected to be refused`);
  return result.error;
}
const setActivity = (activity: string, changes: Record<string, unknown>) => call('activity.update', { id: ref, activity, changes });
const done = (activity: string, completed_date?: string) => ok('activity.update', { id: ref, activity, changes: { status: 'done', ...(completed_date ? { completed_date } : {}) } });
const get = () => ok<Dossier>('dossier.get', { id: ref });

beforeEach(async () => {
  engine = tempEngine({ today: TODAY, templatesDir: FIXTURE_TEMPLATES });
  const d = await ok<Dossier>('dossier.create', {
    fields: { 'organization.legal_name': 'Island Health', 'application.name': 'EMR', 'start.request_received_date': '2026-09-01' },
  });
  ref = d.reference;
});
afterEach(() => engine.close());

async function toImplementation() {
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
  await done('kickoff', '2026-09-20');
  await ok('dossier.advance', { id: ref });
}

describe('activity dependencies', () => {
  it('go-live in Intake is refused with every unmet reason, naming the blocking activities', async () => {
    const error = await refused('activity.update', { id: ref, activity: 'go_live', changes: { status: 'done' } });
    expect(error.code).toBe('gate_blocked');
    expect(error.message).toMatch(/^Go-live on PCR-\d{4}-\d{4} cannot be marked done: \d+ (workflow rules|requirements) are not met\.$/);
    expect(error.details!.reasons).toEqual(
      expect.arrayContaining([
        'Go-live needs Kick-off (vendor discovery session) done first (it is not started).',
        'Go-live needs Deployment planning done first (it is not started).',
        'Go-live can be completed only from Deployment on; the dossier is in Intake.',
      ]),
    );
    // Develop integration and the DQ process are not required for this dossier, so they do not block.
    expect(error.details!.blocking).toEqual(['kickoff', 'analysis_design', 'test_environment', 'conformance_testing', 'ministry_requirements', 'deployment_planning']);
    expect((await get()).activities.find((a) => a.key === 'go_live')).toMatchObject({ status: 'not_started', completed_date: null });
  });

  it('analysis and design follows the kick-off and is completed in Implementation', async () => {
    const early = await refused('activity.update', { id: ref, activity: 'analysis_design', changes: { status: 'done' } });
    expect(early.details!.reasons).toEqual([
      'Analysis and design needs Kick-off (vendor discovery session) done first (it is not started).',
      'Analysis and design can be completed only from Implementation on; the dossier is in Intake.',
    ]);
    expect(early.details!.blocking).toEqual(['kickoff']);
    // Work may start early; only completion waits.
    expect((await setActivity('analysis_design', { status: 'in_progress' })).ok).toBe(true);
    await toImplementation();
    await done('analysis_design', '2026-10-10');
    expect((await get()).activities.find((a) => a.key === 'analysis_design')).toMatchObject({ status: 'done', completed_date: '2026-10-10' });
  });

  it('conformance testing needs the test environment, and the integration developed and the DQ process when required', async () => {
    await toImplementation();
    await ok('dossier.update', { id: ref, changes: { 'flags.integration_development_required': true, 'flags.dq_process_required': true } });
    const first = await refused('activity.update', { id: ref, activity: 'conformance_testing', changes: { status: 'done' } });
    expect(first.details!.blocking).toEqual(['test_environment', 'develop_integration', 'dq_process']);
    await done('test_environment');
    const dq = await refused('activity.update', { id: ref, activity: 'dq_process', changes: { status: 'done' } });
    expect(dq.details!.reasons).toEqual(['Data quality (DQ) process needs Analysis and design done first (it is not started).']);
    await done('analysis_design');
    await done('develop_integration');
    const second = await refused('activity.update', { id: ref, activity: 'conformance_testing', changes: { status: 'done' } });
    expect(second.details!.reasons).toContain('Conformance testing needs Data quality (DQ) process done first (it is not started).');
    expect(second.details!.blocking).toEqual(['dq_process']);
    await done('dq_process');
    // The workflow rules are met; what remains is the conformance records' own requirement (a round, CIS approval).
    const records = await refused('activity.update', { id: ref, activity: 'conformance_testing', changes: { status: 'done' } });
    expect(records.details!.blocking).toEqual([]);
    expect(records.details!.reasons!.some((r) => r.includes('needs'))).toBe(false);
  });

  it('deployment planning comes before go-live, and go-live is completed last, in Deployment', () => {
    const all = ['kickoff', 'analysis_design', 'develop_integration', 'test_environment', 'dq_process', 'conformance_testing', 'ministry_requirements'] as const;
    const state: RuleState = {
      stage: 'deployment',
      fields: {},
      today: TODAY,
      createdOn: '2026-09-01',
      activities: [
        ...all.map((key) => ({ key, status: 'done' as const, due_date: null, completed_date: '2026-10-01' })),
        { key: 'deployment_planning', status: 'in_progress', due_date: null, completed_date: null },
        { key: 'go_live', status: 'not_started', due_date: null, completed_date: null },
      ],
    };
    const refused = activityChangeRefusals(state, 'go_live', { status: 'done', due_date: null, completed_date: TODAY });
    expect(refused.map((f) => f.message)).toEqual(['Go-live needs Deployment planning done first (it is in progress).']);
    expect(refused.map((f) => f.blocking)).toEqual(['deployment_planning']);
    const planned: RuleState = { ...state, activities: state.activities.map((a) => (a.key === 'deployment_planning' ? { ...a, status: 'done', completed_date: TODAY } : a)) };
    expect(activityChangeRefusals(planned, 'go_live', { status: 'done', due_date: null, completed_date: TODAY })).toEqual([]);
  });
});

describe('date rules', () => {
  it('a completed date in the future is refused; today is allowed', async () => {
    const error = await refused('activity.update', { id: ref, activity: 'kickoff', changes: { status: 'done', completed_date: '2030-01-15' } });
    expect(error.code).toBe('gate_blocked');
    expect(error.details!.reasons).toEqual(['Kick-off (vendor discovery session): the completed date 2030-01-15 is in the future (today is 2026-11-26).']);
    await done('kickoff', TODAY);
  });

  it('a due date before the intake date is refused; on or after it is allowed', async () => {
    const error = await refused('activity.update', { id: ref, activity: 'kickoff', changes: { due_date: '2026-08-15' } });
    expect(error.details!.reasons).toEqual(["Kick-off (vendor discovery session): the due date 2026-08-15 is before the dossier's intake date 2026-09-01."]);
    await ok('activity.update', { id: ref, activity: 'kickoff', changes: { due_date: '2026-09-01' } });
  });

  it('target dates must follow the phases; start events must follow each other', async () => {
    await ok('dossier.update', { id: ref, changes: { 'targets.go_live_date': '2027-01-15' } });
    const error = await refused('dossier.update', { id: ref, changes: { 'targets.conformance_date': '2027-02-01' } });
    expect(error.code).toBe('gate_blocked');
    expect(error.details!.reasons).toEqual(['Target dates out of phase order: Go-live (2027-01-15) is before Conformance testing (2027-02-01).']);
    await ok('dossier.update', { id: ref, changes: { 'targets.conformance_date': '2026-12-15' } });
    const referral = await refused('dossier.update', { id: ref, changes: { 'start.cis_referral_date': '2026-08-20' } });
    expect(referral.details!.reasons).toEqual(['Referred by CIS to Health Registries (2026-08-20) is before Integration request received (2026-09-01).']);
    expect((await get()).fields['start.cis_referral_date']).toBeNull();
    await ok('dossier.update', { id: ref, changes: { 'start.cis_referral_date': '2026-09-05' } });
  });
});

describe('the questionnaire hand-off', () => {
  it('is recorded after the kick-off, and partner answers wait for it', async () => {
    const before = await refused('questionnaire.answer', { id: ref, question: 'gov.policies', response: 'compliant' });
    expect(before.code).toBe('gate_blocked');
    expect(before.message).toMatch(/has not been provided to the partner/);
    const early = await refused('questionnaire.provide', { id: ref });
    expect(early.details!.reasons).toEqual(['Gap analysis provided to the partner is recorded but the kick-off is not done.']);
    expect(early.details!.blocking).toEqual(['kickoff']);
    await done('kickoff', '2026-09-20');
    const dated = await refused('questionnaire.provide', { id: ref, date: '2026-09-19' });
    expect(dated.details!.reasons).toEqual(['Gap analysis provided to the partner (2026-09-19) is before the kick-off was completed (2026-09-20).']);
    const provided = await ok<Dossier>('questionnaire.provide', { id: ref, date: '2026-09-22' });
    expect(provided.fields['start.questionnaire_provided_date']).toBe('2026-09-22');
    await ok('questionnaire.answer', { id: ref, question: 'gov.policies', response: 'compliant' });
    // Read-only in the form: only the hand-off records it.
    expect((await refused('dossier.update', { id: ref, changes: { 'start.questionnaire_provided_date': '2026-09-30' } })).code).toBe('validation');
  });
});

describe('data recorded before the rules', () => {
  it('is reported on the dossier, not rewritten, and other edits still work', async () => {
    const d = await get();
    const goLive = d.activities.find((a) => a.key === 'go_live')!;
    engine.store.write('Old import', [
      { entity: 'activities', rowId: goLive.id, field: 'status', value: 'done', dossierId: d.id },
      { entity: 'activities', rowId: goLive.id, field: 'completed_date', value: '2030-01-01', dossierId: d.id },
    ]);
    const after = await get();
    expect(after.findings.map((f) => f.message)).toEqual(
      expect.arrayContaining(['Go-live can be completed only from Deployment on; the dossier is in Intake.', 'Go-live: the completed date 2030-01-01 is in the future (today is 2026-11-26).']),
    );
    expect(after.activities.find((a) => a.key === 'go_live')).toMatchObject({ status: 'done', completed_date: '2030-01-01' });
    await ok('activity.update', { id: ref, activity: 'go_live', changes: { notes: 'Imported from the old tracker.' } });
    expect((await get()).findings.length).toBe(after.findings.length);
  });

  it('the rules themselves only refuse what a change newly breaks', () => {
    const state: RuleState = {
      stage: 'intake',
      fields: {},
      today: TODAY,
      createdOn: '2026-09-01',
      activities: [
        { key: 'kickoff', status: 'not_started', due_date: null, completed_date: null },
        { key: 'analysis_design', status: 'done', due_date: null, completed_date: '2026-10-01' },
      ],
    };
    expect(workflowFindings(state).map((f) => f.rule)).toEqual(['prerequisite', 'phase']);
    expect(activityChangeRefusals(state, 'analysis_design', { status: 'done', due_date: '2026-12-01', completed_date: '2026-10-01' })).toEqual([]);
    expect(activityChangeRefusals(state, 'analysis_design', { status: 'done', due_date: '2026-08-01', completed_date: '2026-10-01' }).map((f) => f.rule)).toEqual(['due_before_intake']);
  });
});

describe('demo data', () => {
  it('obeys the workflow: every gate passed holds and every completed activity meets its rules, one signed risk acceptance, several people over months', async () => {
    const demo = tempEngine();
    try {
      const started = Date.now();
      await dispatch(demo.handlers, 'demo.seed', { count: 42 });
      const seconds = (Date.now() - started) / 1000;
      const list = (await dispatch(demo.handlers, 'dossier.list', { limit: 100 })) as { ok: true; value: { rows: { id: string; phase: string; organization: string }[] } };
      const { rows } = list.value;
      expect(rows).toHaveLength(42);
      expect(new Set(rows.map((r) => r.phase))).toEqual(new Set(['intake', 'implementation', 'deployment', 'live']));
      for (const row of rows) expect(row.organization).not.toMatch(/\(\d+\)/);
      const received = new Set<string>();
      let accepted = 0;
      for (const row of rows) {
        const d = (await dispatch(demo.handlers, 'dossier.get', { id: row.id })) as { ok: true; value: Dossier };
        const label = `${d.value.reference} (${row.phase})`;
        expect(d.value.findings, label).toEqual([]);
        received.add(String(d.value.fields['start.request_received_date']).slice(0, 7));
        // Replay each gate the dossier went through, with every capability's reasons, on the data it holds now.
        const passed = row.phase === 'live' ? PHASE_KEYS : PHASE_KEYS.slice(0, PHASE_KEYS.indexOf(row.phase as (typeof PHASE_KEYS)[number]));
        for (const stage of passed) {
          const gate = evaluateGate({ stage, fields: d.value.fields, activities: d.value.activities, extraReasons: demo.context.gateReasons!(row.id, stage) });
          expect(gate, `${label} leaving ${stage}`).toMatchObject({ ok: true, reasons: [] });
        }
        // Every completed activity meets what its records must show (conformance results, CIS approval).
        for (const activity of d.value.activities.filter((a) => a.status === 'done')) {
          expect(demo.context.activityDoneReasons!(row.id, activity.key), `${label}: ${activity.key} done`).toEqual([]);
        }
        if (row.phase === 'deployment' || row.phase === 'live') {
          const plan = (await dispatch(demo.handlers, 'deploymentPlan.get', { id: row.id })) as { ok: true; value: { started: boolean; steps: unknown[] } };
          expect(plan.value.started, label).toBe(true);
          expect(plan.value.steps.length).toBeGreaterThan(3);
          const q = (await dispatch(demo.handlers, 'questionnaire.get', { id: row.id })) as { ok: true; value: QuestionnaireView };
          expect(q.value.rollup.complete, label).toBe(true);
        }
        const gaps = (await dispatch(demo.handlers, 'gap.list', { id: row.id })) as { ok: true; value: { status: string; acceptance_verified: boolean; accepted_role: string | null }[] };
        for (const gap of gaps.value.filter((g) => g.status === 'risk_accepted')) {
          accepted++;
          expect(gap, `${label}: risk acceptance`).toMatchObject({ acceptance_verified: true, accepted_role: 'moh_registries_manager' });
        }
      }
      expect(accepted).toBe(1);
      // The demo signers' keys are trusted here; their private keys were never kept.
      const keysDir = demo.context.keys!.keysDir;
      expect(fs.readdirSync(keysDir).sort()).toEqual(['trusted-keys.json']);
      const trusted = JSON.parse(fs.readFileSync(path.join(keysDir, 'trusted-keys.json'), 'utf8')) as { role: string }[];
      expect(new Set(trusted.map((k) => k.role))).toEqual(new Set(['moh_registries_manager', 'cgi_business_support_lead', 'cis']));
      // Several people over the past months, not one person at one minute.
      expect(received.size).toBeGreaterThanOrEqual(5);
      const actors = demo.store.db.prepare('SELECT COUNT(DISTINCT actor) AS n FROM change_log').get() as { n: number };
      expect(actors.n).toBeGreaterThanOrEqual(15);
      const months = demo.store.db.prepare('SELECT COUNT(DISTINCT substr(at, 1, 7)) AS n FROM change_log').get() as { n: number };
      expect(months.n).toBeGreaterThanOrEqual(6);
      expect(seconds).toBeLessThan(120);
    } finally {
      demo.close();
    }
  }, 300_000);

  it('gives every role overdue, this week\'s and later work, some of it unassigned (a newcomer sees it too)', async () => {
    const demo = tempEngine();
    try {
      await dispatch(demo.handlers, 'demo.seed', { count: 300 });
      for (const role of PARTICIPANT_ROLES) {
        const work = (await dispatch(demo.handlers, 'work.list', { role: role.key, assignee: 'Someone New' })) as { ok: true; value: { counts: Record<string, number> } };
        for (const bucket of ['overdue', 'this_week', 'later']) expect(work.value.counts[bucket], `${role.key} ${bucket}`).toBeGreaterThan(0);
      }
      const overdue = demo.store.db.prepare("SELECT COUNT(DISTINCT due_date) AS n FROM activities WHERE status <> 'done' AND due_date < date('now')").get() as { n: number };
      expect(overdue.n).toBeGreaterThan(20);
    } finally {
      demo.close();
    }
  }, 300_000);
});
