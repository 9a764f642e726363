import { useRef, useState, type FormEvent } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { Alert } from '../ui/Alert';
import type { OperationOutput } from '../../shared/api/contract';
import { findField, type FieldDef } from '../../shared/dossier/fields';
import type { FieldValues } from '../../shared/dossier/values';
import { api } from '../api/bridge';
import { apiErrorOf, errorMessage } from '../api/errors';
import { useNavigation } from '../app/navigation';
import { useLeaveGuard } from '../app/useLeaveGuard';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { checkDraft, toDraft, type DraftValue, type Drafts } from '../fields/draft';
import { FieldControl, focusField } from '../fields/FieldControl';
import { problemsByField } from '../fields/messages';
import { InlineError } from '../ui/StatusMessages';
import { PhaseBadge } from '../ui/Badges';
import { STAGE_KEYS } from '../../shared/workflow/definition';
import './create.css';

const ORGANIZATION = 'organization.legal_name';

interface FormSection {
  title: string;
  description: string;
  /** `label` replaces the registry's label where the form gives less context than the Overview. */
  fields: { path: string; label?: string; required?: boolean; asRadio?: boolean; hint?: string }[];
}

const SECTIONS: FormSection[] = [
  {
    title: 'Connected Partner',
    description: 'The organization that will connect to the Provincial Client Registry.',
    fields: [{ path: 'organization.legal_name', required: true, hint: 'As registered, with its accents and special characters' }, { path: 'organization.type' }],
  },
  {
    title: 'Application and integration',
    description: 'The partner’s system and how it will talk to HCIM.',
    fields: [{ path: 'application.name', required: true }, { path: 'integration.standard', label: 'Integration standard', asRadio: true }],
  },
  {
    title: 'People',
    description: 'Who sponsors the work at the partner, and who leads it at CGI. You can add the other contacts later.',
    fields: [{ path: 'contacts.sponsor.name' }, { path: 'contacts.sponsor.email' }, { path: 'leads.cgi_business_support_lead' }],
  },
];

const FORM_FIELDS = SECTIONS.flatMap((section) =>
  section.fields.map((f) => {
    const def = findField(f.path)!;
    return { ...f, def: f.label ? { ...def, label: f.label } : def };
  }),
);
const FORM_PATHS = new Set(FORM_FIELDS.map((f) => f.path));

function validate(def: FieldDef, draft: DraftValue, required: boolean): string | undefined {
  const checked = checkDraft(def, draft);
  if (!checked.ok) return checked.message;
  if (required && checked.value === null) return `${def.label} is required`;
  return undefined;
}

/** A summary line names its field, unless the message already starts with the field's name. */
function summaryLine(label: string, message: string): string {
  return message.startsWith(label) ? message : `${label}: ${message}`;
}

export function CreateDossierScreen() {
  const { navigate } = useNavigation();
  const [drafts, setDrafts] = useState<Drafts>(() => Object.fromEntries(FORM_FIELDS.map((f) => [f.path, toDraft(f.def, null)])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [otherProblems, setOtherProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [similar, setSimilar] = useState<OperationOutput<'dossier.similar'>>([]);
  // The summary appears only after a submit: showing it on blur would shift the form under the pointer.
  const [submitted, setSubmitted] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  useDocumentTitle('New dossier');
  const started = FORM_FIELDS.some((f) => {
    const draft = drafts[f.path];
    return Array.isArray(draft) ? draft.length > 0 : typeof draft === 'string' ? draft.trim() !== '' : draft === true;
  });
  useLeaveGuard(started && !saving ? 'Leave without creating the dossier? What you typed will be lost.' : null);

  const setError = (path: string, message: string | undefined) =>
    setErrors((current) => {
      const next = { ...current };
      if (message) next[path] = message;
      else delete next[path];
      return next;
    });

  const change = (path: string, value: DraftValue) => {
    setDrafts((current) => ({ ...current, [path]: value }));
    // Once a field has been flagged, say as soon as it is right again.
    const field = FORM_FIELDS.find((f) => f.path === path)!;
    if (errors[path]) setError(path, validate(field.def, value, field.required ?? false));
  };

  const blur = (path: string) => {
    const field = FORM_FIELDS.find((f) => f.path === path)!;
    const draft = drafts[path];
    if (draft === undefined) return;
    // Required fields are only called out on submit, not while the lead tabs through.
    const message = validate(field.def, draft, false);
    setError(path, message);
    if (path === ORGANIZATION && typeof draft === 'string') void lookForSimilar(draft);
  };

  // A warning, not a refusal: a partner may rightly have two dossiers (two applications).
  const lookForSimilar = async (organization: string) => {
    try {
      setSimilar(organization.trim() === '' ? [] : await api.call('dossier.similar', { organization }));
    } catch {
      setSimilar([]);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setFailure(null);
    setOtherProblems([]);
    setSubmitted(true);
    const found: Record<string, string> = {};
    const fields: FieldValues = {};
    for (const field of FORM_FIELDS) {
      const draft = drafts[field.path]!;
      const message = validate(field.def, draft, field.required ?? false);
      if (message) found[field.path] = message;
      const checked = checkDraft(field.def, draft);
      if (checked.ok && checked.value !== null) fields[field.path] = checked.value;
    }
    setErrors(found);
    const firstInvalid = FORM_FIELDS.find((f) => found[f.path]);
    if (firstInvalid) {
      focusField(firstInvalid.path);
      return;
    }
    setSaving(true);
    try {
      const dossier = await api.call('dossier.create', { fields });
      navigate({ screen: 'dossier', id: dossier.id, tab: 'overview', notice: `Dossier ${dossier.reference} created.` });
    } catch (error) {
      const apiError = apiErrorOf(error);
      const sorted = problemsByField(apiError?.details?.problems, FORM_PATHS);
      setErrors(sorted.byField);
      setOtherProblems(sorted.other);
      setFailure(errorMessage(error));
      const first = FORM_FIELDS.find((f) => sorted.byField[f.path]);
      if (first) focusField(first.path);
      else summaryRef.current?.focus();
    } finally {
      setSaving(false);
    }
  };

  const errorCount = Object.keys(errors).length;

  return (
    <div className="page page--form">
      <div className="page-heading">
        <div>
          <h1>New onboarding dossier</h1>
          <p className="page-heading__lede">Start intake for a Connected Partner. Everything else can be filled in on the dossier afterwards.</p>
        </div>
      </div>

      <form className="create-form" onSubmit={submit} noValidate aria-describedby="create-required-note">
        <div ref={summaryRef} tabIndex={-1} className="create-form__summary">
          {submitted && errorCount > 0 && (
            <Alert variant="danger" role="alert" title={`Check ${errorCount === 1 ? 'one field' : `${errorCount} fields`} before creating the dossier`}>
              <ul className="error-summary">
                {FORM_FIELDS.filter((f) => errors[f.path]).map((f) => (
                  <li key={f.path}>
                    <button type="button" className="link-button" onClick={() => focusField(f.path)}>
                      {summaryLine(f.label ?? f.def.label, errors[f.path]!)}
                    </button>
                  </li>
                ))}
              </ul>
            </Alert>
          )}
          {failure && errorCount === 0 && (
            <InlineError title="The dossier was not created">
              {otherProblems.length > 0 ? (
                <ul className="error-summary">
                  {otherProblems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ) : (
                failure
              )}
            </InlineError>
          )}
        </div>

        <p id="create-required-note" className="hint">
          Fields marked (required) must be filled in.
        </p>

        {SECTIONS.map((section) => (
          <fieldset key={section.title} className="card form-section">
            <legend className="form-section__title">{section.title}</legend>
            <p className="form-section__description">{section.description}</p>
            <div className="form-grid">
              {section.fields.map((f) => {
                const { def } = FORM_FIELDS.find((field) => field.path === f.path)!;
                return (
                  <FieldControl
                    key={f.path}
                    def={def}
                    value={drafts[f.path]!}
                    onChange={(value) => change(f.path, value)}
                    onBlur={() => blur(f.path)}
                    error={errors[f.path]}
                    required={f.required ?? false}
                    asRadio={f.asRadio ?? false}
                    {...(f.hint ? { hint: f.hint } : {})}
                  />
                );
              })}
            </div>
            {section.fields.some((f) => f.path === ORGANIZATION) && similar.length > 0 && (
              <div role="status" className="create-form__similar">
                <Alert variant="warning" title={similar.length === 1 ? 'A dossier already exists for a similar organization' : `${similar.length} dossiers already exist for similar organizations`}>
                  <p>Check this is not the same partner before creating another dossier.</p>
                  <ul className="similar-list">
                    {similar.map((d) => {
                      const stage = STAGE_KEYS.find((k) => k === d.phase);
                      return (
                        <li key={d.id}>
                          <button type="button" className="link-button" onClick={() => navigate({ screen: 'dossier', id: d.id })}>
                            {d.reference} — {d.organization}
                            {d.application ? `, ${d.application}` : ''}
                          </button>{' '}
                          {stage && <PhaseBadge phase={stage} />}
                        </li>
                      );
                    })}
                  </ul>
                </Alert>
              </div>
            )}
          </fieldset>
        ))}

        <div className="form-actions">
          <Button type="submit" variant="primary" isDisabled={saving}>
            {saving ? 'Creating…' : 'Create dossier'}
          </Button>
          <Button variant="tertiary" onPress={() => navigate({ screen: 'list' })}>
            Cancel
          </Button>
        </div>
      </form>
    </div>
  );
}
