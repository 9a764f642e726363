/**
 * Editing one gap in the register: description, likelihood and impact (the rating follows the
 * template's risk matrix), owner, due date, status and plan. Accepting the risk records the person
 * of the profile (shown, not typed) with a justification, conditions and an expiry date, signed by
 * their key; only the MoH Health Registries manager accepts a high or critical risk. Checked here
 * first; only the changed fields are sent.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Select, TextArea, TextField } from '@bcgov/design-system-react-components';
import type { Gap } from '../../shared/api/questionnaireTypes';
import { isIsoDate } from '../../shared/dossier/values';
import { parseTypedDate } from '../../shared/dates';
import { DateField } from '../ui/DateField';
import { GAP_STATUSES, GAP_STATUS_LABELS, RISK_ACCEPTING_ROLE, type GapStatus } from '../../shared/questionnaire/rollup';
import { riskRating } from '../../shared/questionnaire/template';
import { roleLabel } from '../../shared/workflow/roles';
import { api } from '../api/bridge';
import { apiErrorOf, errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { today } from '../format/dates';
import { plural } from '../format/numbers';
import { Alert } from '../ui/Alert';
import { RiskBadge } from './badges';
import { IMPACT_LABELS, LIKELIHOOD_LABELS, asTemplate, questionNumbers, type TemplateView } from './model';
import type { GapChanges, QuestionnaireStore } from './useQuestionnaire';

const NOT_RATED = 'none';
/** The library's TextField types omit `placeholder`, which react-aria still passes to the input. */
const DATE_PLACEHOLDER = { placeholder: 'Dec 15, 2026' } as object;
const NOT_A_DATE = (typed: string) => `“${typed}” is not a date: type it like 2026-12-15 or Dec 15, 2026, or choose it from the calendar`;
/** A date as typed ("Dec 15, 2026") as YYYY-MM-DD; what is not a date stays as typed, to be refused. */
const dateText = (value: string) => {
  const t = text(value);
  return t === null ? null : (parseTypedDate(t) ?? t);
};

interface Draft {
  description: string;
  likelihood: string;
  impact: string;
  owner: string;
  due_date: string;
  status: GapStatus;
  plan: string;
  /** A new acceptance (or a renewal of the current one): its justification, conditions and expiry. */
  acceptance_justification: string;
  acceptance_conditions: string;
  acceptance_expires: string;
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
    acceptance_justification: gap.acceptance_justification ?? '',
    acceptance_conditions: gap.acceptance_conditions ?? '',
    acceptance_expires: '',
  };
}

const text = (value: string) => {
  const t = value.normalize('NFC').trim();
  return t === '' ? null : t;
};
const level = (value: string) => (value === NOT_RATED ? null : Number(value));

/** The changes to send and the problems to fix first; `accepting`: a new acceptance (or a renewal) is recorded. */
function check(gap: Gap, draft: Draft, accepting: boolean): { changes: GapChanges; problems: Partial<Record<DraftKey, string>> } {
  const next = {
    description: text(draft.description),
    likelihood: level(draft.likelihood),
    impact: level(draft.impact),
    owner: text(draft.owner),
    due_date: dateText(draft.due_date),
    status: draft.status,
    plan: text(draft.plan),
  };
  const problems: Partial<Record<DraftKey, string>> = {};
  if (next.due_date !== null && !isIsoDate(next.due_date)) problems.due_date = NOT_A_DATE(next.due_date);
  if (next.owner && next.owner.length > 300) problems.owner = 'At most 300 characters';
  for (const key of ['description', 'plan'] as const) {
    if ((next[key]?.length ?? 0) > 20_000) problems[key] = 'At most 20,000 characters';
  }
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next) as [DraftKey, unknown][]) {
    if (value !== (gap[key as keyof Gap] ?? null)) changes[key] = value;
  }
  if (accepting) {
    const justification = text(draft.acceptance_justification);
    const conditions = text(draft.acceptance_conditions);
    const expires = dateText(draft.acceptance_expires);
    if (!justification) problems.acceptance_justification = 'Why the risk is acceptable is required';
    else if (justification.length > 20_000) problems.acceptance_justification = 'At most 20,000 characters';
    if ((conditions?.length ?? 0) > 20_000) problems.acceptance_conditions = 'At most 20,000 characters';
    if (!expires) problems.acceptance_expires = 'The date the acceptance ends is required';
    else if (!isIsoDate(expires)) problems.acceptance_expires = NOT_A_DATE(expires);
    else if (expires <= today()) problems.acceptance_expires = 'The acceptance must end after today';
    Object.assign(changes, { status: 'risk_accepted', acceptance_justification: justification, acceptance_conditions: conditions, acceptance_expires: expires });
  }
  return { changes: changes as GapChanges, problems };
}

const FIELD_ORDER: DraftKey[] = ['description', 'likelihood', 'impact', 'owner', 'due_date', 'status', 'acceptance_justification', 'acceptance_conditions', 'acceptance_expires', 'plan'];

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
  /** Renewing the current acceptance (a new justification, expiry and signature). */
  const [renewing, setRenewing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const accepting = draft.status === 'risk_accepted' && (gap.status !== 'risk_accepted' || renewing);
  const { changes, problems } = check(gap, draft, accepting);
  const changed = Object.keys(changes).length;
  const rating = riskRating(asTemplate(template), level(draft.likelihood), level(draft.impact));
  const severe = rating === 'high' || rating === 'critical';
  const profileQuery = useApiQuery(() => api.call('profile.get', {}), []);
  const profile = profileQuery.data?.profile ?? null;
  const rewordsAcceptance = gap.status === 'risk_accepted' && !accepting && (['description', 'likelihood', 'impact'] as const).some((k) => k in changes);

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
      return { ...d, [key]: value };
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
      aria-label={`Edit the gap on question ${questionNumbers(template).get(gap.question_id) ?? gap.question_id}`}
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
          <DateField label="Due date" value={draft.due_date} onPick={(iso) => set('due_date', iso)}>
            <TextField size="small" label="Due date" {...DATE_PLACEHOLDER} value={draft.due_date} onChange={(v) => set('due_date', v)} {...invalid('due_date')} />
          </DateField>,
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
          <fieldset className="gap-editor__acceptance" aria-describedby={`acceptance-note-${gap.id}`}>
            <legend>Risk acceptance</legend>
            <p className="gap-editor__acceptance-note" id={`acceptance-note-${gap.id}`}>
              The acceptance is recorded in your name from your profile and signed with your signing key. A high or critical risk is accepted only by the{' '}
              <strong>{roleLabel(RISK_ACCEPTING_ROLE)}</strong>; when it expires, or the gap&rsquo;s rating or description changes, the gap is open again.
            </p>
            {!accepting && gap.acceptance && (
              <div className="gap-editor__acceptance-current" data-testid="acceptance-current">
                <p className={gap.acceptance.lapse ? 'gap-editor__warning' : undefined}>{gap.acceptance.summary}</p>
                <dl className="gap-editor__acceptance-record">
                  <dt>Accepted by</dt>
                  <dd>
                    {gap.accepted_by ?? '—'}
                    {gap.accepted_role ? `, ${roleLabel(gap.accepted_role as typeof RISK_ACCEPTING_ROLE)}` : ''}
                    {gap.accepted_date ? ` on ${gap.accepted_date}` : ''}
                  </dd>
                  <dt>Justification</dt>
                  <dd>{gap.acceptance_justification ?? '—'}</dd>
                  <dt>Conditions</dt>
                  <dd>{gap.acceptance_conditions ?? '—'}</dd>
                  <dt>Expires</dt>
                  <dd>{gap.acceptance_expires ?? '—'}</dd>
                </dl>
                <Button variant="secondary" size="small" onPress={() => setRenewing(true)}>
                  Accept again
                </Button>
              </div>
            )}
            {accepting && (
              <>
                <div className="gap-editor__acceptor" data-gap-field="acceptor">
                  <span className="gap-editor__rating-label" id={`acceptor-${gap.id}`}>
                    Accepted by
                  </span>{' '}
                  <output aria-labelledby={`acceptor-${gap.id}`} data-testid="acceptor">
                    {profile ? `${profile.name}, ${roleLabel(profile.role)}` : profileQuery.loading ? 'Loading your profile…' : 'No profile set'}
                  </output>
                </div>
                {!profileQuery.loading && !profile && (
                  <p className="gap-editor__warning" role="note" data-testid="acceptance-refusal">
                    Set your profile (name and role) before accepting a risk: the acceptance is recorded in your name.
                  </p>
                )}
                {profile && severe && profile.role !== RISK_ACCEPTING_ROLE && (
                  <p className="gap-editor__warning" role="note" data-testid="acceptance-refusal">
                    Only the {roleLabel(RISK_ACCEPTING_ROLE)} accepts a {rating} risk; your profile is in the role {roleLabel(profile.role)}. Ask the manager to accept it.
                  </p>
                )}
                <div className="gap-editor__acceptance-fields">
                  {field(
                    'acceptance_justification',
                    <TextArea
                      label="Justification"
                      isRequired
                      value={draft.acceptance_justification}
                      onChange={(v) => set('acceptance_justification', v)}
                      {...invalid('acceptance_justification')}
                    />,
                    true,
                  )}
                  {field(
                    'acceptance_conditions',
                    <TextArea label="Conditions (optional)" value={draft.acceptance_conditions} onChange={(v) => set('acceptance_conditions', v)} {...invalid('acceptance_conditions')} />,
                    true,
                  )}
                  {field(
                    'acceptance_expires',
                    <DateField label="Expires on" value={draft.acceptance_expires} onPick={(iso) => set('acceptance_expires', iso)}>
                      <TextField
                        size="small"
                        label="Expires on"
                        isRequired
                        description="The gap is open again on this date"
                        {...DATE_PLACEHOLDER}
                        value={draft.acceptance_expires}
                        onChange={(v) => set('acceptance_expires', v)}
                        {...invalid('acceptance_expires')}
                      />
                    </DateField>,
                  )}
                </div>
              </>
            )}
          </fieldset>
        )}
        {rewordsAcceptance && (
          <p className="gap-editor__warning" role="note">
            The risk acceptance was signed for this gap&rsquo;s rating and description: changing them ends it, and the gap is open again until it is accepted again.
          </p>
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
