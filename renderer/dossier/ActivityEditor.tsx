/**
 * One activity of the process. The status saves as soon as it is picked; text and dates save when
 * the lead leaves the box (or presses Enter), one `activity.update` per change.
 */
import { useState } from 'react';
import { Select, TextArea, TextField } from '@bcgov/design-system-react-components';
import type { Activity, GateEvaluation, RuleFindingView } from '../../shared/api/types';
import { findField } from '../../shared/dossier/fields';
import { isIsoDate } from '../../shared/dossier/values';
import { parseTypedDate } from '../../shared/dates';
import { DateField } from '../ui/DateField';
import { ACTIVITY_STATUSES, ACTIVITY_STATUS_LABELS, activityDefinition, type ActivityStatus } from '../../shared/workflow/definition';
import { roleLabel } from '../../shared/workflow/roles';
import { api } from '../api/bridge';
import { apiErrorOf, errorMessage } from '../api/errors';
import { formatDate } from '../format/dates';
import { StatusBadge, type StatusTone } from '../ui/index';
import { ActivityRecords } from './ActivityRecords';

/** An activity's status as a badge; the class "status-pill" stays a hook for the tests. */
const ACTIVITY_TONES: Record<ActivityStatus, StatusTone> = { not_started: 'neutral', in_progress: 'info', blocked: 'danger', done: 'success', not_required: 'neutral' };

type TextKey = 'assignee' | 'due_date' | 'completed_date' | 'notes';
type Changes = Partial<{ status: Exclude<ActivityStatus, 'not_required'>; assignee: string | null; due_date: string | null; completed_date: string | null; notes: string | null }>;

const SETTABLE_STATUSES = ACTIVITY_STATUSES.filter((s): s is Exclude<ActivityStatus, 'not_required'> => s !== 'not_required');
const DATE_KEYS: TextKey[] = ['due_date', 'completed_date'];

interface ActivityEditorProps {
  dossierId: string;
  activity: Activity;
  onUpdated(activity: Activity, gate: GateEvaluation, findings: RuleFindingView[]): void;
  /** A record was attached: the activity with its records. */
  onAttached(activity: Activity): void;
  onEditField(path: string): void;
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string; reasons: string[] };

export function ActivityEditor({ dossierId, activity, onUpdated, onAttached, onEditField }: ActivityEditorProps) {
  const def = activityDefinition(activity.key);
  const [drafts, setDrafts] = useState<Partial<Record<TextKey, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<TextKey, string>>>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const titleId = `activity-${activity.key}`;

  if (!activity.required) {
    const flag = def.condition ? findField(def.condition) : undefined;
    return (
      <article id={`activity-card-${activity.key}`} tabIndex={-1} className="activity activity--not-required" aria-labelledby={titleId}>
        <div className="activity__header">
          <h3 id={titleId} className="activity__title">
            {activity.label}
          </h3>
          <StatusBadge tone="neutral" className="status-pill">
            Not required
          </StatusBadge>
        </div>
        <p className="activity__why">
          Not required for this partner: “{flag?.label ?? 'its flag'}” is off.{' '}
          {flag && (
            <button type="button" className="link-button" onClick={() => onEditField(flag.path)}>
              Change it on the Overview
            </button>
          )}
        </p>
      </article>
    );
  }

  const commit = async (changes: Changes, fields: TextKey[] = []) => {
    setSave({ kind: 'saving' });
    try {
      const result = await api.call('activity.update', { id: dossierId, activity: activity.key, changes });
      setDrafts((current) => {
        const next = { ...current };
        for (const field of fields) delete next[field];
        return next;
      });
      onUpdated(result.activity, result.gate, result.findings);
      setSave({ kind: 'saved' });
    } catch (error) {
      setSave({ kind: 'failed', message: errorMessage(error), reasons: apiErrorOf(error)?.details?.reasons ?? [] });
    }
  };

  const textValue = (key: TextKey) => drafts[key] ?? activity[key] ?? '';

  const commitText = (key: TextKey) => {
    const draft = drafts[key];
    if (draft === undefined) return;
    const typed = draft.normalize('NFC').trim();
    // A date typed in a common form ("Dec 15, 2026") is saved as YYYY-MM-DD.
    const value = DATE_KEYS.includes(key) && typed !== '' ? (parseTypedDate(typed) ?? typed) : typed;
    if (DATE_KEYS.includes(key) && value !== '' && !isIsoDate(value)) {
      setErrors((e) => ({ ...e, [key]: `“${typed}” is not a date: type it like 2026-12-15 or Dec 15, 2026, or choose it from the calendar` }));
      return;
    }
    setErrors((e) => ({ ...e, [key]: undefined }));
    if (value === (activity[key] ?? '')) {
      setDrafts(({ [key]: _dropped, ...rest }) => rest);
      return;
    }
    void commit({ [key]: value === '' ? null : value }, [key]);
  };

  const pickDate = (key: TextKey, iso: string) => {
    setErrors((e) => ({ ...e, [key]: undefined }));
    if (iso === (activity[key] ?? '')) {
      setDrafts(({ [key]: _dropped, ...rest }) => rest);
      return;
    }
    setDrafts((d) => ({ ...d, [key]: iso }));
    void commit({ [key]: iso }, [key]);
  };

  const textField = (key: TextKey, label: string, options: { date?: boolean } = {}) => {
    const field = (
    <TextField
      size="small"
      label={label}
      value={textValue(key)}
      onChange={(text) => setDrafts((d) => ({ ...d, [key]: text }))}
      onBlur={() => commitText(key)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commitText(key);
      }}
      isInvalid={errors[key] !== undefined}
      errorMessage={errors[key]}
      validationBehavior="aria"
      {...(options.date ? { placeholder: 'Dec 15, 2026' } : {})}
    />
    );
    return options.date ? (
      <DateField label={label} value={textValue(key)} onPick={(iso) => pickDate(key, iso)}>
        {field}
      </DateField>
    ) : (
      field
    );
  };

  return (
    <article
      id={`activity-card-${activity.key}`}
      tabIndex={-1}
      className={`activity activity--${activity.status}${activity.overdue ? ' activity--overdue' : ''}`}
      aria-labelledby={titleId}
    >
      <div className="activity__header">
        <h3 id={titleId} className="activity__title">
          {activity.label}
        </h3>
        <StatusBadge tone={ACTIVITY_TONES[activity.status]} className="status-pill">
          {ACTIVITY_STATUS_LABELS[activity.status]}
        </StatusBadge>
        {activity.overdue && (
          <StatusBadge tone="danger" className="status-pill status-pill--overdue">
            Overdue since {formatDate(activity.due_date)}
          </StatusBadge>
        )}
        <span className="activity__save" aria-live="polite">
          {save.kind === 'saving' ? 'Saving…' : save.kind === 'saved' ? 'Saved' : ''}
        </span>
      </div>
      <p className="activity__meta">
        <span className="activity__owner">Owner: {roleLabel(def.ownerRole)}</span>
        <span className="activity__description">{def.description}</span>
      </p>
      <div className="activity__fields">
        <Select
          size="small"
          label="Status"
          items={SETTABLE_STATUSES.map((s) => ({ id: s, label: ACTIVITY_STATUS_LABELS[s] }))}
          selectedKey={activity.status}
          onSelectionChange={(key) => {
            if (key !== null && key !== activity.status) void commit({ status: key as Changes['status'] & string });
          }}
        />
        {textField('assignee', 'Assignee')}
        {textField('due_date', 'Due date', { date: true })}
        {textField('completed_date', 'Completed', { date: true })}
        <div className="activity__notes">
          <TextArea
            label="Notes"
            value={textValue('notes')}
            onChange={(text) => setDrafts((d) => ({ ...d, notes: text }))}
            onBlur={() => commitText('notes')}
          />
        </div>
      </div>
      <ActivityRecords dossierId={dossierId} activity={activity} onAttached={(updated) => onAttached(updated)} />
      {save.kind === 'failed' && (
        <div className="activity__error" role="alert">
          Not saved: {save.message}
          {save.reasons.length > 0 && (
            <ul className="activity__reasons">
              {save.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </article>
  );
}
