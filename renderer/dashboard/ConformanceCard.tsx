/** Dossiers in conformance testing: how many, the pass rate of their required cases, open critical defects; each opens its Conformance tab. */
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { useNavigation } from '../app/navigation';

export function ConformanceCard() {
  const { navigate } = useNavigation();
  const summary = useApiQuery(() => api.call('conformance.dashboard', {}), []);
  const data = summary.data;
  return (
    <section className="card card--flush conformance-card" aria-labelledby="conformance-card-heading">
      <h2 id="conformance-card-heading" className="card__title">
        Conformance testing
        {data && data.open_critical > 0 && <span className="count-pill count-pill--danger">{data.open_critical} critical</span>}
      </h2>
      {!data ? (
        <p className="card__empty">{summary.error ?? 'Loading…'}</p>
      ) : data.in_conformance === 0 ? (
        <p className="card__empty">No dossier is in conformance testing.</p>
      ) : (
        <>
          <div className="conformance-card__numbers">
            <p>
              <strong>{data.in_conformance}</strong> in testing
            </p>
            <p>
              <strong>{data.pass_rate === null ? '—' : `${data.pass_rate}%`}</strong> required cases passed
            </p>
            <p>
              <strong>{data.open_critical}</strong> open critical defects
            </p>
          </div>
          <ul className="at-risk__list">
            {data.dossiers.map((d) => (
              <li key={d.dossier_id}>
                <button type="button" className="at-risk__item" onClick={() => navigate({ screen: 'dossier', id: d.dossier_id, tab: 'conformance' })}>
                  <span className="at-risk__main">
                    <span className="cell-primary">{d.organization ?? 'Unnamed organization'}</span>
                    <span className="cell-secondary">
                      {d.reference} · round {d.round}: {d.passed} of {d.required} required passed
                    </span>
                  </span>
                  {d.open_critical > 0 && <span className="risk-badge risk-badge--critical">{d.open_critical} critical</span>}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
