/** Labels with a count of open conflicts, for the navigation and the dossier's tab. */
import { StatusBadge } from '../ui/StatusBadge';
import { useDossierConflictCount, useOpenConflictCount } from './useConflictCount';

function CountPill({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <>
      {' '}
      <StatusBadge tone="danger" count className="conflict-count">
        {count}
        <span className="visually-hidden"> open</span>
      </StatusBadge>
    </>
  );
}

export function ConflictsNavLabel() {
  return (
    <>
      Conflicts
      <CountPill count={useOpenConflictCount()} />
    </>
  );
}

export function DossierConflictsTabLabel({ count }: { count: number }) {
  return (
    <>
      Conflicts
      <CountPill count={count} />
    </>
  );
}

export { useDossierConflictCount };
