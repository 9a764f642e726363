/**
 * The dossier's History read from the change log: one row per field change (`dossierChanges`,
 * the audit trail as it always was) or the changes grouped by the operation that wrote them
 * (`dossierHistoryGroups`: one group per call of the write path, with a summary line), filtered
 * by kind and person and paged newest first.
 */
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { HistoryGroup } from '../../shared/api/historyOps';
import type { HistoryEntry } from '../../shared/api/types';
import type { FieldValue } from '../../shared/dossier/values';
import { parseHlc } from '../../shared/hlc';
import { HISTORY_KIND_LABELS, type HistoryKind } from '../../shared/history/kinds';
import { LOG_COLUMNS, expandEntry, type LogEntry } from '../store/changeLog';
import type { Store } from '../store/index';
import { historyLabel, type HistoryRegistry, type OperationChange } from './labels';

export interface HistoryContext {
  store: Store;
  history: HistoryRegistry;
}

interface OperationEntry extends LogEntry {
  /** The write that logged it (NULL for entries logged before operations were recorded). */
  op: number | null;
}

/** Columns that only tie a child row to its dossier: logged for sync, not worth showing. */
const LINK_FIELDS: ReadonlySet<string> = new Set(['dossier_id', 'key', 'field', 'value', 'instance_id', 'question_id', 'answer_id']);

/** Every log entry of the dossier, newest first (sorted here: a bound ORDER BY is re-prepared on every run). */
function readLog(store: Store, dossierId: string): OperationEntry[] {
  const entries = store.prepare(`SELECT ${LOG_COLUMNS}, op FROM change_log WHERE dossier_id = ?`).all(dossierId) as OperationEntry[];
  return entries.sort((a, b) => b.seq - a.seq);
}

/** When a stamp was written, as ISO time. */
const stampTime = (changeId: string) => new Date(parseHlc(changeId).physical).toISOString();

/** The field changes an entry stands for, in the order they were made, without the link columns. */
function shownChanges(entry: LogEntry) {
  return expandEntry(entry).filter((e) => e.entity === 'dossiers' || !LINK_FIELDS.has(e.field));
}

function toHistoryEntry(ctx: HistoryContext, e: ReturnType<typeof shownChanges>[number]): HistoryEntry {
  return {
    id: e.change_id,
    at: e.at ?? stampTime(e.change_id),
    actor: e.actor,
    entity: e.entity,
    row_id: e.row_id,
    field: e.field,
    label: historyLabel({ store: ctx.store, historyLabeler: ctx.history.labeler }, e.entity, e.row_id, e.field),
    old_value: JSON.parse(e.old_value) as FieldValue,
    new_value: JSON.parse(e.value) as FieldValue,
  };
}

/** The dossier's audit trail, one row per field change, newest first (a created row's fields in reverse order of their stamps). */
export function dossierChanges(ctx: HistoryContext, dossierId: string, limit: number): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const entry of readLog(ctx.store, dossierId)) {
    for (const e of shownChanges(entry).reverse()) {
      out.push(toHistoryEntry(ctx, e));
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/**
 * Which operation an entry belongs to. One call of the write path shares `op`; a batch received
 * through sync is one call too, so it is split by the device and person that made each change.
 * Entries older than `op` fall back to what one write shares: its time, device and actor.
 */
function operationKey(entry: OperationEntry, received: boolean): string {
  const base = entry.op !== null ? `op${entry.op}` : `at${entry.at ?? ''}`;
  return entry.op !== null && !received ? base : `${base}|${entry.device_id}|${entry.actor}`;
}

interface Operation {
  key: string;
  received: boolean;
  /** Newest first, as read. */
  entries: OperationEntry[];
}

/** The log's entries as operations, newest first (an operation's entries are adjacent in the log). */
function operations(store: Store, log: readonly OperationEntry[]): Operation[] {
  const out: Operation[] = [];
  for (const entry of log) {
    const received = entry.device_id !== store.deviceId;
    const key = operationKey(entry, received);
    const last = out.at(-1);
    if (last && last.key === key) last.entries.push(entry);
    else out.push({ key, received, entries: [entry] });
  }
  return out;
}

type Filters = Pick<OperationArgs<'dossier.history.groups'>, 'kinds' | 'person'>;

function matches(ctx: HistoryContext, operation: Operation, entry: LogEntry, filters: Filters): boolean {
  if (filters.person !== undefined && entry.actor !== filters.person) return false;
  if (!filters.kinds?.length) return true;
  return filters.kinds.includes(ctx.history.kindOf(entry.entity)) || (operation.received && filters.kinds.includes('sync'));
}

/** The kinds of the changes, most changes first. */
function kindsOf(ctx: HistoryContext, changes: readonly OperationChange[]): HistoryKind[] {
  const counts = new Map<HistoryKind, number>();
  for (const c of changes) {
    const kind = ctx.history.kindOf(c.entity);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([kind]) => kind);
}

/** One line for the operation: the change itself when it is one, else the summary of the capability with the most changes that has one. */
function summaryOf(ctx: HistoryContext, entries: readonly HistoryEntry[], changes: readonly OperationChange[], kinds: readonly HistoryKind[]): string {
  if (entries.length === 1) return entries[0]!.label;
  const byRegistration = new Map<string, OperationChange[]>();
  for (const c of changes) {
    const registration = ctx.history.registrationOf(c.entity);
    if (!registration?.summarize) continue;
    const key = registration.entities.join(',');
    const list = byRegistration.get(key) ?? [];
    list.push(c);
    byRegistration.set(key, list);
  }
  for (const own of [...byRegistration.values()].sort((a, b) => b.length - a.length)) {
    const line = ctx.history.registrationOf(own[0]!.entity)!.summarize!(ctx.store, own);
    if (line) return line;
  }
  return `${HISTORY_KIND_LABELS[kinds[0] ?? 'dossier']} changed`;
}

function toGroup(ctx: HistoryContext, operation: Operation, shown: readonly LogEntry[]): HistoryGroup {
  const changes = [...shown].reverse().flatMap(shownChanges);
  const entries = changes.map((c) => toHistoryEntry(ctx, c));
  const parsed: OperationChange[] = entries.map((e) => ({ entity: e.entity, row_id: e.row_id, field: e.field, old_value: e.old_value, new_value: e.new_value }));
  const kinds = kindsOf(ctx, parsed);
  const newest = operation.entries[0]!;
  return {
    id: operation.key,
    at: newest.at ?? stampTime(newest.change_id),
    actor: newest.actor,
    received: operation.received,
    kinds: operation.received ? [...kinds, 'sync'] : kinds,
    summary: summaryOf(ctx, entries, parsed, kinds),
    count: entries.length,
    entries: entries.map((e) => ({ ...e, kind: ctx.history.kindOf(e.entity) })),
  };
}

/** A page of the dossier's operations, newest first, with the filters applied to their changes. */
export function dossierHistoryGroups(
  ctx: HistoryContext,
  dossierId: string,
  input: Omit<OperationArgs<'dossier.history.groups'>, 'id'>,
): OperationOutput<'dossier.history.groups'> {
  const log = readLog(ctx.store, dossierId);
  const people = [...new Set(log.map((e) => e.actor))].sort((a, b) => a.localeCompare(b));
  const groups: HistoryGroup[] = [];
  let next: number | null = null;
  let oldestShown = 0;
  for (const operation of operations(ctx.store, log)) {
    if (input.before !== undefined && operation.entries[0]!.seq >= input.before) continue;
    const shown = operation.entries.filter((e) => matches(ctx, operation, e, input));
    if (shown.length === 0 || shown.every((e) => shownChanges(e).length === 0)) continue;
    // One more matching operation exists: the page is full and the next one starts after it.
    if (groups.length === input.limit) {
      next = oldestShown;
      break;
    }
    groups.push(toGroup(ctx, operation, shown));
    oldestShown = operation.entries.at(-1)!.seq;
  }
  return { groups, next, people };
}
