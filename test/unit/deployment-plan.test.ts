import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { ApiError } from '../../shared/api/errors';
import type { HistoryEntry } from '../../shared/api/types';
import { PLAN_ROLE_KEYS, type DeploymentPlan } from '../../shared/deployment-plan/model';
import type { PlanTemplatePreview } from '../../shared/deployment-plan/defaults';
import { isSortKey, keyBetween, spreadKeys } from '../../shared/deployment-plan/sortKey';
import { getDeploymentPlan, loadPlanDefaults } from '../../electron/deployment-plan/index';
import { ENTITIES, type EntityName } from '../../electron/store/entities';
import type { StoredValue } from '../../electron/store/index';
import { removeDir, tempDir, tempEngine } from '../support/tempData';
import { loggedChanges } from '../support/changeLog';

const SHIPPED_TEMPLATES = path.resolve(import.meta.dirname, '../../templates');
const shipped = loadPlanDefaults(SHIPPED_TEMPLATES);

let engine: ReturnType<typeof tempEngine>;
let ref: string;

async function setUp(options: { templatesDir?: string; fields?: Record<string, unknown> } = {}) {
  engine = tempEngine({ today: '2026-03-02', ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}) });
  ref = (
    await ok<{ reference: string }>('dossier.create', {
      fields: {
        'organization.legal_name': 'Sḵwx̱wú7mesh Úxwumixw Health Services',
        'application.name': 'Valley Community EMR',
        'application.version': '4.2',
        'integration.environments': ['HD4', 'HT2', 'HP1'],
        'targets.go_live_date': '2026-03-14',
        'leads.cgi_technical_team': 'Mei Chen',
        ...options.fields,
      },
    })
  ).reference;
}
afterEach(() => engine?.close());

const call = (name: string, input: unknown) => dispatch(engine.handlers, name, input);
async function ok<T = DeploymentPlan>(name: string, input: unknown): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}
async function refused(name: string, input: unknown): Promise<ApiError> {
  const result = await call(name, input);
  if (result.ok) throw new Error(`${name} was accepted: ${JSON.stringify(input)}`);
  return result.error;
}
const plan = () => ok('deploymentPlan.get', { id: ref });
const changeCount = () => (engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;
const rowCount = (table: string) => (engine.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const titles = (p: DeploymentPlan) => p.steps.map((s) => s.title);

describe('sort keys', () => {
  it('always find a key between two keys, at either end and after many inserts at one place', () => {
    expect(keyBetween(null, null)).toBe('V');
    const keys = ['V'];
    // Always insert right after the first key: the worst case for key length.
    for (let i = 0; i < 200; i++) keys.splice(1, 0, keyBetween(keys[0]!, keys[1] ?? null));
    for (let i = 0; i < 200; i++) keys.unshift(keyBetween(null, keys[0]!));
    for (const key of keys) expect(isSortKey(key)).toBe(true);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThan(50);
    expect(() => keyBetween('b', 'a')).toThrow(/not in order/);
  });

  it('spreads keys for a whole list in order', () => {
    for (const n of [1, 2, 10, 61, 62, 500]) {
      const keys = spreadKeys(n);
      expect(keys).toHaveLength(n);
      expect([...keys].sort()).toEqual(keys);
      expect(new Set(keys).size).toBe(n);
      expect(keys.every(isSortKey)).toBe(true);
    }
  });
});

describe('the defaults template', () => {
  it('the shipped template is valid and gives every part of a plan', () => {
    expect(shipped.cutover_steps.length).toBeGreaterThanOrEqual(8);
    expect(shipped.checklist.length).toBeGreaterThanOrEqual(8);
    expect(shipped.raci.length).toBeGreaterThanOrEqual(6);
    expect(shipped.communications.length).toBeGreaterThanOrEqual(3);
    expect(shipped.rollback.decision_role).toBe('moh_registries_manager');
  });

  it('a broken template is refused with the file and the problem named, and nothing is written', async () => {
    const dir = tempDir('pcr-dp-tpl-');
    try {
      const file = path.join(dir, 'deployment-plan', 'defaults.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const broken = structuredClone(shipped) as unknown as { cutover_steps: { owner_role: string }[]; checklist: { id: string }[]; colour?: string };
      broken.cutover_steps[1]!.owner_role = 'project_sponsor';
      broken.checklist[2]!.id = broken.checklist[0]!.id;
      broken.colour = 'blue';
      fs.writeFileSync(file, JSON.stringify(broken));
      await setUp({ templatesDir: dir });
      const before = changeCount();
      const error = await refused('deploymentPlan.start', { id: ref });
      expect(error.message).toContain(file);
      expect(error.message).toMatch(/is invalid: .*cutover_steps\.1\.owner_role: not a participant role/);
      expect(error.message).toMatch(/checklist\.2\.id: duplicate id/);
      expect(error.message).toMatch(/colour/);
      expect((await refused('deploymentPlan.defaults', {})).message).toContain(file);
      // The first edit of a plan starts it from the template, so it is refused the same way.
      expect((await refused('deploymentPlan.update', { id: ref, changes: { scope_summary: 'Go-live' } })).message).toContain(file);
      expect(changeCount()).toBe(before);
      expect((await plan()).started).toBe(false);

      fs.writeFileSync(file, '{ "version": ');
      expect((await refused('deploymentPlan.start', { id: ref })).message).toMatch(/deployment-plan[/\\]defaults\.json cannot be read/);
      fs.rmSync(file);
      expect((await refused('deploymentPlan.start', { id: ref })).message).toMatch(/defaults\.json cannot be read: ENOENT/);
      // "Start empty" needs no template.
      expect((await ok('deploymentPlan.start', { id: ref, from: 'empty' })).started).toBe(true);
    } finally {
      removeDir(dir);
    }
  });
});

describe('a deployment plan', () => {
  beforeEach(() => setUp());

  it('is not started until asked; starting applies the template once, with times from the go-live date', async () => {
    const before = changeCount();
    const fresh = await plan();
    expect(changeCount()).toBe(before);
    expect(fresh.started).toBe(false);
    expect(fresh.steps).toEqual([]);
    expect(fresh.environments.map((e) => [e.key, e.needed, e.status])).toEqual([
      ['HD4', true, 'not_ready'],
      ['HT2', true, 'not_ready'],
      ['HP1', true, 'not_ready'],
    ]);

    const started = await ok('deploymentPlan.start', { id: ref });
    expect(started.started).toBe(true);
    expect(started.template_version).toBe(shipped.version);
    expect(titles(started)).toEqual(shipped.cutover_steps.map((s) => s.title));
    expect(started.steps.map((s) => s.position)).toEqual(shipped.cutover_steps.map((_, i) => i + 1));
    expect(started.checklist.every((c) => !c.done)).toBe(true);
    expect(started.raci.areas).toHaveLength(shipped.raci.length);
    expect(started.raci.areas[0]!.assignments.moh_registries_manager).toBe('A');
    expect(started.raci.roles.find((r) => r.key === 'cgi_technical_team')!.person).toBe('Mei Chen');
    // Day -1 14:00 and day 0 17:00 around a go-live on 2026-03-14.
    expect(started.steps[0]!.planned_start).toBe('2026-03-13T14:00');
    expect(started.steps[1]!.planned_start).toBe('2026-03-14T17:00');
    expect(started.steps[1]!.planned_end).toBe('2026-03-14T17:15');
    expect(started.summary.cutover_start).toBe('2026-03-13T14:00');
    expect(started.support).toMatchObject({ hypercare_start: '2026-03-14', hypercare_end: '2026-03-27', hypercare_days: 14 });
    expect(started.scope.summary).toContain('Valley Community EMR for Sḵwx̱wú7mesh Úxwumixw Health Services');
    expect(started.scope.systems).toContain('Application: Valley Community EMR\nVersion: 4.2\nVendor: —\n');
    expect(started.scope.systems).toContain('HCIM environments: HD4 Development, HT2 EMR Conformance, HP1 Health Production');
    expect(started.summary.warnings).toEqual([]);

    expect(started.created_at).toBe('2026-03-02');

    // A second start, from the template or empty, is refused and changes nothing.
    const changes = changeCount();
    for (const from of ['template', 'empty']) {
      const again = await refused('deploymentPlan.start', { id: ref, from });
      expect(again.code).toBe('conflict');
      expect(again.message).toBe(`The deployment plan of ${ref} was already started from the template (version ${shipped.version}) on 2026-03-02; nothing was changed.`);
    }
    expect(changeCount()).toBe(changes);
    expect((await plan()).steps).toHaveLength(shipped.cutover_steps.length);
    await ok('deploymentPlan.update', { id: ref, changes: { escalation: 'Call Mei.' } });
    expect(rowCount('deployment_plan_steps')).toBe(shipped.cutover_steps.length);
    expect(rowCount('deployment_plan_checklist')).toBe(shipped.checklist.length);
  });

  it('the first edit of a plan never started starts it from the template, once', async () => {
    const edited = await ok('deploymentPlan.update', { id: ref, changes: { scope_summary: '  Go-live of the EMR integration in HP1.  ' } });
    expect(edited.started).toBe(true);
    expect(edited.scope.summary).toBe('Go-live of the EMR integration in HP1.');
    expect(edited.steps).toHaveLength(shipped.cutover_steps.length);
    const added = await ok<{ item: string; plan: DeploymentPlan }>('deploymentPlan.item.add', { id: ref, list: 'checklist', fields: { title: 'Partner on-call rota shared' } });
    expect(added.plan.checklist).toHaveLength(shipped.checklist.length + 1);
    expect(added.plan.checklist.at(-1)).toMatchObject({ id: added.item, title: 'Partner on-call rota shared', done: false });
  });

  it('an empty plan stays empty: later edits do not bring the template in, and it cannot be started again', async () => {
    const empty = await ok('deploymentPlan.start', { id: ref, from: 'empty' });
    expect(empty).toMatchObject({ started: true, template_version: null, steps: [], checklist: [], communications: [] });
    expect(empty.raci.areas).toEqual([]);
    const { plan: withStep } = await ok<{ plan: DeploymentPlan }>('deploymentPlan.item.add', { id: ref, list: 'steps', fields: { title: 'Switch the endpoint', owner_role: 'connected_partner' } });
    expect(titles(withStep)).toEqual(['Switch the endpoint']);
    const again = await refused('deploymentPlan.start', { id: ref, from: 'template' });
    expect(again).toMatchObject({ code: 'conflict', message: `The deployment plan of ${ref} was already started empty on 2026-03-02; nothing was changed.` });
    expect(titles(await plan())).toEqual(['Switch the endpoint']);
  });

  it('shows what the template would put in without writing anything', async () => {
    const before = changeCount();
    const preview = await ok<PlanTemplatePreview>('deploymentPlan.defaults', {});
    expect(changeCount()).toBe(before);
    expect((await plan()).started).toBe(false);
    expect(preview.version).toBe(shipped.version);
    expect(preview.steps.map((s) => s.title)).toEqual(shipped.cutover_steps.map((s) => s.title));
    expect(preview.steps[0]).toEqual({
      id: shipped.cutover_steps[0]!.id,
      title: shipped.cutover_steps[0]!.title,
      owner_role: 'moh_registries_manager',
      owner_role_label: 'MoH Health Registries manager',
      start: { day: -1, time: '14:00' },
      duration_minutes: 30,
    });
    expect(preview.checklist.map((c) => c.title)).toEqual(shipped.checklist.map((c) => c.title));
    expect(preview.communications.map((c) => c.audience)).toEqual(shipped.communications.map((c) => c.audience));
    expect(preview.raci_areas.map((r) => r.area)).toEqual(shipped.raci.map((r) => r.area));
    expect(preview.hypercare_days).toBe(shipped.support.hypercare_days);
    // The plan started from the template holds what the preview showed.
    const started = await ok('deploymentPlan.start', { id: ref });
    expect(started.checklist.map((c) => c.title)).toEqual(preview.checklist.map((c) => c.title));
    expect(titles(started)).toEqual(preview.steps.map((s) => s.title));
  });

  it('adds, edits and reorders cutover steps; a move changes one sort key and nothing else', async () => {
    await ok('deploymentPlan.start', { id: ref, from: 'empty' });
    const add = async (title: string, extra: Record<string, unknown> = {}) =>
      (await ok<{ item: string; plan: DeploymentPlan }>('deploymentPlan.item.add', { id: ref, list: 'steps', fields: { title, ...extra } })).item;
    const a = await add('Freeze changes', { owner_role: 'connected_partner', planned_start: '2026-03-14 17:00', duration_minutes: 15 });
    const b = await add('Open the ACL', { owner_role: 'cgi_operations_team', planned_start: '2026-03-14T17:15', duration_minutes: 30 });
    const c = await add('Smoke test', { owner_role: 'connected_partner', planned_start: '2026-03-14T17:45', duration_minutes: 45, verification: 'Find candidates returns the test identity', rollback: 'Disable the integration' });
    let current = await plan();
    expect(titles(current)).toEqual(['Freeze changes', 'Open the ACL', 'Smoke test']);
    expect(current.steps[0]).toMatchObject({ planned_start: '2026-03-14T17:00', planned_end: '2026-03-14T17:15', owner_role_label: 'Connected Partner' });
    expect(current.summary).toMatchObject({ steps: 3, cutover_start: '2026-03-14T17:00', cutover_end: '2026-03-14T18:30' });

    const before = changeCount();
    current = await ok('deploymentPlan.item.move', { id: ref, list: 'steps', item: c, to: 'up' });
    expect(titles(current)).toEqual(['Freeze changes', 'Smoke test', 'Open the ACL']);
    const logged = engine.store.db.prepare('SELECT row_id, field FROM change_log WHERE seq > (SELECT MAX(seq) - ? FROM change_log)').all(changeCount() - before);
    expect(logged).toEqual([{ row_id: c, field: 'sort_key' }]);
    // Out of time order now: the plan says so.
    expect(current.summary.warnings).toEqual(['Cutover step 3 “Open the ACL” starts at 2026-03-14 17:15, before step 2 (2026-03-14 17:45).']);

    expect(titles(await ok('deploymentPlan.item.move', { id: ref, list: 'steps', item: a, to: 'down' }))).toEqual(['Smoke test', 'Freeze changes', 'Open the ACL']);
    expect(titles(await ok('deploymentPlan.item.move', { id: ref, list: 'steps', item: a, to: 'first' }))).toEqual(['Freeze changes', 'Smoke test', 'Open the ACL']);
    expect(titles(await ok('deploymentPlan.item.move', { id: ref, list: 'steps', item: c, to: { after: b } }))).toEqual(['Freeze changes', 'Open the ACL', 'Smoke test']);
    // Moving the first row up changes nothing.
    const still = changeCount();
    await ok('deploymentPlan.item.move', { id: ref, list: 'steps', item: a, to: 'up' });
    expect(changeCount()).toBe(still);

    const d = (await ok<{ item: string; plan: DeploymentPlan }>('deploymentPlan.item.add', { id: ref, list: 'steps', after: a, fields: { title: 'Back up the configuration' } })).item;
    const first = (await ok<{ item: string; plan: DeploymentPlan }>('deploymentPlan.item.add', { id: ref, list: 'steps', after: null, fields: { title: 'Go/no-go' } })).plan;
    expect(titles(first)).toEqual(['Go/no-go', 'Freeze changes', 'Back up the configuration', 'Open the ACL', 'Smoke test']);
    const edited = await ok('deploymentPlan.item.update', { id: ref, list: 'steps', item: d, changes: { duration_minutes: 20, owner_role: 'cgi_technical_team', planned_start: null } });
    expect(edited.steps[2]).toMatchObject({ id: d, duration_minutes: 20, owner_role: 'cgi_technical_team', planned_start: null, planned_end: null });
    expect(edited.summary.warnings).toEqual(['Cutover step 1 “Go/no-go” has no owner role.']);
  });

  it('re-keys a list whose sort keys leave no room (two devices inserting at the same place)', async () => {
    await ok('deploymentPlan.start', { id: ref, from: 'empty' });
    const ids: string[] = [];
    for (const title of ['One', 'Two', 'Three']) ids.push((await ok<{ item: string }>('deploymentPlan.item.add', { id: ref, list: 'checklist', fields: { title } })).item);
    // As if another device had given "Three" the same key as "Two".
    const two = engine.store.db.prepare('SELECT sort_key FROM deployment_plan_checklist WHERE id = ?').get(ids[1]) as { sort_key: string };
    engine.store.db.prepare('UPDATE deployment_plan_checklist SET sort_key = ? WHERE id = ?').run(two.sort_key, ids[2]);
    const moved = await ok('deploymentPlan.item.move', { id: ref, list: 'checklist', item: ids[0], to: { after: ids[1] } });
    const order = moved.checklist.map((c) => c.title);
    expect(order[0]).not.toBe('One');
    expect(order).toContain('One');
    expect(new Set(moved.checklist.map((c) => c.sort_key)).size).toBe(3);
    expect(moved.checklist.map((c) => c.sort_key)).toEqual([...moved.checklist.map((c) => c.sort_key)].sort());
  });

  it('a removed step leaves the plan and stays in the history', async () => {
    const started = await ok('deploymentPlan.start', { id: ref });
    const step = started.steps[2]!;
    await ok('deploymentPlan.item.update', { id: ref, list: 'steps', item: step.id, changes: { duration_minutes: 45 } });
    const after = await ok('deploymentPlan.item.remove', { id: ref, list: 'steps', item: step.id });
    expect(after.steps.map((s) => s.id)).not.toContain(step.id);
    expect(after.steps).toHaveLength(started.steps.length - 1);
    expect(after.steps.map((s) => s.position)).toEqual(after.steps.map((_, i) => i + 1));
    const stored = engine.store.db.prepare('SELECT title, deleted_at FROM deployment_plan_steps WHERE id = ?').get(step.id) as { title: string; deleted_at: string };
    expect(stored.title).toBe(step.title);
    expect(stored.deleted_at).not.toBeNull();

    const history = await ok<HistoryEntry[]>('dossier.history', { id: ref });
    const about = history.filter((h) => h.row_id === step.id).map((h) => h.label);
    const name = `Cutover step “${step.title!.slice(0, 59)}…”`;
    expect(about).toContain(`${name} — removed`);
    expect(about).toContain(`${name} — duration (minutes)`);
    expect(about).toContain(`${name} — title`);
    // Removing it again, or editing it, is refused: it is gone.
    expect((await refused('deploymentPlan.item.remove', { id: ref, list: 'steps', item: step.id })).code).toBe('not_found');
    expect((await refused('deploymentPlan.item.update', { id: ref, list: 'steps', item: step.id, changes: { title: 'Back' } })).code).toBe('not_found');
  });

  it('refuses a bad owner role, date, time or duration, naming the field, and writes nothing', async () => {
    const before = changeCount();
    const cases: [unknown, RegExp][] = [
      [{ list: 'steps', fields: { title: 'Switch', owner_role: 'project_sponsor' } }, /^fields\.owner_role: not a participant role; use one of moh_registries_manager, .*connected_partner$/],
      [{ list: 'steps', fields: { title: 'Switch', planned_start: '2026-02-30 10:00' } }, /^fields\.planned_start: expected a date and time as YYYY-MM-DD HH:MM/],
      [{ list: 'steps', fields: { title: 'Switch', planned_start: 'tomorrow 9am' } }, /^fields\.planned_start: expected a date and time/],
      [{ list: 'steps', fields: { title: 'Switch', planned_start: '2026-03-14 24:30' } }, /^fields\.planned_start: expected a date and time/],
      [{ list: 'steps', fields: { title: 'Switch', duration_minutes: -5 } }, /^fields\.duration_minutes: a duration cannot be negative$/],
      [{ list: 'steps', fields: { title: 'Switch', duration_minutes: 2.5 } }, /^fields\.duration_minutes: expected whole minutes$/],
      [{ list: 'steps', fields: { title: '   ' } }, /^fields\.title: a cutover step needs a title$/],
      [{ list: 'steps', fields: { owner_role: 'cis' } }, /^fields\.title: a cutover step needs a title$/],
      [{ list: 'steps', fields: { title: 'Switch', colour: 'red' } }, /fields: Unrecognized key: "colour"/],
      [{ list: 'communications', fields: { channel: 'E-mail' } }, /^fields\.audience: a communication needs an audience or a message$/],
    ];
    for (const [input, message] of cases) {
      const error = await refused('deploymentPlan.item.add', { id: ref, ...(input as object) });
      expect(error.code).toBe('validation');
      expect(error.message).toMatch(message);
    }
    // Nothing written, not even the start of the plan that a valid first edit would make.
    expect(changeCount()).toBe(before);
    expect((await plan()).started).toBe(false);

    const started = await ok('deploymentPlan.start', { id: ref });
    const step = started.steps[0]!;
    const written = changeCount();
    const updates: [unknown, RegExp][] = [
      [{ title: '' }, /^changes\.title: a cutover step needs a title$/],
      [{ owner_role: 'sponsor' }, /^changes\.owner_role: not a participant role/],
      [{ planned_start: '14/03/2026 17:00' }, /^changes\.planned_start: expected a date and time/],
      [{ duration_minutes: -1, verification: 'ok' }, /^changes\.duration_minutes: a duration cannot be negative$/],
    ];
    for (const [changes, message] of updates) {
      expect((await refused('deploymentPlan.item.update', { id: ref, list: 'steps', item: step.id, changes })).message).toMatch(message);
    }
    expect((await refused('deploymentPlan.update', { id: ref, changes: { rollback_decision_role: 'boss' } })).message).toMatch(/^changes\.rollback_decision_role: not a participant role/);
    expect((await refused('deploymentPlan.update', { id: ref, changes: { hypercare_start: '2026-02-30' } })).message).toBe('changes.hypercare_start: "2026-02-30" is not a date');
    expect((await refused('deploymentPlan.update', { id: ref, changes: { hypercare_end: '2026-03-01' } })).message).toBe(
      'changes.hypercare_end: hypercare cannot end (2026-03-01) before it starts (2026-03-14)',
    );
    expect((await refused('deploymentPlan.environment.update', { id: ref, environment: 'HX9', changes: { status: 'ready' } })).message).toMatch(/^environment: not an HCIM environment/);
    expect((await refused('deploymentPlan.environment.update', { id: ref, environment: 'HP1', changes: { status: 'done' } })).message).toMatch(/^changes\.status: /);
    expect((await refused('deploymentPlan.raci.set', { id: ref, area: started.raci.areas[0]!.id, role: 'cis', assignment: 'X' })).message).toBe('assignment: expected R, A, C or I');
    expect((await refused('deploymentPlan.raci.set', { id: ref, area: 'no-such-area', role: 'cis', assignment: 'R' })).code).toBe('not_found');
    expect((await refused('deploymentPlan.item.add', { id: ref, list: 'steps', after: 'no-such-step', fields: { title: 'X' } })).code).toBe('not_found');
    expect((await refused('deploymentPlan.item.move', { id: ref, list: 'steps', item: step.id, to: 'sideways' })).code).toBe('validation');
    expect(changeCount()).toBe(written);
    expect((await plan()).steps[0]).toEqual(step);
  });

  it('tracks environment readiness with the dates certificates and ACL were done', async () => {
    let current = await ok('deploymentPlan.environment.update', { id: ref, environment: 'HP1', changes: { status: 'in_progress', certificates: true, notes: 'ACL request CHG-4411 raised' } });
    const hp1 = () => current.environments.find((e) => e.key === 'HP1')!;
    expect(current.started).toBe(true);
    expect(hp1()).toMatchObject({ status: 'in_progress', status_label: 'In progress', certificates_on: '2026-03-02', acl_on: null, notes: 'ACL request CHG-4411 raised' });
    current = await ok('deploymentPlan.environment.update', { id: ref, environment: 'HP1', changes: { acl: true, status: 'ready', certificates: true } });
    expect(hp1()).toMatchObject({ status: 'ready', certificates_on: '2026-03-02', acl_on: '2026-03-02' });
    expect(current.summary).toMatchObject({ environments_ready: 1, environments_needed: 3 });
    current = await ok('deploymentPlan.environment.update', { id: ref, environment: 'HP1', changes: { certificates: false } });
    expect(hp1().certificates_on).toBeNull();
    // An environment the dossier does not name is listed once it has readiness of its own.
    current = await ok('deploymentPlan.environment.update', { id: ref, environment: 'HS1', changes: { status: 'ready' } });
    expect(current.environments.map((e) => [e.key, e.needed])).toEqual([
      ['HD4', true],
      ['HT2', true],
      ['HS1', false],
      ['HP1', true],
    ]);
    const labels = (await ok<HistoryEntry[]>('dossier.history', { id: ref })).map((h) => h.label);
    expect(labels).toContain('HP1 Health Production readiness — SSL certificates in place on');
    expect(labels).toContain('HP1 Health Production readiness — status');
  });

  it('ticks checklist items and sets RACI letters, with the warnings the grid needs', async () => {
    const started = await ok('deploymentPlan.start', { id: ref });
    const item = started.checklist[1]!;
    let current = await ok('deploymentPlan.item.update', { id: ref, list: 'checklist', item: item.id, changes: { done: true } });
    expect(current.checklist[1]).toMatchObject({ done: true, done_on: '2026-03-02' });
    expect(current.summary).toMatchObject({ checklist_done: 1, checklist_total: shipped.checklist.length });
    current = await ok('deploymentPlan.item.update', { id: ref, list: 'checklist', item: item.id, changes: { done: false } });
    expect(current.checklist[1]).toMatchObject({ done: false, done_on: null });

    const area = started.raci.areas[0]!;
    current = await ok('deploymentPlan.raci.set', { id: ref, area: area.id, role: 'moh_registries_manager', assignment: null });
    expect(current.summary.warnings).toEqual([`RACI area “${area.title}” has no Accountable role.`]);
    current = await ok('deploymentPlan.raci.set', { id: ref, area: area.id, role: 'cis', assignment: 'A' });
    current = await ok('deploymentPlan.raci.set', { id: ref, area: area.id, role: 'connected_partner', assignment: 'A' });
    expect(current.raci.areas[0]!.assignments).toMatchObject({ cis: 'A', connected_partner: 'A', moh_registries_manager: null });
    expect(current.summary.warnings).toEqual([`RACI area “${area.title}” has 2 Accountable roles; one is expected.`]);

    const history = await ok<HistoryEntry[]>('dossier.history', { id: ref });
    const labels = history.map((h) => h.label);
    expect(labels).toContain(`RACI “${area.title}” — Conformance and Integration Services (CIS)`);
    expect(labels).toContain(`Go-live checklist “${item.title!.slice(0, 59)}…” — done on`);
    expect(labels).toContain('Deployment plan — started');
    // Rows only tie themselves to the dossier: not shown.
    expect(history.some((h) => h.field === 'dossier_id')).toBe(false);
  });

  it('getDeploymentPlan reads by id or reference, the same plan the API gives', async () => {
    await ok('deploymentPlan.start', { id: ref });
    const byRef = getDeploymentPlan(engine.context, ref);
    expect(getDeploymentPlan(engine.context, byRef.dossier_id)).toEqual(byRef);
    expect(await plan()).toEqual(byRef);
    expect(() => getDeploymentPlan(engine.context, 'PCR-1999-0001')).toThrow(/No dossier with id or reference "PCR-1999-0001"/);
  });
});

describe('two devices starting the same plan apart', () => {
  let other: ReturnType<typeof tempEngine>;
  afterEach(() => other?.close());

  type Logged = { entity: EntityName; row_id: string; field: string; value: string; dossier_id: string };
  /** Every change `from` made, in order, as a sync would bring it. */
  const logOf = (from: typeof engine, where: (c: Logged) => boolean = () => true) =>
    loggedChanges(from.store.db)
      .map((c) => ({ entity: c.entity as EntityName, row_id: c.row_id, field: c.field, value: c.value, dossier_id: c.dossier_id! }))
      .filter(where);
  /** Applies another device's changes here through the write path, as the sync's pull does. */
  const receive = (into: typeof engine, changes: Logged[]) =>
    into.store.write('Sync', changes.map((c) => ({ entity: c.entity, rowId: c.row_id, field: c.field, value: JSON.parse(c.value) as StoredValue, dossierId: c.dossier_id })));
  const planRows = (on: typeof engine) =>
    Object.fromEntries(
      Object.keys(ENTITIES)
        .filter((table) => table.startsWith('deployment_plan'))
        .map((table) => [table, (on.store.db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: string }[]).map((r) => r.id)]),
    );

  it('write the same row ids from the template, so the rows meet instead of doubling; rows added by hand keep their own ids', async () => {
    await setUp();
    other = tempEngine({ today: '2026-03-02', actor: 'Other Lead' });
    // The dossier reaches the second device first, as a sync would bring it.
    receive(other, logOf(engine));
    const dossierId = (await plan()).dossier_id;
    expect(getDeploymentPlan(other.context, ref).dossier_id).toBe(dossierId);
    const planChanges = (on: typeof engine) => logOf(on, (c) => c.entity.startsWith('deployment_plan'));

    await ok('deploymentPlan.start', { id: ref });
    const onOther = await dispatch(other.handlers, 'deploymentPlan.start', { id: ref });
    expect(onOther.ok).toBe(true);
    const rowsHere = planRows(engine);
    expect(planRows(other)).toEqual(rowsHere);
    expect(rowsHere.deployment_plans).toEqual([`${dossierId}/deployment-plan`]);
    expect(rowsHere.deployment_plan_steps).toEqual(shipped.cutover_steps.map((s) => `${dossierId}/deployment-plan/steps/${s.id}`).sort());
    expect(rowsHere.deployment_plan_checklist).toEqual(shipped.checklist.map((c) => `${dossierId}/deployment-plan/checklist/${c.id}`).sort());
    // Same values too, the start day included: nothing for a lead to reconcile.
    const fieldsOf = (on: typeof engine) => planChanges(on).map((c) => [c.entity, c.row_id, c.field, c.value]);
    expect(fieldsOf(other)).toEqual(fieldsOf(engine));

    // Each device adds a checklist item by hand; then they exchange what they wrote.
    const mine = (await ok<{ item: string }>('deploymentPlan.item.add', { id: ref, list: 'checklist', fields: { title: 'Partner on-call rota shared' } })).item;
    const theirs = await dispatch(other.handlers, 'deploymentPlan.item.add', { id: ref, list: 'checklist', fields: { title: 'Help desk briefed' } });
    if (!theirs.ok) throw new Error(theirs.error.message);
    const theirItem = (theirs.value as { item: string }).item;
    const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(mine).toMatch(UUID_V7);
    expect(theirItem).toMatch(UUID_V7);
    expect(theirItem).not.toBe(mine);
    const fromHere = planChanges(engine);
    const fromThere = planChanges(other);
    receive(engine, fromThere);
    receive(other, fromHere);

    for (const on of [engine, other]) {
      const merged = getDeploymentPlan(on.context, ref);
      expect(merged.steps).toHaveLength(shipped.cutover_steps.length);
      expect(merged.raci.areas).toHaveLength(shipped.raci.length);
      expect(merged.communications).toHaveLength(shipped.communications.length);
      expect(merged.checklist.map((c) => c.title)).toEqual([...shipped.checklist.map((c) => c.title), ...merged.checklist.slice(-2).map((c) => c.title)]);
      expect(merged.checklist.slice(-2).map((c) => c.id).sort()).toEqual([mine, theirItem].sort());
    }
    expect(planRows(other)).toEqual(planRows(engine));
  });
});

describe('the store', () => {
  it('has a RACI column, writable through the write path, for every participant role and the Connected Partner', () => {
    engine = tempEngine();
    const columns = (engine.store.db.prepare('PRAGMA table_info(deployment_plan_raci)').all() as { name: string }[]).map((c) => c.name);
    for (const role of PLAN_ROLE_KEYS) {
      expect(columns).toContain(role);
      expect(ENTITIES.deployment_plan_raci.has(role as never)).toBe(true);
    }
    for (const [table, writable] of Object.entries(ENTITIES).filter(([t]) => t.startsWith('deployment_plan'))) {
      const stored = (engine.store.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number; pk: number }[]).filter((c) => !c.pk);
      expect(stored.map((c) => c.name).sort()).toEqual([...writable].sort());
      expect(stored.every((c) => c.notnull === 0)).toBe(true);
    }
  });
});
