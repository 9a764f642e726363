import { Button } from '@bcgov/design-system-react-components';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { useNavigation } from '../app/navigation';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { today } from '../format/dates';
import { plural } from '../format/numbers';
import { EmptyState, InlineError, Loading } from '../ui/index';
import { SeedHint } from '../ui/SeedHint';
import { PhaseCards } from './PhaseCards';
import { RagSummary } from './RagSummary';
import { OverdueActivities } from './OverdueActivities';
import { RecentDossiers } from './RecentDossiers';
import { AtRiskPartners } from './AtRiskPartners';
import { ConformanceCard } from './ConformanceCard';
import '../conformance/conformance.css';
import './dashboard.css';

export function DashboardScreen() {
  const { navigate } = useNavigation();
  const day = today();
  const dashboard = useApiQuery(() => api.call('dashboard.get', { today: day }), [day]);
  const data = dashboard.data;
  useDocumentTitle('Dashboard');

  return (
    <div className="page">
      <div className="page-heading">
        <div>
          <h1>Dashboard</h1>
          <p className="page-heading__lede">
            {data ? `${plural(data.total, 'onboarding dossier')} · as of ${day}` : 'Connected Partner onboarding at a glance'}
          </p>
        </div>
        <Button variant="primary" onPress={() => navigate({ screen: 'create' })}>
          New dossier
        </Button>
      </div>

      {dashboard.error && (
        <InlineError title="The dashboard could not be loaded" onRetry={dashboard.reload}>
          {dashboard.error}
        </InlineError>
      )}
      {!data && dashboard.loading && <Loading label="Loading the dashboard…" />}

      {data && data.total === 0 && (
        <EmptyState
          title="No onboarding dossiers yet"
          actions={
            <Button variant="primary" onPress={() => navigate({ screen: 'create' })}>
              Create the first dossier
            </Button>
          }
        >
          <p>Each Connected Partner that integrates with the Provincial Client Registry gets one dossier, from intake to go-live.</p>
          <SeedHint />
        </EmptyState>
      )}

      {data && data.total > 0 && (
        <div className="dashboard">
          <PhaseCards byPhase={data.by_phase} />
          <div className="dashboard__columns">
            <OverdueActivities overdue={data.overdue} today={day} />
            <div className="dashboard__side">
              <AtRiskPartners atRisk={data.at_risk} />
              <ConformanceCard />
              <RagSummary byRag={data.by_rag} total={data.total} />
              <RecentDossiers recent={data.recent} />
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
