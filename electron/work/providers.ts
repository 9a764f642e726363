/**
 * The work queue is assembled from providers, one per capability: each answers "what of yours is
 * open here?" with one indexed query. A capability adds its provider with `register`.
 */
import type { WorkItem, WorkRole } from '../../shared/api/workOps';

/** Whose work: a participant role, a person's name, or both (either may be absent). */
export interface WorkQuery {
  role: WorkRole | null;
  assignee: string | null;
  today: string;
}

/** An item before it is grouped: the bucket is derived from its due date by the service. */
export type ProvidedItem = Omit<WorkItem, 'bucket'>;

/**
 * An item as counting and ordering need it: its id, due date and dossier reference, and how to
 * build the whole item (labels, title, detail). The queue builds only the items it lists, and
 * builds one to read its title only when due date and dossier tie.
 */
export interface WorkEntry {
  readonly id: string;
  readonly due_date: string | null;
  readonly reference: string;
  build(): ProvidedItem;
}

/** A provider gives its items light (`entries`, preferred) or whole (`items`); one of the two. */
export interface WorkItemProvider {
  /** Short and stable: the first part of every item id it gives (`activity:…`). */
  readonly kind: string;
  readonly label: string;
  entries?(query: WorkQuery): WorkEntry[];
  items?(query: WorkQuery): ProvidedItem[];
}

/** An item already built, as an entry. */
export function builtEntry(item: ProvidedItem): WorkEntry {
  return { id: item.id, due_date: item.due_date, reference: item.reference, build: () => item };
}

export function providedEntries(provider: WorkItemProvider, query: WorkQuery): WorkEntry[] {
  if (provider.entries) return provider.entries(query);
  return (provider.items?.(query) ?? []).map(builtEntry);
}

export class WorkProviders {
  private readonly providers: WorkItemProvider[] = [];

  register(provider: WorkItemProvider): void {
    if (this.providers.some((p) => p.kind === provider.kind)) throw new Error(`A work provider of kind "${provider.kind}" is already registered.`);
    if (!provider.entries && !provider.items) throw new Error(`The work provider "${provider.kind}" gives neither entries nor items.`);
    this.providers.push(provider);
  }

  list(): readonly WorkItemProvider[] {
    return this.providers;
  }
}
