/**
 * The secrets bridge (safeStorage in main, asked by the engine's utility process) and the desktop
 * app's signing-key vault on top of it. Electron's safeStorage is replaced by a stand-in passed in
 * as a parameter: it really encrypts (AES-256-GCM under a key only it holds), so a file holding the
 * key in the clear, or bytes made by "another computer", show up as they would with the real one.
 */
import crypto from 'node:crypto';
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineBroker, type EngineChild } from '../../electron/app/engineBroker';
import { engineArgs } from '../../electron/app/engineArgs';
import { answerWithHandlers, serveEngineRequests, type ParentPortLike } from '../../electron/app/engineServer';
import type { SecretResponse } from '../../electron/app/secretMessages';
import { EngineSecretsClient } from '../../electron/app/secretsClient';
import { createSecretsHandler, NO_KEYRING_LINUX, type SafeStorageLike } from '../../electron/app/secretsMain';
import { createEngine, type Engine } from '../../electron/engine/index';
import { SecretError, SecretFile, type SecretStore } from '../../electron/engine/secrets';
import { generateSigningKey, keyIdOf, publicKeyOf } from '../../electron/packages/keys';
import { desktopKeyVault, SafeStorageKeyVault, SAFE_STORAGE_KEY_FILE } from '../../electron/packages/safeStorageVault';
import { buildElectron } from '../../scripts/build-electron';
import { removeDir, tempDir } from '../support/tempData';

const REPO = path.resolve(import.meta.dirname, '../..');

/** Stands in for Electron's safeStorage: a per-"computer" AES key, Chromium's "v10" prefix. */
class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend = 'gnome_libsecret';
  /** Makes the next decryptions say the keychain rotated its key. */
  rotated = false;
  readonly calls: string[] = [];
  private readonly key = crypto.randomBytes(32);

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    this.calls.push('encrypt');
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    this.calls.push('decrypt');
    if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(3, 15));
    decipher.setAuthTag(encrypted.subarray(15, 31));
    const result = Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    return { result, shouldReEncrypt: this.rotated };
  }
}

/** Stands in for `process.parentPort` in the utility process. */
class FakeParentPort extends EventEmitter implements ParentPortLike {
  postMessage(_message: unknown): void {}
  deliver(data: unknown): void {
    this.emit('message', { data });
  }
}

/** A broker whose "utility process" is an in-memory channel to a port, as structured clone would carry it. */
function brokerWithPort(options: { safeStorage?: SafeStorageLike; platform?: NodeJS.Platform; serve?: (port: FakeParentPort) => void }) {
  const logged: string[] = [];
  const log = (line: string) => logged.push(line);
  let port!: FakeParentPort;
  let child!: EventEmitter & EngineChild;
  const broker = new EngineBroker({
    log,
    ...(options.safeStorage ? { secrets: createSecretsHandler({ safeStorage: options.safeStorage, platform: options.platform ?? 'linux', log }) } : {}),
    spawn: () => {
      child = new EventEmitter() as EventEmitter & EngineChild;
      port = new FakeParentPort();
      port.postMessage = (message) => void child.emit('message', structuredClone(message));
      child.postMessage = (message) => port.deliver(structuredClone(message));
      child.kill = () => true;
      options.serve?.(port);
      return child;
    },
  });
  broker.start();
  return { broker, logged, port: () => port, child: () => child };
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

function tempFolder(): string {
  const dir = tempDir('pcr-wb-secrets-');
  cleanup.push(() => removeDir(dir));
  return dir;
}

describe('main-side secrets handler (safeStorage passed in)', () => {
  const handler = (safeStorage: SafeStorageLike, platform: NodeJS.Platform = 'linux', logged: string[] = []) =>
    createSecretsHandler({ safeStorage, platform, log: (line) => logged.push(line) });

  async function ask(answer: ReturnType<typeof handler>, request: Record<string, unknown>): Promise<SecretResponse['result']> {
    const response = await answer({ kind: 'secret.request', id: 7, ...request });
    expect(response?.id).toBe(7);
    return response!.result;
  }

  it('encrypts a named secret and decrypts it back, never logging the value', async () => {
    const logged: string[] = [];
    const answer = handler(new FakeSafeStorage(), 'linux', logged);
    const sealed = await ask(answer, { op: 'encrypt', name: 'sync-token', value: 'tok-Sḵwx̱wú7mesh-12345' });
    if (!sealed.ok || sealed.op !== 'encrypt') throw new Error(JSON.stringify(sealed));
    expect(Buffer.from(sealed.data, 'base64').toString('latin1')).not.toContain('tok-');
    expect(await ask(answer, { op: 'decrypt', name: 'sync-token', data: sealed.data })).toEqual({ ok: true, op: 'decrypt', value: 'tok-Sḵwx̱wú7mesh-12345' });
    expect(logged.join('\n')).not.toContain('tok-');
  });

  it('refuses bytes sealed for another secret, and bytes this keychain did not make', async () => {
    const answer = handler(new FakeSafeStorage());
    const sealed = await ask(answer, { op: 'encrypt', name: 'sync-token', value: 'a token' });
    const data = sealed.ok && sealed.op === 'encrypt' ? sealed.data : '';
    expect(await ask(answer, { op: 'decrypt', name: 'signing-key', data })).toMatchObject({ ok: false, failure: 'mismatch', message: expect.stringMatching(/holds the sync-token/) });

    const elsewhere = await ask(handler(new FakeSafeStorage()), { op: 'decrypt', name: 'sync-token', data });
    expect(elsewhere).toMatchObject({ ok: false, failure: 'undecryptable', message: expect.stringMatching(/another computer or user account/) });

    // Bytes that decrypt but were not sealed by the bridge at all.
    const storage = new FakeSafeStorage();
    const raw = (await storage.encryptStringAsync('just text')).toString('base64');
    expect(await ask(handler(storage), { op: 'decrypt', name: 'sync-token', data: raw })).toMatchObject({ ok: false, failure: 'mismatch' });
  });

  it('hands back freshly encrypted bytes when the keychain rotated its key', async () => {
    const storage = new FakeSafeStorage();
    const answer = handler(storage);
    const sealed = await ask(answer, { op: 'encrypt', name: 'signing-key', value: 'secret' });
    storage.rotated = true;
    const opened = await ask(answer, { op: 'decrypt', name: 'signing-key', data: sealed.ok && sealed.op === 'encrypt' ? sealed.data : '' });
    if (!opened.ok || opened.op !== 'decrypt') throw new Error(JSON.stringify(opened));
    expect(opened.value).toBe('secret');
    storage.rotated = false;
    expect(await ask(answer, { op: 'decrypt', name: 'signing-key', data: opened.renewed! })).toMatchObject({ ok: true, value: 'secret' });
  });

  it('says what to do when there is no keyring, and never calls encrypt then', async () => {
    const storage = new FakeSafeStorage();
    storage.available = false;
    const refused = await ask(handler(storage), { op: 'encrypt', name: 'signing-key', value: 'x' });
    expect(refused).toEqual({ ok: false, failure: 'unavailable', message: NO_KEYRING_LINUX });
    expect(refused.ok ? '' : refused.message).toMatch(/Install and unlock a keyring/);

    // Linux with the basic_text backend "encrypts" with a hard-coded password: treated as no keyring.
    const basic = new FakeSafeStorage();
    basic.backend = 'basic_text';
    expect(await ask(handler(basic), { op: 'encrypt', name: 'signing-key', value: 'x' })).toMatchObject({ ok: false, failure: 'unavailable', message: expect.stringMatching(/basic_text/) });
    // The backend question is a Linux one: on macOS the keychain's availability decides.
    expect(await ask(handler(basic, 'darwin'), { op: 'encrypt', name: 'signing-key', value: 'x' })).toMatchObject({ ok: true });
    const mac = new FakeSafeStorage();
    mac.available = false;
    expect(await ask(handler(mac, 'darwin'), { op: 'encrypt', name: 'signing-key', value: 'x' })).toMatchObject({ ok: false, failure: 'unavailable', message: expect.stringMatching(/keychain/) });
    expect(storage.calls).toEqual([]);
    expect(mac.calls).toEqual([]);
  });

  it('answers a malformed request with "invalid" when it has an id, and ignores it otherwise', async () => {
    const logged: string[] = [];
    const storage = new FakeSafeStorage();
    const answer = handler(storage, 'linux', logged);
    for (const bad of [
      { op: 'encrypt', name: 'Signing Key', value: 'x' },
      { op: 'encrypt', name: '../etc/passwd', value: 'x' },
      { op: 'decrypt', name: 'signing-key', data: 'not base64!' },
      { op: 'encrypt', name: 'signing-key', value: 'x', extra: true },
      { op: 'delete', name: 'signing-key' },
      { op: 'encrypt', name: 'signing-key', value: 'x'.repeat(20_000) },
    ]) {
      expect(await ask(answer, bad)).toMatchObject({ ok: false, failure: 'invalid' });
    }
    expect(await answer({ kind: 'secret.request', op: 'encrypt', name: 'x', value: 'y' })).toBeNull();
    expect(storage.calls).toEqual([]);
    expect(logged).toHaveLength(7);
  });

  it('reports a failing keychain as "failed", with the details only in the log', async () => {
    const storage = new FakeSafeStorage();
    storage.encryptStringAsync = async () => {
      throw new Error('keychain daemon crashed');
    };
    const logged: string[] = [];
    const result = await ask(handler(storage, 'win32', logged), { op: 'encrypt', name: 'signing-key', value: 'x' });
    expect(result).toMatchObject({ ok: false, failure: 'failed' });
    expect(result.ok ? '' : result.message).not.toMatch(/daemon/);
    expect(logged.join('\n')).toMatch(/keychain daemon crashed/);
  });
});

describe('broker and secrets client over the engine channel', () => {
  it('round-trips a secret: the engine asks, only the broker\'s own process is answered', async () => {
    let client!: EngineSecretsClient;
    const { broker, child } = brokerWithPort({ safeStorage: new FakeSafeStorage(), serve: (port) => (client = new EngineSecretsClient(port, () => {})) });
    const data = await client.encrypt('sync-token', 'my token');
    expect(await client.decrypt('sync-token', data)).toEqual({ value: 'my token' });
    expect(client.pendingCount).toBe(0);

    // A request from a process the broker no longer runs is not answered.
    const old = child();
    old.emit('exit', 1);
    const posted: unknown[] = [];
    old.postMessage = (message) => void posted.push(message);
    old.emit('message', { kind: 'secret.request', id: 1, op: 'encrypt', name: 'sync-token', value: 'stolen?' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(posted).toEqual([]);
    broker.stop();
  });

  it('refuses, without a keychain bridge, in words the engine passes on', async () => {
    let client!: EngineSecretsClient;
    const { broker } = brokerWithPort({ serve: (port) => (client = new EngineSecretsClient(port, () => {})) });
    await expect(client.encrypt('signing-key', 'x')).rejects.toMatchObject({ failure: 'unavailable', code: 'forbidden' });
    broker.stop();
  });

  it('the client rejects a bad name before asking, and ignores stray or malformed answers', async () => {
    const port = new FakeParentPort();
    const sent: unknown[] = [];
    port.postMessage = (message) => void sent.push(message);
    const logged: string[] = [];
    const client = new EngineSecretsClient(port, (line) => logged.push(line));
    await expect(client.encrypt('Bad Name', 'x')).rejects.toBeInstanceOf(SecretError);
    expect(sent).toEqual([]);

    const pending = client.decrypt('sync-token', Buffer.from('abc'));
    const request = sent[0] as { id: number };
    port.deliver({ kind: 'secret.response', id: request.id, result: { ok: true, op: 'decrypt', value: 1 } });
    port.deliver({ kind: 'secret.response', id: 999, result: { ok: true, op: 'decrypt', value: 'x' } });
    port.deliver({ kind: 'secret.response', id: request.id, result: { ok: true, op: 'encrypt', data: 'AAAA' } });
    await expect(pending).rejects.toMatchObject({ failure: 'failed' });
    expect(logged).toHaveLength(2);
  });
});

describe('SecretFile', () => {
  it('writes owner-only, rewrites renewed bytes, and leaves the old file when encryption is refused', async () => {
    const dir = tempFolder();
    const storage = new FakeSafeStorage();
    const { broker, port } = brokerWithPort({ safeStorage: storage, serve: () => {} });
    const client = new EngineSecretsClient(port(), () => {});
    const secret = new SecretFile(path.join(dir, 'sync', 'token.safestorage'), 'sync-token', client);
    expect(secret.exists()).toBe(false);
    expect(await secret.read()).toBeNull();
    await secret.write('first token');
    expect(fs.statSync(secret.file).mode & 0o777).toBe(0o600);
    const before = fs.readFileSync(secret.file);

    storage.rotated = true;
    expect(await secret.read()).toBe('first token');
    storage.rotated = false;
    expect(fs.readFileSync(secret.file).equals(before)).toBe(false);
    expect(await secret.read()).toBe('first token');

    const kept = fs.readFileSync(secret.file);
    storage.available = false;
    await expect(secret.write('second token')).rejects.toMatchObject({ failure: 'unavailable' });
    expect(fs.readFileSync(secret.file).equals(kept)).toBe(true);
    expect(fs.readdirSync(path.dirname(secret.file))).toEqual(['token.safestorage']);
    broker.stop();
  });
});

/** A real engine in the "utility process" end of an in-memory channel, with the app's vault. */
function appEngine(storage: FakeSafeStorage) {
  const dataDir = tempFolder();
  let engine!: Engine;
  let client!: EngineSecretsClient;
  const { broker, logged } = brokerWithPort({
    safeStorage: storage,
    serve: (port) => {
      client = new EngineSecretsClient(port, () => {});
      engine = createEngine({ dataDir, actor: 'Dana Lead', keyVault: desktopKeyVault(path.join(dataDir, 'keys'), client, {}) });
      serveEngineRequests(port, answerWithHandlers(engine.handlers, () => {}), () => {});
    },
  });
  cleanup.push(() => {
    broker.stop();
    engine.close();
  });
  const keysDir = path.join(dataDir, 'keys');
  return { broker, logged, keysDir, keyFile: path.join(keysDir, SAFE_STORAGE_KEY_FILE), client: () => client };
}

/** Whether the PKCS#8 bytes of the key appear in a file, raw or in the encodings one might write. */
function holdsKeyInClear(file: string, der: Buffer): boolean {
  const bytes = fs.readFileSync(file);
  const seed = der.subarray(der.length - 32);
  return [der, seed, Buffer.from(der.toString('base64')), Buffer.from(der.toString('hex')), Buffer.from(seed.toString('base64'))].some((form) => bytes.includes(form));
}

describe('SafeStorageKeyVault in the app engine', () => {
  it('creates the key through the bridge, keeps it only encrypted, and unlocks it again', async () => {
    const storage = new FakeSafeStorage();
    const app = appEngine(storage);
    const created = await app.broker.call('keys.init', { role: 'cis' });
    if (!created.ok) throw new Error(created.error.message);
    const identity = created.value as { key_id: string };

    expect(fs.statSync(app.keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(app.keysDir).sort()).toEqual(['identity.json', 'trusted-keys.json', SAFE_STORAGE_KEY_FILE].sort());
    const status = await app.broker.call('keys.status', {});
    expect(status).toMatchObject({ ok: true, value: { has_private_key: true, storage: expect.stringMatching(/signing-key\.safestorage, encrypted by this computer's keychain \(Electron safeStorage\)/) } });

    const vault = new SafeStorageKeyVault(app.keyFile, app.client());
    const key = await vault.load();
    expect(keyIdOf(publicKeyOf(key!))).toBe(identity.key_id);
    expect(holdsKeyInClear(app.keyFile, key!.export({ format: 'der', type: 'pkcs8' }))).toBe(false);
    expect(app.logged.join('\n')).not.toContain(key!.export({ format: 'der', type: 'pkcs8' }).toString('base64'));

    // A second init is refused without --force, and the file stays as it was.
    const before = fs.readFileSync(app.keyFile);
    expect(await app.broker.call('keys.init', { role: 'cis' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(fs.readFileSync(app.keyFile).equals(before)).toBe(true);
  });

  it('refuses to create a key when there is no keyring, tells the user what to do, and writes nothing', async () => {
    const storage = new FakeSafeStorage();
    storage.available = false;
    const app = appEngine(storage);
    const result = await app.broker.call('keys.init', { role: 'cis' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('forbidden');
    expect(result.error.message).toMatch(/^The signing key was not created: .*no keyring/);
    expect(result.error.message).toMatch(/Install and unlock a keyring/);
    expect(result.error.message).toMatch(/Nothing was written/);
    expect(result.error.message).toMatch(/command line.*passphrase/);
    expect(fs.existsSync(app.keysDir) ? fs.readdirSync(app.keysDir) : []).toEqual([]);
    expect(storage.calls).toEqual([]);
  });

  it('explains a key file this computer cannot decrypt, or one holding another secret', async () => {
    const app = appEngine(new FakeSafeStorage());
    expect((await app.broker.call('keys.init', { role: 'cis' })).ok).toBe(true);
    const vaultElsewhere = new SafeStorageKeyVault(app.keyFile, new FakeClientOn(new FakeSafeStorage()));
    await expect(vaultElsewhere.load()).rejects.toMatchObject({ code: 'validation', message: expect.stringMatching(/cannot be decrypted.*Create a new signing key/) });

    // The sync token's file copied over the key's.
    await new SecretFile(app.keyFile, 'sync-token', app.client()).write('a token');
    await expect(new SafeStorageKeyVault(app.keyFile, app.client()).load()).rejects.toMatchObject({ message: expect.stringMatching(/holds the sync-token/) });
  });

  it('keys from PCR_WORKBENCH_SIGNING_KEY still win, as in the CLI', () => {
    const der = generateSigningKey().export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const client = new FakeClientOn(new FakeSafeStorage());
    expect(desktopKeyVault('/k', client, { PCR_WORKBENCH_SIGNING_KEY: der }).writable).toBe(false);
    expect(desktopKeyVault('/k', client, {})).toBeInstanceOf(SafeStorageKeyVault);
  });
});

/** A SecretStore wired straight to a main-side handler, as another computer's app would be. */
class FakeClientOn implements SecretStore {
  readonly description = 'a stand-in keychain';
  private readonly client: EngineSecretsClient;
  constructor(storage: FakeSafeStorage) {
    const port = new FakeParentPort();
    const answer = createSecretsHandler({ safeStorage: storage, platform: 'linux', log: () => {} });
    port.postMessage = (message) => void answer(structuredClone(message)).then((response) => response && port.deliver(structuredClone(response)));
    this.client = new EngineSecretsClient(port, () => {});
  }
  encrypt(name: string, value: string) {
    return this.client.encrypt(name, value);
  }
  decrypt(name: string, data: Buffer) {
    return this.client.decrypt(name, data);
  }
}

describe('engine.cjs, built, in a real child process', () => {
  it('creates the signing key by asking the broker\'s safeStorage over the real channel', async () => {
    const root = tempFolder();
    // Laid out as in the app: dist/electron/engine.cjs finds templates/ and assets/ two folders up.
    const built = await buildElectron(path.join(root, 'dist', 'electron'));
    for (const shipped of ['templates', 'assets']) fs.symlinkSync(path.join(REPO, shipped), path.join(root, shipped));
    const shim = path.join(root, 'parent-port-shim.cjs');
    fs.writeFileSync(
      shim,
      `const { EventEmitter } = require('node:events');
const port = new EventEmitter();
process.on('message', (data) => port.emit('message', { data }));
port.postMessage = (message) => process.send(message);
process.parentPort = port;
`,
    );
    const dataDir = path.join(root, 'data');
    const storage = new FakeSafeStorage();
    const broker = new EngineBroker({
      log: () => {},
      secrets: createSecretsHandler({ safeStorage: storage, platform: 'linux', log: () => {} }),
      spawn: () => {
        const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') };
        delete env.PCR_WORKBENCH_SIGNING_KEY;
        const child = fork(built.files.engine, engineArgs({ dataDir, actor: 'Dana Lead' }), {
          execArgv: ['--require', shim],
          serialization: 'advanced',
          env,
          stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
        });
        const wrapped = new EventEmitter() as EventEmitter & EngineChild;
        child.on('message', (message) => wrapped.emit('message', message));
        child.on('exit', (code) => wrapped.emit('exit', code ?? 1));
        wrapped.postMessage = (message) => void child.send(message as never);
        wrapped.kill = () => child.kill();
        return wrapped;
      },
    });
    broker.start();
    try {
      const created = await broker.call('keys.init', { role: 'cgi_technical_team', name: 'Dana Lead' });
      expect(created.ok ? null : created.error).toBeNull();
      const keyFile = path.join(dataDir, 'keys', SAFE_STORAGE_KEY_FILE);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(storage.calls).toEqual(['encrypt']);
      expect(await broker.call('keys.status', {})).toMatchObject({ ok: true, value: { has_private_key: true } });
      expect(await broker.call('keys.export', {})).toMatchObject({ ok: true, value: { name: 'Dana Lead' } });

      // Signing unlocks the key: the engine process asks for a decryption and signs with what it gets.
      const dossier = await broker.call('dossier.create', {
        fields: { 'organization.legal_name': 'Qualicum Test Clinic', 'application.name': 'Clinic EMR', 'integration.standard': 'fhir' },
      });
      const id = dossier.ok ? (dossier.value as { id: string }).id : '';
      const exported = await broker.call('package.export', { id });
      if (!exported.ok) throw new Error(exported.error.message);
      const signed = await broker.call('package.sign', { content_base64: (exported.value as { content_base64: string }).content_base64, decision: 'approved' });
      if (!signed.ok) throw new Error(signed.error.message);
      expect(storage.calls).toEqual(['encrypt', 'decrypt']);
      const report = await broker.call('package.verify', { content_base64: (signed.value as { content_base64: string }).content_base64 });
      expect(report).toMatchObject({ ok: true, value: { ok: true, signatures: [{ status: 'valid', trust: 'trusted' }] } });
    } finally {
      broker.stop();
    }
  });
});
