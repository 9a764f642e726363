import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { Dossier } from '../../shared/api/types';
import { demoValues } from '../../electron/dossiers/index';
import { tempEngine } from '../support/tempData';

type TestEngine = ReturnType<typeof tempEngine>;
let engine: TestEngine;
beforeEach(() => {
  engine = tempEngine({ today: '2026-11-26' });
});
afterEach(() => engine.close());

const call = async (name: string, input: unknown) => dispatch(engine.handlers, name, input);
const ok = async <T = Dossier>(name: string, input: unknown): Promise<T> => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value as T;
};
const snapshot = () =>
  ['dossiers', 'activities', 'dossier_set_items', 'change_log'].map(
    (t) => (engine.store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
  );

const NAME = 'Sḵwx̱wú7mesh Úxwumixw';
const create = (org = NAME) => ok('dossier.create', { fields: { 'organization.legal_name': org, 'application.name': 'Clinic EMR', 'integration.standard': 'fhir' } });

describe('dossiers', () => {
  it('creates a dossier with a reference, the nine activities and an intake gate', async () => {
    const d = await create();
    expect(d.reference).toMatch(/^PCR-\d{4}-0001$/);
    expect(d.fields['status.phase']).toBe('intake');
    expect(d.activities.map((a) => a.key)).toEqual([
      'kickoff',
      'analysis_design',
      'develop_integration',
      'test_environment',
      'dq_process',
      'conformance_testing',
      'ministry_requirements',
      'deployment_planning',
      'go_live',
    ]);
    expect(d.activities.find((a) => a.key === 'dq_process')!.status).toBe('not_required');
    expect(d.gate.ok).toBe(false);
    expect((await create('Second')).reference).toMatch(/-0002$/);
  });

  it('answers a create with exactly what a fresh read of the dossier gives', async () => {
    const full = demoValues(3).values;
    delete full['status.phase'];
    const inputs = [
      { 'organization.legal_name': NAME, 'application.name': 'Clinic EMR' },
      // Decomposed text (normalised to NFC at entry), a flag that turns an activity on, a list.
      { 'organization.legal_name': 'Sq\u0313uamish Nation', 'application.name': 'Clinic\r\nEMR', 'flags.dq_process_required': true, 'integration.type': 'active', 'volumes.users': 40 },
      full,
    ];
    for (const fields of inputs) {
      const answered = await ok('dossier.create', { fields });
      expect(answered).toEqual(await ok('dossier.get', { id: answered.id }));
    }
  });

  it('round-trips accented and Indigenous-language names exactly', async () => {
    const d = await create();
    await ok('dossier.update', { id: d.id, changes: { 'contacts.sponsor.name': 'ʔaq̓am Élder', 'organization.address.city': 'Sḵwx̱wú7mesh' } });
    const again = await ok('dossier.get', { id: d.reference });
    expect(again.fields['organization.legal_name']).toBe(NAME);
    expect(again.fields['contacts.sponsor.name']).toBe('ʔaq̓am Élder');
  });

  it('finds dossiers by full-text search, with or without accents, by prefix and by reference', async () => {
    const d = await create();
    await create('Interior Health Authority');
    const search = async (text: string) => (await ok<{ rows: { id: string }[] }>('dossier.list', { search: text })).rows.map((r) => r.id);
    expect(await search(NAME)).toEqual([d.id]);
    expect(await search('skwxwu7mesh')).toEqual([d.id]);
    expect(await search('uxwumix')).toEqual([d.id]);
    expect(await search(d.reference)).toEqual([d.id]);
    expect(await search('clinic emr')).toHaveLength(2);
    expect(await search('"; DROP TABLE dossiers; --')).toEqual([]);
  });

  it('finds a dossier by a field changed after creation', async () => {
    const d = await create();
    await ok('dossier.update', { id: d.id, changes: { 'application.vendor': 'Nuvo Health Software' } });
    expect((await ok<{ rows: { id: string }[] }>('dossier.list', { search: 'nuvo' })).rows.map((r) => r.id)).toEqual([d.id]);
  });

  it('filters by phase and lead and sorts', async () => {
    const a = await create('Alpha Clinic');
    await create('Beta Clinic');
    await ok('dossier.update', { id: a.id, changes: { 'leads.cgi_business_support_lead': 'Mei Chen' } });
    const byLead = await ok<{ total: number; rows: { organization: string }[] }>('dossier.list', { lead: 'mei chen' });
    expect(byLead.rows.map((r) => r.organization)).toEqual(['Alpha Clinic']);
    const sorted = await ok<{ rows: { organization: string }[] }>('dossier.list', { sort: 'organization', direction: 'asc' });
    expect(sorted.rows.map((r) => r.organization)).toEqual(['Alpha Clinic', 'Beta Clinic']);
    expect((await ok<{ total: number }>('dossier.list', { phase: 'deployment' })).total).toBe(0);
  });

  it('refuses bad input with a typed error naming each field, and writes nothing', async () => {
    const d = await create();
    const before = snapshot();
    const result = await call('dossier.update', {
      id: d.id,
      changes: { 'volumes.users': 'many', 'targets.go_live_date': '2026-02-30', 'integration.standard': 'soap', nonsense: 1, 'application.vendor': 'Fine' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation');
    expect(result.error.details?.problems?.map((p) => p.field).sort()).toEqual(['integration.standard', 'nonsense', 'targets.go_live_date', 'volumes.users']);
    expect(snapshot()).toEqual(before);
    expect((await ok('dossier.get', { id: d.id })).fields['application.vendor']).toBeNull();
  });

  it('answers not_found for an unknown dossier and validation for malformed input', async () => {
    expect(await call('dossier.get', { id: 'PCR-1999-0001' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('dossier.get', {})).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call('dossier.list', { limit: 'ten' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call('no.such.operation', {})).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('will not let the phase be set directly', async () => {
    const d = await create();
    expect(await call('dossier.update', { id: d.id, changes: { 'status.phase': 'live' } })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('adds and removes set members one by one', async () => {
    const d = await create();
    await ok('dossier.update', { id: d.id, changes: { 'integration.transactions': ['find_candidates', 'get_demographics'] } });
    const after = await ok('dossier.update', { id: d.id, changes: { 'integration.transactions': ['get_demographics', 'revise'] } });
    expect(after.fields['integration.transactions']).toEqual(['get_demographics', 'revise']);
    const items = engine.store.db.prepare("SELECT value, present FROM dossier_set_items WHERE dossier_id = ? ORDER BY value").all(d.id);
    expect(items).toEqual([
      { value: 'find_candidates', present: 0 },
      { value: 'get_demographics', present: 1 },
      { value: 'revise', present: 1 },
    ]);
    expect(await call('dossier.update', { id: d.id, changes: { 'integration.transactions': ['teleport'] } })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('works the intake activities, refuses to advance with reasons, then advances', async () => {
    const d = await create();
    const refused = await call('dossier.advance', { id: d.reference });
    expect(refused).toMatchObject({ ok: false, error: { code: 'gate_blocked' } });
    if (!refused.ok) expect(refused.error.details?.reasons).toContain('Kick-off (vendor discovery session) is not done (not started).');
    const { activity } = await ok<{ activity: { status: string; completed_date: string } }>('activity.update', {
      id: d.id,
      activity: 'kickoff',
      changes: { status: 'done', assignee: 'Harpreet Sandhu' },
    });
    expect(activity).toMatchObject({ status: 'done', completed_date: '2026-11-26' });
    await ok('dossier.update', {
      id: d.id,
      changes: {
        'integration.type': 'active',
        'contacts.sponsor.name': 'Ava Thompson',
        'contacts.sponsor.email': 'ava@example.org',
        'leads.moh_registries_manager': 'Harpreet Sandhu',
        'leads.cgi_business_support_lead': 'Mei Chen',
      },
    });
    const moved = await ok('dossier.advance', { id: d.id });
    expect(moved.gate.phase).toBe('implementation');
    expect(moved.gate.reasons).toContain('Analysis and design is not done (not started).');
  });

  it('refuses to mark an activity not_required by hand or edit one that does not apply', async () => {
    const d = await create();
    expect(await call('activity.update', { id: d.id, activity: 'kickoff', changes: { status: 'not_required' } })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
    expect(await call('activity.update', { id: d.id, activity: 'dq_process', changes: { status: 'done' } })).toMatchObject({
      ok: false,
      error: { code: 'gate_blocked' },
    });
    expect(await call('activity.update', { id: d.id, activity: 'kickoff', changes: { due_date: '26/11/2026' } })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
  });

  it('marks overdue activities and lists them on the dashboard', async () => {
    const d = await create();
    // A due date may not be before the intake date: the request came in before it was due.
    await ok('dossier.update', { id: d.id, changes: { 'start.request_received_date': '2026-10-15' } });
    await ok('activity.update', { id: d.id, activity: 'kickoff', changes: { due_date: '2026-11-01', status: 'in_progress' } });
    const again = await ok('dossier.get', { id: d.id });
    expect(again.activities.find((a) => a.key === 'kickoff')!.overdue).toBe(true);
    const dash = await ok<{ overdue: { reference: string; activity: string }[]; by_phase: Record<string, number> }>('dashboard.get', {});
    expect(dash.overdue).toEqual([expect.objectContaining({ reference: d.reference, activity: 'kickoff' })]);
    expect(dash.by_phase.intake).toBe(1);
  });

  it('keeps an audit trail of every change with who, old and new value', async () => {
    const d = await create();
    await ok('dossier.update', { id: d.id, changes: { 'application.vendor': 'Acme' } });
    await ok('dossier.update', { id: d.id, changes: { 'application.vendor': 'Acme Health' } });
    await ok('activity.update', { id: d.id, activity: 'kickoff', changes: { assignee: 'Mei Chen' } });
    const history = await ok<{ label: string; actor: string; old_value: unknown; new_value: unknown }[]>('dossier.history', { id: d.id });
    expect(history[0]).toMatchObject({ label: 'Kick-off (vendor discovery session) — assignee', new_value: 'Mei Chen', actor: 'Test Lead' });
    expect(history[1]).toMatchObject({ label: 'Vendor', old_value: 'Acme', new_value: 'Acme Health' });
    expect(history.some((h) => h.label === 'Legal name' && h.new_value === NAME)).toBe(true);
  });

  it('seeds realistic demo dossiers in every phase', async () => {
    await ok('demo.seed', { count: 21 });
    const dash = await ok<{ by_phase: Record<string, number>; total: number }>('dashboard.get', {});
    expect(dash.total).toBe(21);
    for (const phase of ['intake', 'implementation', 'deployment', 'live']) expect(dash.by_phase[phase]).toBeGreaterThan(0);
  });
});
