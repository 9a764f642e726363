/** Verifying a package: dropped anywhere on the window, picked with a file dialog, or just made. */
import { useCallback, useRef, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { InlineError } from '../ui/StatusMessages';
import { documentsApi, type VerificationReport as Report } from './documentsApi';
import { isZipFile, readFileBase64, saveBytes } from '../ui/files';

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
import { Progress } from '../ui/Progress';
import { Refusal, useTask } from '../ui/useTask';
import { VerificationReport } from './VerificationReport';
import { Card } from '../ui';

export interface Verification {
  running: string | null;
  error: string | null;
  result: { fileName: string; report: Report; content_base64: string } | null;
  verifyFile(file: File): void;
  verifyContent(file: { file_name: string; content_base64: string }): void;
  clear(): void;
}

export function useVerification(): Verification {
  const task = useTask<'verify'>();
  const [result, setResult] = useState<Verification['result']>(null);
  const [subject, setSubject] = useState<string | null>(null);

  const verify = useCallback(
    (fileName: string, content: () => Promise<string>) => {
      setSubject(fileName);
      setResult(null);
      void task.run('verify', async () => {
        const content_base64 = await content();
        const report = await documentsApi.verify(content_base64);
        setResult({ fileName, report, content_base64 });
      });
    },
    [task.run],
  );

  return {
    running: task.running ? subject : null,
    error: task.error,
    result,
    verifyFile: (file) =>
      verify(file.name, async () => {
        if (!isZipFile(file)) throw new Refusal(`${file.name} is not an approval package: drop or choose the .zip file.`);
        return readFileBase64(file);
      }),
    verifyContent: (file) => verify(file.file_name, async () => file.content_base64),
    clear: () => {
      setResult(null);
      task.clearError();
    },
  };
}

export function VerifyPackage({ verification, dragging, onImported }: { verification: Verification; dragging: boolean; onImported?: () => void }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const { running, error, result } = verification;
  const decisions = useTask<'import' | 'signed-copy'>();
  const [notice, setNotice] = useState<string | null>(null);
  const importDecisions = (content: string) =>
    void decisions.run('import', async () => {
      setNotice(null);
      const outcome = await documentsApi.importPackage(content);
      const awaited = outcome.status.required.filter((r) => r.status === 'awaited').map((r) => r.role_label);
      setNotice(
        `${outcome.recorded === 0 ? 'These decisions were already recorded' : `Recorded ${outcome.recorded === 1 ? 'one decision' : `${outcome.recorded} decisions`}`} on ${outcome.reference}, package version ${outcome.package_version}. ` +
          (outcome.status.complete ? 'Every required approver has approved.' : awaited.length ? `Still awaited: ${awaited.join(', ')}.` : 'Not approved by every required approver.'),
      );
      onImported?.();
    });
  const saveSignedCopy = (content: string) =>
    void decisions.run('signed-copy', async () => {
      setNotice(null);
      const copy = await documentsApi.renderSigned(content);
      saveBytes(copy.file_name, fromBase64(copy.content_base64), 'application/pdf');
      setNotice(`Saved ${copy.file_name}: the package with ${copy.signers === 1 ? 'one verified decision' : `${copy.signers} verified decisions`} on its approvals page.`);
    });
  return (
    <Card level={3} headingId="verify-package-title" className="verify-package" title="Verify a package">
      <div className={`drop-zone${dragging ? ' drop-zone--dragging' : ''}`} data-testid="package-drop-zone">
        <span className="drop-zone__icon" aria-hidden="true" />
        <p className="drop-zone__text">
          <strong>Drop an approval package (.zip) on this window</strong> to check every file against its manifest and every signature against your keyring.
        </p>
        <Button size="small" variant="secondary" isDisabled={running !== null} onPress={() => fileInput.current?.click()}>
          Choose a package…
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".zip,application/zip"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="verify-package-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) verification.verifyFile(file);
          }}
        />
      </div>
      {running !== null && <Progress label={`Verifying ${running}…`} />}
      {running === null && error && (
        <div className="verify-package__error">
          <InlineError title="The package could not be verified">{error}</InlineError>
        </div>
      )}
      {running === null && result && <VerificationReport fileName={result.fileName} report={result.report} onClose={verification.clear} />}
      {running === null && result?.report.ok && (
        <div className="verify-package__decisions" data-testid="package-decisions">
          <Button size="small" variant="primary" isDisabled={decisions.running !== null} onPress={() => importDecisions(result.content_base64)}>
            Record the decisions on the dossier
          </Button>
          <Button size="small" variant="secondary" isDisabled={decisions.running !== null} onPress={() => saveSignedCopy(result.content_base64)}>
            Save the signed copy (PDF)
          </Button>
          {decisions.running && <Progress label={decisions.running === 'import' ? 'Recording the decisions…' : 'Making the signed copy…'} />}
          {decisions.error && (
            <p className="keys-panel__error" role="alert">
              {decisions.error}
            </p>
          )}
          {notice && !decisions.error && (
            <p className="keys-panel__notice" role="status">
              {notice}
            </p>
          )}
        </div>
      )}
    </Card>
  );
}
