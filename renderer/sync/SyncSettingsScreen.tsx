/**
 * The team sync server: its address, your token (masked, sent once to `sync.token.set`, never kept
 * in this window), a connection test with what was typed, and the last sync's state.
 */
import { useEffect, useState } from 'react';
import { Button, TextField } from '@bcgov/design-system-react-components';
import type { OperationOutput } from '../../shared/api/contract';
import { syncOperations } from '../../shared/api/syncOps';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { formatDateTime } from '../format/dates';
import { formatCount } from '../format/numbers';
import { Alert } from '../ui/Alert';
import { Loading } from '../ui/StatusMessages';
import { Card, Toolbar, useConfirm } from '../ui/index';
import { currentFailure } from './describe';
import { formatOffset } from './offset';
import { SyncFailureDetails } from './SyncFailureDetails';
import { useSyncScheduler, useSyncState } from './SyncProvider';
import './sync.css';
import { ReminderSettings } from '../work/ReminderSettings';

type TestResult = OperationOutput<'sync.test'>;
type Status = OperationOutput<'sync.status'>;
type Notice = { variant: 'success' | 'warning' | 'danger' | 'info'; text: string } | null;

/** The contract's own rules for an address and a token, so the screen says the same as the engine. */
function problemsOf(url: string, token: string): { url?: string; token?: string } {
  const parsed = syncOperations['sync.test'].input.safeParse({ ...(url.trim() ? { server_url: url } : {}), ...(token.trim() ? { token } : {}) });
  if (parsed.success) return {};
  const out: { url?: string; token?: string } = {};
  for (const issue of parsed.error.issues) {
    if (issue.path[0] === 'server_url') out.url ??= capitalize(issue.message);
    if (issue.path[0] === 'token') out.token ??= capitalize(issue.message);
  }
  return out;
}

/** What the engine did with a token just saved, in a few words. */
function tokenSaved(status: Status): string {
  switch (status.token_keeping?.kind) {
    case 'keychain':
      return 'Token saved, encrypted by this computer’s keychain.';
    case 'memory':
      return 'Token kept for this run of the browser host only (in memory, never in a file).';
    default:
      return 'Token saved.';
  }
}

function tokenFact(status: Status): string {
  if (!status.has_token) return 'None';
  switch (status.token_keeping?.kind) {
    case 'keychain':
      return 'Saved in this computer’s keychain';
    case 'memory':
      return 'In memory until the host stops';
    case 'none':
      return 'Given to the workbench when it started';
    default:
      return 'Saved';
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[\p{L}\d]$/u.test(text) ? '.' : '');
}

export function SyncSettingsScreen() {
  const confirm = useConfirm();
  useDocumentTitle('Sync settings');
  const scheduler = useSyncScheduler();
  const snapshot = useSyncState();
  const { status } = snapshot;
  const [url, setUrl] = useState<string | null>(null);
  const [token, setToken] = useState('');
  const [tried, setTried] = useState(false);
  const [testing, setTesting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [test, setTest] = useState<TestResult | null>(null);
  const [testError, setTestError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  // The saved address fills the field once it is known; after that the field is the person's.
  useEffect(() => {
    if (url === null && status) setUrl(status.server_url ?? '');
  }, [status, url]);

  if (!status || url === null) return <Loading label="Reading the sync settings…" />;

  const problems = problemsOf(url, token);
  const savedUrl = status.server_url ?? '';
  const urlChanged = url.trim().replace(/\/+$/, '') !== savedUrl;
  const tokenTyped = token.trim() !== '';
  const failure = currentFailure(snapshot);
  const busy = snapshot.running || status.running;

  const runTest = async () => {
    setTried(true);
    setTest(null);
    setTestError(null);
    if (problems.url || problems.token) return;
    if (!url.trim()) {
      setTestError('Give the server address to test.');
      return;
    }
    if (!tokenTyped && !status.has_token) {
      setTestError('Type your token to test it with this server.');
      return;
    }
    setTesting(true);
    try {
      setTest(await api.call('sync.test', { server_url: url.trim(), ...(tokenTyped ? { token: token.trim() } : {}) }));
    } catch (error) {
      setTestError(errorMessage(error));
    } finally {
      setTesting(false);
    }
  };

  const save = async () => {
    setTried(true);
    setNotice(null);
    if (problems.url || problems.token) return;
    setSaving(true);
    const done: string[] = [];
    try {
      let latest = status;
      if (urlChanged) {
        latest = await api.call('sync.settings.set', { server_url: url.trim() ? url.trim() : null });
        done.push(url.trim() ? 'Server address saved.' : 'Server address removed: this workbench no longer syncs.');
      }
      if (tokenTyped) {
        latest = await api.call('sync.token.set', { token: token.trim() });
        setToken('');
        done.push(tokenSaved(latest));
      }
      scheduler.settingsChanged(latest);
      setNotice(done.length ? { variant: 'success', text: done.join(' ') } : { variant: 'info', text: 'Nothing changed.' });
      setTried(false);
    } catch (error) {
      setNotice({ variant: done.length ? 'warning' : 'danger', text: [...done, errorMessage(error)].join(' ') });
      scheduler.settingsChanged();
    } finally {
      setSaving(false);
    }
  };

  const forgetToken = async () => {
    const confirmed = await confirm.ask({
      title: 'Forget the sync token?',
      message: 'The token is removed from this computer. Syncing stops until a token is saved again.',
      confirmLabel: 'Forget the token',
      danger: true,
    });
    if (!confirmed) return;
    try {
      scheduler.settingsChanged(await api.call('sync.token.set', { token: null }));
      setNotice({ variant: 'success', text: 'Token forgotten.' });
    } catch (error) {
      setNotice({ variant: 'danger', text: errorMessage(error) });
    }
  };

  return (
    <div className="page page--form sync-page">
      <header className="page-heading sync-page__heading">
        <div>
          <h1>Sync settings</h1>
          <p className="page-heading__lede">The team’s sync server shares every dossier change between the leads’ workbenches.</p>
        </div>
      </header>

      <form
        className="card sync-settings"
        aria-label="Sync server"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <TextField
          label="Server address"
          description="As the server’s administrator gave it, e.g. https://sync.example.gov.bc.ca"
          value={url}
          onChange={(next) => {
            setUrl(next);
            setTest(null);
          }}
          type="url"
          inputMode="url"
          autoComplete="url"
          isInvalid={tried && Boolean(problems.url)}
          errorMessage={problems.url}
          validationBehavior="aria"
        />
        <TextField
          label="Token"
          description={
            status.has_token
              ? 'A token is saved. Type a new one only to replace it.'
              : 'Printed once when the server’s administrator added you. Never shown again once saved.'
          }
          value={token}
          onChange={(next) => {
            setToken(next);
            setTest(null);
          }}
          type="password"
          autoComplete="off"
          spellCheck="false"
          isInvalid={tried && Boolean(problems.token)}
          errorMessage={problems.token}
          validationBehavior="aria"
        />
        {status.token_keeping && <p className="hint sync-settings__keeping">{status.token_keeping.note}</p>}
        {status.token_keeping?.problem && (
          <Alert variant="warning" title="The saved token cannot be used">
            {status.token_keeping.problem}
          </Alert>
        )}
        <Toolbar
          label="Sync server actions"
          start={
            <>
              <Button variant="secondary" isDisabled={testing} onPress={() => void runTest()}>
                {testing ? 'Testing…' : 'Test connection'}
              </Button>
              <Button variant="primary" type="submit" isDisabled={saving || (!urlChanged && !tokenTyped)}>
                {saving ? 'Saving…' : 'Save sync settings'}
              </Button>
              {status.has_token && status.token_keeping?.kind !== 'none' && (
                <Button variant="tertiary" onPress={() => void forgetToken()}>
                  Forget the token
                </Button>
              )}
            </>
          }
        />
        <div className="sync-settings__results" aria-live="polite">
          {testing && <Loading label="Asking the server…" />}
          {testError && (
            <Alert variant="danger" role="alert" title="The connection could not be tested">
              {testError}
            </Alert>
          )}
          {test && <TestReport result={test} />}
          {notice && (
            <Alert variant={notice.variant} role={notice.variant === 'danger' || notice.variant === 'warning' ? 'alert' : 'status'} onClose={() => setNotice(null)}>
              {notice.text}
            </Alert>
          )}
        </div>
      </form>

      <Card className="sync-settings__state" headingId="sync-state-title" title="Sync on this computer">
        <dl className="sync-facts">
          <div>
            <dt>Server</dt>
            <dd>{status.server_url ?? 'Not set'}</dd>
          </div>
          <div>
            <dt>Token</dt>
            <dd>{tokenFact(status)}</dd>
          </div>
          <div>
            <dt>Server identity</dt>
            <dd className={status.server_id ? 'sync-facts__id' : undefined}>{status.server_id ?? 'Not synced yet'}</dd>
          </div>
          <div>
            <dt>Last synced</dt>
            <dd>{status.last_synced_at ? formatDateTime(status.last_synced_at) : 'Never'}</dd>
          </div>
          <div>
            <dt>Changes waiting</dt>
            <dd>{formatCount(status.waiting)}</dd>
          </div>
          <div>
            <dt>Open conflicts</dt>
            <dd>{status.open_conflicts}</dd>
          </div>
        </dl>
        {failure && <SyncFailureDetails failure={failure} busy={busy} onDecide={(options) => void scheduler.syncNow(options)} />}
        <Button variant="secondary" size="small" isDisabled={busy || !status.server_url || !status.has_token} onPress={() => void scheduler.syncNow()}>
          {busy ? 'Syncing…' : 'Sync now'}
        </Button>
      </Card>
      {/* Issue #13: the reminders' settings share the Settings screen. */}
      <ReminderSettings />
      {confirm.dialog}
    </div>
  );
}

function TestReport({ result }: { result: TestResult }) {
  const title = result.ok ? 'Connected' : result.user ? 'Connected, but do not sync yet' : 'The connection failed';
  return (
    <Alert variant={result.ok ? 'success' : result.user ? 'warning' : 'danger'} role={result.ok ? 'status' : 'alert'} title={title}>
      <p>{result.message}</p>
      {result.user && (
        <dl className="sync-facts sync-facts--compact">
          <div>
            <dt>Server</dt>
            <dd>{result.server_url}</dd>
          </div>
          <div>
            <dt>Server identity</dt>
            <dd className="sync-facts__id">{result.server_id}</dd>
          </div>
          <div>
            <dt>Signed in as</dt>
            <dd>
              {result.user}
              {result.role ? ` (${result.role})` : ''}
            </dd>
          </div>
          {result.skew_ms !== null && (
            <div>
              <dt>Clock offset</dt>
              <dd>
                {formatOffset(result.skew_ms)}
                {result.server_time ? ` — server time ${formatDateTime(result.server_time)}` : ''}
              </dd>
            </div>
          )}
          {result.same_server !== null && (
            <div>
              <dt>Same server as before</dt>
              <dd>{result.same_server ? 'Yes' : 'No — it was reset or replaced'}</dd>
            </div>
          )}
        </dl>
      )}
    </Alert>
  );
}
