import type { Dashboard } from '../../shared/api/types';
import { useNavigation } from '../app/navigation';
import { plural } from '../format/numbers';

/** Partners carrying open high or critical gaps in their gap analysis; each opens its results. */
export function AtRiskPartners({ atRisk }: { atRisk: Dashboard['at_risk'] }) {
  const { navigate } = useNavigation();
  return (
    <section className="card card--flush at-risk" aria-labelledby="at-risk-heading">
      <h2 id="at-risk-heading" className="card__title">
        High or critical gaps
        {atRisk.length > 0 && <span className="count-pill count-pill--danger">{atRisk.length}</span>}
      </h2>
      {atRisk.length === 0 ? (
        <p className="card__empty">No partner has an open high or critical gap in its gap analysis.</p>
      ) : (
        <ul className="at-risk__list">
          {atRisk.map((partner) => {
            return (
              <li key={partner.dossier_id}>
                <button
                  type="button"
                  className="at-risk__item"
                  onClick={() => navigate({ screen: 'dossier', id: partner.dossier_id, tab: 'gaps', gapView: 'results' })}
                >
                  <span className="at-risk__main">
                    <span className="cell-primary">{partner.organization ?? 'Unnamed organization'}</span>
                    <span className="cell-secondary">{partner.reference}</span>
                  </span>
                  <span className="visually-hidden">: open gaps </span>
                  <span className="at-risk__counts">
                    {partner.critical > 0 && <span className="risk-badge risk-badge--critical">{plural(partner.critical, 'critical', 'critical')}</span>}
                    {partner.high > 0 && <span className="risk-badge risk-badge--high">{plural(partner.high, 'high', 'high')}</span>}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
