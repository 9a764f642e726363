import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { Dossier } from '../../shared/api/types';
import type { OperationOutput } from '../../shared/api/contract';
import type { WorkItemProvider } from '../../electron/work/index';
import { addDays, bucketOf } from '../../shared/work/queue';
import { tempEngine } from '../support/tempData';

const TODAY = '2026-12-07';
let engine: ReturnType<typeof tempEngine>;
beforeEach(() => {
  engine = tempEngine({ today: TODAY, actor: 'Amélie Tremblay' });
});
afterEach(() => engine.close());

const ok = async <T>(name: string, input: unknown): Promise<T> => {
  const result = await dispatch(engine.handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value as T;
};
type WorkList = OperationOutput<'work.list'>;
const create = (org: string) =>
  ok<Dossier>('dossier.create', {
    // Received in October: due dates from then on are allowed (a due date may not precede the intake date).
    fields: { 'organization.legal_name': org, 'application.name': 'EMR', 'integration.standard': 'fhir', 'start.request_received_date': '2026-10-15' },
  });
const setActivity = (id: string, activity: string, changes: object) => ok('activity.update', { id, activity, changes });

describe('work queue buckets', () => {
  it('puts past due dates in overdue, the next seven days in this week, the rest and undated in later', () => {
    expect(bucketOf('2026-12-06', TODAY)).toBe('overdue');
    expect(bucketOf(TODAY, TODAY)).toBe('this_week');
    expect(bucketOf(addDays(TODAY, 6), TODAY)).toBe('this_week');
    expect(bucketOf(addDays(TODAY, 7), TODAY)).toBe('later');
    expect(bucketOf(null, TODAY)).toBe('later');
    expect(addDays('2026-12-30', 5)).toBe('2027-01-04');
  });
});

describe('work.list', () => {
  it('lists, across dossiers, the open activities of the role (unassigned or mine) and those assigned to me, grouped by due date', async () => {
    const a = await create('Fraser Health');
    const b = await create('Island Health');
    const c = await create('Northern Health');
    // The kick-off belongs to the MoH registries manager.
    await setActivity(a.reference, 'kickoff', { due_date: '2026-12-01' });
    await setActivity(b.reference, 'kickoff', { due_date: '2026-12-09', assignee: 'Amélie Tremblay' });
    await setActivity(c.reference, 'kickoff', { assignee: 'Someone Else' });
    // Assigned to me by name though another role owns it; in a later phase, but dated.
    await setActivity(c.reference, 'go_live', { due_date: '2027-02-01', assignee: 'amélie tremblay' });
    // Done work is nobody's.
    const d = await create('Interior Health');
    await setActivity(d.reference, 'kickoff', { assignee: 'Amélie Tremblay', due_date: '2026-11-01', status: 'done', completed_date: '2026-11-01' });

    const mine = await ok<WorkList>('work.list', { role: 'moh_registries_manager' });
    expect(mine.assignee).toBe('Amélie Tremblay');
    expect(mine.items.map((i) => [i.reference, i.target.focus, i.bucket])).toEqual([
      [a.reference, 'kickoff', 'overdue'],
      [b.reference, 'kickoff', 'this_week'],
      [c.reference, 'go_live', 'later'],
    ]);
    expect(mine.counts).toEqual({ overdue: 1, this_week: 1, later: 1, total: 3 });
    expect(mine.items[0]).toMatchObject({ kind: 'activity', target: { tab: 'process', focus: 'kickoff' }, organization: 'Fraser Health', due_date: '2026-12-01' });

    // Another role sees none of these kick-offs; the name still brings the go-live.
    const ops = await ok<WorkList>('work.list', { role: 'cgi_technical_team', assignee: 'Nobody' });
    expect(ops.items).toEqual([]);
    // An activity of a later phase without a date is not anyone's work yet.
    const analysis = await ok<WorkList>('work.list', { role: 'cgi_technical_team', assignee: 'Nobody' });
    expect(analysis.items.filter((i) => i.target.focus === 'analysis_design')).toEqual([]);
  });

  it('lists gaps I own and, for the role that follows the gap analysis up, each dossier with overdue remediation once', async () => {
    const d = await create('Vancouver Coastal Health');
    const question = (engine.context.templates.latest('privacy-security-volume2').sections[0]!.questions[0]!).id;
    const other = (engine.context.templates.latest('privacy-security-volume2').sections[0]!.questions[1]!).id;
    const { gap } = await ok<{ gap: { id: string } }>('questionnaire.assess', { id: d.reference, question, assessment: 'not_compliant' });
    const { gap: gap2 } = await ok<{ gap: { id: string } }>('questionnaire.assess', { id: d.reference, question: other, assessment: 'not_compliant' });
    await ok('gap.update', { id: d.reference, gap: gap.id, changes: { owner: 'Amélie Tremblay', due_date: '2026-11-30', likelihood: 5, impact: 5 } });
    await ok('gap.update', { id: d.reference, gap: gap2.id, changes: { owner: 'Harpreet Sandhu', due_date: '2026-12-02' } });

    const owner = await ok<WorkList>('work.list', { role: 'cgi_technical_team' });
    const gaps = owner.items.filter((i) => i.target.tab === 'gaps');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ kind: 'gap', target: { focus: gap.id }, bucket: 'overdue' });
    expect(gaps[0]!.detail).toContain('critical risk');

    const cis = await ok<WorkList>('work.list', { role: 'cis', assignee: 'Amélie Tremblay' });
    const cisGaps = cis.items.filter((i) => i.target.tab === 'gaps');
    expect(cisGaps.map((i) => [i.kind, i.target.focus]).sort()).toEqual([
      ['gap', gap.id],
      ['remediation', gap.id],
    ]);
    // Both overdue gaps of the dossier in one item, opening on the oldest.
    expect(cisGaps.find((i) => i.kind === 'remediation')).toMatchObject({ title: '2 gap remediations past their due dates', detail: 'oldest due 2026-11-30', due_date: '2026-11-30', bucket: 'overdue' });
  });

  it("takes the role from the profile when a call names none, and keeps the reminder settings on the device", async () => {
    expect((await ok<WorkList>('work.list', {})).role).toBeNull();
    await ok('profile.set', { name: 'Amélie Tremblay', role: 'cis' });
    expect((await ok<WorkList>('work.list', {})).role).toBe('cis');
    expect(await ok('work.settings.get', {})).toEqual({ reminders: { enabled: true, due_soon_days: 3 } });
    await ok('work.settings.set', { reminders: { due_soon_days: 5 } });
    expect(await ok('work.settings.get', {})).toEqual({ reminders: { enabled: true, due_soon_days: 5 } });
    const refused = await dispatch(engine.handlers, 'work.settings.set', { reminders: { due_soon_days: -1 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await ok('work.settings.get', {})).toEqual({ reminders: { enabled: true, due_soon_days: 5 } });
  });

  it('lists an ended conformance round without a decision for its CIS reviewer', async () => {
    const d = await create('Interior Health');
    await ok('dossier.update', { id: d.reference, changes: { 'integration.transactions': ['find_candidates', 'get_demographics'] } });
    await ok('conformance.round.start', { id: d.reference, started_on: '2026-11-20', ended_on: '2026-12-03', cis_reviewer: 'Amélie Tremblay' });
    const mine = await ok<WorkList>('work.list', { role: 'cgi_technical_team' });
    expect(mine.items.filter((i) => i.kind === 'conformance').map((i) => [i.reference, i.target.tab, i.bucket])).toEqual([[d.reference, 'conformance', 'overdue']]);
    const other = await ok<WorkList>('work.list', { assignee: 'Someone Else' });
    expect(other.items.filter((i) => i.kind === 'conformance')).toEqual([]);
  });

  it('takes items from a provider that a capability registers', async () => {
    const d = await create('Interior Health');
    const approvals: WorkItemProvider = {
      kind: 'approval',
      label: 'Approval',
      items: (query) =>
        query.role === 'cis'
          ? [{ id: 'approval:p1', kind: 'approval', kind_label: 'Approval', dossier_id: d.id, reference: d.reference, organization: 'Interior Health', title: 'Approve the package', detail: null, due_date: null, target: { tab: 'documents', focus: null } }]
          : [],
    };
    engine.work.register(approvals);
    expect(() => engine.work.register(approvals)).toThrow(/already registered/);
    const list = await ok<WorkList>('work.list', { role: 'cis' });
    expect(list.items.map((i) => i.id)).toContain('approval:p1');
  });

  it('lists the earliest due items of each group up to the limit, with counts of all (0: the counts alone)', async () => {
    const d = await create('Interior Health');
    // 250 overdue, 150 this week and 120 later items: more than a group lists by default.
    const due = (k: number) => (k < 250 ? addDays(TODAY, -1 - (k % 40)) : k < 400 ? addDays(TODAY, k % 7) : k % 2 ? null : addDays(TODAY, 7 + (k % 90)));
    engine.work.register({
      kind: 'many',
      label: 'Many',
      items: () =>
        Array.from({ length: 520 }, (_, k) => ({
          id: `many:${k}`, kind: 'many', kind_label: 'Many', dossier_id: d.id, reference: d.reference, organization: null,
          title: `Item ${String(k).padStart(3, '0')}`, detail: null, due_date: due(k), target: { tab: 'process' as const, focus: null },
        })),
    });
    const counts = { overdue: 250, this_week: 150, later: 120, total: 520 };
    const capped = await ok<WorkList>('work.list', { role: 'cis' });
    expect(capped.counts).toEqual(counts);
    const shown = (list: WorkList, bucket: string) => list.items.filter((i) => i.bucket === bucket);
    expect([shown(capped, 'overdue').length, shown(capped, 'this_week').length, shown(capped, 'later').length]).toEqual([100, 100, 100]);
    // The earliest due: the overdue shown are the oldest, and the ones left out are all due later.
    const all = await ok<WorkList>('work.list', { role: 'cis', limit: 1_000 });
    expect(all.items).toHaveLength(520);
    const oldest = all.items.filter((i) => i.bucket === 'overdue').slice(0, 100);
    expect(shown(capped, 'overdue').map((i) => i.id)).toEqual(oldest.map((i) => i.id));
    const counted = await ok<WorkList>('work.list', { role: 'cis', limit: 0 });
    expect(counted).toMatchObject({ counts, items: [] });
  });
});

describe('reminders.take', () => {
  type Taken = OperationOutput<'reminders.take'>;
  it('reminds each overdue or due-soon item once per day, with a digest on the first call of the day', async () => {
    const d = await create('Fraser Health');
    await setActivity(d.reference, 'kickoff', { due_date: '2026-12-01' });
    const later = await create('Island Health');
    await setActivity(later.reference, 'kickoff', { due_date: '2026-12-09' });
    const far = await create('Northern Health');
    await setActivity(far.reference, 'kickoff', { due_date: '2026-12-30' });

    const first = await ok<Taken>('reminders.take', { role: 'moh_registries_manager' });
    expect(first.digest).toEqual({ overdue: 1, due_soon: 1, due_soon_days: 3 });
    expect(first.notify.map((i) => i.reference)).toEqual([d.reference, later.reference]);
    const again = await ok<Taken>('reminders.take', { role: 'moh_registries_manager' });
    expect(again).toMatchObject({ digest: null, notify: [] });
    // A longer "due soon" brings the far one, once.
    await ok('work.settings.set', { reminders: { due_soon_days: 30 } });
    expect((await ok<Taken>('reminders.take', { role: 'moh_registries_manager' })).notify.map((i) => i.reference)).toEqual([far.reference]);
    // The next day everything still due is reminded again, with a new digest.
    const tomorrow = await ok<Taken>('reminders.take', { role: 'moh_registries_manager', today: '2026-12-08' });
    expect(tomorrow.digest).toEqual({ overdue: 1, due_soon: 2, due_soon_days: 30 });
    expect(tomorrow.notify).toHaveLength(3);
  });

  it('raises nothing when reminders are off', async () => {
    const d = await create('Fraser Health');
    await setActivity(d.reference, 'kickoff', { due_date: '2026-12-01' });
    await ok('work.settings.set', { reminders: { enabled: false } });
    expect(await ok<Taken>('reminders.take', { role: 'moh_registries_manager' })).toEqual({ today: TODAY, enabled: false, digest: null, notify: [] });
  });
});
