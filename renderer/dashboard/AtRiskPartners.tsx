import type { Dashboard } from '../../shared/api/types';
import { useNavigation } from '../app/navigation';
import { plural } from '../format/numbers';
import { Card, CardEmpty, ItemList, StatusBadge } from '../ui/index';

/** Partners carrying open high or critical gaps in their gap analysis; each opens its results. */
export function AtRiskPartners({ atRisk }: { atRisk: Dashboard['at_risk'] }) {
  const { navigate } = useNavigation();
  return (
    <Card
      flush
      className="at-risk"
      headingId="at-risk-heading"
      title="High or critical gaps"
      aside={
        atRisk.length > 0 && (
          <StatusBadge tone="danger" count>
            {atRisk.length}
          </StatusBadge>
        )
      }
    >
      {atRisk.length === 0 ? (
        <CardEmpty>No partner has an open high or critical gap in its gap analysis.</CardEmpty>
      ) : (
        <ItemList
          itemClassName="at-risk__item"
          items={atRisk.map((partner) => ({
            key: partner.dossier_id,
            primary: partner.organization ?? 'Unnamed organization',
            secondary: partner.reference,
            metaIntro: ': open gaps ',
            meta: (
              <>
                {partner.critical > 0 && <span className="risk-badge risk-badge--critical">{plural(partner.critical, 'critical', 'critical')}</span>}
                {partner.high > 0 && <span className="risk-badge risk-badge--high">{plural(partner.high, 'high', 'high')}</span>}
              </>
            ),
            onOpen: () => navigate({ screen: 'dossier', id: partner.dossier_id, tab: 'gaps', gapView: 'results' }),
          }))}
        />
      )}
    </Card>
  );
}
