/**
 * Exporting the dossier's approval package and signing packages: export, then sign it with a
 * decision and comment (or save it unsigned); or pick a package someone sent and add a signature.
 * The result is handed to the user as a .zip download.
 */
import { useRef, useState, type ReactNode } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import { documentsApi, type Decision } from './documentsApi';
import { apiErrorOf } from '../api/errors';
import { Alert } from '../ui/Alert';
import { byteSize, formatBytes, isZipFile, readFileBase64, saveFile } from '../ui/files';
import { decisionLabel } from './kinds';
import { Progress } from '../ui/Progress';
import { SignForm, type SignInput } from './SignForm';
import { Refusal, useTask } from '../ui/useTask';
import { Card } from '../ui';

const ZIP = 'application/zip';

/** A package waiting for the user's signature. */
interface Pending {
  source: 'export' | 'file';
  file_name: string;
  content_base64: string;
  version?: number;
  newVersion?: boolean;
}

interface Saved {
  file_name: string;
  content_base64: string;
  decision: Decision | null;
  replaced: boolean;
}

interface ApprovalPackageProps {
  dossierId: string;
  reference: string;
  canSign: boolean;
  /** A package was exported: the history has a new entry. */
  onExported(): void;
  onVerify(file: { file_name: string; content_base64: string }): void;
  /** Leads the user to the key panel. */
  noKeyHint: ReactNode;
}

type Step = 'export' | 'read' | 'sign' | 'save';

const PROGRESS: Record<Step, string> = {
  export: 'Building the approval package: documents as PDF and DOCX, manifest…',
  read: 'Reading the package…',
  sign: 'Signing…',
  save: 'Saving…',
};

export function ApprovalPackage({ dossierId, reference, canSign, onExported, onVerify, noKeyHint }: ApprovalPackageProps) {
  const task = useTask<Step>();
  const [pending, setPending] = useState<Pending | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  /** The package already holds this user's signature: offer to replace it. */
  const [alreadySigned, setAlreadySigned] = useState<SignInput | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const exportPackage = () =>
    task.run('export', async () => {
      setSaved(null);
      setPending(null);
      const exported = await documentsApi.exportPackage(dossierId);
      setPending({ source: 'export', file_name: exported.file_name, content_base64: exported.content_base64, version: exported.version, newVersion: exported.new_version });
      onExported();
    });

  const pickPackage = (file: File | undefined) => {
    if (fileInput.current) fileInput.current.value = '';
    if (!file) return;
    void task.run('read', async () => {
      setSaved(null);
      setPending(null);
      if (!isZipFile(file)) throw new Refusal(`${file.name} is not a .zip approval package.`);
      setPending({ source: 'file', file_name: file.name, content_base64: await readFileBase64(file) });
    });
  };

  const sign = (input: SignInput, replace = false) => {
    if (!pending) return;
    setAlreadySigned(null);
    void task.run('sign', async () => {
      try {
        const signed = await documentsApi.sign({ content_base64: pending.content_base64, decision: input.decision, comment: input.comment, replace });
        const file = { file_name: pending.file_name, content_base64: signed.content_base64 };
        saveFile({ ...file, media_type: ZIP });
        setSaved({ ...file, decision: signed.decision, replaced: signed.replaced });
        setPending(null);
      } catch (error) {
        if (!replace && apiErrorOf(error)?.code === 'conflict') setAlreadySigned(input);
        throw error;
      }
    });
  };

  const saveUnsigned = () => {
    if (!pending) return;
    saveFile({ file_name: pending.file_name, content_base64: pending.content_base64, media_type: ZIP });
    setSaved({ file_name: pending.file_name, content_base64: pending.content_base64, decision: null, replaced: false });
    setPending(null);
  };

  const busy = task.running !== null;
  return (
    <Card level={3} headingId="approval-package-title" className="approval-package" title="Signed approval package">
      <p className="approval-package__intro">
        One .zip file with the documents as PDF and DOCX, a manifest of their SHA-256 hashes, and one signature per approver. Anyone with the team’s public keys
        can verify it.
      </p>
      <div className="approval-package__actions">
        <Button size="small" variant="primary" isDisabled={busy} onPress={() => void exportPackage()}>
          Export signed package…
        </Button>
        <Button size="small" variant="secondary" isDisabled={busy} onPress={() => fileInput.current?.click()}>
          Sign a package…
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".zip,application/zip"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="sign-package-file"
          onChange={(event) => pickPackage(event.target.files?.[0])}
        />
      </div>

      {task.running && <Progress label={PROGRESS[task.running]} />}
      {!task.running && task.error && (
        <div className="approval-package__message">
          <Alert
            variant="danger"
            role="alert"
            title={alreadySigned ? 'You have already signed this package' : 'Not done'}
            actions={
              alreadySigned ? (
                <Button size="small" variant="secondary" onPress={() => sign(alreadySigned, true)}>
                  Replace my earlier signature
                </Button>
              ) : undefined
            }
          >
            {task.error}
          </Alert>
        </div>
      )}

      {pending && (
        <SignForm
          key={`${pending.file_name}:${pending.content_base64.length}`}
          subject={<PendingSubject pending={pending} reference={reference} />}
          busy={busy}
          canSign={canSign}
          noKey={noKeyHint}
          onSign={(input) => sign(input)}
          onCancel={() => {
            setPending(null);
            setAlreadySigned(null);
            task.clearError();
          }}
          secondary={
            pending.source === 'export' ? (
              <Button size="small" variant="secondary" isDisabled={busy} onPress={saveUnsigned}>
                Save without signing
              </Button>
            ) : undefined
          }
        />
      )}

      {saved && !pending && (
        <div className="approval-package__message">
          <Alert
            variant="success"
            role="status"
            title={saved.decision ? `Signed: ${decisionLabel(saved.decision)}` : 'Saved unsigned'}
            onClose={() => setSaved(null)}
            actions={
              <Button size="small" variant="secondary" onPress={() => onVerify(saved)}>
                Verify it
              </Button>
            }
          >
            Saved {saved.file_name} ({formatBytes(byteSize(saved.content_base64))})
            {saved.replaced ? ', replacing your earlier signature.' : '.'}
            {!saved.decision && ' Approvers sign it with “Sign a package…”.'}
          </Alert>
        </div>
      )}
    </Card>
  );
}

function PendingSubject({ pending, reference }: { pending: Pending; reference: string }) {
  const size = formatBytes(byteSize(pending.content_base64));
  if (pending.source === 'file') {
    return (
      <p>
        Sign <strong>{pending.file_name}</strong> ({size}). Your decision, comment, name and role are signed together with the package’s manifest.
      </p>
    );
  }
  return (
    <p>
      <strong>Version {pending.version}</strong> of the approval package of {reference} is ready: {pending.file_name} ({size})
      {pending.newVersion === false ? ' — the dossier has not changed since this version was made.' : '.'} Sign it now, or save it for the approvers to sign.
    </p>
  );
}
