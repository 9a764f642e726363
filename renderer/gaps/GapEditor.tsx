/**
 * Editing one gap in the register: description, likelihood and impact (the rating follows the
 * template's risk matrix), owner, due date, status and plan, and who accepted the risk when its
 * status is "Risk accepted". Checked here first; only the changed fields are sent.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Select, TextArea, TextField } from '@bcgov/design-system-react-components';
import type { Gap } from '../../shared/api/questionnaireTypes';
import { isIsoDate } from '../../shared/dossier/values';
import { GAP_STATUSES, GAP_STATUS_LABELS, RISK_ACCEPTING_ROLE, type GapStatus } from '../../shared/questionnaire/rollup';
import { riskRating } from '../../shared/questionnaire/template';
import { PARTICIPANT_ROLES, roleLabel } from '../../shared/workflow/roles';
import { apiErrorOf, errorMessage } from '../api/errors';
import { today } from '../format/dates';
import { plural } from '../format/numbers';
import { Alert } from '../ui/Alert';
import { RiskBadge } from './badges';
import { IMPACT_LABELS, LIKELIHOOD_LABELS, asTemplate, type TemplateView } from './model';
import type { GapChanges, QuestionnaireStore } from './useQuestionnaire';

const NOT_RATED = 'none';
/** The library's TextField types omit `placeholder`, which react-aria still passes to the input. */
const DATE_PLACEHOLDER = { placeholder: 'YYYY-MM-DD' } as object;
const NO_ROLE = 'none';

interface Draft {
  description: string;
  likelihood: string;
  impact: string;
  owner: string;
  due_date: string;
  status: GapStatus;
  plan: string;
  accepted_by: string;
  accepted_role: string;
  accepted_date: string;
}
type DraftKey = keyof Draft;

function toDraft(gap: Gap): Draft {
  return {
    description: gap.description ?? '',
    likelihood: gap.likelihood === null ? NOT_RATED : String(gap.likelihood),
    impact: gap.impact === null ? NOT_RATED : String(gap.impact),
    owner: gap.owner ?? '',
    due_date: gap.due_date ?? '',
    status: gap.status,
    plan: gap.plan ?? '',
    accepted_by: gap.accepted_by ?? '',
    accepted_role: gap.accepted_role ?? NO_ROLE,
    accepted_date: gap.accepted_date ?? '',
  };
}

const text = (value: string) => {
  const t = value.normalize('NFC').trim();
  return t === '' ? null : t;
};
const level = (value: string) => (value === NOT_RATED ? null : Number(value));
const role = (value: string) => (value === NO_ROLE ? null : value);

/** The changes to send and the problems to fix first. */
function check(gap: Gap, draft: Draft): { changes: GapChanges; problems: Partial<Record<DraftKey, string>> } {
  const next = {
    description: text(draft.description),
    likelihood: level(draft.likelihood),
    impact: level(draft.impact),
    owner: text(draft.owner),
    due_date: text(draft.due_date),
    status: draft.status,
    plan: text(draft.plan),
    accepted_by: text(draft.accepted_by),
    accepted_role: role(draft.accepted_role),
    accepted_date: text(draft.accepted_date),
  };
  const problems: Partial<Record<DraftKey, string>> = {};
  for (const key of ['due_date', 'accepted_date'] as const) {
    const value = next[key];
    if (value !== null && !isIsoDate(value)) problems[key] = `“${value}” is not a date as YYYY-MM-DD`;
  }
  if (next.owner && next.owner.length > 300) problems.owner = 'At most 300 characters';
  if (next.accepted_by && next.accepted_by.length > 300) problems.accepted_by = 'At most 300 characters';
  for (const key of ['description', 'plan'] as const) {
    if ((next[key]?.length ?? 0) > 20_000) problems[key] = 'At most 20,000 characters';
  }
  if (next.status === 'risk_accepted') {
    if (!next.accepted_by) problems.accepted_by = 'Who accepted the risk is required';
    if (!next.accepted_role) problems.accepted_role = 'Their role is required';
    if (!next.accepted_date) problems.accepted_date ??= 'The date of acceptance is required';
  }
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next) as [DraftKey, unknown][]) {
    if (value !== (gap[key as keyof Gap] ?? null)) changes[key] = value;
  }
  return { changes: changes as GapChanges, problems };
}

const FIELD_ORDER: DraftKey[] = ['description', 'likelihood', 'impact', 'owner', 'due_date', 'status', 'accepted_by', 'accepted_role', 'accepted_date', 'plan'];

interface GapEditorProps {
  gap: Gap;
  template: TemplateView;
  store: QuestionnaireStore;
  onClose(saved: Gap | null): void;
  onDirtyChange(dirty: boolean): void;
}

export function GapEditor({ gap, template, store, onClose, onDirtyChange }: GapEditorProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(gap));
  const [errors, setErrors] = useState<Partial<Record<DraftKey, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { changes, problems } = check(gap, draft);
  const changed = Object.keys(changes).length;
  const rating = riskRating(asTemplate(template), level(draft.likelihood), level(draft.impact));
  const severe = rating === 'high' || rating === 'critical';

  useEffect(() => onDirtyChange(changed > 0), [changed, onDirtyChange]);
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);

  // The editor opens with the focus on its first field.
  useEffect(() => {
    const first = formRef.current?.querySelector<HTMLElement>('[data-gap-field] textarea, [data-gap-field] input, [data-gap-field] button');
    first?.focus();
    formRef.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  const set = <K extends DraftKey>(key: K, value: Draft[K]) => {
    setDraft((d) => {
      const next = { ...d, [key]: value };
      // Accepting a risk is usually recorded the day it is accepted.
      if (key === 'status' && value === 'risk_accepted' && !next.accepted_date) next.accepted_date = today();
      return next;
    });
    if (errors[key]) setErrors(({ [key]: _dropped, ...rest }) => rest as typeof errors);
  };

  const focusFirstProblem = (keys: DraftKey[]) => {
    const first = FIELD_ORDER.find((k) => keys.includes(k));
    if (!first) return;
    formRef.current?.querySelector<HTMLElement>(`[data-gap-field="${first}"] textarea, [data-gap-field="${first}"] input, [data-gap-field="${first}"] button`)?.focus();
  };

  const save = async () => {
    setFailure(null);
    const problemKeys = Object.keys(problems) as DraftKey[];
    if (problemKeys.length > 0) {
      setErrors(problems);
      setFailure(`Fix ${plural(problemKeys.length, 'field')} before saving; nothing was saved.`);
      focusFirstProblem(problemKeys);
      return;
    }
    if (changed === 0) {
      onClose(null);
      return;
    }
    setSaving(true);
    try {
      const saved = await store.updateGap(gap.id, changes);
      onClose(saved);
    } catch (error) {
      // The engine's message names every problem; those about a field also go next to it.
      const byField: Partial<Record<DraftKey, string>> = {};
      for (const problem of apiErrorOf(error)?.details?.problems ?? []) {
        const key = problem.field.replace(/^changes\./, '') as DraftKey;
        const message = problem.message.replace(new RegExp(`^${key}: `), '');
        if (FIELD_ORDER.includes(key)) byField[key] = message.charAt(0).toUpperCase() + message.slice(1);
      }
      setErrors(byField);
      setFailure(`Not saved: ${errorMessage(error)}`);
      focusFirstProblem(Object.keys(byField) as DraftKey[]);
    } finally {
      setSaving(false);
    }
  };

  const field = (key: DraftKey, control: ReactNode, wide = false) => (
    <div className={`gap-editor__field${wide ? ' gap-editor__field--wide' : ''}`} data-gap-field={key}>
      {control}
    </div>
  );
  const invalid = (key: DraftKey) => ({ isInvalid: errors[key] !== undefined, errorMessage: errors[key], validationBehavior: 'aria' as const });
  const scale = (labels: readonly string[]) => [
    { id: NOT_RATED, label: 'Not rated' },
    ...labels.map((label, i) => ({ id: String(i + 1), label: `${i + 1} — ${label}` })),
  ];
  const statuses = GAP_STATUSES.filter((s) => s !== 'remediated' || gap.status === 'remediated');

  return (
    <form
      ref={formRef}
      className="gap-editor"
      aria-label={`Edit the gap on question ${gap.question_id}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose(null);
        }
      }}
    >
      <div className="gap-editor__grid">
        {field(
          'description',
          <TextArea label="Description" value={draft.description} onChange={(v) => set('description', v)} {...invalid('description')} />,
          true,
        )}
        {field(
          'likelihood',
          <Select
            size="small"
            label="Likelihood"
            items={scale(LIKELIHOOD_LABELS)}
            selectedKey={draft.likelihood}
            onSelectionChange={(key) => key !== null && set('likelihood', String(key))}
            {...invalid('likelihood')}
          />,
        )}
        {field(
          'impact',
          <Select
            size="small"
            label="Impact"
            items={scale(IMPACT_LABELS)}
            selectedKey={draft.impact}
            onSelectionChange={(key) => key !== null && set('impact', String(key))}
            {...invalid('impact')}
          />,
        )}
        <div className="gap-editor__rating" aria-live="polite">
          <span className="gap-editor__rating-label">Rating</span>
          <RiskBadge rating={rating} />
          <span className="gap-editor__rating-hint">from the risk matrix</span>
        </div>
        {field('owner', <TextField size="small" label="Owner" value={draft.owner} onChange={(v) => set('owner', v)} {...invalid('owner')} />)}
        {field(
          'due_date',
          <TextField size="small" label="Due date" {...DATE_PLACEHOLDER} value={draft.due_date} onChange={(v) => set('due_date', v)} {...invalid('due_date')} />,
        )}
        {field(
          'status',
          <Select
            size="small"
            label="Status"
            items={statuses.map((s) => ({ id: s, label: GAP_STATUS_LABELS[s] }))}
            selectedKey={draft.status}
            isDisabled={gap.status === 'remediated'}
            description={gap.status === 'remediated' ? 'Reopens if the question is reassessed as not compliant' : 'To remediate it, reassess the question as compliant'}
            onSelectionChange={(key) => key !== null && set('status', key as GapStatus)}
            {...invalid('status')}
          />,
        )}
        {draft.status === 'risk_accepted' && (
          <fieldset className="gap-editor__acceptance">
            <legend>Risk acceptance</legend>
            <p className="gap-editor__acceptance-note">
              Only acceptance by the <strong>{roleLabel(RISK_ACCEPTING_ROLE)}</strong> lets a high or critical gap through the phase gate.
            </p>
            <div className="gap-editor__acceptance-fields">
              {field(
                'accepted_by',
                <TextField size="small" label="Accepted by" isRequired value={draft.accepted_by} onChange={(v) => set('accepted_by', v)} {...invalid('accepted_by')} />,
              )}
              {field(
                'accepted_role',
                <Select
                  size="small"
                  label="Role"
                  isRequired
                  placeholder="Choose a role"
                  items={[{ id: NO_ROLE, label: 'Not set' }, ...PARTICIPANT_ROLES.map((r) => ({ id: r.key, label: r.label }))]}
                  selectedKey={draft.accepted_role}
                  onSelectionChange={(key) => key !== null && set('accepted_role', String(key))}
                  {...invalid('accepted_role')}
                />,
              )}
              {field(
                'accepted_date',
                <TextField
                  size="small"
                  label="Date accepted"
                  isRequired
                  {...DATE_PLACEHOLDER}
                  value={draft.accepted_date}
                  onChange={(v) => set('accepted_date', v)}
                  {...invalid('accepted_date')}
                />,
              )}
            </div>
            {severe && role(draft.accepted_role) && draft.accepted_role !== RISK_ACCEPTING_ROLE && (
              <p className="gap-editor__warning" role="note">
                Rated {rating} and accepted by the {roleLabel(draft.accepted_role as (typeof PARTICIPANT_ROLES)[number]['key'])}, this gap still blocks the
                phase gate.
              </p>
            )}
          </fieldset>
        )}
        {field('plan', <TextArea label="Remediation plan" value={draft.plan} onChange={(v) => set('plan', v)} {...invalid('plan')} />, true)}
      </div>
      {failure && (
        <Alert variant="danger" role="alert">
          {failure}
        </Alert>
      )}
      <div className="gap-editor__actions">
        <span className="gap-editor__changes" aria-live="polite">
          {changed > 0 ? plural(changed, 'unsaved change') : 'No changes'}
        </span>
        <Button variant="tertiary" size="small" onPress={() => onClose(null)} isDisabled={saving}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" size="small" isDisabled={saving}>
          {saving ? 'Saving…' : 'Save gap'}
        </Button>
      </div>
    </form>
  );
}
