/** What an import wrote: the values applied, the ones kept, and the original file kept as evidence. */
import type { RefObject } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { plural } from '../format/numbers';
import { Alert } from '../ui/Alert';
import { DataTable } from '../ui';
import { formatBytes } from '../ui/files';
import type { ApplyOutcome } from './formsApi';

interface ApplyResultProps {
  headingRef: RefObject<HTMLHeadingElement | null>;
  fileName: string;
  outcome: ApplyOutcome;
  onAnother(): void;
  onOpenDossier?: (() => void) | undefined;
}

export function ApplyResult({ headingRef, fileName, outcome, onAnother, onOpenDossier }: ApplyResultProps) {
  const { inspection, dossier, applied, kept, evidence } = outcome;
  const labelOf = new Map(inspection.fields.map((f) => [f.key, f.label]));
  const sectionOf = new Map(inspection.fields.map((f) => [f.key, f.section]));
  const title = outcome.noop
    ? `Nothing to change in ${dossier.reference}`
    : outcome.created
      ? `${dossier.reference} created from the ${inspection.form.title}`
      : `${inspection.form.title} applied to ${dossier.reference}`;

  return (
    <div className="apply-result" data-testid="form-apply-result">
      <h3 ref={headingRef} tabIndex={-1} className="apply-result__title">
        {title}
      </h3>
      {outcome.noop ? (
        <Alert variant="info" role="status">
          {fileName} was already imported and every value in it matches the dossier: nothing was written.
        </Alert>
      ) : (
        <Alert variant="success" role="status" title={`${plural(applied.length, 'value')} applied`}>
          {evidence && (
            <p data-testid="apply-evidence">
              The original file {fileName} ({formatBytes(evidence.size)}) is kept on {dossier.reference} as evidence, by its SHA-256{' '}
              <code className="apply-result__hash" title={evidence.sha256}>
                {evidence.sha256.slice(0, 12)}…
              </code>
              .
            </p>
          )}
        </Alert>
      )}

      {applied.length > 0 && (
        <DataTable
          caption="What changed"
          columns={[
            {
              id: 'field',
              header: 'Field',
              rowHeader: true,
              cell: (a) => (
                <>
                  {a.label}
                  <span className="apply-result__section">{sectionOf.get(a.key)}</span>
                </>
              ),
            },
            { id: 'value', header: 'New value', className: 'apply-result__value', cell: (a) => a.value_text },
          ]}
          rows={applied}
          rowKey={(a) => a.key}
          rowData={(a) => ({ 'data-field': a.key })}
          className="apply-result__table"
          data-testid="applied-fields"
        />
      )}
      {kept.length > 0 && (
        <p className="apply-result__kept" data-testid="kept-fields">
          Kept the dossier’s value for: {kept.map((key) => labelOf.get(key) ?? key).join(', ')}.
        </p>
      )}

      <div className="apply-result__actions">
        {onOpenDossier && (
          <Button variant="primary" onPress={onOpenDossier}>
            Open {dossier.reference}
          </Button>
        )}
        <Button variant="secondary" onPress={onAnother}>
          Import another form
        </Button>
      </div>
    </div>
  );
}
