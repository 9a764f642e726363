/** The forms the workbench hands out: each saved as a fillable PDF or DOCX, pre-filled from a dossier when there is one. */
import { useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { useApiQuery } from '../api/useApiQuery';
import { plural } from '../format/numbers';
import { byteSize, formatBytes, saveFile } from '../ui/files';
import { Progress } from '../ui/Progress';
import { InlineError, Loading } from '../ui/StatusMessages';
import { useTask } from '../ui/useTask';
import { formsApi, type BlankFormat, type FormSummary } from './formsApi';
import { Card } from '../ui';

interface BlankFormsProps {
  /** Pre-fill from this dossier (its reference), or hand out empty forms. */
  dossierReference?: string;
}

export function BlankForms({ dossierReference }: BlankFormsProps) {
  const forms = useApiQuery(() => formsApi.list(), []);
  return (
    <section className="blank-forms" aria-labelledby="blank-forms-title">
      <h2 id="blank-forms-title" className="forms-section__title">
        {dossierReference ? 'Forms to send the partner' : 'Blank forms'}
      </h2>
      <p className="forms-section__subtitle">
        {dossierReference
          ? `Fillable PDF (any PDF reader) or DOCX (Word content controls), pre-filled with what ${dossierReference} holds. The file remembers the dossier, so the filled form comes back to it.`
          : 'Empty fillable forms as PDF (any PDF reader) or DOCX (Word content controls). A filled Request for Integration starts a new dossier when it is imported.'}
      </p>
      {forms.error && (
        <InlineError title="The forms could not be listed" onRetry={forms.reload}>
          {forms.error}
        </InlineError>
      )}
      {!forms.data && !forms.error && <Loading label="Listing the forms…" />}
      {forms.data && (
        <div className="partner-form-cards">
          {forms.data.map((form) => (
            <FormCard key={form.id} form={form} dossierReference={dossierReference} />
          ))}
        </div>
      )}
    </section>
  );
}

const FORMAT_NAMES: Record<BlankFormat, string> = { pdf: 'PDF', docx: 'DOCX' };

function FormCard({ form, dossierReference }: { form: FormSummary; dossierReference: string | undefined }) {
  const task = useTask<BlankFormat>();
  const [saved, setSaved] = useState<string | null>(null);
  const titleId = `partner-form-card-${form.id}-title`;

  const save = (format: BlankFormat) =>
    task.run(format, async () => {
      setSaved(null);
      const file = await formsApi.blank(form.id, format, dossierReference);
      saveFile(file);
      setSaved(`${file.file_name} (${formatBytes(byteSize(file.content_base64))})`);
    });

  return (
    <Card
      as="article"
      level={3}
      headingId={titleId}
      className="partner-form-card"
      data-form={form.id}
      title={
        <>
          <span className="partner-form-card__icon" aria-hidden="true" />
          {form.title}
        </>
      }
    >
      <p className="partner-form-card__description">{form.description}</p>
      <p className="partner-form-card__facts">
        Version {form.version} · {plural(form.field_count, 'field')}, {form.required_count} required
        {form.creates_dossier && !dossierReference ? ' · starts a new dossier' : ''}
      </p>
      <div className="partner-form-card__actions">
        {(['pdf', 'docx'] as const).map((format) => (
          <Button key={format} size="small" variant={format === 'pdf' ? 'primary' : 'secondary'} isDisabled={task.running !== null} onPress={() => void save(format)} aria-describedby={titleId}>
            {dossierReference ? `Save pre-filled ${FORMAT_NAMES[format]}` : `Save as ${FORMAT_NAMES[format]}`}
          </Button>
        ))}
      </div>
      <div className="partner-form-card__status">
        {task.running && <Progress label={`Making the ${FORMAT_NAMES[task.running]} form…`} />}
        {!task.running && task.error && (
          <p className="partner-form-card__error" role="alert">
            {task.error}
          </p>
        )}
        {!task.running && !task.error && saved && (
          <p className="partner-form-card__saved" role="status">
            <span aria-hidden="true">✓</span> Saved {saved}
          </p>
        )}
      </div>
    </Card>
  );
}
