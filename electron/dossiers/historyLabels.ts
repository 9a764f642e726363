/**
 * How a logged change is named for a person: the dossier's History tab and the sync conflicts use
 * the same words (`Conformance testing — status`, `Cutover step “Deploy” — planned start`).
 */
import { SCALAR_FIELDS, columnOf, findField } from '../../shared/dossier/fields';
import { ACTIVITIES } from '../../shared/workflow/definition';
import type { Store } from '../store/store';

/** A label for the changes of one capability's tables, or null when the entity is not its own. */
export type HistoryLabeler = (store: Store, entity: string, rowId: string, field: string) => string | null;

export interface HistoryLabelContext {
  store: Store;
  /** Labels of the other capabilities' tables, each capability handing its own (see combineHistoryLabelers). */
  historyLabeler?: HistoryLabeler;
}

/** One labeller from each capability's: the first that knows the entity names it. */
export function combineHistoryLabelers(...labelers: HistoryLabeler[]): HistoryLabeler {
  return (store, entity, rowId, field) => {
    for (const label of labelers) {
      const named = label(store, entity, rowId, field);
      if (named !== null) return named;
    }
    return null;
  };
}

/** What a row says about itself, as the History query joins it; looked up when not given. */
export interface HistoryRowFacts {
  set_field: string | null;
  set_value: string | null;
  activity_key: string | null;
}

const ANSWER_FIELD_LABELS: Record<string, string> = {
  response: 'partner response',
  comment: 'partner comment',
  assessment: 'reviewer assessment',
  reviewer_comment: 'reviewer comment',
  answered_version: 'answered against version',
};

function rowFacts(store: Store, entity: string, rowId: string): HistoryRowFacts {
  const none: HistoryRowFacts = { set_field: null, set_value: null, activity_key: null };
  if (entity === 'dossier_set_items') {
    const row = store.prepare('SELECT field, value FROM dossier_set_items WHERE id = ?').get(rowId) as { field: string | null; value: string | null } | undefined;
    return { ...none, set_field: row?.field ?? null, set_value: row?.value ?? null };
  }
  if (entity === 'activities') {
    const row = store.prepare('SELECT key FROM activities WHERE id = ?').get(rowId) as { key: string | null } | undefined;
    return { ...none, activity_key: row?.key ?? null };
  }
  return none;
}

function coreLabel(entity: string, rowId: string, field: string, facts: HistoryRowFacts): string {
  if (entity === 'dossiers') {
    const def = SCALAR_FIELDS.find((f) => columnOf(f.path) === field);
    return def ? def.label : field;
  }
  if (entity === 'dossier_set_items' && facts.set_field) {
    const def = findField(facts.set_field);
    const option = def?.options?.find((o) => o.value === facts.set_value)?.label ?? facts.set_value;
    return `${def?.label ?? facts.set_field}: ${option}`;
  }
  const questionId = rowId.split('/')[2];
  const words = field.replaceAll('_', ' ');
  if (entity === 'questionnaire_answers') return `Gap analysis ${questionId} — ${ANSWER_FIELD_LABELS[field] ?? words}`;
  if (entity === 'gaps') return `Gap on ${questionId} — ${words}`;
  if (entity === 'questionnaire_instances') return `Gap analysis — ${words}`;
  if (entity === 'questionnaire_evidence') return `Gap analysis evidence — ${words}`;
  if (entity === 'activities' && facts.activity_key) {
    const def = ACTIVITIES.find((a) => a.key === facts.activity_key);
    return `${def?.label ?? facts.activity_key} — ${field.replace('_', ' ')}`;
  }
  return field;
}

/** The label of one field of one row, as the History shows it. */
export function historyLabel(ctx: HistoryLabelContext, entity: string, rowId: string, field: string, facts?: HistoryRowFacts): string {
  return (
    ctx.historyLabeler?.(ctx.store, entity, rowId, field) ??
    coreLabel(entity, rowId, field, facts ?? rowFacts(ctx.store, entity, rowId))
  );
}
