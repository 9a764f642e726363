import { useEffect, useState } from 'react';
import type { Dossier } from '../../shared/api/types';
import type { Stage } from '../../shared/workflow/definition';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { useNavigation, type DossierTab, type Route } from '../app/navigation';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { focusField } from '../fields/FieldControl';
import { formatDate } from '../format/dates';
import { PhaseBadge, RagIndicator } from '../ui/Badges';
import { InlineError, Loading } from '../ui/StatusMessages';
import { Alert } from '../ui/Alert';
import { HistoryTab } from './HistoryTab';
import { OverviewTab } from './OverviewTab';
import { ProcessTab } from './ProcessTab';
import { Tabs, panelId, tabId } from './Tabs';
import './dossier.css';


const PREFIX = 'dossier';

export function DossierScreen({ route }: { route: Extract<Route, { screen: 'dossier' }> }) {
  const loaded = useApiQuery(() => api.call('dossier.get', { id: route.id }), [route.id]);
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [tab, setTab] = useState<DossierTab>(route.tab ?? 'overview');
  const [notice, setNotice] = useState<string | null>(route.notice ?? null);
  const [pendingFocus, setPendingFocus] = useState<string | null>(route.focusField ?? null);
  const [overviewDirty, setOverviewDirty] = useState(false);
  useDocumentTitle(dossier ? `${dossier.reference} · ${(dossier.fields['organization.legal_name'] as string | null) ?? 'Dossier'}` : 'Dossier');

  useEffect(() => {
    if (loaded.data) setDossier(loaded.data);
  }, [loaded.data]);

  useEffect(() => {
    if (route.tab) setTab(route.tab);
    if (route.notice) setNotice(route.notice);
  }, [route]);

  // A field asked for from elsewhere (a gate reason) gets the focus once the Overview shows it.
  useEffect(() => {
    if (pendingFocus && tab === 'overview' && dossier && focusField(pendingFocus)) setPendingFocus(null);
  }, [pendingFocus, tab, dossier]);

  if (!dossier) {
    return (
      <div className="page">
        <Breadcrumb label={route.id} />
        {loaded.error ? (
          <InlineError title="The dossier could not be opened" onRetry={loaded.reload}>
            {loaded.error}
          </InlineError>
        ) : (
          <Loading label="Opening the dossier…" />
        )}
      </div>
    );
  }

  const organization = (dossier.fields['organization.legal_name'] as string | null) ?? 'Unnamed organization';
  const application = (dossier.fields['application.name'] as string | null) ?? '—';
  const phase = (dossier.fields['status.phase'] as Stage | null) ?? 'intake';
  const rag = dossier.fields['status.rag'] as string | null;

  const selectTab = (next: DossierTab) => {
    setTab(next);
    setNotice(null);
  };

  const editField = (path: string) => {
    selectTab('overview');
    setPendingFocus(path);
  };

  return (
    <div className="page dossier-page">
      <Breadcrumb label={dossier.reference} />
      <header className="dossier-header">
        <div className="dossier-header__titles">
          <p className="dossier-header__reference">{dossier.reference}</p>
          <h1 className="dossier-header__title">{organization}</h1>
          <p className="dossier-header__application">{application}</p>
        </div>
        <dl className="dossier-header__facts">
          <div>
            <dt>Phase</dt>
            <dd>
              <PhaseBadge phase={phase} />
            </dd>
          </div>
          <div>
            <dt>RAG</dt>
            <dd>
              <RagIndicator rag={rag} />
            </dd>
          </div>
          <div>
            <dt>Go-live target</dt>
            <dd>{formatDate(dossier.fields['targets.go_live_date'] as string | null)}</dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>{formatDate(dossier.updated_at)}</dd>
          </div>
        </dl>
      </header>

      {notice && (
        <div className="dossier-notice">
          <Alert variant="success" role="status" onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        </div>
      )}

      <Tabs<DossierTab>
        idPrefix={PREFIX}
        label="Dossier sections"
        tabs={[
          {
            id: 'overview',
            label: (
              <>
                Overview
                {overviewDirty && (
                  <span className="tabs__dirty" title="Unsaved changes">
                    <span className="visually-hidden"> (unsaved changes)</span>
                  </span>
                )}
              </>
            ),
          },
          { id: 'process', label: 'Process' },
          { id: 'history', label: 'History' },
        ]}
        selected={tab}
        onSelect={selectTab}
      />

      {/* Overview and Process stay mounted so unsaved edits survive switching tabs. */}
      <section role="tabpanel" id={panelId(PREFIX, 'overview')} aria-labelledby={tabId(PREFIX, 'overview')} hidden={tab !== 'overview'} className="tab-panel">
        <OverviewTab dossier={dossier} active={tab === 'overview'} onSaved={setDossier} onNotice={setNotice} onDirtyChange={setOverviewDirty} />
      </section>
      <section role="tabpanel" id={panelId(PREFIX, 'process')} aria-labelledby={tabId(PREFIX, 'process')} hidden={tab !== 'process'} className="tab-panel">
        <ProcessTab dossier={dossier} onChange={setDossier} onEditField={editField} onNotice={setNotice} />
      </section>
      <section role="tabpanel" id={panelId(PREFIX, 'history')} aria-labelledby={tabId(PREFIX, 'history')} hidden={tab !== 'history'} className="tab-panel">
        {tab === 'history' && <HistoryTab dossierId={dossier.id} version={dossier.updated_at} />}
      </section>
    </div>
  );
}

function Breadcrumb({ label }: { label: string }) {
  const { navigate } = useNavigation();
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <ol>
        <li>
          <button type="button" className="link-button" onClick={() => navigate({ screen: 'list' })}>
            Dossiers
          </button>
        </li>
        <li aria-current="page">{label}</li>
      </ol>
    </nav>
  );
}
