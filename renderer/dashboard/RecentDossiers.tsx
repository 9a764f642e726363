import type { DossierSummary } from '../../shared/api/types';
import { useNavigation } from '../app/navigation';
import { formatDate } from '../format/dates';
import { Card, ItemList, PhaseBadge } from '../ui/index';

export function RecentDossiers({ recent }: { recent: DossierSummary[] }) {
  const { navigate } = useNavigation();
  return (
    <Card flush headingId="recent-heading" title="Recently changed">
      <ItemList
        className="recent-list"
        itemClassName="recent-list__item"
        stackedMeta
        items={recent.map((d) => ({
          key: d.id,
          primary: d.organization ?? 'Unnamed organization',
          secondary: `${d.reference} · ${d.application ?? '—'}`,
          meta: (
            <>
              <PhaseBadge phase={d.phase} />
              <span className="cell-secondary">{formatDate(d.updated_at)}</span>
            </>
          ),
          onOpen: () => navigate({ screen: 'dossier', id: d.id }),
        }))}
      />
    </Card>
  );
}
