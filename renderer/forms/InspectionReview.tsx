/**
 * What a filled form holds, as the engine read and checked it: the recognized form and file, every
 * field with its value and check, the dossier's value beside it, and a choice per differing field.
 */
import { useMemo, useState, type RefObject } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { plural } from '../format/numbers';
import { Alert } from '../ui/Alert';
import { formatBytes } from '../ui/files';
import { Progress } from '../ui/Progress';
import { InlineError } from '../ui/StatusMessages';
import { isChoosable, takenCount, withAll } from './choices';
import type { FieldChoice, FieldReport, Inspection } from './formsApi';
import { Toolbar } from '../ui';

type Filter = 'all' | 'differences' | 'problems';

const FORMAT_NAMES = { pdf: 'PDF', docx: 'DOCX', json: 'JSON' } as const;

interface InspectionReviewProps {
  headingRef: RefObject<HTMLHeadingElement | null>;
  inspection: Inspection;
  choices: Record<string, FieldChoice>;
  onChoicesChange(choices: Record<string, FieldChoice>): void;
  applying: boolean;
  busy: boolean;
  error: string | null;
  onApply(): void;
  onCancel(): void;
}

export function InspectionReview({ headingRef, inspection, choices, onChoicesChange, applying, busy, error, onApply, onCancel }: InspectionReviewProps) {
  const [filter, setFilter] = useState<Filter>('all');
  const { file, form, fields } = inspection;
  const filled = fields.filter((f) => f.value_text !== '' || f.raw_text).length;
  const taken = takenCount(inspection, choices);
  const choosable = fields.filter(isChoosable).length;
  const target = inspection.dossier ? `${inspection.dossier.reference}${inspection.dossier.organization ? ` · ${inspection.dossier.organization}` : ''}` : null;

  const shown = useMemo(() => {
    if (filter === 'differences') return fields.filter((f) => f.differs);
    if (filter === 'problems') return fields.filter((f) => !f.valid || f.missing);
    return fields;
  }, [fields, filter]);
  const sections = useMemo(() => groupBySection(shown), [shown]);

  const choose = (key: string, choice: FieldChoice) => onChoicesChange({ ...choices, [key]: choice });
  const applyLabel = inspection.creates_dossier ? `Create the dossier with ${plural(taken, 'value')}` : taken === 0 ? 'Keep the file as evidence only' : `Apply ${plural(taken, 'change')}`;

  return (
    <div className="inspection" data-testid="form-inspection">
      <header className="inspection__header">
        <h3 ref={headingRef} tabIndex={-1} className="inspection__title">
          Recognized: {form.title}
        </h3>
        <dl className="inspection__facts">
          <div>
            <dt>Form</dt>
            <dd data-testid="inspection-form">
              {form.id}, version {form.version}
            </dd>
          </div>
          <div>
            <dt>File</dt>
            <dd data-testid="inspection-file">
              {file.name} · {FORMAT_NAMES[file.format]} · {formatBytes(file.size)}
            </dd>
          </div>
          <div>
            <dt>{inspection.creates_dossier ? 'Applies to' : 'Compared with'}</dt>
            <dd data-testid="inspection-dossier">{target ?? 'A new dossier (created when you apply)'}</dd>
          </div>
        </dl>
        <ul className="inspection__counts" aria-label="Summary">
          <li>{plural(filled, 'field')} filled of {fields.length}</li>
          <li className={inspection.problems.length ? 'inspection__count--danger' : ''}>{plural(inspection.problems.length, 'invalid value')}</li>
          <li className={inspection.missing.length ? 'inspection__count--warning' : ''}>{plural(inspection.missing.length, 'required field')} blank</li>
          <li>{plural(inspection.differences, 'difference')} from the dossier</li>
        </ul>
      </header>

      {inspection.already_imported && (
        <Alert variant="info" title="This very file was imported before">
          It is already kept on {inspection.dossier?.reference}. Applying again changes only what differs now.
        </Alert>
      )}
      {inspection.problems.length > 0 && (
        <Alert variant="danger" title={`${plural(inspection.problems.length, 'value is', 'values are')} refused and will not be applied`}>
          <ul className="inspection__list" data-testid="inspection-problems">
            {inspection.problems.slice(0, MAX_LISTED).map((p) => (
              <li key={p.field}>{p.message}</li>
            ))}
          </ul>
          <More count={inspection.problems.length} onShow={() => setFilter('problems')} />
          <p>The dossier keeps its value for these fields. Ask the partner for a corrected form if the value matters.</p>
        </Alert>
      )}
      {inspection.missing.length > 0 && (
        <Alert variant="warning" title={`${plural(inspection.missing.length, 'required field')} left blank`}>
          <ul className="inspection__list" data-testid="inspection-missing">
            {inspection.missing.slice(0, MAX_LISTED).map((m) => (
              <li key={m.field}>{m.label}</li>
            ))}
          </ul>
          <More count={inspection.missing.length} onShow={() => setFilter('problems')} />
        </Alert>
      )}
      {inspection.unknown_fields.length > 0 && (
        <Alert variant="info" title="Fields the form does not have">
          The file also holds {inspection.unknown_fields.slice(0, 10).join(', ')}
          {inspection.unknown_fields.length > 10 ? ` and ${inspection.unknown_fields.length - 10} more` : ''}. They are ignored: the form may have been edited.
        </Alert>
      )}

      <Toolbar
        className="inspection__toolbar"
        start={
          <div className="forms-filter" role="radiogroup" aria-label="Show">
            {(
              [
                ['all', `All fields (${fields.length})`],
                ['differences', `Differences (${inspection.differences})`],
                ['problems', `Problems (${inspection.problems.length + inspection.missing.length})`],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className={`forms-filter__option${filter === value ? ' forms-filter__option--selected' : ''}`}>
                <input type="radio" name="inspection-filter" value={value} checked={filter === value} onChange={() => setFilter(value)} />
                {label}
              </label>
            ))}
          </div>
        }
        end={
          choosable > 0 && (
            <div className="inspection__bulk" role="group" aria-label="Choose for every difference">
              <button type="button" className="link-button" onClick={() => onChoicesChange(withAll(inspection, choices, 'form'))} disabled={busy}>
                Take all form values
              </button>
              <button type="button" className="link-button" onClick={() => onChoicesChange(withAll(inspection, choices, 'dossier'))} disabled={busy}>
                Keep all dossier values
              </button>
            </div>
          )
        }
      />

      <div className="inspection__table-wrap">
        <table className="inspection-table" data-testid="inspection-fields">
          <caption className="visually-hidden">
            Each field of the form: its value in the file, the check, the dossier’s value and which one to keep
          </caption>
          <colgroup>
            <col className="inspection-table__col-field" />
            <col className="inspection-table__col-value" />
            <col className="inspection-table__col-check" />
            <col className="inspection-table__col-value" />
            <col className="inspection-table__col-choice" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">In the form</th>
              <th scope="col">Check</th>
              <th scope="col">{inspection.creates_dossier ? 'Dossier' : `In ${inspection.dossier?.reference ?? 'the dossier'}`}</th>
              <th scope="col">Apply</th>
            </tr>
          </thead>
          {sections.map(([section, rows]) => (
            <tbody key={section}>
              <tr className="inspection-table__section">
                <th scope="colgroup" colSpan={5}>
                  {section}
                </th>
              </tr>
              {rows.map((field) => (
                <FieldRow key={field.key} field={field} choice={choices[field.key]} disabled={busy} createsDossier={inspection.creates_dossier} onChoose={(c) => choose(field.key, c)} />
              ))}
            </tbody>
          ))}
          {shown.length === 0 && (
            <tbody>
              <tr>
                <td colSpan={5} className="inspection-table__empty">
                  {filter === 'differences' ? 'The form holds nothing that differs from the dossier.' : 'No field has a problem.'}
                </td>
              </tr>
            </tbody>
          )}
        </table>
      </div>

      <div className="inspection__footer">
        {applying && <Progress label={inspection.creates_dossier ? 'Creating the dossier…' : 'Applying the form…'} />}
        {!applying && error && (
          <InlineError title="Nothing was applied">{error}</InlineError>
        )}
        <div className="inspection__actions">
          <Button variant="primary" isDisabled={busy} onPress={onApply}>
            {applyLabel}
          </Button>
          <Button variant="secondary" isDisabled={busy} onPress={onCancel}>
            Choose another file
          </Button>
          <p className="inspection__note">
            {taken > 0 && choosable > taken ? `${plural(choosable - taken, 'difference')} will keep the dossier’s value. ` : ''}
            The original file is kept on the dossier as evidence.
          </p>
        </div>
      </div>
    </div>
  );
}

/** Long lists in the alerts stop after a few lines; the table's Problems view has them all. */
const MAX_LISTED = 8;

function More({ count, onShow }: { count: number; onShow(): void }) {
  if (count <= MAX_LISTED) return null;
  return (
    <p>
      And {count - MAX_LISTED} more.{' '}
      <button type="button" className="link-button" onClick={onShow}>
        Show the problems in the table
      </button>
    </p>
  );
}

function groupBySection(fields: readonly FieldReport[]): [string, FieldReport[]][] {
  const groups = new Map<string, FieldReport[]>();
  for (const field of fields) {
    const rows = groups.get(field.section) ?? [];
    rows.push(field);
    groups.set(field.section, rows);
  }
  return [...groups];
}

interface FieldRowProps {
  field: FieldReport;
  choice: FieldChoice | undefined;
  disabled: boolean;
  createsDossier: boolean;
  onChoose(choice: FieldChoice): void;
}

function FieldRow({ field, choice, disabled, createsDossier, onChoose }: FieldRowProps) {
  const state = !field.valid ? 'invalid' : field.missing ? 'missing' : field.differs ? (choice === 'dossier' ? 'kept' : 'taken') : 'same';
  const blank = field.valid && field.value_text === '';
  return (
    <tr className={`field-row field-row--${state}`} data-field={field.key} data-state={state}>
      <th scope="row" className="field-row__label">
        {field.label}
        {field.required && (
          <span className="field-row__required" title="Required">
            {' '}
            *<span className="visually-hidden"> (required)</span>
          </span>
        )}
        {field.target.kind === 'dossier' && <span className="field-row__target">→ {field.target.label}</span>}
        {field.target.kind === 'form_record' && <span className="field-row__target">→ record of the imported form</span>}
        {field.target.kind === 'question' && <span className="field-row__target">→ gap analysis, partner {field.target.part}</span>}
      </th>
      <td className="field-row__value">
        {!field.valid ? (
          <span className="field-row__raw" data-testid="raw-value">
            {field.raw_text || '—'}
          </span>
        ) : blank ? (
          <span className="field-row__blank">Blank</span>
        ) : (
          field.value_text
        )}
      </td>
      <td className="field-row__check">
        {!field.valid ? (
          <span className="field-check field-check--invalid">
            <span aria-hidden="true">✗ </span>Invalid: {field.message}
          </span>
        ) : field.missing ? (
          <span className="field-check field-check--missing">
            <span aria-hidden="true">! </span>Required, blank
          </span>
        ) : blank ? (
          <span className="field-check field-check--blank">Not filled</span>
        ) : (
          <span className="field-check field-check--valid">
            <span aria-hidden="true">✓ </span>Valid
          </span>
        )}
      </td>
      <td className="field-row__value field-row__current">{field.current_text || <span className="field-row__blank">{createsDossier ? '—' : 'Empty'}</span>}</td>
      <td className="field-row__choice">
        {field.differs ? (
          <div className="field-choice" role="radiogroup" aria-label={`${field.label}: value to keep`}>
            <label className={`field-choice__option${choice !== 'dossier' ? ' field-choice__option--selected' : ''}`}>
              <input type="radio" name={`field-choice-${field.key}`} checked={choice !== 'dossier'} disabled={disabled} onChange={() => onChoose('form')} />
              Take form value
            </label>
            <label className={`field-choice__option${choice === 'dossier' ? ' field-choice__option--selected' : ''}`}>
              <input type="radio" name={`field-choice-${field.key}`} checked={choice === 'dossier'} disabled={disabled} onChange={() => onChoose('dossier')} />
              {createsDossier ? 'Leave out' : 'Keep dossier value'}
            </label>
          </div>
        ) : (
          <span className="field-row__no-choice">{!field.valid ? 'Dossier value kept' : blank ? 'Nothing to apply' : 'Same as the dossier'}</span>
        )}
      </td>
    </tr>
  );
}
