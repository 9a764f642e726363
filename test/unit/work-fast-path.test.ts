/**
 * My work lists from light entries and builds only what it shows; reminders and the calendar build
 * every item. Over a seeded portfolio, for every role with and without a name, the list must be
 * exactly the full build's: the same counts, and the same items in each group's first `limit`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationOutput } from '../../shared/api/contract';
import { PARTICIPANT_ROLES } from '../../shared/workflow/roles';
import { collectWork, countWork, firstOfEachBucket } from '../../electron/work/service';
import { GAP_OWNERS, seedPortfolio } from '../support/portfolio';
import { addDays } from '../../shared/work/queue';
import { tempEngine } from '../support/tempData';

const TODAY = '2026-12-07';
let engine: ReturnType<typeof tempEngine>;
beforeAll(() => {
  engine = tempEngine({ today: TODAY, actor: 'bench' });
  seedPortfolio(engine.context, 45, TODAY);
}, 600_000);
afterAll(() => engine?.close());

const whose: { role?: (typeof PARTICIPANT_ROLES)[number]['key']; assignee: string }[] = [
  ...PARTICIPANT_ROLES.map((r) => ({ role: r.key, assignee: 'nobody in particular' })),
  ...PARTICIPANT_ROLES.map((r) => ({ role: r.key, assignee: GAP_OWNERS[0] })),
  ...GAP_OWNERS.map((assignee) => ({ assignee })),
];

describe('My work listed from light entries', () => {
  it('counts and shows exactly what building every item gives, for every role with and without a name', () => {
    let listed = 0;
    for (const who of whose) {
      const everything = collectWork(engine.work, { role: who.role ?? null, assignee: who.assignee, today: TODAY });
      // Limits that cut groups (ties of due date and dossier at the cut included), the default, and counts alone.
      for (const limit of [0, 1, 3, 17, 100]) {
        const list = engine.handlers['work.list']({ ...who, today: TODAY, limit }) as OperationOutput<'work.list'>;
        expect(list.counts, JSON.stringify({ who, limit })).toEqual(countWork(everything));
        expect(list.items, JSON.stringify({ who, limit })).toEqual(firstOfEachBucket(everything, limit));
        listed += list.items.length;
      }
    }
    // The portfolio gives every group something to cut: not a comparison of empty lists.
    expect(listed).toBeGreaterThan(500);
    const cis = engine.handlers['work.list']({ role: 'cis', today: TODAY }) as OperationOutput<'work.list'>;
    expect(Object.values(cis.counts).every((n) => n > 0)).toBe(true);
  }, 600_000);

  it('gives a package approval two weeks before the go-live target (two weeks after the export without one)', () => {
    const awaited = (engine.handlers['work.list']({ role: 'cis', today: TODAY, limit: 1_000 }) as OperationOutput<'work.list'>).items.filter((i) => i.kind === 'package-approval');
    expect(awaited.length).toBeGreaterThan(0);
    // Demo packages went out weeks ago and their go-lives are ahead: not all overdue at once.
    expect(awaited.some((i) => i.bucket !== 'overdue')).toBe(true);
    const exported = engine.store.db.prepare('SELECT p.created_at, d.targets__go_live_date AS go_live FROM packages p JOIN dossiers d ON d.id = p.dossier_id WHERE d.reference = ?');
    for (const item of awaited) {
      const row = exported.get(item.reference) as { created_at: string; go_live: string | null };
      expect(item.due_date, item.reference).toBe(row.go_live ? addDays(row.go_live, -14) : addDays(row.created_at.slice(0, 10), 14));
      expect(item.detail).toContain(`exported ${row.created_at.slice(0, 10)}`);
    }
  });

  it('breaks a tie of due date and dossier at the cut by title, building only the tied items', () => {
    const fresh = tempEngine({ today: TODAY });
    try {
      const builds: string[] = [];
      // Given in reverse title order, all due the same day on the same dossier, and one earlier.
      const entry = (title: string, due: string) => ({
        id: `tie:${title}`,
        due_date: due,
        reference: 'PCR-2026-0001',
        build: () => {
          builds.push(title);
          return { id: `tie:${title}`, kind: 'tie', kind_label: 'Tie', dossier_id: 'd', reference: 'PCR-2026-0001', organization: null, title, detail: null, due_date: due, target: { tab: 'process' as const, focus: null } };
        },
      });
      fresh.work.register({ kind: 'tie', label: 'Tie', entries: () => [entry('D', '2026-12-01'), entry('C', '2026-12-01'), entry('B', '2026-12-01'), entry('A', '2026-11-30'), entry('Z', '2026-12-02')] });
      const list = fresh.handlers['work.list']({ role: 'cis', today: TODAY, limit: 2 }) as OperationOutput<'work.list'>;
      expect(list.items.map((i) => i.title)).toEqual(['A', 'B']);
      expect(list.counts).toEqual({ overdue: 5, this_week: 0, later: 0, total: 5 });
      expect(builds.sort()).toEqual(['A', 'B', 'C', 'D']);
    } finally {
      fresh.close();
    }
  });
});
