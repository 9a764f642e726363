/** The gap register: every gap of the analysis, edited in place one at a time. */
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import type { Gap } from '../../shared/api/questionnaireTypes';
import { roleLabel, type ParticipantRole } from '../../shared/workflow/roles';
import { useLeaveGuard } from '../app/useLeaveGuard';
import { formatDate } from '../format/dates';
import { plural } from '../format/numbers';
import { EmptyState, StatusBadge, useConfirm } from '../ui/index';
import { GapStatusPill, RiskBadge } from './badges';
import { GapEditor } from './GapEditor';
import { RISK_ORDER, STATUS_ORDER, isGapOpen, questionNumbers, type TemplateView } from './model';
import type { Cell } from './RiskHeatMap';
import type { QuestionnaireStore } from './useQuestionnaire';

interface GapRegisterProps {
  gaps: readonly Gap[];
  template: TemplateView;
  store: QuestionnaireStore;
  cell: Cell | null;
  onClearCell(): void;
  /** A gap to open for editing (from the question view). */
  editRequest: { gapId: string; nonce: number } | null;
  onOpenQuestion(questionId: string): void;
}

const COLUMNS = 10;

/** Most urgent first; among equals, in the order of the questionnaire. */
function byUrgency(order: ReadonlyMap<string, number>) {
  return (a: Gap, b: Gap): number =>
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    RISK_ORDER[a.rating ?? 'unrated'] - RISK_ORDER[b.rating ?? 'unrated'] ||
    (order.get(a.question_id) ?? Infinity) - (order.get(b.question_id) ?? Infinity);
}

export function GapRegister({ gaps, template, store, cell, onClearCell, editRequest, onOpenQuestion }: GapRegisterProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const dirty = useRef(false);
  const [editorDirty, setEditorDirty] = useState(false);
  const tableRef = useRef<HTMLTableElement>(null);
  const onDirtyChange = useCallback((value: boolean) => {
    dirty.current = value;
    setEditorDirty(value);
  }, []);
  useLeaveGuard(editorDirty ? 'Leave without saving the gap you are editing? Its changes will be lost.' : null);

  const confirm = useConfirm();
  const { ask } = confirm;
  const open = useCallback(
    async (gapId: string | null) => {
      if (dirty.current && !(await ask({ title: 'Discard your changes?', message: 'Discard the changes to the gap being edited?', confirmLabel: 'Discard changes', cancelLabel: 'Keep editing' }))) return;
      dirty.current = false;
      setNotice(null);
      setEditing(gapId);
    },
    [ask],
  );

  useEffect(() => {
    if (editRequest) void open(editRequest.gapId);
  }, [editRequest, open]);

  const numbers = useMemo(() => questionNumbers(template), [template]);
  const order = useMemo(() => new Map([...numbers.keys()].map((id, index) => [id, index])), [numbers]);
  const shown = gaps.filter((g) => !cell || (g.likelihood === cell.likelihood && g.impact === cell.impact && isGapOpen(g))).sort(byUrgency(order));

  const close = (gap: Gap, saved: Gap | null) => {
    dirty.current = false;
    setEditing(null);
    if (saved) setNotice(`Saved the gap on question ${numbers.get(gap.question_id) ?? gap.question_id}.`);
    requestAnimationFrame(() => tableRef.current?.querySelector<HTMLElement>(`[data-edit-gap="${CSS.escape(gap.id)}"]`)?.focus());
  };

  if (gaps.length === 0) {
    return (
      <EmptyState title="No gaps yet">
        <p>A gap opens when the reviewer assesses a question as partially or not compliant.</p>
      </EmptyState>
    );
  }

  return (
    <div className="gap-register">
      {cell && (
        <p className="gap-register__filter">
          Showing the {plural(shown.length, 'open gap')} with likelihood {cell.likelihood} and impact {cell.impact}.{' '}
          <button type="button" className="link-button" onClick={onClearCell}>
            Show all gaps
          </button>
        </p>
      )}
      <p className="visually-hidden" role="status">
        {notice ?? ''}
      </p>
      <table ref={tableRef} className="data-table data-table--middle gap-table">
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Description</th>
            <th scope="col" className="gap-table__num" title="Likelihood, 1 to 5">
              L
            </th>
            <th scope="col" className="gap-table__num" title="Impact, 1 to 5">
              I
            </th>
            <th scope="col">Rating</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col">Plan</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((gap) => (
            <Fragment key={gap.id}>
              <tr className={`gap-row gap-row--${gap.status}${editing === gap.id ? ' gap-row--editing' : ''}`} data-gap={gap.question_id}>
                <td className="gap-table__question">
                  <button type="button" className="link-button" onClick={() => onOpenQuestion(gap.question_id)} title={`Open the question (id ${gap.question_id})`}>
                    Question {numbers.get(gap.question_id) ?? gap.question_id}
                  </button>
                  <span className="gap-table__clamp cell-secondary">{gap.question_text}</span>
                </td>
                <td>
                  <span className="gap-table__clamp">{gap.description ?? <span className="muted">—</span>}</span>
                </td>
                <td className="gap-table__num" data-testid="likelihood">
                  {gap.likelihood ?? '—'}
                </td>
                <td className="gap-table__num" data-testid="impact">
                  {gap.impact ?? '—'}
                </td>
                <td>
                  <RiskBadge rating={gap.rating} />
                </td>
                <td>{gap.owner ?? <span className="muted">—</span>}</td>
                <td className={`nowrap${gap.overdue ? ' overdue-text' : ''}`}>
                  {formatDate(gap.due_date)}
                  {gap.overdue && (
                    <StatusBadge tone="danger" className="gap-table__overdue-pill">
                      Overdue
                    </StatusBadge>
                  )}
                </td>
                <td>
                  {gap.acceptance?.lapse ? <GapStatusPill status="open" label="Open again" /> : <GapStatusPill status={gap.status} />}
                  {gap.acceptance && <AcceptanceNote gap={gap} />}
                </td>
                <td>
                  <span className="gap-table__clamp">{gap.plan ?? <span className="muted">—</span>}</span>
                </td>
                <td className="gap-table__actions">
                  <Button
                    size="xsmall"
                    variant={editing === gap.id ? 'tertiary' : 'secondary'}
                    data-edit-gap={gap.id}
                    aria-expanded={editing === gap.id}
                    aria-label={`${editing === gap.id ? 'Close the editor of' : 'Edit'} the gap on question ${numbers.get(gap.question_id) ?? gap.question_id}`}
                    onPress={() => void open(editing === gap.id ? null : gap.id)}
                  >
                    {editing === gap.id ? 'Close' : 'Edit'}
                  </Button>
                </td>
              </tr>
              {editing === gap.id && (
                <tr className="gap-row__editor">
                  <td colSpan={COLUMNS}>
                    <GapEditor gap={gap} template={template} store={store} onClose={(saved) => close(gap, saved)} onDirtyChange={onDirtyChange} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {confirm.dialog}
    </div>
  );
}

/** A risk acceptance in the register: who, until when, why, on what conditions, and whether it still holds. */
function AcceptanceNote({ gap }: { gap: Gap }) {
  const check = gap.acceptance!;
  return (
    <span className="gap-table__acceptance" data-testid="acceptance">
      {gap.accepted_by && (
        <span className="cell-secondary">
          by {gap.accepted_by}
          {gap.accepted_role && `, ${roleLabel(gap.accepted_role as ParticipantRole)}`}
          {gap.accepted_date && ` on ${formatDate(gap.accepted_date)}`}
          {gap.acceptance_expires && `, until ${formatDate(gap.acceptance_expires)}`}
        </span>
      )}
      {check.lapse === 'expired' ? (
        <StatusBadge tone="danger">Risk acceptance expired on {formatDate(gap.acceptance_expires)}</StatusBadge>
      ) : (
        <span className={check.lapse ? 'gap-table__acceptance-problem' : 'cell-secondary'}>{check.lapse ? check.summary : `Signature verifies, key ${check.key ?? 'unknown'}.`}</span>
      )}
      {gap.acceptance_justification && <span className="cell-secondary gap-table__clamp">Justification: {gap.acceptance_justification}</span>}
      {gap.acceptance_conditions && <span className="cell-secondary gap-table__clamp">Conditions: {gap.acceptance_conditions}</span>}
    </span>
  );
}
