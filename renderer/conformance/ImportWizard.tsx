/**
 * Importing a test tool's report: pick or drop a FHIR TestReport (JSON) or JUnit XML, review each
 * test with the case it maps to (map the unmatched ones), then apply. Nothing is written before
 * Apply; a refused file says why.
 */
import { useState } from 'react';
import type { ImportInspection } from '../../shared/api/conformanceOps';
import { RESULT_STATUS_LABELS, type ConformanceView } from '../../shared/conformance/model';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { readFileBase64 } from '../ui/files';
import type { ConformanceStore } from './useConformance';
import { Card, DataTable } from '../ui';

export function ImportWizard({ view, store }: { view: ConformanceView; store: ConformanceStore }) {
  const [file, setFile] = useState<{ name: string; content_base64: string } | null>(null);
  const [inspection, setInspection] = useState<ImportInspection | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const inScope = view.plan.filter((c) => c.scope === 'in_scope');

  const inspect = async (next: { name: string; content_base64: string }, nextMapping: Record<string, string>) => {
    setRefusal(null);
    setMessage(null);
    try {
      setInspection(await api.call('conformance.import.inspect', { id: view.dossier_id, file: next, mapping: nextMapping }));
    } catch (failure) {
      setInspection(null);
      setRefusal(errorMessage(failure));
    }
  };
  const pick = async (files: FileList | null) => {
    const chosen = files?.[0];
    if (!chosen) return;
    const next = { name: chosen.name.slice(0, 255), content_base64: await readFileBase64(chosen) };
    setFile(next);
    setMapping({});
    await inspect(next, {});
  };
  const apply = async () => {
    if (!file) return;
    let applied: number | null = null;
    let noop = false;
    const done = await store.run(async () => {
      const result = await api.call('conformance.import.apply', { id: view.dossier_id, file, mapping });
      applied = result.applied;
      noop = result.noop;
    });
    if (done) {
      setMessage(noop ? 'Nothing to apply: this report is already imported into this round.' : `${applied} results recorded; the report is kept as evidence.`);
      setInspection(null);
      setFile(null);
    }
  };

  return (
    <Card level={3} headingId="import-heading" className="conformance-import" title="Import a test report">
      <p className="muted">A FHIR R4 TestReport (JSON, one or a Bundle) or JUnit XML from the test harness. Tests are matched to cases by id, by title, or as you map them.</p>
      <label className="status-button">
        Choose a report…
        <input type="file" accept=".json,.xml,application/json,application/fhir+json,text/xml,application/xml" className="visually-hidden" onChange={(e) => void pick(e.target.files)} />
      </label>
      {refusal && (
        <p className="conformance-error" role="alert">
          {refusal}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {inspection && file && (
        <div className="conformance-import__review">
          <p>
            {inspection.format === 'junit' ? 'JUnit XML' : 'FHIR TestReport'} “{inspection.file.name}” into round {inspection.round.number} ({inspection.round.environment}): {inspection.tests.length} tests, {inspection.changes} results would change
            {inspection.already_imported ? ' · already imported' : ''}.
          </p>
          <DataTable
            columns={[
              { id: 'test', header: 'Test', rowHeader: true, cell: (t) => t.name },
              { id: 'result', header: 'Result', cell: (t) => RESULT_STATUS_LABELS[t.status] },
              {
                id: 'case',
                header: 'Case',
                cell: (t) =>
                  t.case_id && t.matched_by !== 'mapping' ? (
                    `${t.case_id} (by ${t.matched_by})`
                  ) : (
                    <select
                      aria-label={`Case for test ${t.name}`}
                      value={mapping[t.key] ?? ''}
                      onChange={(e) => {
                        const next = { ...mapping };
                        if (e.target.value) next[t.key] = e.target.value;
                        else delete next[t.key];
                        setMapping(next);
                        void inspect(file, next);
                      }}
                    >
                      <option value="">Not mapped</option>
                      {inScope.map((c) => (
                        <option key={c.case_id} value={c.case_id}>
                          {c.case_id} {c.title}
                        </option>
                      ))}
                    </select>
                  ),
              },
              { id: 'now', header: 'Now', cell: (t) => (t.current_status ? RESULT_STATUS_LABELS[t.current_status] : '—') },
            ]}
            rows={inspection.tests}
            rowKey={(t) => t.key}
          />
          <div className="round-view__actions">
            <button type="button" className="status-button status-button--passed" disabled={store.busy} onClick={() => void apply()}>
              Apply {inspection.changes} results
            </button>
            <button type="button" className="status-button" onClick={() => { setInspection(null); setFile(null); }}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </Card>
  );
}
