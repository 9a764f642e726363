/**
 * `sync.token.set`: the engine keeps the sync token in a pluggable store. The desktop app's store is
 * exercised over the real secrets bridge (the engine's EngineSecretsClient talking to the main
 * process's handler, message for message); only Electron's safeStorage is a stand-in, passed in:
 * it really encrypts (AES-256-GCM under a key only it holds) and can be switched to "no keychain".
 * The operations run through the contract's dispatch, as every transport runs them.
 */
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParentPortLike } from '../../electron/app/engineServer';
import { EngineSecretsClient } from '../../electron/app/secretsClient';
import { createSecretsHandler, NO_KEYRING_LINUX, type SafeStorageLike } from '../../electron/app/secretsMain';
import { createEngine, type Engine } from '../../electron/engine/index';
import { desktopSyncTokenStore, hostTokenStore, syncTokenFile, type SyncTokenStore } from '../../electron/sync/index';
import { dispatch } from '../../shared/api/dispatch';
import type { OperationName } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';
import type { SyncStatus } from '../../shared/api/syncOps';
import { removeDir, tempDir } from '../support/tempData';

const TOKEN = 'pcrs_Sḵwx̱wú7mesh-0123456789abcdef';
const OTHER_TOKEN = 'pcrs_second-token-fedcba9876543210';

/** Electron's safeStorage for one "computer": its own AES key; `available` false is a Linux without a keyring. */
class KeychainStandIn implements SafeStorageLike {
  available = true;
  private readonly key = crypto.randomBytes(32);

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return 'gnome_libsecret';
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(3, 15));
    decipher.setAuthTag(encrypted.subarray(15, 31));
    return { result: Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8'), shouldReEncrypt: false };
  }
}

/** The engine's side of the bridge wired to the main process's handler, as the broker carries it. */
function secretsOver(keychain: SafeStorageLike, logged: string[]): EngineSecretsClient {
  const log = (line: string) => logged.push(line);
  const answer = createSecretsHandler({ safeStorage: keychain, platform: 'linux', log });
  const port = new EventEmitter() as EventEmitter & ParentPortLike;
  port.postMessage = (message: unknown) => {
    void answer(structuredClone(message)).then((response) => port.emit('message', { data: structuredClone(response) }));
  };
  return new EngineSecretsClient(port, log);
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

function folder(): string {
  const dir = tempDir('pcr-wb-sync-token-');
  cleanup.push(() => removeDir(dir));
  return dir;
}

/** An engine as the desktop app starts one: the token store over the keychain bridge. */
function desktopEngine(dataDir: string, keychain: SafeStorageLike, logged: string[]): Engine & { tokens: SyncTokenStore } {
  const tokens = desktopSyncTokenStore(dataDir, secretsOver(keychain, logged), (line) => logged.push(line));
  const engine = createEngine({ dataDir, actor: 'Élise Tremblay', syncTokenStore: tokens });
  cleanup.push(() => engine.close());
  return { ...engine, tokens };
}

function hostEngine(dataDir: string, env: NodeJS.ProcessEnv): Engine & { tokens: SyncTokenStore } {
  const tokens = hostTokenStore(env);
  const engine = createEngine({ dataDir, actor: 'Élise Tremblay', syncTokenStore: tokens });
  cleanup.push(() => engine.close());
  return { ...engine, tokens };
}

async function call(engine: Engine, name: OperationName, input: unknown, logged: string[]): Promise<ApiResult<unknown>> {
  return dispatch(engine.handlers, name, input, (error) => logged.push(`internal error in ${name}: ${String(error)}`));
}

async function setToken(engine: Engine, token: string | null, logged: string[]): Promise<SyncStatus> {
  const result = await call(engine, 'sync.token.set', { token }, logged);
  if (!result.ok) throw new Error(`sync.token.set refused: ${result.error.message}`);
  return result.value as SyncStatus;
}

/** Every byte under `dir` (the SQLite file, its WAL, the token file) as latin1 and UTF-8 text. */
function everythingIn(dir: string): string {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const bytes = fs.readFileSync(path.join(entry.parentPath, entry.name));
    out.push(bytes.toString('latin1'), bytes.toString('utf8'));
  }
  return out.join('\n');
}

describe('sync.token.set in the desktop app (safeStorage through the secrets bridge)', () => {
  it('keeps the token sealed in sync/token.safestorage and reads it back at the next start', async () => {
    const dataDir = folder();
    const keychain = new KeychainStandIn();
    const logged: string[] = [];
    const engine = desktopEngine(dataDir, keychain, logged);

    const before = (await call(engine, 'sync.status', {}, logged)) as { ok: true; value: SyncStatus };
    expect(before.value).toMatchObject({ has_token: false, token_keeping: { kind: 'keychain', problem: null } });

    const saved = await setToken(engine, `  ${TOKEN}  `, logged);
    expect(saved.has_token).toBe(true);
    expect(saved.token_keeping?.note).toMatch(/encrypted by this computer's keychain/);
    expect(fs.existsSync(syncTokenFile(dataDir))).toBe(true);
    expect(engine.tokens.read()).toBe(TOKEN);

    // A later start of the engine on the same computer decrypts it once and has it at once.
    engine.close();
    const again = desktopEngine(dataDir, keychain, logged);
    const status = (await call(again, 'sync.status', {}, logged)) as { ok: true; value: SyncStatus };
    expect(status.value).toMatchObject({ has_token: true, token_keeping: { kind: 'keychain', problem: null } });
    expect(again.tokens.read()).toBe(TOKEN);

    // Neither on disk (the file is sealed, the database never sees it), nor in the log, nor in an answer.
    again.close();
    expect(everythingIn(dataDir)).not.toContain(TOKEN.slice(5, 20));
    expect(logged.join('\n')).not.toContain(TOKEN.slice(5, 20));
    expect(JSON.stringify([before, saved, status])).not.toContain(TOKEN.slice(5, 20));
  });

  it('replaces a token and forgets it: the file goes, syncs need a token again', async () => {
    const dataDir = folder();
    const logged: string[] = [];
    const engine = desktopEngine(dataDir, new KeychainStandIn(), logged);
    await setToken(engine, TOKEN, logged);
    await setToken(engine, OTHER_TOKEN, logged);
    expect(engine.tokens.read()).toBe(OTHER_TOKEN);

    const forgotten = await setToken(engine, null, logged);
    expect(forgotten.has_token).toBe(false);
    expect(fs.existsSync(syncTokenFile(dataDir))).toBe(false);
    await call(engine, 'sync.settings.set', { server_url: 'http://127.0.0.1:9' }, logged);
    const run = await call(engine, 'sync.run', {}, logged);
    expect(run).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/^No sync token/) } });
    // Forgetting what is not there is no error.
    expect((await setToken(engine, null, logged)).has_token).toBe(false);
  });

  it('a token saved while the one from before is still being read wins, and of two saves the later one', async () => {
    const dataDir = folder();
    const keychain = new KeychainStandIn();
    const logged: string[] = [];
    await setToken(desktopEngine(dataDir, keychain, logged), TOKEN, logged);

    const restarted = desktopEngine(dataDir, keychain, logged);
    // Asked before the start-up read of TOKEN has come back from the keychain.
    await Promise.all([setToken(restarted, OTHER_TOKEN, logged), setToken(restarted, null, logged), setToken(restarted, TOKEN, logged), setToken(restarted, OTHER_TOKEN, logged)]);
    expect(restarted.tokens.read()).toBe(OTHER_TOKEN);
    restarted.close();
    const third = desktopEngine(dataDir, keychain, logged);
    await third.tokens.ready;
    expect(third.tokens.read()).toBe(OTHER_TOKEN);
  });

  it('refuses where there is no keychain, saying why, and keeps the old token as it was', async () => {
    const dataDir = folder();
    const keychain = new KeychainStandIn();
    const logged: string[] = [];
    const engine = desktopEngine(dataDir, keychain, logged);
    await setToken(engine, TOKEN, logged);
    const fileBefore = fs.readFileSync(syncTokenFile(dataDir));

    keychain.available = false;
    const refused = await call(engine, 'sync.token.set', { token: OTHER_TOKEN }, logged);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('forbidden');
    expect(refused.error.message).toBe(`The sync token was not saved: ${NO_KEYRING_LINUX} The token saved before is still the one in use.`);
    expect(engine.tokens.read()).toBe(TOKEN);
    expect(fs.readFileSync(syncTokenFile(dataDir)).equals(fileBefore)).toBe(true);
    const status = (await call(engine, 'sync.status', {}, logged)) as { ok: true; value: SyncStatus };
    expect(status.value.has_token).toBe(true);

    // With no token before, the refusal says none is kept, and none is.
    const empty = desktopEngine(folder(), keychain, logged);
    const none = await call(empty, 'sync.token.set', { token: TOKEN }, logged);
    expect(none).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/No token is kept\.$/) } });
    expect(empty.tokens.read()).toBeUndefined();

    expect(logged.join('\n')).not.toContain(TOKEN.slice(5, 20));
    expect(logged.join('\n')).not.toContain(OTHER_TOKEN.slice(5, 20));
    expect(JSON.stringify([refused, status, none])).not.toContain(OTHER_TOKEN.slice(5, 20));
  });

  it('starts without the token when the saved one cannot be decrypted here, and says so until one is saved', async () => {
    const dataDir = folder();
    const logged: string[] = [];
    const first = desktopEngine(dataDir, new KeychainStandIn(), logged);
    await setToken(first, TOKEN, logged);
    first.close();

    // Another computer (or a reset keychain): its key cannot open the file.
    const elsewhere = desktopEngine(dataDir, new KeychainStandIn(), logged);
    const status = (await call(elsewhere, 'sync.status', {}, logged)) as { ok: true; value: SyncStatus };
    expect(status.value.has_token).toBe(false);
    expect(status.value.token_keeping?.problem).toMatch(/^The sync token saved before could not be read: .*another computer or user account.* Save your token again/);
    expect(logged.some((line) => line.startsWith('the saved sync token could not be read (undecryptable)'))).toBe(true);

    const saved = await setToken(elsewhere, OTHER_TOKEN, logged);
    expect(saved).toMatchObject({ has_token: true, token_keeping: { problem: null } });
  });

  it('refuses input that is not a token before it reaches the keychain', async () => {
    const logged: string[] = [];
    const engine = desktopEngine(folder(), new KeychainStandIn(), logged);
    await setToken(engine, TOKEN, logged);
    for (const token of ['short', '   ', 'x'.repeat(501), 42]) {
      const result = await call(engine, 'sync.token.set', { token }, logged);
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(await call(engine, 'sync.token.set', {}, logged)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(engine.tokens.read()).toBe(TOKEN);
  });
});

describe('sync.token.set in the browser host and on the command line', () => {
  it('browser host: PCR_WORKBENCH_SYNC_TOKEN at start; a saved token lives in memory for that run only', async () => {
    const dataDir = folder();
    const logged: string[] = [];
    const engine = hostEngine(dataDir, { PCR_WORKBENCH_SYNC_TOKEN: ` ${TOKEN} ` });
    const status = (await call(engine, 'sync.status', {}, logged)) as { ok: true; value: SyncStatus };
    expect(status.value).toMatchObject({ has_token: true, token_keeping: { kind: 'memory' } });
    expect(engine.tokens.read()).toBe(TOKEN);

    const saved = await setToken(engine, OTHER_TOKEN, logged);
    expect(saved.token_keeping?.note).toMatch(/in memory only, until it stops; it is never written to a file/);
    expect(engine.tokens.read()).toBe(OTHER_TOKEN);
    engine.close();
    expect(everythingIn(dataDir)).not.toContain(OTHER_TOKEN.slice(5, 20));
    expect(JSON.stringify(saved)).not.toContain(OTHER_TOKEN.slice(5, 20));

    const fresh = hostEngine(dataDir, {});
    expect(((await call(fresh, 'sync.status', {}, logged)) as { ok: true; value: SyncStatus }).value.has_token).toBe(false);
    expect((await setToken(fresh, null, logged)).has_token).toBe(false);
  });

  it('command line (an engine with no store): refuses, naming --token, --token-file and PCR_WORKBENCH_SYNC_TOKEN', async () => {
    const logged: string[] = [];
    const engine = createEngine({ dataDir: folder(), actor: 'Élise Tremblay', syncToken: () => TOKEN });
    cleanup.push(() => engine.close());
    const refused = await call(engine, 'sync.token.set', { token: OTHER_TOKEN }, logged);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'The sync token was not saved. This workbench does not keep a sync token: give it with --token, --token-file or PCR_WORKBENCH_SYNC_TOKEN.' },
    });
    const status = (await call(engine, 'sync.status', {}, logged)) as { ok: true; value: SyncStatus };
    expect(status.value).toMatchObject({ has_token: true, token_keeping: { kind: 'none' } });
    expect(JSON.stringify(status)).not.toContain(TOKEN.slice(5, 20));
  });
});
