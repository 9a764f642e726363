/** "My work": every provider's items for one person, grouped by when they are due. */
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { WorkCounts, WorkItem } from '../../shared/api/workOps';
import { bucketOf, compareWorkItems } from '../../shared/work/queue';
import { localIsoDate } from '../../shared/dates';
import type { WorkProviders, WorkQuery } from './providers';
import { getProfile } from '../profile/index';
import { workRoleSchema, type WorkRole } from '../../shared/api/workOps';
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
      items.push({ ...item, bucket: bucketOf(item.due_date, query.today) });
    }
  }
  return items.sort(compareWorkItems);
}

export function countWork(items: readonly WorkItem[]): WorkCounts {
  const counts: WorkCounts = { overdue: 0, this_week: 0, later: 0, total: items.length };
  for (const item of items) counts[item.bucket]++;
  return counts;
}

export function listWork(ctx: WorkContext, input: OperationArgs<'work.list'>): OperationOutput<'work.list'> {
  const query = workQuery(ctx, input);
  const items = collectWork(ctx.providers, query);
  return { today: query.today, role: query.role, assignee: query.assignee, counts: countWork(items), items };
}
