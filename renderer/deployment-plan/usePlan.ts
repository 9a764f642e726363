/**
 * The deployment plan of one dossier and every change made to it. Each change goes to the engine
 * in turn, in the order it was made. Choices (a role, a status, a tick, a move) show at once and
 * are put back if the engine refuses them; typed text stays in its box until it is saved — after
 * a pause in typing, on Enter or when the box loses focus — and stays there, with the engine's
 * reason beside it, when it is refused.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OperationInput } from '../../shared/api/contract';
import type { DeploymentPlan, PlanList } from '../../shared/deployment-plan/model';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';

export type PlanFieldChanges = OperationInput<'deploymentPlan.update'>['changes'];
export type EnvironmentChanges = OperationInput<'deploymentPlan.environment.update'>['changes'];
export type ItemChanges<L extends PlanList> = Extract<OperationInput<'deploymentPlan.item.update'>, { list: L }>['changes'];
export type ItemFields<L extends PlanList> = Extract<OperationInput<'deploymentPlan.item.add'>, { list: L }>['fields'];
export type Move = OperationInput<'deploymentPlan.item.move'>['to'];
export type RaciLetterOrNone = OperationInput<'deploymentPlan.raci.set'>['assignment'];
export type PlanRoleKey = OperationInput<'deploymentPlan.raci.set'>['role'];
type Optimistic = (plan: DeploymentPlan) => DeploymentPlan;

/** How long typing must pause before text saves on its own. */
export const TEXT_PAUSE_MS = 1200;

export interface SaveStatus {
  state: 'idle' | 'saving' | 'saved' | 'failed';
  /** The failures still standing, newest last, each as "the planned start of step 2: why". */
  failures: string[];
}

/** How one text box saves: what it is called in messages, what is stored (as text), and the call. */
export interface TextSaver {
  what: string;
  stored: string;
  /** `text` is trimmed and NFC; empty means "clear". */
  send(text: string): Promise<DeploymentPlan>;
}

export interface PlanCalls {
  update(changes: PlanFieldChanges): Promise<DeploymentPlan>;
  updateEnvironment(environment: string, changes: EnvironmentChanges): Promise<DeploymentPlan>;
  updateItem<L extends PlanList>(list: L, item: string, changes: ItemChanges<L>): Promise<DeploymentPlan>;
}

export interface PlanStore {
  plan: DeploymentPlan | undefined;
  loadError: string | null;
  reload(): void;
  status: SaveStatus;
  start(from: 'template' | 'empty'): Promise<void>;
  /** The text to show in a box: what is typed and not yet saved, else the stored text. */
  text(key: string, stored: string): string;
  editText(key: string, text: string, saver: TextSaver): void;
  /** Saves a box now (blur, Enter). */
  flushText(key: string, saver: TextSaver): void;
  /** The engine's reason a change of this field was refused, to show beside it. */
  fieldError(key: string): string | undefined;
  /** Sends a choice at once; `optimistic` shows it while it saves. Never rejects: a failure shows beside `key`. */
  choose(key: string, what: string, send: () => Promise<DeploymentPlan>, optimistic?: Optimistic): void;
  update(key: string, what: string, changes: PlanFieldChanges, optimistic?: Optimistic): void;
  updateEnvironment(key: string, what: string, environment: string, changes: EnvironmentChanges, optimistic?: Optimistic): void;
  updateItem<L extends PlanList>(key: string, what: string, list: L, item: string, changes: ItemChanges<L>, optimistic?: Optimistic): void;
  /** Adds a row; resolves with its id, rejects with the engine's reason. */
  addItem<L extends PlanList>(what: string, list: L, fields: ItemFields<L>): Promise<string>;
  moveItem(what: string, list: PlanList, item: string, to: Move): void;
  removeItem(what: string, list: PlanList, item: string): void;
  setRaci(what: string, area: string, role: PlanRoleKey, assignment: RaciLetterOrNone): void;
  /** The calls behind the changes, for text savers (they are queued by the store when saving). */
  calls: PlanCalls;
  /** Sends every refused text again; forgets refused choices (they were put back). */
  retryFailed(): void;
  /** Boxes whose text is not saved: waiting for the pause, on its way, or refused. */
  unsavedCount: number;
}

const clean = (text: string) => text.normalize('NFC').trim();

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

/** The reason without the field path the engine puts first ("changes.planned_start: ..."). */
export function reasonOf(message: string): string {
  const reason = message.replace(/^(?:changes|fields)\.[\w.]+: /, '');
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** Puts a moved row where the engine will: one place up or down, first or last. */
export function movedList<T extends { id: string; position: number }>(rows: T[], id: string, to: Move): T[] {
  const from = rows.findIndex((r) => r.id === id);
  if (from < 0 || typeof to !== 'string') return rows;
  const others = rows.filter((r) => r.id !== id);
  const index = to === 'up' ? Math.max(0, from - 1) : to === 'down' ? Math.min(others.length, from + 1) : to === 'first' ? 0 : others.length;
  others.splice(index, 0, rows[from]!);
  return others.map((r, i) => ({ ...r, position: i + 1 }));
}

export function usePlan(dossierId: string): PlanStore {
  const loaded = useApiQuery(() => api.call('deploymentPlan.get', { id: dossierId }), [dossierId]);
  const [plan, setPlan] = useState<DeploymentPlan | undefined>(undefined);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const draftsRef = useRef(drafts);
  const savers = useRef(new Map<string, TextSaver>());
  const timers = useRef(new Map<string, number>());
  // What failed ("the planned start of step 2"), why (the engine's reason) and whether it was typed text.
  const [errors, setErrors] = useState<Record<string, { what: string; why: string; text: boolean }>>({});
  const [inFlight, setInFlight] = useState(0);
  const [savedOnce, setSavedOnce] = useState(false);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);
  // The engine's latest plan, kept while later changes still wait.
  const lastAnswer = useRef<DeploymentPlan | undefined>(undefined);
  const reloadRef = useRef(loaded.reload);
  reloadRef.current = loaded.reload;

  useEffect(() => {
    if (loaded.data && pending.current === 0) setPlan(loaded.data);
  }, [loaded.data]);

  const setError = useCallback(
    (key: string, failure: { what: string; why: string; text: boolean } | null) => setErrors((e) => (failure ? { ...e, [key]: failure } : omit(e, key))),
    [],
  );

  const setDraft = useCallback((key: string, text: string | undefined) => {
    draftsRef.current = text === undefined ? omit(draftsRef.current, key) : { ...draftsRef.current, [key]: text };
    setDrafts(draftsRef.current);
  }, []);

  /**
   * Runs one change after the ones before it. The engine's plan is shown once no other change
   * waits, so an answer to an earlier change never hides a later change shown in advance.
   */
  const run = useCallback(<T>(task: () => Promise<T>, planOf: (result: T) => DeploymentPlan, optimistic?: Optimistic): Promise<T> => {
    if (optimistic) setPlan((p) => (p ? optimistic(p) : p));
    pending.current += 1;
    setInFlight((n) => n + 1);
    const work = queue.current.then(task);
    queue.current = work.catch(() => undefined);
    let latest: DeploymentPlan | undefined;
    return work
      .then(
        (result) => {
          latest = planOf(result);
          setSavedOnce(true);
          return result;
        },
        (error: unknown) => {
          // What was shown in advance is put back by reading the plan again.
          reloadRef.current();
          throw error;
        },
      )
      .finally(() => {
        pending.current -= 1;
        if (latest) lastAnswer.current = latest;
        if (pending.current === 0 && lastAnswer.current) {
          setPlan(lastAnswer.current);
          lastAnswer.current = undefined;
        }
        setInFlight((n) => n - 1);
      });
  }, []);

  const saveText = useCallback(
    (key: string, options: { leaving: boolean }) => {
      const timer = timers.current.get(key);
      if (timer !== undefined) window.clearTimeout(timer);
      timers.current.delete(key);
      const draft = draftsRef.current[key];
      const saver = savers.current.get(key);
      if (draft === undefined || !saver) return;
      const text = clean(draft);
      if (text === clean(saver.stored)) {
        // Nothing new. Trailing spaces stay in the box while the lead is still typing.
        if (options.leaving) setDraft(key, undefined);
        setError(key, null);
        return;
      }
      run(() => saver.send(text), (p) => p).then(
        () => {
          // Keep what was typed since this save started; it saves on its own turn.
          if (draftsRef.current[key] === draft) setDraft(key, undefined);
          setError(key, null);
        },
        (error: unknown) => setError(key, { what: saver.what, why: reasonOf(errorMessage(error)), text: true }),
      );
    },
    [run, setDraft, setError],
  );

  // Leaving the dossier sends what is still waiting for its pause.
  useEffect(() => {
    const waiting = timers.current;
    return () => {
      for (const key of [...waiting.keys()]) saveText(key, { leaving: true });
    };
  }, [saveText]);

  const choose = useCallback(
    (key: string, what: string, send: () => Promise<DeploymentPlan>, optimistic?: Optimistic) => {
      run(send, (p) => p, optimistic).then(
        () => setError(key, null),
        (error: unknown) => setError(key, { what, why: reasonOf(errorMessage(error)), text: false }),
      );
    },
    [run, setError],
  );

  const retryFailed = useCallback(() => {
    for (const [key, failure] of Object.entries(errors)) {
      if (failure.text) saveText(key, { leaving: false });
      else setError(key, null);
    }
  }, [errors, saveText, setError]);

  const status = useMemo<SaveStatus>(() => {
    const failures = Object.values(errors).map((e) => `${e.what}: ${e.why}`);
    return { state: inFlight > 0 ? 'saving' : failures.length > 0 ? 'failed' : savedOnce ? 'saved' : 'idle', failures };
  }, [errors, inFlight, savedOnce]);

  const unsavedCount = Object.keys(drafts).length;

  const calls = useMemo<PlanCalls>(
    () => ({
      update: (changes) => api.call('deploymentPlan.update', { id: dossierId, changes }),
      updateEnvironment: (environment, changes) => api.call('deploymentPlan.environment.update', { id: dossierId, environment, changes }),
      updateItem: (list, item, changes) =>
        api.call('deploymentPlan.item.update', { id: dossierId, list, item, changes } as OperationInput<'deploymentPlan.item.update'>),
    }),
    [dossierId],
  );

  return {
    plan,
    calls,
    loadError: loaded.error,
    reload: loaded.reload,
    status,
    unsavedCount,
    async start(from) {
      await run(() => api.call('deploymentPlan.start', { id: dossierId, from }), (p) => p);
    },
    text: (key, stored) => drafts[key] ?? stored,
    editText(key, text, saver) {
      savers.current.set(key, saver);
      setDraft(key, text);
      const timer = timers.current.get(key);
      if (timer !== undefined) window.clearTimeout(timer);
      timers.current.set(
        key,
        window.setTimeout(() => saveText(key, { leaving: false }), TEXT_PAUSE_MS),
      );
    },
    flushText(key, saver) {
      savers.current.set(key, saver);
      saveText(key, { leaving: true });
    },
    fieldError(key) {
      const failure = errors[key];
      if (!failure) return undefined;
      return failure.text ? `Not saved: ${sentence(failure.why)} What you typed stays here.` : `Not saved: ${sentence(failure.why)}`;
    },
    choose,
    update(key, what, changes, optimistic) {
      choose(key, what, () => calls.update(changes), optimistic);
    },
    updateEnvironment(key, what, environment, changes, optimistic) {
      choose(key, what, () => calls.updateEnvironment(environment, changes), optimistic);
    },
    updateItem(key, what, list, item, changes, optimistic) {
      choose(key, what, () => calls.updateItem(list, item, changes), optimistic);
    },
    async addItem(what, list, fields) {
      const input = { id: dossierId, list, fields } as OperationInput<'deploymentPlan.item.add'>;
      try {
        const result = await run(() => api.call('deploymentPlan.item.add', input), (r) => r.plan);
        setError(`add:${list}`, null);
        return result.item;
      } catch (error) {
        const why = reasonOf(errorMessage(error));
        setError(`add:${list}`, { what, why, text: false });
        throw new Error(why);
      }
    },
    moveItem(what, list, item, to) {
      choose(`move:${list}`, what, () => api.call('deploymentPlan.item.move', { id: dossierId, list, item, to }), (p) => withList(p, list, (rows) => movedList(rows, item, to)));
    },
    removeItem(what, list, item) {
      choose(`remove:${list}`, what, () => api.call('deploymentPlan.item.remove', { id: dossierId, list, item }), (p) =>
        withList(p, list, (rows) => rows.filter((r) => r.id !== item).map((r, i) => ({ ...r, position: i + 1 }))),
      );
    },
    setRaci(what, area, role, assignment) {
      choose(`raci:${area}:${role}`, what, () => api.call('deploymentPlan.raci.set', { id: dossierId, area, role, assignment }), (p) => ({
        ...p,
        raci: { ...p.raci, areas: p.raci.areas.map((a) => (a.id === area ? { ...a, assignments: { ...a.assignments, [role]: assignment } } : a)) },
      }));
    },
    retryFailed,
  };
}

type Row = { id: string; position: number };

/** The plan with one of its ordered lists changed. */
export function withList(plan: DeploymentPlan, list: PlanList, change: <T extends Row>(rows: T[]) => T[]): DeploymentPlan {
  switch (list) {
    case 'steps':
      return { ...plan, steps: change(plan.steps) };
    case 'checklist':
      return { ...plan, checklist: change(plan.checklist) };
    case 'communications':
      return { ...plan, communications: change(plan.communications) };
    case 'raci':
      return { ...plan, raci: { ...plan.raci, areas: change(plan.raci.areas) } };
  }
}

/** The plan with one row of a list patched (a choice shown while it saves). */
export function patchRow(plan: DeploymentPlan, list: PlanList, id: string, patch: Record<string, unknown>): DeploymentPlan {
  return withList(plan, list, (rows) => rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
}
