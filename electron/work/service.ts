/** "My work": every provider's items for one person, grouped by when they are due. */
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { WorkCounts, WorkItem } from '../../shared/api/workOps';
import { bucketsOf, compareDueAndReference, compareWorkItems, type WorkBucket } from '../../shared/work/queue';
import { localIsoDate } from '../../shared/dates';
import { providedEntries, type WorkEntry, type WorkProviders, type WorkQuery } from './providers';
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

/** An entry of the queue with its bucket, and its item once built. */
interface Queued {
  entry: WorkEntry;
  bucket: WorkBucket;
  item?: WorkItem;
}

/** Every provider's entries, each row once, with its bucket: nothing is built yet. */
function queueEntries(providers: WorkProviders, query: WorkQuery): Queued[] {
  const bucketOf = bucketsOf(query.today);
  const seen = new Set<string>();
  const queued: Queued[] = [];
  for (const provider of providers.list()) {
    for (const entry of providedEntries(provider, query)) {
      // The same row can be yours twice over (from two providers): listed once, as the first gave it.
      const row = entry.id.slice(entry.id.indexOf(':') + 1);
      if (seen.has(row)) continue;
      seen.add(row);
      queued.push({ entry, bucket: bucketOf(entry.due_date) });
    }
  }
  return queued;
}

function built(queued: Queued): WorkItem {
  if (!queued.item) {
    // The provider's object is fresh: given its bucket in place rather than copied (thousands per call).
    const item = queued.entry.build() as WorkItem;
    item.bucket = queued.bucket;
    queued.item = item;
  }
  return queued.item;
}

/** Every item of the person's work, built and sorted (reminders and the calendar take them all). */
export function collectWork(providers: WorkProviders, query: WorkQuery): WorkItem[] {
  return queueEntries(providers, query).map(built).sort(compareWorkItems);
}

export function countWork(items: readonly { bucket: WorkBucket }[]): WorkCounts {
  const counts: WorkCounts = { overdue: 0, this_week: 0, later: 0, total: items.length };
  for (const item of items) counts[item.bucket]++;
  return counts;
}

/**
 * The first `limit` items of each group, and with `tiesWithLast` any more that tie with the last
 * one taken. Sorted by due date, the groups follow one another (overdue, this week, later), so
 * each is one slice.
 */
export function firstOfEachBucket<T extends { bucket: WorkBucket }>(sorted: readonly T[], limit: number, tiesWithLast?: (item: T, last: T) => boolean): T[] {
  const shown: T[] = [];
  let bucket: WorkBucket | null = null;
  let taken = 0;
  for (const item of sorted) {
    if (item.bucket !== bucket) {
      bucket = item.bucket;
      taken = 0;
    }
    if (taken < limit || (taken > 0 && tiesWithLast?.(item, shown[shown.length - 1]!))) {
      shown.push(item);
      taken++;
    }
  }
  return shown;
}

/**
 * The first `limit` items of each group, building only those: the entries are ordered on their due
 * dates and dossiers; each group's first `limit`, and any more that tie with the last of them
 * (their titles decide), are built and ordered as collectWork orders them.
 */
function firstBuiltOfEachBucket(queued: Queued[], limit: number): WorkItem[] {
  const byEntry = (a: Queued, b: Queued) => compareDueAndReference(a.entry, b.entry);
  const candidates = firstOfEachBucket(queued.sort(byEntry), limit, (q, last) => byEntry(q, last) === 0);
  return firstOfEachBucket(candidates.map(built).sort(compareWorkItems), limit);
}

/**
 * Counted from the entries; only the items listed are built. Nobody reads thousands of rows: each
 * group lists its earliest-due items, its count says how many there are (limit 0, as the
 * navigation asks: the counts alone, nothing sorted or built).
 */
export function listWork(ctx: WorkContext, input: OperationArgs<'work.list'>): OperationOutput<'work.list'> {
  const query = workQuery(ctx, input);
  const queued = queueEntries(ctx.providers, query);
  const counts = countWork(queued);
  const limit = input.limit ?? WORK_LIST_LIMIT;
  const items = limit === 0 ? [] : firstBuiltOfEachBucket(queued, limit);
  return { today: query.today, role: query.role, assignee: query.assignee, counts, items };
}
