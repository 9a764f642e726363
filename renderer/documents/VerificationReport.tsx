/**
 * What verifying a package found: a green "Verified" when every file matches the manifest and
 * every signature holds with a trusted key; otherwise a red list of exactly what is wrong. Then
 * the signers (name, role, decision, date, trusted or not) and the files, each with its check.
 */
import { SvgCheckCircleIcon, SvgExclamationCircleIcon } from '@bcgov/design-system-react-components';
import { roleLabel } from '../../shared/workflow/roles';
import { formatDateTime } from '../format/dates';
import { plural } from '../format/numbers';
import type { FileCheck, SignatureCheck, VerificationReport as Report } from './documentsApi';
import { formatBytes } from '../ui/files';
import { decisionLabel } from './kinds';
import { DataTable, StatusBadge, TwoLineCell, type DataColumn } from '../ui';

const FILE_STATUS: Record<FileCheck['status'], string> = {
  ok: 'Matches the manifest',
  missing: 'Missing',
  altered: 'Altered',
  extra: 'Not in the manifest',
};

const SIGNATURE_STATUS: Record<SignatureCheck['status'], string> = {
  valid: 'Valid',
  bad_signature: 'Bad signature',
  malformed: 'Unreadable',
};

function trustText(s: SignatureCheck): { ok: boolean; text: string } {
  switch (s.trust) {
    case 'trusted':
      return { ok: true, text: 'Trusted' };
    case 'unknown_signer':
      return { ok: false, text: 'Unknown signer' };
    case 'known_untrusted':
      return { ok: false, text: 'Known, not trusted: no one here confirmed this key' };
    case 'conflicting':
      return { ok: false, text: 'Conflicting key: claims the name of a trusted key’s holder' };
    case 'identity_mismatch':
      return { ok: false, text: s.trusted_signer ? `Key belongs to ${s.trusted_signer.name}` : 'Identity does not match the keyring' };
    default:
      return { ok: false, text: '—' };
  }
}

/** A check's outcome in words on a green or red tint. */
function CheckMark({ ok, children }: { ok: boolean; children: string }) {
  return (
    <StatusBadge tone={ok ? 'success' : 'danger'}>
      <span aria-hidden="true">{ok ? '✓' : '✗'}</span>
      {children}
    </StatusBadge>
  );
}

const SIGNATURE_COLUMNS: readonly DataColumn<SignatureCheck>[] = [
  {
    id: 'signer',
    header: 'Signer',
    cell: (s) => <TwoLineCell primary={s.claimed_signer?.name ?? '—'} secondary={s.comment ? `“${s.comment}”` : undefined} secondaryClassName="verify-report__comment" />,
  },
  { id: 'role', header: 'Role', cell: (s) => (s.claimed_signer ? roleLabel(s.claimed_signer.role) : '—') },
  { id: 'decision', header: 'Decision', cell: (s) => (s.decision ? <span className={`decision decision--${s.decision}`}>{decisionLabel(s.decision)}</span> : '—') },
  { id: 'signed', header: 'Signed', nowrap: true, cell: (s) => formatDateTime(s.signed_at) },
  { id: 'signature', header: 'Signature', cell: (s) => <CheckMark ok={s.status === 'valid'}>{SIGNATURE_STATUS[s.status]}</CheckMark> },
  {
    id: 'key',
    header: 'Key',
    cell: (s) => {
      const trust = trustText(s);
      return (
        <>
          <CheckMark ok={trust.ok}>{trust.text}</CheckMark>
          {s.key_id && (
            <span className="cell-secondary verify-report__fingerprint" title={`Key id ${s.key_id}`}>
              {shortKeyId(s.key_id)}
            </span>
          )}
        </>
      );
    },
  },
];

const FILE_COLUMNS: readonly DataColumn<FileCheck>[] = [
  { id: 'file', header: 'File', className: 'verify-report__path', cell: (f) => f.path },
  { id: 'size', header: 'Size', nowrap: true, cell: fileSize },
  {
    id: 'check',
    header: 'Check',
    cell: (f) => (
      <>
        <CheckMark ok={f.status === 'ok'}>{FILE_STATUS[f.status]}</CheckMark>
        {f.detail && f.status !== 'ok' && <span className="cell-secondary">{f.detail}</span>}
      </>
    ),
  },
];

function fileSize(f: FileCheck): string {
  const size = f.actual_size ?? f.expected_size;
  return size === null ? '—' : formatBytes(size);
}

export function VerificationReport({ fileName, report, onClose }: { fileName: string; report: Report; onClose(): void }) {
  const manifest = report.manifest;
  const validTrusted = report.signatures.filter((s) => s.status === 'valid' && s.trust === 'trusted').length;
  return (
    <section className={`verify-report verify-report--${report.ok ? 'ok' : 'bad'}`} aria-labelledby="verify-report-title" data-testid="verification-report">
      <header className="verify-report__summary">
        <span className="verify-report__icon" aria-hidden="true">
          {report.ok ? <SvgCheckCircleIcon /> : <SvgExclamationCircleIcon />}
        </span>
        <div className="verify-report__headline">
          <h3 id="verify-report-title" data-testid="verification-verdict">
            {report.ok ? 'Verified' : 'Not verified'}
          </h3>
          <p className="verify-report__what">
            <span className="verify-report__file">{fileName}</span>
            {manifest && (
              <>
                {' '}
                · {manifest.reference} · version {manifest.package_version} · created {formatDateTime(manifest.created_at)}
              </>
            )}
          </p>
          <p className="verify-report__lede">
            {report.ok
              ? `Every file matches the manifest, and ${plural(validTrusted, 'signature')} by ${validTrusted === 1 ? 'a trusted key holds' : 'trusted keys hold'}.`
              : `${plural(report.problems.length, 'problem')} found. Do not rely on this package until ${report.problems.length === 1 ? 'it is' : 'they are'} explained.`}
          </p>
        </div>
        <button type="button" className="link-button verify-report__close" onClick={onClose}>
          Clear
        </button>
      </header>

      {report.problems.length > 0 && (
        <div className="verify-report__problems">
          <h4>What is wrong</h4>
          <ul data-testid="verification-problems">
            {report.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}

      <div className="verify-report__section">
        <h4>Signatures</h4>
        {report.signatures.length === 0 ? (
          <p className="verify-report__empty">Nobody has signed this package.</p>
        ) : (
          <DataTable
            columns={SIGNATURE_COLUMNS}
            rows={report.signatures}
            rowKey={(s) => s.file}
            rowData={(s) => ({ 'data-signature-status': s.status, 'data-trust': s.trust ?? '' })}
            className="verify-report__table"
          />
        )}
      </div>

      <div className="verify-report__section">
        <h4>Files</h4>
        <DataTable columns={FILE_COLUMNS} rows={report.files} rowKey={(f) => f.path} rowData={(f) => ({ 'data-file-status': f.status })} className="verify-report__table" />
        {report.manifest_sha256 && (
          <p className="verify-report__manifest">
            Manifest SHA-256 <code title={report.manifest_sha256}>{report.manifest_sha256}</code>
          </p>
        )}
      </div>
    </section>
  );
}

/** A key id in groups of four, first 16 characters: enough to compare by eye. */
export function shortKeyId(keyId: string): string {
  return keyId.slice(0, 16).replace(/(.{4})(?=.)/g, '$1 ');
}
