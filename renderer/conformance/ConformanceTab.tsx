/** The Conformance tab of a dossier: gate, rounds, the plan matrix, the round worked by keyboard, defects, import, approval. */
import { useState } from 'react';
import type { Dossier } from '../../shared/api/types';
import { HCIM_ENVIRONMENTS } from '../../shared/reference';
import { CONFORMANCE_ENVIRONMENT, type ConformanceRound } from '../../shared/conformance/model';
import { api } from '../api/bridge';
import { InlineError, Loading } from '../ui/StatusMessages';
import { ApprovalPanel } from './ApprovalPanel';
import { DefectList } from './DefectList';
import { ImportWizard } from './ImportWizard';
import { PlanMatrix } from './PlanMatrix';
import { RoundView } from './RoundView';
import { useConformance } from './useConformance';
import './conformance.css';
import { Card, DataTable, Field, type DataColumn } from '../ui';

const ROUND_COLUMNS: readonly DataColumn<ConformanceRound>[] = [
  { id: 'round', header: 'Round', rowHeader: true, cell: (r) => r.number },
  { id: 'environment', header: 'Environment', cell: (r) => r.environment },
  { id: 'started', header: 'Started', nowrap: true, cell: (r) => r.started_on ?? '—' },
  { id: 'tester', header: 'Partner tester', cell: (r) => r.partner_tester ?? '—' },
  { id: 'reviewer', header: 'CIS reviewer', cell: (r) => r.cis_reviewer ?? '—' },
  { id: 'passed', header: 'Passed', cell: (r) => r.counts.passed },
  { id: 'failed', header: 'Failed', cell: (r) => r.counts.failed },
  { id: 'blocked', header: 'Blocked', cell: (r) => r.counts.blocked },
  { id: 'not_run', header: 'Not run', cell: (r) => r.counts.not_run },
];

export function ConformanceTab({ dossier }: { dossier: Dossier; active: boolean }) {
  const store = useConformance(dossier.id);
  const [selected, setSelected] = useState<string | null>(null);
  const [environment, setEnvironment] = useState(CONFORMANCE_ENVIRONMENT);
  const [tester, setTester] = useState('');
  const [reviewer, setReviewer] = useState('');
  const view = store.view;
  if (!view) {
    return store.loadError ? (
      <InlineError title="Conformance testing could not be loaded" onRetry={store.reload}>
        {store.loadError}
      </InlineError>
    ) : (
      <Loading label="Loading conformance testing…" />
    );
  }
  const round = view.rounds.at(-1);
  const inScope = view.plan.filter((c) => c.scope === 'in_scope');
  // The workflow's reasons (prerequisites, phase) first, as the refusal to mark it done lists them.
  const held = [...view.gate.workflow_reasons, ...view.gate.reasons];
  const startRound = () =>
    void store.run(() =>
      api.call('conformance.round.start', { id: dossier.id, environment, ...(tester.trim() ? { partner_tester: tester.trim() } : {}), ...(reviewer.trim() ? { cis_reviewer: reviewer.trim() } : {}) }),
    );

  return (
    <div className="conformance">
      <header className="conformance__header">
        <h2>Conformance testing</h2>
        <p className="muted">
          {view.catalogue.title}, version {view.catalogue.version} · {inScope.length} cases in scope
          {view.plan.length > inScope.length ? ` · ${view.plan.length - inScope.length} not applicable or retired` : ''}
        </p>
        {view.notes.map((n) => (
          <p key={n} className="conformance-error">
            {n}
          </p>
        ))}
        <div className={view.gate.ok ? 'conformance-gate conformance-gate--ok' : 'conformance-gate'} role="status">
          {view.gate.ok ? (
            <p>Every required case passed, no critical or major defect is open, the CIS approval stands and the workflow allows it: conformance testing may be marked done.</p>
          ) : (
            <>
              <p>Conformance testing cannot be marked done yet:</p>
              <ul>
                {held.slice(0, 8).map((r) => (
                  <li key={r}>{r}</li>
                ))}
                {held.length > 8 && <li>… and {held.length - 8} more</li>}
              </ul>
            </>
          )}
        </div>
      </header>
      {store.error && (
        <p className="conformance-error" role="alert">
          {store.error}{' '}
          <button type="button" className="link-button" onClick={store.clearError}>
            Dismiss
          </button>
        </p>
      )}

      <Card level={3} headingId="rounds-heading" className="conformance-rounds" title="Rounds">
        {view.rounds.length > 0 && (
          <DataTable
            columns={ROUND_COLUMNS}
            rows={view.rounds}
            rowKey={(r) => r.id}
          />
        )}
        <form
          className="conformance-rounds__start"
          onSubmit={(e) => {
            e.preventDefault();
            startRound();
          }}
        >
          <Field label="Environment">
            {(control) => (
              <select {...control} value={environment} onChange={(e) => setEnvironment(e.target.value)}>
                {HCIM_ENVIRONMENTS.map((env) => (
                  <option key={env.key} value={env.key}>
                    {env.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Partner tester">
            {(control) => (
              <input {...control} value={tester} onChange={(e) => setTester(e.target.value)} />
            )}
          </Field>
          <Field label="CIS reviewer">
            {(control) => (
              <input {...control} value={reviewer} onChange={(e) => setReviewer(e.target.value)} />
            )}
          </Field>
          <button type="submit" className="status-button" disabled={store.busy || inScope.length === 0}>
            {round ? `Start round ${round.number + 1} (retest open items)` : 'Start round 1'}
          </button>
        </form>
      </Card>

      <Card level={3} headingId="plan-heading" title="Test plan">
        {view.plan.length === 0 ? <p className="muted">No case applies yet.</p> : <PlanMatrix plan={view.plan} round={round} selected={selected} onSelect={setSelected} />}
      </Card>

      {round && (
        <Card level={3} headingId="round-heading" title={`Round ${round.number} in ${round.environment}`}>
          <p className="muted">Click the list, then: P pass, F fail, B block, N next case, K previous case.</p>
          <RoundView dossierId={dossier.id} round={round} plan={view.plan} selected={selected} onSelect={setSelected} store={store} />
        </Card>
      )}
      {round && <ImportWizard view={view} store={store} />}
      <DefectList view={view} store={store} caseId={selected} />
      <ApprovalPanel view={view} store={store} />
    </div>
  );
}
