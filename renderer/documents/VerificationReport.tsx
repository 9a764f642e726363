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
          <table className="data-table verify-report__table">
            <thead>
              <tr>
                <th scope="col">Signer</th>
                <th scope="col">Role</th>
                <th scope="col">Decision</th>
                <th scope="col">Signed</th>
                <th scope="col">Signature</th>
                <th scope="col">Key</th>
              </tr>
            </thead>
            <tbody>
              {report.signatures.map((s) => {
                const trust = trustText(s);
                return (
                  <tr key={s.file} data-signature-status={s.status} data-trust={s.trust ?? ''}>
                    <td>
                      <span className="cell-primary">{s.claimed_signer?.name ?? '—'}</span>
                      {s.comment && <span className="cell-secondary verify-report__comment">“{s.comment}”</span>}
                    </td>
                    <td>{s.claimed_signer ? roleLabel(s.claimed_signer.role) : '—'}</td>
                    <td>{s.decision ? <span className={`decision decision--${s.decision}`}>{decisionLabel(s.decision)}</span> : '—'}</td>
                    <td className="nowrap">{formatDateTime(s.signed_at)}</td>
                    <td>
                      <span className={`check-mark check-mark--${s.status === 'valid' ? 'ok' : 'bad'}`}>{SIGNATURE_STATUS[s.status]}</span>
                    </td>
                    <td>
                      <span className={`check-mark check-mark--${trust.ok ? 'ok' : 'bad'}`}>{trust.text}</span>
                      {s.key_id && (
                        <span className="cell-secondary verify-report__fingerprint" title={`Key id ${s.key_id}`}>
                          {shortKeyId(s.key_id)}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>

      <div className="verify-report__section">
        <h4>Files</h4>
        <table className="data-table verify-report__table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">Check</th>
            </tr>
          </thead>
          <tbody>
            {report.files.map((f) => (
              <tr key={f.path} data-file-status={f.status}>
                <td className="verify-report__path">{f.path}</td>
                <td className="nowrap">{fileSize(f)}</td>
                <td>
                  <span className={`check-mark check-mark--${f.status === 'ok' ? 'ok' : 'bad'}`}>{FILE_STATUS[f.status]}</span>
                  {f.detail && f.status !== 'ok' && <span className="cell-secondary">{f.detail}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
