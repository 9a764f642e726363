/** The approval packages exported for this dossier, newest first: earlier versions stay listed. */
import type { PackageRecord } from './documentsApi';
import { formatDateTime } from '../format/dates';
import { DECISION_LABELS } from '../../shared/api/packageOps';
import { roleLabel } from '../../shared/workflow/roles';
import { plural } from '../format/numbers';
import { InlineError, Loading } from '../ui/StatusMessages';

export type PackageRecords = PackageRecord[];

interface PackageHistoryProps {
  records: PackageRecords | undefined;
  error: string | null;
  onRetry(): void;
}

export function PackageHistory({ records, error, onRetry }: PackageHistoryProps) {
  const sorted = records ? [...records].sort((a, b) => b.version - a.version) : [];
  return (
    <section className="card card--flush package-history" aria-labelledby="package-history-title">
      <h3 id="package-history-title" className="card__title">
        Package history
        {records && <span className="card__subtitle">{plural(records.length, 'version')}</span>}
      </h3>
      {error && !records ? (
        <div className="card__empty">
          <InlineError title="The package history could not be read" onRetry={onRetry}>
            {error}
          </InlineError>
        </div>
      ) : !records ? (
        <div className="card__empty">
          <Loading label="Reading the package history…" />
        </div>
      ) : records.length === 0 ? (
        <p className="card__empty">No approval package has been exported for this dossier yet. Each export of a changed dossier adds the next version here.</p>
      ) : (
        <table className="data-table package-history__table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Created</th>
              <th scope="col">By</th>
              <th scope="col">File</th>
              <th scope="col">Manifest SHA-256</th>
              <th scope="col">Decisions</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.id} data-version={r.version}>
                <td className="nowrap">
                  <span className="package-history__version">v{r.version}</span>
                  {r.current ? (
                    <span className="package-history__current" title="The dossier is still as it was when this version was made">
                      current
                    </span>
                  ) : (
                    <span className="package-history__stale" title="The dossier has changed since this version was made">
                      outdated
                    </span>
                  )}
                </td>
                <td className="nowrap">{formatDateTime(r.created_at)}</td>
                <td>{r.created_by ?? '—'}</td>
                <td className="package-history__file">{r.file_name}</td>
                <td>
                  <code title={r.manifest_sha256}>{r.manifest_sha256.slice(0, 12)}</code>
                </td>
                <td className="package-history__decisions">
                  {r.decisions.length === 0
                    ? 'None recorded'
                    : r.decisions.map((d) => (
                        <div key={d.key_id}>
                          {d.signer_name} ({roleLabel(d.signer_role)}): {DECISION_LABELS[d.decision]}, {formatDateTime(d.signed_at)}
                          {d.comment ? ` — “${d.comment}”` : ''}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
