import { memo, useCallback, useEffect, useState } from 'react';
import type { Dossier } from '../../shared/api/types';
import type { Stage } from '../../shared/workflow/definition';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { useNavigation, type DossierTab, type GapView, type Route } from '../app/navigation';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { useLeaveGuard } from '../app/useLeaveGuard';
import { focusField } from '../fields/FieldControl';
import { formatDate } from '../format/dates';
import { plural } from '../format/numbers';
import { DeploymentPlanTab } from '../deployment-plan/DeploymentPlanTab';
import { DocumentsTab } from '../documents/DocumentsTab';
import { FormsTab } from '../forms/FormsTab';
import { ConformanceTab } from '../conformance/ConformanceTab';
import { GapAnalysisTab } from '../gaps/GapAnalysisTab';
import { GapSummary } from '../gaps/GapSummary';
import { ConflictsPanel, DossierConflictsTabLabel, useDossierConflictCount } from '../sync/index';
import { useQuestionnaire } from '../gaps/useQuestionnaire';
import { InvalidPhaseBadge, PhaseBadge, RagIndicator } from '../ui/Badges';
import { InlineError, Loading } from '../ui/StatusMessages';
import { Alert } from '../ui/Alert';
import { HistoryTab } from './HistoryTab';
import { OverviewTab } from './OverviewTab';
import { ProcessTab } from './ProcessTab';
import { Tabs, panelId, tabId } from './Tabs';
import './dossier.css';


const PREFIX = 'dossier';

// Switching tabs re-renders this screen; the tabs not shown or hidden by the switch keep what they
// rendered (their props stay the same objects), so a switch draws one tab, not all of them.
const Overview = memo(OverviewTab);
const Process = memo(ProcessTab);
const GapAnalysis = memo(GapAnalysisTab);
const DeploymentPlan = memo(DeploymentPlanTab);
const Conformance = memo(ConformanceTab);
const Documents = memo(DocumentsTab);
const Forms = memo(FormsTab);

export function DossierScreen({ route }: { route: Extract<Route, { screen: 'dossier' }> }) {
  const loaded = useApiQuery(() => api.call('dossier.get', { id: route.id }), [route.id]);
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [tab, setTab] = useState<DossierTab>(route.tab ?? 'overview');
  const [notice, setNotice] = useState<string | null>(route.notice ?? null);
  const [pendingFocus, setPendingFocus] = useState<string | null>(route.focusField ?? null);
  const [overviewDirty, setOverviewDirty] = useState(false);
  const [gapRequest, setGapRequest] = useState<{ view: GapView; nonce: number; gapId?: string } | null>(() => initialGapRequest(route));
  // An activity asked for from "My work": scrolled to and focused once the Process tab shows it.
  const [pendingActivity, setPendingActivity] = useState<string | null>(route.tab === 'process' ? (route.focus ?? null) : null);
  const [visitedGaps, setVisitedGaps] = useState(tab === 'gaps');
  const [visitedDocuments, setVisitedDocuments] = useState(tab === 'documents');
  const [visitedPlan, setVisitedPlan] = useState(tab === 'plan');
  const [visitedForms, setVisitedForms] = useState(tab === 'forms');
  const [visitedConformance, setVisitedConformance] = useState(tab === 'conformance');
  // Gap-analysis changes move the phase gate; the dossier is read again before the gate is shown.
  const [gateStale, setGateStale] = useState(false);
  const questionnaire = useQuestionnaire(route.id, useCallback(() => setGateStale(true), []));
  const conflictCount = useDossierConflictCount(route.id);
  useLeaveGuard(
    questionnaire.unsavedCount > 0
      ? `Leave ${dossier?.reference ?? 'this dossier'}? ${plural(questionnaire.unsavedCount, 'gap-analysis comment')} could not be saved and will be lost.`
      : null,
  );
  useDocumentTitle(dossier ? `${dossier.reference} · ${(dossier.fields['organization.legal_name'] as string | null) ?? 'Dossier'}` : 'Dossier');

  useEffect(() => {
    if (loaded.data) setDossier(loaded.data);
  }, [loaded.data]);

  useEffect(() => {
    if (route.tab) setTab(route.tab);
    if (route.notice) setNotice(route.notice);
    if (route.gapView) setGapRequest({ view: route.gapView, nonce: Date.now() });
    if (route.tab === 'gaps' && route.focus) setGapRequest({ view: 'results', nonce: Date.now(), gapId: route.focus });
    if (route.tab === 'process' && route.focus) setPendingActivity(route.focus);
  }, [route]);

  useEffect(() => {
    if (!pendingActivity || tab !== 'process' || !dossier) return;
    const card = document.getElementById(`activity-card-${pendingActivity}`);
    if (!card) return;
    setPendingActivity(null);
    card.scrollIntoView({ block: 'center' });
    card.focus({ preventScroll: true });
  }, [pendingActivity, tab, dossier]);

  useEffect(() => {
    if (tab === 'gaps') setVisitedGaps(true);
    if (tab === 'documents') setVisitedDocuments(true);
    if (tab === 'plan') setVisitedPlan(true);
    if (tab === 'forms') setVisitedForms(true);
    if (tab === 'conformance') setVisitedConformance(true);
  }, [tab]);

  useEffect(() => {
    if (!gateStale || tab !== 'process') return;
    setGateStale(false);
    // Not cancelled when `gateStale` resets: this answer is the one the Process tab waits for.
    api.call('dossier.get', { id: route.id }).then(
      (fresh) => setDossier((d) => (d ? { ...d, gate: fresh.gate, updated_at: fresh.updated_at } : fresh)),
      () => undefined,
    );
  }, [gateStale, tab, route.id]);

  // A field asked for from elsewhere (a gate reason) gets the focus once the Overview shows it.
  useEffect(() => {
    if (pendingFocus && tab === 'overview' && dossier && focusField(pendingFocus)) setPendingFocus(null);
  }, [pendingFocus, tab, dossier]);

  // An imported form may change dossier fields and gap-analysis answers alike.
  const { reload: reloadDossier } = loaded;
  const { reload: reloadQuestionnaire } = questionnaire;
  const reloadAfterImport = useCallback(() => {
    reloadDossier();
    reloadQuestionnaire();
  }, [reloadDossier, reloadQuestionnaire]);

  const selectTab = useCallback((next: DossierTab) => {
    setTab(next);
    setNotice(null);
  }, []);

  const editField = useCallback(
    (path: string) => {
      selectTab('overview');
      setPendingFocus(path);
    },
    [selectTab],
  );

  const openGaps = useCallback(
    (view: GapView) => {
      selectTab('gaps');
      setGapRequest({ view, nonce: Date.now() });
    },
    [selectTab],
  );

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
  const phase: Stage = dossier.gate.phase;
  const phaseInvalid = dossier.invalid?.some((p) => p.field === 'status.phase') ?? false;
  const rag = dossier.fields['status.rag'] as string | null;


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
              {phaseInvalid ? <InvalidPhaseBadge /> : <PhaseBadge phase={phase} />}
            </dd>
          </div>
          <div>
            <dt>RAG</dt>
            <dd>
              <RagIndicator rag={rag} />
            </dd>
          </div>
          <div>
            <dt>Gap analysis</dt>
            <dd>
              <GapSummary view={questionnaire.view} onOpen={() => openGaps('results')} />
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
      {dossier.invalid?.length ? (
        <Alert variant="warning" title="Some stored values are invalid" role="status">
          <p>They were written outside the workbench or before its current rules; they are shown as stored and block the phase gate until corrected.</p>
          <ul className="invalid-values">
            {dossier.invalid.map((p) => (
              <li key={p.field}>{p.message}</li>
            ))}
          </ul>
        </Alert>
      ) : null}

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
          { id: 'gaps', label: 'Gap analysis' },
          { id: 'plan', label: 'Deployment plan' },
          { id: 'conformance', label: 'Conformance' },
          { id: 'documents', label: 'Documents' },
          { id: 'forms', label: 'Partner forms' },
          { id: 'history', label: 'History' },
          // Shown while the dossier has open sync conflicts (and while a person is on it).
          ...(conflictCount > 0 || tab === 'conflicts' ? [{ id: 'conflicts' as const, label: <DossierConflictsTabLabel count={conflictCount} /> }] : []),
        ]}
        selected={tab}
        onSelect={selectTab}
      />

      {/* Overview and Process stay mounted so unsaved edits survive switching tabs. */}
      <section role="tabpanel" id={panelId(PREFIX, 'overview')} aria-labelledby={tabId(PREFIX, 'overview')} hidden={tab !== 'overview'} className="tab-panel" tabIndex={-1} data-main-content>
        <Overview dossier={dossier} active={tab === 'overview'} onSaved={setDossier} onNotice={setNotice} onDirtyChange={setOverviewDirty} />
      </section>
      <section role="tabpanel" id={panelId(PREFIX, 'process')} aria-labelledby={tabId(PREFIX, 'process')} hidden={tab !== 'process'} className="tab-panel" tabIndex={-1} data-main-content>
        <Process dossier={dossier} onChange={setDossier} onEditField={editField} onNotice={setNotice} onOpenGaps={openGaps} />
      </section>
      {/* Mounted from the first visit on, so the view, filter and an open gap editor survive switching tabs. */}
      <section role="tabpanel" id={panelId(PREFIX, 'gaps')} aria-labelledby={tabId(PREFIX, 'gaps')} hidden={tab !== 'gaps'} className="tab-panel" tabIndex={-1} data-main-content>
        {visitedGaps && <GapAnalysis store={questionnaire} active={tab === 'gaps'} request={gapRequest} />}
      </section>
      {/* Mounted from the first visit on, so text still saving and refused edits survive switching tabs. */}
      <section role="tabpanel" id={panelId(PREFIX, 'plan')} aria-labelledby={tabId(PREFIX, 'plan')} hidden={tab !== 'plan'} className="tab-panel" tabIndex={-1} data-main-content>
        {visitedPlan && <DeploymentPlan dossier={dossier} active={tab === 'plan'} />}
      </section>
      {/* Mounted from the first visit on, so the case being worked and an import under review survive switching tabs. */}
      <section role="tabpanel" id={panelId(PREFIX, 'conformance')} aria-labelledby={tabId(PREFIX, 'conformance')} hidden={tab !== 'conformance'} className="tab-panel" tabIndex={-1} data-main-content>
        {visitedConformance && <Conformance dossier={dossier} active={tab === 'conformance'} />}
      </section>
      {/* Mounted from the first visit on, so an open preview, a verification report and a pending signature survive switching tabs. */}
      <section role="tabpanel" id={panelId(PREFIX, 'documents')} aria-labelledby={tabId(PREFIX, 'documents')} hidden={tab !== 'documents'} className="tab-panel" tabIndex={-1} data-main-content>
        {visitedDocuments && <Documents dossier={dossier} active={tab === 'documents'} />}
      </section>
      {/* Mounted from the first visit on, so a form under review keeps its choices while other tabs are looked at. */}
      <section role="tabpanel" id={panelId(PREFIX, 'forms')} aria-labelledby={tabId(PREFIX, 'forms')} hidden={tab !== 'forms'} className="tab-panel" tabIndex={-1} data-main-content>
        {visitedForms && <Forms dossier={dossier} active={tab === 'forms'} createdBy={route.formImport} onApplied={reloadAfterImport} />}
      </section>
      <section role="tabpanel" id={panelId(PREFIX, 'history')} aria-labelledby={tabId(PREFIX, 'history')} hidden={tab !== 'history'} className="tab-panel" tabIndex={-1} data-main-content>
        {tab === 'history' && <HistoryTab dossierId={dossier.id} version={dossier.updated_at} />}
      </section>
      {(conflictCount > 0 || tab === 'conflicts') && (
        <section role="tabpanel" id={panelId(PREFIX, 'conflicts')} aria-labelledby={tabId(PREFIX, 'conflicts')} hidden={tab !== 'conflicts'} className="tab-panel" tabIndex={-1} data-main-content>
          {tab === 'conflicts' && <ConflictsPanel dossierId={dossier.id} onResolved={loaded.reload} />}
        </section>
      )}
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

function initialGapRequest(route: Extract<Route, { screen: 'dossier' }>): { view: GapView; nonce: number; gapId?: string } | null {
  if (route.tab === 'gaps' && route.focus) return { view: 'results', nonce: 0, gapId: route.focus };
  return route.gapView ? { view: route.gapView, nonce: 0 } : null;
}
