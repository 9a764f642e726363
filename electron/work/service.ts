/** "My work": every provider's items for one person, grouped by when they are due. */
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { WorkCounts, WorkItem } from '../../shared/api/workOps';
import { bucketOf, compareWorkItems } from '../../shared/work/queue';
import { localIsoDate } from '../../shared/dates';
import type { WorkProviders, WorkQuery } from './providers';
import { getProfile } from '../profile/index';
import { WORK_LIST_LIMIT, workRoleSchema, type WorkRole } from '../../shared/api/workOps';
import type { Store } from '../store/index';

export interface WorkContext {
  store: Store;
  actor: string;
  today?: () => string;
  providers: WorkProviders;
}

/** The participant role of the profile on this data folder, when it has one of the workbench roles. */
export function profileRole(store: Store): WorkRole | null {
  const parsed = workRoleSchema.safeParse(getProfile(store)?.role);
  return parsed.success ? parsed.data : null;
}

/** Whose work a call asks for: the role given, else the profile's; the name given, else the actor. */
export function workQuery(ctx: WorkContext, input: OperationArgs<'work.list'>): WorkQuery {
  return {
    role: input.role ?? profileRole(ctx.store),
    assignee: input.assignee ?? ctx.actor,
    today: input.today ?? (ctx.today ?? (() => localIsoDate()))(),
  };
}

export function collectWork(providers: WorkProviders, query: WorkQuery): WorkItem[] {
  const seen = new Set<string>();
  const items: WorkItem[] = [];
  for (const provider of providers.list()) {
    for (const item of provider.items(query)) {
      // The same row can be yours twice over (a gap you own that is also overdue): listed once.
      const row = item.id.slice(item.id.indexOf(':') + 1);
      if (seen.has(row)) continue;
      seen.add(row);
      // The provider's object is fresh: given its bucket in place rather than copied (thousands per call).
      const listed = item as WorkItem;
      listed.bucket = bucketOf(item.due_date, query.today);
      items.push(listed);
    }
  }
  return items.sort(compareWorkItems);
}

export function countWork(items: readonly WorkItem[]): WorkCounts {
  const counts: WorkCounts = { overdue: 0, this_week: 0, later: 0, total: items.length };
  for (const item of items) counts[item.bucket]++;
  return counts;
}

/**
 * The first `limit` items of each group. Sorted by due date, the groups follow one another
 * (overdue, this week, later), so each is one slice.
 */
export function firstOfEachBucket(sorted: readonly WorkItem[], limit: number): WorkItem[] {
  const shown: WorkItem[] = [];
  let bucket: WorkItem['bucket'] | null = null;
  let taken = 0;
  for (const item of sorted) {
    if (item.bucket !== bucket) {
      bucket = item.bucket;
      taken = 0;
    }
    if (taken < limit) {
      shown.push(item);
      taken++;
    }
  }
  return shown;
}

export function listWork(ctx: WorkContext, input: OperationArgs<'work.list'>): OperationOutput<'work.list'> {
  const query = workQuery(ctx, input);
  const items = collectWork(ctx.providers, query);
  const counts = countWork(items);
  // Nobody reads thousands of rows: each group lists its earliest-due items, its count says how many there are.
  return { today: query.today, role: query.role, assignee: query.assignee, counts, items: firstOfEachBucket(items, input.limit ?? WORK_LIST_LIMIT) };
}
