/**
 * How a logged change is named for a person, and of which kind it is. The History knows none of
 * the capabilities' tables: each capability hands it a registration (its tables, their kind, a
 * labeller and, where it has one, a summary of an operation), and the engine registers them all.
 * The dossier's History tab and the sync conflicts use the same words
 * (`Conformance testing — status`, `Cutover step “Deploy” — planned start`).
 */
import type { HistoryKind } from '../../shared/history/kinds';
import { columnLabel } from '../../shared/sync/schema';
import type { Store } from '../store/index';

/** A label for the changes of one capability's tables, or null when the entity is not its own. */
export type HistoryLabeler = (store: Store, entity: string, rowId: string, field: string) => string | null;

/** One change of an operation, as a summary reads it (values are the log's JSON, parsed). */
export interface OperationChange {
  entity: string;
  row_id: string;
  field: string;
  old_value: unknown;
  new_value: unknown;
}

/**
 * One line for an operation's changes of this capability's tables (all of them given, in the
 * order the operation made them), or null to leave it to the History's own wording.
 */
export type OperationSummarizer = (store: Store, changes: readonly OperationChange[]) => string | null;

/** What a capability hands the History about its tables. */
export interface HistoryRegistration {
  kind: HistoryKind;
  entities: readonly string[];
  label: HistoryLabeler;
  summarize?: OperationSummarizer;
}

export interface HistoryLabelContext {
  store: Store;
  /** Labels of every capability's tables (see HistoryRegistry.labeler). */
  historyLabeler?: HistoryLabeler;
}

/** The capabilities' registrations, by table. */
export class HistoryRegistry {
  private readonly byEntity = new Map<string, HistoryRegistration>();

  constructor(registrations: readonly HistoryRegistration[] = []) {
    for (const registration of registrations) this.register(registration);
  }

  register(registration: HistoryRegistration): void {
    for (const entity of registration.entities) {
      if (this.byEntity.has(entity)) throw new Error(`Two capabilities register History labels for ${entity}`);
      this.byEntity.set(entity, registration);
    }
  }

  registrationOf(entity: string): HistoryRegistration | undefined {
    return this.byEntity.get(entity);
  }

  /** The kind of a table's changes; a table nobody registered counts as the dossier's own. */
  kindOf(entity: string): HistoryKind {
    return this.byEntity.get(entity)?.kind ?? 'dossier';
  }

  /** All registered labellers as one: the table's own capability names the change. */
  readonly labeler: HistoryLabeler = (store, entity, rowId, field) => this.byEntity.get(entity)?.label(store, entity, rowId, field) ?? null;
}

/** The label of one field of one row, as the History shows it; the record and column in words when no capability names it. */
export function historyLabel(ctx: HistoryLabelContext, entity: string, rowId: string, field: string): string {
  return ctx.historyLabeler?.(ctx.store, entity, rowId, field) ?? columnLabel(entity, field);
}
