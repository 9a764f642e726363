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
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { shortKeyId } from './VerificationReport';
import { Card } from '../ui';

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
    <Card level={3} headingId="keys-panel-title" className="keys-panel" title="Your signing key">
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
      {status && status.known_keys.length > 0 && (
        <KnownKeys
          keys={status.known_keys}
          busy={task.running !== null}
          onTrust={(key) =>
            void task.run('trust', async () => {
              setNotice(null);
              const trusted = await documentsApi.trustKnownKey(key.key_id);
              setNotice(`Now trusting ${trusted.name} (${roleLabel(trusted.role)}), key ${fingerprint(trusted.key_id)}.`);
              onChanged();
            })
          }
        />
      )}
      {status && <TrustedKeys keys={status.trusted_keys} ownKeyId={status.identity?.key_id ?? null} />}
    </Card>
  );
}

function CreateKey({ replacing, defaultName, onCreated }: { replacing: boolean; defaultName: string; onCreated(): void }) {
  const task = useTask<'create'>();
  // The default follows the actor once it has loaded, until the person types a name of their own.
  const [typedName, setName] = useState<string | null>(null);
  const name = typedName ?? defaultName;
  // The role defaults to the one in your profile, once it has loaded, until one is chosen here.
  const profile = useApiQuery(() => api.call('profile.get', {}), []).data?.profile ?? null;
  const profileRole = SIGNER_ROLES.find((r) => r === profile?.role) ?? null;
  const [chosenRole, setRole] = useState<ParticipantRole | null>(null);
  const role = chosenRole ?? profileRole;
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

/** The key's fingerprint grouped in fours, as people compare it aloud. */
export function fingerprint(keyId: string): string {
  return keyId.match(/.{1,4}/g)?.join(' ') ?? keyId;
}

/**
 * Keys received through team sync: shown with fingerprint, name, role and who published them, and
 * trusted only when the person confirms, after checking the fingerprint with the key's holder.
 */
function KnownKeys({ keys, busy, onTrust }: { keys: KeyStatus['known_keys']; busy: boolean; onTrust(key: KeyStatus['known_keys'][number]): void }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <div className="keys-panel__known" data-testid="known-keys">
      <h4>Keys received from the team, not trusted yet</h4>
      <p className="muted">
        Anyone on the sync server can publish a key under any name. Before trusting one, check its fingerprint with the person it claims to be (in
        person, by phone or a channel you already trust).
      </p>
      <ul>
        {keys.map((k) => (
          <li key={k.key_id} data-key-id={k.key_id}>
            <div>
              <strong>{k.name}</strong>, {roleLabel(k.role)} · published by {k.published_by ?? 'an unknown user'}
              {k.published_at ? ` on ${formatDate(k.published_at)}` : ''}
            </div>
            <div>
              Fingerprint <code>{fingerprint(k.key_id)}</code>
            </div>
            {k.flags.map((flag) => (
              <p key={flag} className="keys-panel__flag" role="note">
                ⚠ {flag}
              </p>
            ))}
            {confirming === k.key_id ? (
              <div className="keys-panel__confirm" role="group" aria-label={`Confirm trusting ${k.name}`}>
                <p>
                  Trust this key as {k.name}, {roleLabel(k.role)}? Only if {k.name} read you the fingerprint <code>{fingerprint(k.key_id)}</code>.
                </p>
                <Button size="small" variant="primary" isDisabled={busy} onPress={() => { setConfirming(null); onTrust(k); }}>
                  Yes, the fingerprint matches
                </Button>
                <Button size="small" variant="secondary" onPress={() => setConfirming(null)}>
                  Cancel
                </Button>
              </div>
            ) : (
              <Button size="small" variant="secondary" isDisabled={busy} onPress={() => setConfirming(k.key_id)}>
                Trust…
              </Button>
            )}
          </li>
        ))}
      </ul>
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
            <code title={`Fingerprint ${fingerprint(k.key_id)}`}>{shortKeyId(k.key_id)}</code>
            {k.flags.map((flag) => (
              <span key={flag} className="keys-panel__flag" role="note">
                ⚠ {flag}
              </span>
            ))}
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
