/** Partner forms outside any dossier: empty forms to hand out, and the import of a filled one (a Request for Integration starts a dossier). */
import { useNavigation } from '../app/navigation';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { BlankForms } from './BlankForms';
import { ImportWizard } from './ImportWizard';
import './forms.css';

export function PartnerFormsScreen() {
  const { navigate } = useNavigation();
  useDocumentTitle('Partner forms');
  return (
    <div className="page partner-forms partner-forms--screen">
      <header className="partner-forms__header">
        <h1 className="partner-forms__title">Partner forms</h1>
        <p className="partner-forms__subtitle">
          Hand out the fillable forms and read the filled ones back: each value checked and compared with the dossier before anything is written.
        </p>
      </header>
      <ImportWizard
        active
        onApplied={(outcome, fileName) => {
          if (outcome.created) navigate({ screen: 'dossier', id: outcome.dossier.id, tab: 'forms', formImport: { fileName, outcome } });
        }}
        onOpenDossier={(id) => navigate({ screen: 'dossier', id })}
      />
      <BlankForms />
    </div>
  );
}
