/** The Conformance tab of a dossier: gate, rounds, the plan matrix, the round worked by keyboard, defects, import, approval. */
import { useState } from 'react';
import type { Dossier } from '../../shared/api/types';
import { HCIM_ENVIRONMENTS } from '../../shared/reference';
import { CONFORMANCE_ENVIRONMENT } from '../../shared/conformance/model';
import { api } from '../api/bridge';
import { InlineError, Loading } from '../ui/StatusMessages';
import { ApprovalPanel } from './ApprovalPanel';
import { DefectList } from './DefectList';
import { ImportWizard } from './ImportWizard';
import { PlanMatrix } from './PlanMatrix';
import { RoundView } from './RoundView';
import { useConformance } from './useConformance';
import './conformance.css';

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

      <section className="card conformance-rounds" aria-labelledby="rounds-heading">
        <h3 id="rounds-heading">Rounds</h3>
        {view.rounds.length > 0 && (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">Environment</th>
                <th scope="col">Started</th>
                <th scope="col">Partner tester</th>
                <th scope="col">CIS reviewer</th>
                <th scope="col">Passed</th>
                <th scope="col">Failed</th>
                <th scope="col">Blocked</th>
                <th scope="col">Not run</th>
              </tr>
            </thead>
            <tbody>
              {view.rounds.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.number}</th>
                  <td>{r.environment}</td>
                  <td>{r.started_on ?? '—'}</td>
                  <td>{r.partner_tester ?? '—'}</td>
                  <td>{r.cis_reviewer ?? '—'}</td>
                  <td>{r.counts.passed}</td>
                  <td>{r.counts.failed}</td>
                  <td>{r.counts.blocked}</td>
                  <td>{r.counts.not_run}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form
          className="conformance-rounds__start"
          onSubmit={(e) => {
            e.preventDefault();
            startRound();
          }}
        >
          <label className="field">
            <span>Environment</span>
            <select value={environment} onChange={(e) => setEnvironment(e.target.value)}>
              {HCIM_ENVIRONMENTS.map((env) => (
                <option key={env.key} value={env.key}>
                  {env.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Partner tester</span>
            <input value={tester} onChange={(e) => setTester(e.target.value)} />
          </label>
          <label className="field">
            <span>CIS reviewer</span>
            <input value={reviewer} onChange={(e) => setReviewer(e.target.value)} />
          </label>
          <button type="submit" className="status-button" disabled={store.busy || inScope.length === 0}>
            {round ? `Start round ${round.number + 1} (retest open items)` : 'Start round 1'}
          </button>
        </form>
      </section>

      <section className="card" aria-labelledby="plan-heading">
        <h3 id="plan-heading">Test plan</h3>
        {view.plan.length === 0 ? <p className="muted">No case applies yet.</p> : <PlanMatrix plan={view.plan} round={round} selected={selected} onSelect={setSelected} />}
      </section>

      {round && (
        <section className="card" aria-labelledby="round-heading">
          <h3 id="round-heading">
            Round {round.number} in {round.environment}
          </h3>
          <p className="muted">Click the list, then: P pass, F fail, B block, N next case, K previous case.</p>
          <RoundView dossierId={dossier.id} round={round} plan={view.plan} selected={selected} onSelect={setSelected} store={store} />
        </section>
      )}
      {round && <ImportWizard view={view} store={store} />}
      <DefectList view={view} store={store} caseId={selected} />
      <ApprovalPanel view={view} store={store} />
    </div>
  );
}
