/**
 * Every dossier field, grouped by section as the registry lists them. Edits stay in the form until
 * saved; a save sends only the fields that changed, and a failed save keeps every typed value.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { Alert } from '../ui/Alert';
import { Card } from '../ui/index';
import type { Dossier } from '../../shared/api/types';
import { DOSSIER_FIELDS, SECTIONS, findField, type FieldDef } from '../../shared/dossier/fields';
import { CONTACT_ROLES } from '../../shared/workflow/roles';
import { ACTIVITIES } from '../../shared/workflow/definition';
import { api } from '../api/bridge';
import { apiErrorOf, errorMessage } from '../api/errors';
import { useLeaveGuard } from '../app/useLeaveGuard';
import { checkDraft, diffDrafts, toDraft, type DraftValue, type Drafts } from '../fields/draft';
import { FieldControl, focusField } from '../fields/FieldControl';
import { problemsByField } from '../fields/messages';
import { plural } from '../format/numbers';
import { scrollBehavior } from '../appearance/index';

const ALL_PATHS = new Set(DOSSIER_FIELDS.map((f) => f.path));
/** A dossier always keeps these two (the engine refuses to empty them). */
const REQUIRED_PATHS = ['organization.legal_name', 'application.name'];

/** Flags explain which activity they switch on, so a lead knows what ticking them does. */
const FLAG_HINTS: Record<string, string> = Object.fromEntries(
  ACTIVITIES.filter((a) => a.condition).map((a) => [a.condition!, `Adds the “${a.label}” activity to the process`]),
);

interface OverviewTabProps {
  dossier: Dossier;
  active: boolean;
  onSaved(dossier: Dossier): void;
  onNotice(message: string): void;
  onDirtyChange(dirty: boolean): void;
}

export function OverviewTab({ dossier, active, onSaved, onNotice, onDirtyChange }: OverviewTabProps) {
  const [drafts, setDrafts] = useState<Drafts>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<{ message: string; other: string[] } | null>(null);
  const [saving, setSaving] = useState(false);

  const diff = useMemo(() => {
    const found = diffDrafts(DOSSIER_FIELDS, dossier.fields, drafts);
    for (const path of REQUIRED_PATHS) {
      if (found.changes[path] !== null) continue;
      delete found.changes[path];
      found.problems[path] = checkMessage(findField(path)!, '')!;
    }
    return found;
  }, [dossier.fields, drafts]);
  const changedCount = Object.keys(diff.changes).length;
  const pendingCount = changedCount + Object.keys(diff.problems).length;
  useEffect(() => onDirtyChange(pendingCount > 0), [pendingCount, onDirtyChange]);
  useLeaveGuard(pendingCount > 0 ? `Leave ${dossier.reference} without saving? ${plural(pendingCount, 'change')} will be lost.` : null);

  const valueOf = (def: FieldDef): DraftValue => drafts[def.path] ?? toDraft(def, dossier.fields[def.path]);

  const change = (def: FieldDef, value: DraftValue) => {
    setDrafts((current) => ({ ...current, [def.path]: value }));
    if (errors[def.path]) setFieldError(def.path, checkMessage(def, value));
  };

  const setFieldError = (path: string, message: string | undefined) =>
    setErrors((current) => {
      if (current[path] === message) return current;
      const next = { ...current };
      if (message) next[path] = message;
      else delete next[path];
      return next;
    });

  const discard = () => {
    setDrafts({});
    setErrors({});
    setSaveError(null);
  };

  const save = useCallback(async () => {
    if (saving) return;
    setSaveError(null);
    const problemPaths = Object.keys(diff.problems);
    if (problemPaths.length > 0) {
      setErrors(diff.problems);
      setSaveError({ message: `Fix ${plural(problemPaths.length, 'field')} before saving; nothing was saved.`, other: [] });
      focusField(DOSSIER_FIELDS.find((f) => diff.problems[f.path])!.path);
      return;
    }
    if (changedCount === 0) return;
    setSaving(true);
    try {
      const saved = await api.call('dossier.update', { id: dossier.id, changes: diff.changes });
      setDrafts({});
      setErrors({});
      onSaved(saved);
      onNotice(`Saved ${plural(changedCount, 'change')} to ${saved.reference}.`);
    } catch (error) {
      const sorted = problemsByField(apiErrorOf(error)?.details?.problems, ALL_PATHS);
      setErrors(sorted.byField);
      setSaveError({ message: `Not saved: ${errorMessage(error)}`, other: sorted.other });
      const first = DOSSIER_FIELDS.find((f) => sorted.byField[f.path]);
      if (first) focusField(first.path);
    } finally {
      setSaving(false);
    }
  }, [saving, diff, changedCount, dossier.id, onSaved, onNotice]);

  // Ctrl+S / Cmd+S saves, as in any editor.
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [active, save]);

  return (
    <div className="overview">
      <nav className="overview__toc" aria-label="Overview sections">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.key}>
              <button
                type="button"
                className="link-button"
                onClick={() => document.getElementById(`section-${section.key}`)?.scrollIntoView({ behavior: scrollBehavior(), block: 'start' })}
              >
                {section.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>

      <form
        className="overview__form"
        noValidate
        aria-label="Dossier details"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {SECTIONS.map((section) => (
          <Card key={section.key} id={`section-${section.key}`} className="form-card" headingId={`section-${section.key}-title`} title={section.label}>
            {section.key === 'contacts' ? (
              CONTACT_ROLES.map((role) => (
                <div key={role.key} className="contact-group" role="group" aria-labelledby={`contact-${role.key}`}>
                  <h3 id={`contact-${role.key}`} className="contact-group__title">
                    {role.label}
                  </h3>
                  <div className="form-grid form-grid--four">{fieldsOf(section.key, `contacts.${role.key}.`).map(renderField)}</div>
                </div>
              ))
            ) : (
              <div className="form-grid">{fieldsOf(section.key).map(renderField)}</div>
            )}
          </Card>
        ))}

        <div className={`save-bar${pendingCount > 0 ? ' save-bar--dirty' : ''}`} role="region" aria-label="Save changes">
          <div className="save-bar__status" aria-live="polite">
            {saveError ? (
              <span className="save-bar__error">{saveError.message}</span>
            ) : pendingCount > 0 ? (
              <span>
                <span className="save-bar__dot" aria-hidden="true" />
                {plural(pendingCount, 'unsaved change')}
              </span>
            ) : (
              <span className="muted">All changes saved</span>
            )}
          </div>
          <div className="save-bar__actions">
            <Button variant="tertiary" onPress={discard} isDisabled={pendingCount === 0 || saving}>
              Discard changes
            </Button>
            <Button type="submit" variant="primary" isDisabled={pendingCount === 0 || saving}>
              {saving ? 'Saving…' : 'Save changes'}
            </Button>
          </div>
        </div>
        {saveError && saveError.other.length > 0 && (
          <Alert variant="danger" role="alert" title="The workbench refused some changes">
            <ul className="error-summary">
              {saveError.other.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Alert>
        )}
      </form>
    </div>
  );

  function renderField(def: FieldDef) {
    const required = REQUIRED_PATHS.includes(def.path);
    const hint = FLAG_HINTS[def.path] ?? (def.readOnly ? 'Moves forward with “Advance” on the Process tab' : undefined);
    const changed = def.path in diff.changes || def.path in diff.problems;
    return (
      <div
        key={def.path}
        className={`form-grid__item form-grid__item--${def.kind}${isWide(def) ? ' form-grid__item--wide' : ''}${changed ? ' form-grid__item--changed' : ''}`}
      >
        <FieldControl
          def={def}
          value={valueOf(def)}
          onChange={(value) => change(def, value)}
          onBlur={() => {
            const draft = drafts[def.path];
            if (draft !== undefined) setFieldError(def.path, checkMessage(def, draft));
          }}
          error={errors[def.path]}
          required={required}
          {...(hint ? { hint } : {})}
        />
      </div>
    );
  }
}

/** Names (legal name, application) get room to show in full. */
function isWide(def: FieldDef): boolean {
  return def.kind === 'text' && (def.maxLength ?? 0) >= 300;
}

function fieldsOf(section: string, prefix = ''): FieldDef[] {
  return DOSSIER_FIELDS.filter((f) => f.section === section && f.path.startsWith(prefix));
}

function checkMessage(def: FieldDef, draft: DraftValue): string | undefined {
  const checked = checkDraft(def, draft);
  if (!checked.ok) return checked.message;
  return REQUIRED_PATHS.includes(def.path) && checked.value === null ? `${def.label} cannot be emptied` : undefined;
}
