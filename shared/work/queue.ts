/**
 * "My work": what a person has to do across all dossiers, grouped by when it is due. Each item
 * comes from a provider (one per capability) and says where in the app the work is done.
 */
/** Overdue: due before today. This week: due today or in the next six days. Later: after that, or no date. */
export const WORK_BUCKETS = ['overdue', 'this_week', 'later'] as const;
export type WorkBucket = (typeof WORK_BUCKETS)[number];
export const WORK_BUCKET_LABELS: Record<WorkBucket, string> = {
  overdue: 'Overdue',
  this_week: 'This week',
  later: 'Later',
};

/** Days, from today, that "this week" covers (today and the six that follow). */
export const THIS_WEEK_DAYS = 7;

/** A calendar date (YYYY-MM-DD) moved by whole days, in UTC so no time zone shifts it. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The bucket of each due date, for one day: the end of its week reckoned once for thousands of dates. */
export function bucketsOf(today: string): (dueDate: string | null) => WorkBucket {
  const weekEnd = addDays(today, THIS_WEEK_DAYS);
  return (dueDate) => (dueDate === null ? 'later' : dueDate < today ? 'overdue' : dueDate < weekEnd ? 'this_week' : 'later');
}

export function bucketOf(dueDate: string | null, today: string): WorkBucket {
  return bucketsOf(today)(dueDate);
}

/** Overdue first (oldest first), then by due date, undated last, then by dossier. */
export function compareDueAndReference(a: { due_date: string | null; reference: string }, b: { due_date: string | null; reference: string }): number {
  if (a.due_date !== b.due_date) {
    if (a.due_date === null) return 1;
    if (b.due_date === null) return -1;
    return a.due_date < b.due_date ? -1 : 1;
  }
  // Plain code-point order: this runs on thousands of items per call, and references sort so anyway.
  return a.reference === b.reference ? 0 : a.reference < b.reference ? -1 : 1;
}

/** By due date and dossier (compareDueAndReference), then by title. */
export function compareWorkItems(
  a: { due_date: string | null; reference: string; title: string },
  b: { due_date: string | null; reference: string; title: string },
): number {
  return compareDueAndReference(a, b) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
}
