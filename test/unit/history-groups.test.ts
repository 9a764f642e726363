/**
 * The History grouped by operation, on a real SQLite store: one call of the write path is one
 * group (a plan started from the template is one line with its count), filtered by kind and by
 * person, received changes filterable as "sync", paged newest first; and every capability's
 * tables named in words by the labels each capability registers (no table or column names).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { HistoryGroup } from '../../shared/api/historyOps';
import type { HistoryEntry } from '../../shared/api/types';
import { ENTITIES } from '../../shared/sync/schema';
import { HistoryRegistry } from '../../electron/history/index';
import { dossierHistoryLabels } from '../../electron/dossiers/index';
import { applyForm, blankForm, formsContext } from '../../electron/forms/index';
import { createEngine, type Engine } from '../../electron/engine/index';
import { PASSPHRASE_ENV, defaultKeyVault, keysDirOf } from '../../electron/packages/index';
import { removeDir, tempDir, tempEngine } from '../support/tempData';
import { fillDocx } from './forms-fillers';

type Page = { groups: HistoryGroup[]; next: number | null; people: string[] };

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function ok<T>(engine: Engine, name: string, input: unknown): Promise<T> {
  const result = await dispatch(engine.handlers, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

async function planDossier() {
  const engine = tempEngine({ actor: 'Harpreet Sandhu', today: '2026-03-02' });
  closers.push(() => engine.close());
  const { reference } = await ok<{ reference: string }>(engine, 'dossier.create', {
    fields: {
      'organization.legal_name': 'Sḵwx̱wú7mesh Úxwumixw Health Services',
      'application.name': 'Valley Community EMR',
      'integration.environments': ['HT2', 'HP1'],
      'targets.go_live_date': '2026-09-14',
    },
  });
  return { engine, reference };
}

describe('the History grouped by operation', () => {
  it('shows a plan started from the template as one group whose count is every value it wrote, then each later edit as its own', async () => {
    const { engine, reference } = await planDossier();
    const flatBefore = await ok<HistoryEntry[]>(engine, 'dossier.history', { id: reference, limit: 5000 });
    const plan = await ok<{ raci: { areas: { id: string; assignments: Record<string, string | null> }[] } }>(engine, 'deploymentPlan.start', { id: reference, from: 'template' });
    const flat = await ok<HistoryEntry[]>(engine, 'dossier.history', { id: reference, limit: 5000 });
    const written = flat.length - flatBefore.length;
    expect(written).toBeGreaterThan(100);

    const page = await ok<Page>(engine, 'dossier.history.groups', { id: reference });
    expect(page.groups.map((g) => [g.summary, g.count])).toEqual([
      ['Deployment plan started from the template', written],
      ['Dossier created', flatBefore.length],
    ]);
    const [started] = page.groups;
    expect(started).toMatchObject({ actor: 'Harpreet Sandhu', received: false, kinds: ['plan'] });
    // Its rows are the very changes the flat History lists, in the order the operation made them.
    expect(new Set(started!.entries.map((e) => e.id))).toEqual(new Set(flat.slice(0, written).map((e) => e.id)));
    expect(started!.entries.every((e) => e.kind === 'plan')).toBe(true);
    expect(started!.entries.map((e) => e.id)).toEqual([...started!.entries.map((e) => e.id)].sort());

    const area = plan.raci.areas[0]!;
    await ok(engine, 'deploymentPlan.raci.set', { id: reference, area: area.id, role: 'cis', assignment: area.assignments.cis === 'I' ? 'C' : 'I' });
    const after = await ok<Page>(engine, 'dossier.history.groups', { id: reference });
    expect(after.groups).toHaveLength(3);
    expect(after.groups[0]).toMatchObject({ count: 1, kinds: ['plan'] });
    expect(after.groups[0]!.summary).toMatch(/^RACI “.+” — Conformance and Integration Services \(CIS\)$/);
  });

  it('filters by kind and by person, and pages through a long history without losing or repeating an operation', async () => {
    const { engine, reference } = await planDossier();
    await ok(engine, 'deploymentPlan.start', { id: reference, from: 'template' });
    await ok(engine, 'activity.update', { id: reference, activity: 'kickoff', changes: { status: 'in_progress', assignee: 'Mei Chen' } });
    await ok(engine, 'profile.set', { name: 'Dana Lee', role: 'cis' });
    for (let i = 1; i <= 30; i += 1) await ok(engine, 'dossier.update', { id: reference, changes: { 'application.version': `4.${i}` } });

    const all = await ok<Page>(engine, 'dossier.history.groups', { id: reference, limit: 500 });
    expect(all.people).toEqual(['Dana Lee', 'Harpreet Sandhu']);
    expect(all.groups).toHaveLength(33);

    const plans = await ok<Page>(engine, 'dossier.history.groups', { id: reference, kinds: ['plan'] });
    expect(plans.groups.map((g) => g.summary)).toEqual(['Deployment plan started from the template']);
    const activities = await ok<Page>(engine, 'dossier.history.groups', { id: reference, kinds: ['activities'] });
    expect(activities.groups.map((g) => [g.summary, g.count])).toEqual([['Kick-off (vendor discovery session) updated', 2]]);
    // A dossier created with its activities shows, under "Activities", only the activity rows of that operation.
    const both = await ok<Page>(engine, 'dossier.history.groups', { id: reference, kinds: ['activities', 'plan'], person: 'Harpreet Sandhu' });
    expect(both.groups.map((g) => g.summary)).toEqual(['Kick-off (vendor discovery session) updated', 'Deployment plan started from the template']);
    expect(both.groups.flatMap((g) => g.entries).every((e) => e.kind === 'activities' || e.kind === 'plan')).toBe(true);

    const dana = await ok<Page>(engine, 'dossier.history.groups', { id: reference, person: 'Dana Lee' });
    expect(dana.groups).toHaveLength(30);
    expect(dana.groups.every((g) => g.actor === 'Dana Lee' && g.summary === 'Version' && g.count === 1)).toBe(true);
    expect(dana.groups[0]!.entries[0]).toMatchObject({ old_value: '4.29', new_value: '4.30' });
    expect((await ok<Page>(engine, 'dossier.history.groups', { id: reference, person: 'Nobody' })).groups).toEqual([]);

    // Pages of 7: every operation once, in the same order as one long page.
    const seen: string[] = [];
    let before: number | undefined;
    for (let n = 0; n < 10; n += 1) {
      const page: Page = await ok<Page>(engine, 'dossier.history.groups', { id: reference, limit: 7, ...(before === undefined ? {} : { before }) });
      seen.push(...page.groups.map((g) => g.id));
      if (page.next === null) break;
      before = page.next;
    }
    expect(seen).toEqual(all.groups.map((g) => g.id));
    // The same with a filter: the cursor skips what the filter leaves out.
    const first = await ok<Page>(engine, 'dossier.history.groups', { id: reference, person: 'Harpreet Sandhu', limit: 1 });
    const second = await ok<Page>(engine, 'dossier.history.groups', { id: reference, person: 'Harpreet Sandhu', limit: 5, before: first.next! });
    expect([...first.groups, ...second.groups].map((g) => g.summary)).toEqual([
      'Kick-off (vendor discovery session) updated',
      'Deployment plan started from the template',
      'Dossier created',
    ]);
    expect(second.next).toBeNull();
  });

  it('keeps changes received through sync apart, by device and person, under the kind "sync"', async () => {
    const { engine, reference } = await planDossier();
    const dossier = await ok<{ id: string }>(engine, 'dossier.get', { id: reference });
    const stamp = (n: number) => `${String(Date.now() + 60_000 + n).padStart(15, '0')}:00000:other-device`;
    engine.store.recordReceived(
      ['1.1', '1.2'].map((version, k) => ({
        entity: 'dossiers' as const,
        rowId: dossier.id,
        field: k === 0 ? 'application__version' : 'application__vendor',
        value: version,
        dossierId: dossier.id,
        changeId: stamp(k),
        deviceId: 'other-device',
        actor: 'Mei Chen',
        base: null,
        serverSeq: k + 1,
        apply: true,
      })),
    );
    const page = await ok<Page>(engine, 'dossier.history.groups', { id: reference });
    expect(page.groups[0]).toMatchObject({ actor: 'Mei Chen', received: true, count: 2, kinds: ['dossier', 'sync'], summary: 'Dossier details edited' });
    const received = await ok<Page>(engine, 'dossier.history.groups', { id: reference, kinds: ['sync'] });
    expect(received.groups.map((g) => g.actor)).toEqual(['Mei Chen']);
  });
});

describe('History labels registered by each capability', () => {
  it('refuses two capabilities claiming the same table', () => {
    expect(() => new HistoryRegistry([dossierHistoryLabels, dossierHistoryLabels])).toThrow(/Two capabilities register History labels for dossiers/);
  });

  it('names every change of a dossier that used every capability in words: no table or column name in a label or summary', async () => {
    const dirs: string[] = [];
    const bench = (name: string) => {
      const dataDir = tempDir('pcr-history-labels-');
      dirs.push(dataDir);
      const engine = createEngine({ dataDir, actor: name, today: () => '2026-12-01', keyVault: defaultKeyVault(keysDirOf(dataDir), { [PASSPHRASE_ENV]: 'history labels passphrase' }) });
      closers.push(() => engine.close());
      return engine;
    };
    closers.push(() => dirs.forEach(removeDir));
    const lead = bench('Lee Lead');
    const manager = bench('Mīria Manager');
    await ok(lead, 'profile.set', { name: 'Lee Lead', role: 'moh_registries_admin' });
    await ok(lead, 'keys.init', { force: false });
    await ok(manager, 'profile.set', { name: 'Mīria Manager', role: 'moh_registries_manager' });
    await ok(manager, 'keys.init', { force: false });
    await ok(lead, 'keys.trust', { public_key_json: JSON.stringify(await ok(manager, 'keys.export', {})), allow_conflict: false });

    // A partner form creates the dossier.
    const forms = formsContext(lead.context);
    const blank = await blankForm(forms, { form: 'request-for-integration', format: 'docx' });
    const applied = await applyForm(forms, { name: 'rfi-fraser.docx', bytes: fillDocx(blank.bytes, { org_legal_name: 'Fraser Clinic', app_name: 'Fraser EMR', purpose: 'Confirm PHNs.' }) });
    const ref = applied.dossier.reference;
    await ok(lead, 'dossier.update', { id: ref, changes: { 'integration.standard': 'fhir', 'integration.transactions': ['find_candidates', 'get_demographics'], 'integration.environments': ['HT2', 'HP1'] } });
    // Activities, with a record kept on one.
    await ok(lead, 'activity.update', { id: ref, activity: 'kickoff', changes: { status: 'done', completed_date: '2026-11-20' } });
    await ok(lead, 'activity.attach', { id: ref, activity: 'kickoff', kind: 'meeting_minutes', file: { name: 'minutes.txt', content_base64: Buffer.from('Kick-off minutes').toString('base64') } });
    // The gap analysis: answered, assessed (a gap), evidence, the gap rated.
    await ok(lead, 'questionnaire.provide', { id: ref, date: '2026-11-21' });
    const questionnaire = await ok<{ answers: { question_id: string }[] }>(lead, 'questionnaire.get', { id: ref });
    const question = questionnaire.answers[0]!.question_id;
    await ok(lead, 'questionnaire.answer', { id: ref, question, response: 'partially_compliant', comment: 'In progress' });
    await ok(lead, 'questionnaire.assess', { id: ref, question, assessment: 'not_compliant' });
    await ok(lead, 'questionnaire.evidence.add', { id: ref, question, reference: 'Policy binder, section 4' });
    const gaps = await ok<{ id: string }[]>(lead, 'gap.list', { id: ref });
    await ok(lead, 'gap.update', { id: ref, gap: gaps[0]!.id, changes: { likelihood: 2, impact: 3 } });
    // The deployment plan, conformance testing, and an approval package with a decision recorded.
    await ok(lead, 'deploymentPlan.start', { id: ref, from: 'template' });
    await ok(lead, 'conformance.round.start', { id: ref, partner_tester: 'Amrit Dhillon', cis_reviewer: 'Chidi Okafor' });
    await ok(lead, 'conformance.result.record', { id: ref, case: 'FC-01', status: 'failed', actual: 'No candidates' });
    await ok(lead, 'conformance.defect.add', { id: ref, case: 'FC-01', severity: 'major', description: 'Candidates missing' });
    const exported = await ok<{ content_base64: string }>(lead, 'package.export', { id: ref });
    const signed = await ok<{ content_base64: string }>(manager, 'package.sign', { content_base64: exported.content_base64, decision: 'approved', comment: '', replace: false });
    await ok(lead, 'package.import', { content_base64: signed.content_base64 });

    const page = await ok<Page>(lead, 'dossier.history.groups', { id: ref, limit: 500 });
    const entries = page.groups.flatMap((g) => g.entries);
    const used = new Set(entries.map((e) => e.entity));
    for (const table of ['dossiers', 'dossier_set_items', 'activities', 'activity_attachments', 'questionnaire_instances', 'questionnaire_answers', 'questionnaire_evidence', 'gaps', 'deployment_plans', 'deployment_plan_raci', 'conformance_rounds', 'conformance_results', 'conformance_defects', 'packages', 'package_approvals', 'form_imports']) {
      expect(used, table).toContain(table);
    }
    const rawNames = new RegExp(`\\b(${Object.keys(ENTITIES).join('|')})\\b|\\b[a-z]+_[a-z_]+\\b`);
    for (const text of [...entries.map((e) => e.label), ...page.groups.map((g) => g.summary)]) expect(text).not.toMatch(rawNames);
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(['dossier', 'activities', 'gap_analysis', 'plan', 'conformance', 'documents', 'forms']));

    const summaries = page.groups.map((g) => g.summary);
    expect(summaries).toContain('Approval package v1 exported');
    expect(summaries).toContain('Package v1: Approved by Mīria Manager (MoH Health Registries manager)');
    expect(summaries).toContain('Deployment plan started from the template');
    expect(summaries).toContain('Gap analysis started');
    expect(summaries).toContain('Conformance round 1 (HT2) started');
    expect(entries.find((e) => e.entity === 'package_approvals' && e.field === 'decision')!.label).toBe('Package v1 decision by Mīria Manager (MoH Health Registries manager) — decision');
    expect(entries.find((e) => e.entity === 'packages' && e.field === 'manifest_sha256')!.label).toMatch(/^Approval package v1 \(.+\) — manifest fingerprint \(SHA-256\)$/);
    // Questions by the number people cite (as the gap analysis shows them), never by their id.
    for (const entry of entries.filter((e) => e.entity === 'questionnaire_answers' || e.entity === 'gaps')) expect(entry.label).toMatch(/^(Gap analysis question|Gap on question) \d+\.\d+ — /);
    const aboutQuestions = summaries.filter((s) => /^(Gap analysis (answered|assessed)|Gap updated|Risk accepted) on /.test(s));
    expect(aboutQuestions.length).toBeGreaterThan(0);
    for (const summary of aboutQuestions) expect(summary).toMatch(/ on (question \d+\.\d+|\d+ questions)$/);
    expect(entries.find((e) => e.entity === 'activity_attachments' && e.field === 'name')!.label).toBe('Kick-off (vendor discovery session): meeting minutes “minutes.txt” — name');
  }, 120_000);
});
