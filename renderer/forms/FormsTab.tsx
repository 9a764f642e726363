/** The Partner forms tab of a dossier: forms pre-filled from it to send out, and the import of filled ones. */
import type { Dossier } from '../../shared/api/types';
import { BlankForms } from './BlankForms';
import type { ApplyOutcome } from './formsApi';
import { ImportWizard } from './ImportWizard';
import './forms.css';

interface FormsTabProps {
  dossier: Dossier;
  active: boolean;
  /** An import that just created this dossier elsewhere, shown as the wizard's result. */
  createdBy?: { fileName: string; outcome: ApplyOutcome } | undefined;
  onApplied(): void;
}

export function FormsTab({ dossier, active, createdBy, onApplied }: FormsTabProps) {
  return (
    <div className="partner-forms">
      <ImportWizard dossier={{ id: dossier.id, reference: dossier.reference }} active={active} initialOutcome={createdBy} onApplied={onApplied} />
      <BlankForms dossierReference={dossier.reference} />
    </div>
  );
}
