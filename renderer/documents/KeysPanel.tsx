/**
 * The user's signing key and the team's trusted keyring: create a key on first use, hand out its
 * public half, and trust a colleague's public key file.
 */
import { useRef, useState } from 'react';
import { Button, Select, TextField } from '@bcgov/design-system-react-components';
import { PARTICIPANT_ROLES, roleLabel, type ParticipantRole } from '../../shared/workflow/roles';
import { documentsApi, type KeyStatus } from './documentsApi';
import { formatDate } from '../format/dates';
import { plural } from '../format/numbers';
import { saveBytes } from '../ui/files';
import { Progress } from '../ui/Progress';
import { useTask } from '../ui/useTask';
import { shortKeyId } from './VerificationReport';

interface KeysPanelProps {
  status: KeyStatus | null;
  loadError: string | null;
  defaultName: string;
  onChanged(): void;
  onRetry(): void;
}

const SIGNER_ROLES: ParticipantRole[] = [...PARTICIPANT_ROLES.map((r) => r.key), 'connected_partner'];
const ROLE_ITEMS = SIGNER_ROLES.map((r) => ({ id: r, label: roleLabel(r) }));

export function KeysPanel({ status, loadError, defaultName, onChanged, onRetry }: KeysPanelProps) {
  const task = useTask<'create' | 'export' | 'trust'>();
  const [notice, setNotice] = useState<string | null>(null);
  const trustInput = useRef<HTMLInputElement>(null);

  const exportKey = () =>
    task.run('export', async () => {
      setNotice(null);
      const document = await documentsApi.exportKey();
      const json = `${JSON.stringify(document, null, 2)}\n`;
      saveText(`${fileStem(document.name)}-public-key.json`, json);
      setNotice(`Saved your public key. Give the file to your colleagues so that they can trust your signatures.`);
    });

  const trust = (file: File | undefined) => {
    if (!file) return;
    void task.run('trust', async () => {
      setNotice(null);
      const text = await file.text();
      const key = await documentsApi.trustKey(text);
      setNotice(`Now trusting ${key.name} (${roleLabel(key.role)}), key ${shortKeyId(key.key_id)}.`);
      onChanged();
    });
    if (trustInput.current) trustInput.current.value = '';
  };

  let body: React.ReactNode;
  if (!status) {
    body = loadError ? (
      <p className="keys-panel__error" role="alert">
        {loadError}{' '}
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      </p>
    ) : (
      <Progress label="Reading your keys…" />
    );
  } else if (!status.identity || !status.has_private_key) {
    body = <CreateKey replacing={status.identity !== null} defaultName={status.identity?.name ?? defaultName} onCreated={onChanged} />;
  } else {
    const { identity } = status;
    body = (
      <>
        <dl className="keys-panel__identity">
          <div>
            <dt>Signs as</dt>
            <dd>
              {identity.name}, {roleLabel(identity.role)}
            </dd>
          </div>
          <div>
            <dt>Key</dt>
            <dd>
              <code title={`Key id ${identity.key_id}`}>{shortKeyId(identity.key_id)}</code> · created {formatDate(identity.created_at)}
            </dd>
          </div>
          <div>
            <dt>Kept</dt>
            <dd>{status.storage}</dd>
          </div>
        </dl>
        <div className="keys-panel__actions">
          <Button size="small" variant="secondary" isDisabled={task.running !== null} onPress={() => void exportKey()}>
            Export my public key
          </Button>
          <Button size="small" variant="secondary" isDisabled={task.running !== null} onPress={() => trustInput.current?.click()}>
            Trust a colleague’s key…
          </Button>
          <input
            ref={trustInput}
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="trust-key-file"
            onChange={(event) => trust(event.target.files?.[0])}
          />
        </div>
      </>
    );
  }

  return (
    <section className="card keys-panel" aria-labelledby="keys-panel-title">
      <h3 id="keys-panel-title" className="card__title">
        Your signing key
      </h3>
      {body}
      {task.running === 'trust' && <Progress label="Adding the key to your keyring…" />}
      {task.error && (
        <p className="keys-panel__error" role="alert">
          {task.error}
        </p>
      )}
      {notice && !task.error && (
        <p className="keys-panel__notice" role="status">
          {notice}
        </p>
      )}
      {status && <TrustedKeys keys={status.trusted_keys} ownKeyId={status.identity?.key_id ?? null} />}
    </section>
  );
}

function CreateKey({ replacing, defaultName, onCreated }: { replacing: boolean; defaultName: string; onCreated(): void }) {
  const task = useTask<'create'>();
  const [name, setName] = useState(defaultName);
  const [role, setRole] = useState<ParticipantRole | null>(null);
  const [tried, setTried] = useState(false);
  const nameProblem = name.trim() === '' ? 'Your name, as approvers and the Ministry know you.' : undefined;
  const roleProblem = role === null ? 'Choose the role you sign in.' : undefined;

  const create = () => {
    setTried(true);
    if (nameProblem || roleProblem || role === null) return;
    void task.run('create', async () => {
      await documentsApi.initKey({ name: name.normalize('NFC').trim(), role, force: replacing });
      onCreated();
    });
  };

  return (
    <div className="keys-panel__create">
      <p className="keys-panel__intro">
        {replacing
          ? 'Your private key is not available on this device. Create a new one; colleagues will need your new public key to trust your signatures.'
          : 'You have no signing key yet. Approvers sign packages with their own key; anyone with its public half can check the signature.'}
      </p>
      <TextField
        size="small"
        label="Your name"
        value={name}
        onChange={setName}
        isInvalid={tried && nameProblem !== undefined}
        errorMessage={tried ? nameProblem : undefined}
        validationBehavior="aria"
      />
      <Select
        size="small"
        label="Your role"
        items={ROLE_ITEMS}
        selectedKey={role}
        onSelectionChange={(key) => key !== null && setRole(key as ParticipantRole)}
        isInvalid={tried && roleProblem !== undefined}
        errorMessage={tried ? roleProblem : undefined}
        validationBehavior="aria"
      />
      <div className="keys-panel__actions">
        <Button size="small" variant="primary" isDisabled={task.running !== null} onPress={create}>
          Create my signing key
        </Button>
      </div>
      {task.running && <Progress label="Creating your key…" />}
      {task.error && (
        <p className="keys-panel__error" role="alert">
          {task.error}
        </p>
      )}
    </div>
  );
}

function TrustedKeys({ keys, ownKeyId }: { keys: KeyStatus['trusted_keys']; ownKeyId: string | null }) {
  if (keys.length === 0) return <p className="keys-panel__keyring">Your keyring is empty: no signature can be trusted yet.</p>;
  return (
    <details className="keys-panel__keyring">
      <summary>Trusted keyring: {plural(keys.length, 'key')}</summary>
      <ul>
        {keys.map((k) => (
          <li key={k.key_id}>
            <span className="keys-panel__keyring-name">
              {k.name}
              {k.key_id === ownKeyId && <span className="muted"> (you)</span>}
            </span>
            <span className="keys-panel__keyring-role">{roleLabel(k.role)}</span>
            <code title={`Key id ${k.key_id}`}>{shortKeyId(k.key_id)}</code>
          </li>
        ))}
      </ul>
    </details>
  );
}

function fileStem(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'signing-key'
  );
}

function saveText(fileName: string, text: string): void {
  saveBytes(fileName, new TextEncoder().encode(text), 'application/json');
}
