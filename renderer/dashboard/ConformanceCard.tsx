/** Dossiers in conformance testing: how many, the pass rate of their required cases, open critical defects; each opens its Conformance tab. */
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { useNavigation } from '../app/navigation';
import { Card, CardEmpty, ItemList, StatusBadge } from '../ui/index';

export function ConformanceCard() {
  const { navigate } = useNavigation();
  const summary = useApiQuery(() => api.call('conformance.dashboard', {}), []);
  const data = summary.data;
  return (
    <Card
      flush
      className="conformance-card"
      headingId="conformance-card-heading"
      title="Conformance testing"
      aside={
        data &&
        data.open_critical > 0 && (
          <StatusBadge tone="danger" count>
            {data.open_critical} critical
          </StatusBadge>
        )
      }
    >
      {!data ? (
        <CardEmpty>{summary.error ?? 'Loading…'}</CardEmpty>
      ) : data.in_conformance === 0 ? (
        <CardEmpty>No dossier is in conformance testing.</CardEmpty>
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
          <ItemList
            items={data.dossiers.map((d) => ({
              key: d.dossier_id,
              primary: d.organization ?? 'Unnamed organization',
              secondary: `${d.reference} · round ${d.round}: ${d.passed} of ${d.required} required passed`,
              meta: d.open_critical > 0 ? <span className="risk-badge risk-badge--critical">{d.open_critical} critical</span> : undefined,
              onOpen: () => navigate({ screen: 'dossier', id: d.dossier_id, tab: 'conformance' }),
            }))}
          />
        </>
      )}
    </Card>
  );
}
