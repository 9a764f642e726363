/**
 * The gap analysis of one dossier and every change made to it. Responses and assessments save
 * the moment they are picked (shown at once, put back if the engine refuses); comments save when
 * the box loses focus or after a short pause in typing, and stay in the box until saved. Saves go
 * to the engine one after another, in the order they were made.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OperationInput, OperationOutput } from '../../shared/api/contract';
import type { Answer, Gap, QuestionnaireView, RollupView } from '../../shared/api/questionnaireTypes';
import type { Response } from '../../shared/questionnaire/template';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { localRollup, questionNumbers, withApplicability } from './model';

export type CommentKind = 'comment' | 'reviewer_comment';
type ChoiceKind = 'response' | 'assessment';

/** How long typing must pause before a comment saves on its own. */
export const COMMENT_PAUSE_MS = 1200;
export const MAX_COMMENT_LENGTH = 20_000;

export type EvidenceInput = { reference: string } | { file: { name: string; content_base64: string } };
export type GapChanges = OperationInput<'gap.update'>['changes'];
export type UpgradeResult = OperationOutput<'questionnaire.upgrade'>;

export interface SaveStatus {
  state: 'idle' | 'saving' | 'saved' | 'failed';
  /** The failures still standing, newest last, each as "the reviewer comment on question x: why". */
  failures: string[];
}

export interface QuestionnaireStore {
  view: QuestionnaireView | undefined;
  loadError: string | null;
  reload(): void;
  save: SaveStatus;
  /** The response or assessment to show: the one just picked while it saves, else the stored one. */
  choice(answer: Answer, kind: ChoiceKind): Response | null;
  setResponse(questionId: string, response: Response | null): void;
  setAssessment(questionId: string, assessment: Response | null): void;
  commentText(answer: Answer, kind: CommentKind): string;
  commentError(questionId: string, kind: CommentKind): string | undefined;
  editComment(questionId: string, kind: CommentKind, text: string): void;
  /** Saves a comment now (on blur, Enter, leaving the question). */
  flushComment(questionId: string, kind: CommentKind): void;
  retryFailed(): void;
  addEvidence(questionId: string, evidence: EvidenceInput): Promise<void>;
  removeEvidence(evidenceId: string): Promise<void>;
  updateGap(gapId: string, changes: GapChanges): Promise<Gap>;
  upgrade(version?: number): Promise<UpgradeResult>;
  /** Comments typed but not saved because the engine refused them. */
  unsavedCount: number;
}

const keyOf = (kind: string, questionId: string) => `${kind}:${questionId}`;
const clean = (text: string) => text.normalize('NFC').trim();

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

export function useQuestionnaire(dossierId: string, onChanged: () => void): QuestionnaireStore {
  const loaded = useApiQuery(() => api.call('questionnaire.get', { id: dossierId }), [dossierId]);
  const [view, setView] = useState<QuestionnaireView | undefined>(undefined);
  const viewRef = useRef(view);
  viewRef.current = view;
  // The number people cite ("2.3") for a question in a message; reads the ref, so stable.
  const numberOf = useCallback((questionId: string) => (viewRef.current ? questionNumbers(viewRef.current.template).get(questionId) : undefined) ?? questionId, []);
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  useEffect(() => {
    if (loaded.data) setView(loaded.data);
  }, [loaded.data]);

  // Choices shown while they save; `seq` tells the latest pick from an earlier one still in flight.
  const [picked, setPicked] = useState<Record<string, { value: Response | null; seq: number }>>({});
  const seq = useRef(0);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const draftsRef = useRef(drafts);
  const timers = useRef(new Map<string, number>());
  // What failed ("the reviewer comment on question x") and why (the engine's message).
  const [errors, setErrors] = useState<Record<string, { what: string; why: string }>>({});
  const [inFlight, setInFlight] = useState(0);
  const [savedOnce, setSavedOnce] = useState(false);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const enqueue = useCallback(<T>(task: () => Promise<T>): Promise<T> => {
    setInFlight((n) => n + 1);
    const run = queue.current.then(task);
    queue.current = run.catch(() => undefined);
    return run.finally(() => setInFlight((n) => n - 1));
  }, []);

  const setError = useCallback(
    (key: string, failure: { what: string; why: string } | null) => setErrors((e) => (failure ? { ...e, [key]: failure } : omit(e, key))),
    [],
  );

  const saved = useCallback(() => {
    setSavedOnce(true);
    onChangedRef.current();
  }, []);

  const setDraft = useCallback((key: string, text: string | undefined) => {
    draftsRef.current = text === undefined ? omit(draftsRef.current, key) : { ...draftsRef.current, [key]: text };
    setDrafts(draftsRef.current);
  }, []);

  const applyAnswer = useCallback((answer: Answer, rollup?: RollupView) => {
    setView((prev) => {
      if (!prev) return prev;
      if (!prev.answers.some((a) => a.question_id === answer.question_id)) {
        return { ...prev, retired: prev.retired.map((a) => (a.question_id === answer.question_id ? answer : a)) };
      }
      const answers = withApplicability(
        prev,
        prev.answers.map((a) => (a.question_id === answer.question_id ? answer : a)),
      );
      return { ...prev, answers, rollup: rollup ?? prev.rollup };
    });
  }, []);

  const applyGap = useCallback((gap: Gap, recompute: boolean) => {
    setView((prev) => {
      if (!prev) return prev;
      const known = prev.gaps.some((g) => g.id === gap.id);
      const gaps = known ? prev.gaps.map((g) => (g.id === gap.id ? gap : g)) : [...prev.gaps, gap].sort((a, b) => a.question_id.localeCompare(b.question_id));
      return { ...prev, gaps, rollup: recompute ? localRollup(prev, gaps) : prev.rollup };
    });
  }, []);

  const storedComment = (questionId: string, kind: CommentKind): string => {
    const current = viewRef.current;
    const answer = current?.answers.find((a) => a.question_id === questionId) ?? current?.retired.find((a) => a.question_id === questionId);
    return answer?.[kind] ?? '';
  };

  const pick = useCallback(
    (kind: ChoiceKind, questionId: string, value: Response | null) => {
      const key = keyOf(kind, questionId);
      const mine = ++seq.current;
      setPicked((p) => ({ ...p, [key]: { value, seq: mine } }));
      const request =
        kind === 'response'
          ? () => api.call('questionnaire.answer', { id: dossierId, question: questionId, response: value })
          : () => api.call('questionnaire.assess', { id: dossierId, question: questionId, assessment: value });
      enqueue(request)
        .then((result) => {
          applyAnswer(result.answer, result.rollup);
          const gap = (result as { gap?: Gap | null }).gap;
          if (gap) applyGap(gap, false);
          setError(key, null);
          saved();
        })
        .catch((error: unknown) => {
          const what = kind === 'response' ? 'the response' : 'the assessment';
          setError(key, { what: `${what} to question ${numberOf(questionId)}`, why: errorMessage(error) });
        })
        .finally(() => setPicked((p) => (p[key]?.seq === mine ? omit(p, key) : p)));
    },
    [dossierId, enqueue, applyAnswer, applyGap, setError, saved, numberOf],
  );

  const saveComment = useCallback(
    (questionId: string, kind: CommentKind, options: { leaving: boolean }) => {
      const key = keyOf(kind, questionId);
      const timer = timers.current.get(key);
      if (timer !== undefined) window.clearTimeout(timer);
      timers.current.delete(key);
      const draft = draftsRef.current[key];
      if (draft === undefined) return;
      const text = clean(draft);
      if (text === storedComment(questionId, kind)) {
        // Nothing new to save. Trailing spaces stay in the box while the lead is still typing.
        if (options.leaving) setDraft(key, undefined);
        setError(key, null);
        return;
      }
      if (text.length > MAX_COMMENT_LENGTH) {
        setError(key, { what: `the comment on question ${numberOf(questionId)}`, why: `it is over ${MAX_COMMENT_LENGTH.toLocaleString('en-CA')} characters; shorten it to save it.` });
        return;
      }
      const request =
        kind === 'comment'
          ? () => api.call('questionnaire.answer', { id: dossierId, question: questionId, comment: text || null })
          : () => api.call('questionnaire.assess', { id: dossierId, question: questionId, comment: text || null });
      enqueue(request)
        .then((result) => {
          applyAnswer(result.answer, result.rollup);
          const gap = (result as { gap?: Gap | null }).gap;
          if (gap) applyGap(gap, false);
          // Keep what was typed since this save started; it saves on its own turn.
          if (draftsRef.current[key] === draft && draft === text) setDraft(key, undefined);
          setError(key, null);
          saved();
        })
        .catch((error: unknown) => {
          const who = kind === 'comment' ? 'the partner comment' : 'the reviewer comment';
          setError(key, { what: `${who} on question ${numberOf(questionId)}`, why: errorMessage(error) });
        });
    },
    // storedComment reads refs only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [dossierId, enqueue, applyAnswer, applyGap, setDraft, setError, saved, numberOf],
  );

  // Leaving the dossier sends what is still waiting for its pause.
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const key of [...pending.keys()]) {
        const [kind, ...rest] = key.split(':');
        saveComment(rest.join(':'), kind as CommentKind, { leaving: true });
      }
    };
  }, [saveComment]);

  const editComment = useCallback(
    (questionId: string, kind: CommentKind, text: string) => {
      const key = keyOf(kind, questionId);
      setDraft(key, text);
      const timer = timers.current.get(key);
      if (timer !== undefined) window.clearTimeout(timer);
      timers.current.set(
        key,
        window.setTimeout(() => saveComment(questionId, kind, { leaving: false }), COMMENT_PAUSE_MS),
      );
    },
    [setDraft, saveComment],
  );

  const retryFailed = useCallback(() => {
    for (const key of Object.keys(errors)) {
      const [kind, ...rest] = key.split(':');
      const questionId = rest.join(':');
      if (kind === 'comment' || kind === 'reviewer_comment') saveComment(questionId, kind, { leaving: false });
      else setError(key, null);
    }
  }, [errors, saveComment, setError]);

  const unsavedCount = Object.keys(errors).filter((key) => key.startsWith('comment:') || key.startsWith('reviewer_comment:')).length;

  const save = useMemo<SaveStatus>(() => {
    const failures = Object.values(errors).map((e) => `${e.what}: ${e.why}`);
    return { state: inFlight > 0 ? 'saving' : failures.length > 0 ? 'failed' : savedOnce ? 'saved' : 'idle', failures };
  }, [errors, inFlight, savedOnce]);

  // One object while nothing in it changes, so the screens given it skip re-rendering (switching tabs).
  const { error: loadError, reload } = loaded;
  return useMemo<QuestionnaireStore>(() => ({
    view,
    loadError,
    reload,
    save,
    unsavedCount,
    choice: (answer, kind) => {
      const p = picked[keyOf(kind, answer.question_id)];
      return p ? p.value : answer[kind];
    },
    setResponse: (questionId, response) => pick('response', questionId, response),
    setAssessment: (questionId, assessment) => pick('assessment', questionId, assessment),
    commentText: (answer, kind) => drafts[keyOf(kind, answer.question_id)] ?? answer[kind] ?? '',
    commentError: (questionId, kind) => {
      const failure = errors[keyOf(kind, questionId)];
      const why = /[.!?]$/.test(failure?.why ?? '') ? failure?.why : `${failure?.why}.`;
      return failure && `Not saved: ${why} What you typed stays here and saves when you try again.`;
    },
    editComment,
    flushComment: (questionId, kind) => saveComment(questionId, kind, { leaving: true }),
    retryFailed,
    async addEvidence(questionId, evidence) {
      const answer = await enqueue(() => api.call('questionnaire.evidence.add', { id: dossierId, question: questionId, ...evidence }));
      applyAnswer(answer);
      saved();
    },
    async removeEvidence(evidenceId) {
      const answer = await enqueue(() => api.call('questionnaire.evidence.remove', { id: dossierId, evidence: evidenceId }));
      applyAnswer(answer);
      saved();
    },
    async updateGap(gapId, changes) {
      const gap = await enqueue(() => api.call('gap.update', { id: dossierId, gap: gapId, changes }));
      applyGap(gap, true);
      saved();
      return gap;
    },
    async upgrade(version) {
      const result = await enqueue(() => api.call('questionnaire.upgrade', { id: dossierId, ...(version ? { version } : {}) }));
      reload();
      saved();
      return result;
    },
  }), [view, loadError, reload, save, unsavedCount, picked, drafts, errors, pick, editComment, saveComment, retryFailed, enqueue, applyAnswer, applyGap, saved, dossierId]);
}
