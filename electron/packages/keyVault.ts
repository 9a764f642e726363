/**
 * Where the user's private signing key is kept. A KeyVault hides how it is protected:
 * - PassphraseFileVault (CLI, browser host, tests): `keys/signing-key.json` in the data folder, the
 *   PKCS#8 key encrypted with AES-256-GCM under a key derived from a passphrase with scrypt;
 * - EnvKeyVault: the key itself in PCR_WORKBENCH_SIGNING_KEY (nothing is written);
 * - SafeStorageKeyVault (the desktop app, safeStorageVault.ts): `keys/signing-key.safestorage`, the
 *   PKCS#8 key sealed by the OS keychain (Electron safeStorage). safeStorage lives in the main
 *   process while the engine runs in a utility process, so the vault asks main over the engine
 *   channel (electron/app/secrets*.ts) — which is why load and save may return promises.
 * The private key is never written unencrypted and never appears in a message or log.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import { keyIdOf, parsePrivateKey, publicKeyBase64, publicKeyOf } from './keys';

export type MaybePromise<T> = T | Promise<T>;

export interface KeyVault {
  /** Where the private key is kept, in words, for `keys status`. */
  readonly description: string;
  /** False when the key comes from somewhere the workbench cannot write (the environment). */
  readonly writable: boolean;
  /** Whether a private key is there, without unlocking it. */
  exists(): boolean;
  /** The private key, or null when there is none; throws a clear error when it cannot be unlocked. */
  load(): MaybePromise<KeyObject | null>;
  save(privateKey: KeyObject): MaybePromise<void>;
}

/** Asked for the passphrase when one is needed; undefined when none can be had. */
export type PassphraseSource = (purpose: 'unlock' | 'create') => MaybePromise<string | undefined>;

export const SIGNING_KEY_FILE = 'signing-key.json';
export const SIGNING_KEY_ENV = 'PCR_WORKBENCH_SIGNING_KEY';
export const PASSPHRASE_ENV = 'PCR_WORKBENCH_KEY_PASSPHRASE';
export const MIN_PASSPHRASE_LENGTH = 8;

const FORMAT = 'pcr-workbench-signing-key';
/** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB of memory, about 0.1 s. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 256 * 1024 * 1024;

interface KeyFile {
  format: typeof FORMAT;
  format_version: 1;
  key_id: string;
  public_key: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  ciphertext: string;
}

/** The encryption also authenticates which public key the file claims to hold. */
const additionalData = (keyId: string, publicKey: string) => Buffer.from(`${FORMAT}/1:${keyId}:${publicKey}`, 'utf8');

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return crypto.scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: SCRYPT_MAXMEM });
}

export function encryptPrivateKey(privateKey: KeyObject, passphrase: string): KeyFile {
  const publicKey = publicKeyOf(privateKey);
  const keyId = keyIdOf(publicKey);
  const publicB64 = publicKeyBase64(publicKey);
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', deriveKey(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(additionalData(keyId, publicB64));
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
  der.fill(0);
  return {
    format: FORMAT,
    format_version: 1,
    key_id: keyId,
    public_key: publicB64,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    ciphertext: ciphertext.toString('base64'),
  };
}

function damaged(file: string, why: string): WorkbenchError {
  return new WorkbenchError('validation', `The signing key file ${file} is damaged or not a workbench key file (${why}).`);
}

function readKeyFile(file: string, text: string): KeyFile {
  let data: Partial<KeyFile>;
  try {
    data = JSON.parse(text) as Partial<KeyFile>;
  } catch {
    throw damaged(file, 'not JSON');
  }
  const kdf = data.kdf;
  const isPow2 = (n: unknown) => typeof n === 'number' && Number.isInteger(Math.log2(n));
  if (data.format !== FORMAT || data.format_version !== 1) throw damaged(file, 'unknown format');
  if (!kdf || kdf.name !== 'scrypt' || !isPow2(kdf.N) || kdf.N < 2 ** 14 || kdf.N > 2 ** 20 || !(kdf.r >= 1 && kdf.r <= 32) || !(kdf.p >= 1 && kdf.p <= 16)) {
    throw damaged(file, 'unsupported key derivation');
  }
  if (data.cipher?.name !== 'aes-256-gcm' || typeof data.ciphertext !== 'string' || typeof data.key_id !== 'string' || typeof data.public_key !== 'string') {
    throw damaged(file, 'unsupported cipher or missing fields');
  }
  return data as KeyFile;
}

export function decryptPrivateKey(file: string, text: string, passphrase: string): KeyObject {
  const data = readKeyFile(file, text);
  const decipher = crypto.createDecipheriv('aes-256-gcm', deriveKey(passphrase, Buffer.from(data.kdf.salt, 'base64'), data.kdf), Buffer.from(data.cipher.iv, 'base64'));
  decipher.setAAD(additionalData(data.key_id, data.public_key));
  decipher.setAuthTag(Buffer.from(data.cipher.tag, 'base64'));
  let der: Buffer;
  try {
    der = Buffer.concat([decipher.update(Buffer.from(data.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new WorkbenchError('validation', `The passphrase does not unlock the signing key in ${file} (wrong passphrase, or the file was altered).`);
  }
  const key = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0);
  if (keyIdOf(publicKeyOf(key)) !== data.key_id) throw damaged(file, 'the key does not match its key id');
  return key;
}

/** Writes a file so that it is either wholly there or not at all, readable by the owner only. */
export function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, content, { mode, flag: 'wx' });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export class PassphraseFileVault implements KeyVault {
  readonly writable = true;
  constructor(
    readonly file: string,
    private readonly passphrase: PassphraseSource,
  ) {}

  get description(): string {
    return `${this.file}, encrypted with a passphrase (scrypt + AES-256-GCM)`;
  }

  exists(): boolean {
    return fs.existsSync(this.file);
  }

  async load(): Promise<KeyObject | null> {
    if (!this.exists()) return null;
    const text = fs.readFileSync(this.file, 'utf8');
    readKeyFile(this.file, text);
    const passphrase = await this.passphrase('unlock');
    if (!passphrase) {
      throw new WorkbenchError('validation', `The signing key in ${this.file} is protected by a passphrase: set ${PASSPHRASE_ENV} (or run the command in a terminal to be asked).`);
    }
    return decryptPrivateKey(this.file, text, passphrase);
  }

  async save(privateKey: KeyObject): Promise<void> {
    const passphrase = await this.passphrase('create');
    if (!passphrase) throw new WorkbenchError('validation', `A passphrase is needed to protect the new signing key: set ${PASSPHRASE_ENV} (or run the command in a terminal to be asked).`);
    if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
      throw new WorkbenchError('validation', `The passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    }
    writeFileAtomic(this.file, JSON.stringify(encryptPrivateKey(privateKey, passphrase), null, 2) + '\n');
  }
}

export class EnvKeyVault implements KeyVault {
  readonly writable = false;
  readonly description = `the ${SIGNING_KEY_ENV} environment variable`;
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  exists(): boolean {
    return Boolean(this.env[SIGNING_KEY_ENV]?.trim());
  }

  load(): KeyObject | null {
    const text = this.env[SIGNING_KEY_ENV]?.trim();
    if (!text) return null;
    return parsePrivateKey(text, SIGNING_KEY_ENV, this.env[PASSPHRASE_ENV] || undefined);
  }

  save(): never {
    throw new WorkbenchError('conflict', `The signing key comes from ${SIGNING_KEY_ENV}; the workbench does not create another. Unset it to keep a key in the data folder.`);
  }
}

export const passphraseFromEnv =
  (env: NodeJS.ProcessEnv): PassphraseSource =>
  () =>
    env[PASSPHRASE_ENV] || undefined;

/** The key from PCR_WORKBENCH_SIGNING_KEY when set, otherwise the passphrase-protected key file. */
export function defaultKeyVault(keysDir: string, env: NodeJS.ProcessEnv = process.env, passphrase: PassphraseSource = passphraseFromEnv(env)): KeyVault {
  if (env[SIGNING_KEY_ENV]?.trim()) return new EnvKeyVault(env);
  return new PassphraseFileVault(path.join(keysDir, SIGNING_KEY_FILE), passphrase);
}
