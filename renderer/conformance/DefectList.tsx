/** Defects: the list with their status, and recording a new one against a case. */
import { useState } from 'react';
import { DEFECT_STATUSES, SEVERITIES, type ConformanceView, type DefectStatus, type Severity } from '../../shared/conformance/model';
import { api } from '../api/bridge';
import type { ConformanceStore } from './useConformance';
import { StatusBadge } from '../ui/StatusBadge';

const STATUS_LABELS: Record<DefectStatus, string> = { open: 'Open', fixed: 'Fixed', verified: 'Verified', wont_fix: "Won't fix" };

export function DefectList({ view, store, caseId }: { view: ConformanceView; store: ConformanceStore; caseId: string | null }) {
  const [severity, setSeverity] = useState<Severity>('major');
  const [description, setDescription] = useState('');
  const inScope = view.plan.filter((c) => c.scope === 'in_scope');
  const [forCase, setForCase] = useState(caseId ?? inScope[0]?.case_id ?? '');
  const add = async () => {
    if (await store.run(() => api.call('conformance.defect.add', { id: view.dossier_id, case: forCase || caseId || '', severity, description }))) setDescription('');
  };
  return (
    <section className="card conformance-defects" aria-labelledby="defects-heading">
      <h3 id="defects-heading">
        Defects {view.defects.length > 0 && <StatusBadge tone="neutral" count>{view.defects.length}</StatusBadge>}
      </h3>
      {view.defects.length === 0 ? (
        <p className="muted">No defect recorded.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Defect</th>
              <th scope="col">Case</th>
              <th scope="col">Severity</th>
              <th scope="col">Description</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {view.defects.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.label}</th>
                <td>{d.case_id}</td>
                <td>
                  <span className={`risk-badge risk-badge--${d.severity === 'critical' ? 'critical' : d.severity === 'major' ? 'high' : 'low'}`}>{d.severity}</span>
                </td>
                <td>{d.description}</td>
                <td>
                  <select
                    aria-label={`Status of defect ${d.label}`}
                    value={d.status}
                    disabled={store.busy}
                    onChange={(e) => void store.run(() => api.call('conformance.defect.update', { id: view.dossier_id, defect: d.id, changes: { status: e.target.value as DefectStatus } }))}
                  >
                    {DEFECT_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {STATUS_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="conformance-defects__add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label className="field">
          <span>Case</span>
          <select value={forCase} onChange={(e) => setForCase(e.target.value)}>
            {inScope.map((c) => (
              <option key={c.case_id} value={c.case_id}>
                {c.case_id} {c.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Severity</span>
          <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--grow">
          <span>Description</span>
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <button type="submit" className="status-button" disabled={store.busy}>
          Record defect
        </button>
      </form>
    </section>
  );
}
