import type { DossierSummary } from '../../shared/api/types';
import { useNavigation } from '../app/navigation';
import { PhaseBadge } from '../ui/Badges';
import { formatDate } from '../format/dates';

export function RecentDossiers({ recent }: { recent: DossierSummary[] }) {
  const { navigate } = useNavigation();
  return (
    <section className="card card--flush" aria-labelledby="recent-heading">
      <h2 id="recent-heading" className="card__title">
        Recently changed
      </h2>
      <ul className="recent-list">
        {recent.map((d) => (
          <li key={d.id}>
            <button type="button" className="recent-list__item" onClick={() => navigate({ screen: 'dossier', id: d.id })}>
              <span className="recent-list__main">
                <span className="cell-primary">{d.organization ?? 'Unnamed organization'}</span>
                <span className="cell-secondary">
                  {d.reference} · {d.application ?? '—'}
                </span>
              </span>
              <span className="recent-list__meta">
                <PhaseBadge phase={d.phase} />
                <span className="cell-secondary">{formatDate(d.updated_at)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
