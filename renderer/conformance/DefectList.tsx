/** Defects: the list with their status, and recording a new one against a case. */
import { useState } from 'react';
import { DEFECT_STATUSES, SEVERITIES, type ConformanceView, type DefectStatus, type Severity } from '../../shared/conformance/model';
import { api } from '../api/bridge';
import type { ConformanceStore } from './useConformance';
import { Card, DataTable, Field, StatusBadge } from '../ui';

/** A defect's severity shown on the gap register's risk scale. */
const SEVERITY_RISK: Record<Severity, 'critical' | 'high' | 'low'> = { critical: 'critical', major: 'high', minor: 'low' };

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
    <Card
      level={3}
      headingId="defects-heading"
      className="conformance-defects"
      title="Defects"
      aside={view.defects.length > 0 && <StatusBadge tone="neutral" count>{view.defects.length}</StatusBadge>}
    >
      {view.defects.length === 0 ? (
        <p className="muted">No defect recorded.</p>
      ) : (
        <DataTable
          columns={[
            { id: 'defect', header: 'Defect', rowHeader: true, cell: (d) => d.label },
            { id: 'case', header: 'Case', nowrap: true, cell: (d) => d.case_id },
            { id: 'severity', header: 'Severity', cell: (d) => <span className={`risk-badge risk-badge--${SEVERITY_RISK[d.severity]}`}>{d.severity}</span> },
            { id: 'description', header: 'Description', cell: (d) => d.description },
            {
              id: 'status',
              header: 'Status',
              cell: (d) => (
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
              ),
            },
          ]}
          rows={view.defects}
          rowKey={(d) => d.id}
        />
      )}
      <form
        className="conformance-defects__add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <Field label="Case">
          {(control) => (
            <select {...control} value={forCase} onChange={(e) => setForCase(e.target.value)}>
              {inScope.map((c) => (
                <option key={c.case_id} value={c.case_id}>
                  {c.case_id} {c.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Severity">
          {(control) => (
            <select {...control} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Description" className="field--grow">
          {(control) => (
            <input {...control} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="status-button" disabled={store.busy}>
          Record defect
        </button>
      </form>
    </Card>
  );
}
