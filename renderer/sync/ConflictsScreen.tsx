/** Every open conflict across dossiers (the navigation's Conflicts entry). */
import { useDocumentTitle } from '../app/useDocumentTitle';
import { ConflictsPanel } from './ConflictsPanel';
import './sync.css';

export function ConflictsScreen() {
  useDocumentTitle('Conflicts');
  return (
    <div className="page page--form sync-page">
      <header className="page-heading sync-page__heading">
        <div>
          <h1>Conflicts</h1>
          <p className="page-heading__lede">Values two people changed at once, across every dossier. Choose which one stays.</p>
        </div>
      </header>
      <ConflictsPanel />
    </div>
  );
}
