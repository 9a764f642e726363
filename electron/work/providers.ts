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

export interface WorkItemProvider {
  /** Short and stable: the first part of every item id it gives (`activity:…`). */
  readonly kind: string;
  readonly label: string;
  items(query: WorkQuery): ProvidedItem[];
}

export class WorkProviders {
  private readonly providers: WorkItemProvider[] = [];

  register(provider: WorkItemProvider): void {
    if (this.providers.some((p) => p.kind === provider.kind)) throw new Error(`A work provider of kind "${provider.kind}" is already registered.`);
    this.providers.push(provider);
  }

  list(): readonly WorkItemProvider[] {
    return this.providers;
  }
}
