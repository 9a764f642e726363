/** Verifying a package: dropped anywhere on the window, picked with a file dialog, or just made. */
import { useCallback, useRef, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { InlineError } from '../ui/StatusMessages';
import { documentsApi, type VerificationReport as Report } from './documentsApi';
import { isZipFile, readFileBase64 } from '../ui/files';
import { Progress } from '../ui/Progress';
import { Refusal, useTask } from '../ui/useTask';
import { VerificationReport } from './VerificationReport';

export interface Verification {
  running: string | null;
  error: string | null;
  result: { fileName: string; report: Report } | null;
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
        const report = await documentsApi.verify(await content());
        setResult({ fileName, report });
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

export function VerifyPackage({ verification, dragging }: { verification: Verification; dragging: boolean }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const { running, error, result } = verification;
  return (
    <section className="card verify-package" aria-labelledby="verify-package-title">
      <h3 id="verify-package-title" className="card__title">
        Verify a package
      </h3>
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
    </section>
  );
}
