/**
 * One round, worked by keyboard: the cases in a list, the chosen case's steps and expected result,
 * its actual result and notes, evidence by drop. Keys (outside text fields): P pass, F fail,
 * B block, N or ↓ next case, K or ↑ previous case. Recording a status moves to the next case.
 */
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { ConformanceRound, PlanCase, ResultStatus } from '../../shared/conformance/model';
import { RESULT_STATUS_LABELS } from '../../shared/conformance/model';
import { api } from '../api/bridge';
import { readFileBase64 } from '../ui/files';
import type { ConformanceStore } from './useConformance';
import { StatusBadge } from '../ui/StatusBadge';
import { Field } from '../ui';

/** Files travel through the API as base64 in one request. */
const MAX_EVIDENCE_BYTES = 500 * 1024;

interface Props {
  dossierId: string;
  round: ConformanceRound;
  plan: PlanCase[];
  selected: string | null;
  onSelect(caseId: string): void;
  store: ConformanceStore;
}

const SHORTCUTS: Record<string, ResultStatus> = { p: 'passed', f: 'failed', b: 'blocked' };

export function RoundView({ dossierId, round, plan, selected, onSelect, store }: Props) {
  const cases = plan.filter((c) => c.scope === 'in_scope');
  const current = cases.find((c) => c.case_id === selected) ?? cases[0];
  const result = round.results.find((r) => r.case_id === current?.case_id);
  const [actual, setActual] = useState(result?.actual ?? '');
  const [notes, setNotes] = useState(result?.notes ?? '');
  const [reason, setReason] = useState(result?.reason ?? '');
  const [dragging, setDragging] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    setActual(result?.actual ?? '');
    setNotes(result?.notes ?? '');
    setReason(result?.reason ?? '');
  }, [current?.case_id, result?.actual, result?.notes, result?.reason]);

  if (!current) return <p className="muted">No case is in scope.</p>;
  const index = cases.indexOf(current);
  const move = (by: number) => {
    const next = cases[Math.min(cases.length - 1, Math.max(0, index + by))];
    if (next) onSelect(next.case_id);
  };

  /**
   * Moves on at once, so keys pressed while the result is being saved act on the case the user
   * now sees; a result that could not be saved brings its case back with the error.
   */
  const record = async (status: ResultStatus) => {
    const caseId = current.case_id;
    if (status !== 'not_run') move(1);
    const done = await store.run(() =>
      api.call('conformance.result.record', {
        id: dossierId,
        case: caseId,
        round: round.number,
        status,
        actual: actual.trim() || null,
        notes: notes.trim() || null,
        ...(status === 'skipped' || reason.trim() ? { reason: reason.trim() || null } : {}),
      }),
    );
    if (!done) onSelect(caseId);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select') || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (SHORTCUTS[key]) {
      event.preventDefault();
      void record(SHORTCUTS[key]);
    } else if (key === 'n' || key === 'arrowdown' || key === 'j') {
      event.preventDefault();
      move(1);
    } else if (key === 'k' || key === 'arrowup') {
      event.preventDefault();
      move(-1);
    }
  };

  const attach = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    if (file.size > MAX_EVIDENCE_BYTES) {
      store.fail(`${file.name} is over 500 KB: attach it with the command line (conformance result … --evidence FILE).`);
      return;
    }
    const content_base64 = await readFileBase64(file);
    await store.run(() => api.call('conformance.evidence.add', { id: dossierId, case: current.case_id, round: round.number, file: { name: file.name.slice(0, 255), content_base64 } }));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void attach(event.dataTransfer.files);
  };

  return (
    <div className="round-view" tabIndex={0} onKeyDown={onKeyDown} aria-label={`Round ${round.number}: P pass, F fail, B block, N next case, K previous case`} data-testid="round-view">
      <ol className="round-view__cases" ref={listRef} aria-label={`Cases of round ${round.number}`}>
        {cases.map((c) => {
          const status = round.results.find((r) => r.case_id === c.case_id)?.status ?? 'not_run';
          return (
            <li key={c.case_id}>
              <button type="button" className={`round-case${c.case_id === current.case_id ? ' round-case--current' : ''}`} aria-current={c.case_id === current.case_id ? 'true' : undefined} onClick={() => onSelect(c.case_id)}>
                <span className={`status-dot status-dot--${status}`} aria-hidden="true" />
                <span className="round-case__id">{c.case_id}</span>
                <span className="round-case__title">{c.title}</span>
                <span className="round-case__status">{RESULT_STATUS_LABELS[status]}</span>
                {round.retest.includes(c.case_id) && round.number > 1 && <StatusBadge tone="info">retest</StatusBadge>}
              </button>
            </li>
          );
        })}
      </ol>
      <article className="round-view__case" aria-labelledby="case-heading" onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
        <h3 id="case-heading">
          {current.case_id} {current.title} <span className="muted">({current.required ? 'required' : 'optional'} · {current.transaction_name})</span>
        </h3>
        <p>{current.purpose}</p>
        <div className="round-view__spec">
          <div>
            <h4>Preconditions</h4>
            <ul>{current.preconditions.map((p) => <li key={p}>{p}</li>)}</ul>
          </div>
          <div>
            <h4>Steps</h4>
            <ol>{current.steps.map((s) => <li key={s}>{s}</li>)}</ol>
          </div>
        </div>
        <p>
          <strong>Expected:</strong> {current.expected}
        </p>
        <p className="muted">
          Evidence expected: {current.evidence_expected.join(', ')} · Sources: {current.citations.map((c) => c.location).join('; ')}
        </p>
        <p className="round-view__status" role="status">
          Status in round {round.number}: <strong>{RESULT_STATUS_LABELS[result?.status ?? 'not_run']}</strong>
          {result?.carried_from ? ' (carried from the round before)' : ''}
        </p>
        <Field label="Actual result">
          {(control) => (
            <textarea {...control} value={actual} rows={3} onChange={(e) => setActual(e.target.value)} />
          )}
        </Field>
        <Field label="Notes">
          {(control) => (
            <textarea {...control} value={notes} rows={2} onChange={(e) => setNotes(e.target.value)} />
          )}
        </Field>
        <Field label="Reason (needed to skip)">
          {(control) => (
            <input {...control} value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
        <div className="round-view__actions">
          <button type="button" className="status-button status-button--passed" disabled={store.busy} onClick={() => void record('passed')}>
            Pass <kbd>P</kbd>
          </button>
          <button type="button" className="status-button status-button--failed" disabled={store.busy} onClick={() => void record('failed')}>
            Fail <kbd>F</kbd>
          </button>
          <button type="button" className="status-button status-button--blocked" disabled={store.busy} onClick={() => void record('blocked')}>
            Block <kbd>B</kbd>
          </button>
          <button type="button" className="status-button" disabled={store.busy} onClick={() => void record('skipped')}>
            Skip
          </button>
          <button type="button" className="status-button" onClick={() => move(1)}>
            Next case <kbd>N</kbd>
          </button>
        </div>
        <div className={`evidence-drop${dragging ? ' evidence-drop--over' : ''}`}>
          <p>Drop a request or response message, screenshot or log here, or</p>
          <label className="link-button">
            choose a file
            <input type="file" className="visually-hidden" onChange={(e) => void attach(e.target.files)} />
          </label>
          {result?.evidence.length ? (
            <ul className="evidence-drop__list" aria-label="Evidence">
              {result.evidence.map((e) => (
                <li key={e.id}>
                  {e.name} {e.sha256 && <code title={e.sha256}>sha256 {e.sha256.slice(0, 12)}…</code>} {e.source === 'import' && <span className="muted">(imported report)</span>}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </article>
    </div>
  );
}
