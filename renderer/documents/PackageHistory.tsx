/** The approval packages exported for this dossier, newest first: earlier versions stay listed. */
import type { PackageRecord } from './documentsApi';
import { formatDateTime } from '../format/dates';
import { DECISION_LABELS } from '../../shared/api/packageOps';
import { roleLabel } from '../../shared/workflow/roles';
import { plural } from '../format/numbers';
import { Card, CardEmpty, CardSubtitle, DataTable, InlineError, Loading, StatusBadge, type DataColumn } from '../ui';

export type PackageRecords = PackageRecord[];

interface PackageHistoryProps {
  records: PackageRecords | undefined;
  error: string | null;
  onRetry(): void;
}

const COLUMNS: readonly DataColumn<PackageRecord>[] = [
  {
    id: 'version',
    header: 'Version',
    nowrap: true,
    cell: (r) => (
      <>
        <span className="package-history__version">v{r.version}</span>
        {r.current ? (
          <StatusBadge tone="success" title="The dossier is still as it was when this version was made">
            current
          </StatusBadge>
        ) : (
          <StatusBadge tone="neutral" title="The dossier has changed since this version was made">
            outdated
          </StatusBadge>
        )}
      </>
    ),
  },
  { id: 'created', header: 'Created', nowrap: true, cell: (r) => formatDateTime(r.created_at) },
  { id: 'by', header: 'By', cell: (r) => r.created_by ?? '—' },
  { id: 'file', header: 'File', className: 'package-history__file', cell: (r) => r.file_name },
  { id: 'manifest', header: 'Manifest SHA-256', cell: (r) => <code title={r.manifest_sha256}>{r.manifest_sha256.slice(0, 12)}</code> },
  {
    id: 'decisions',
    header: 'Decisions',
    cell: (r) =>
      r.decisions.length === 0
        ? 'None recorded'
        : r.decisions.map((d) => (
            <div key={d.key_id}>
              {d.signer_name} ({roleLabel(d.signer_role)}): {DECISION_LABELS[d.decision]}, {formatDateTime(d.signed_at)}
              {d.comment ? ` — “${d.comment}”` : ''}
            </div>
          )),
  },
];

export function PackageHistory({ records, error, onRetry }: PackageHistoryProps) {
  const sorted = records ? [...records].sort((a, b) => b.version - a.version) : [];
  return (
    <Card level={3} flush headingId="package-history-title" className="package-history" title="Package history" aside={records && <CardSubtitle>{plural(records.length, 'version')}</CardSubtitle>}>
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
        <CardEmpty>No approval package has been exported for this dossier yet. Each export of a changed dossier adds the next version here.</CardEmpty>
      ) : (
        <DataTable columns={COLUMNS} rows={sorted} rowKey={(r) => r.id} rowData={(r) => ({ 'data-version': r.version })} className="package-history__table" />
      )}
    </Card>
  );
}
