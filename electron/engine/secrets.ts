/**
 * Secrets the desktop app keeps encrypted by the operating system's keychain (Electron safeStorage).
 * The engine has no Electron import, so it sees the keychain only as a SecretStore: in the app, a
 * client that asks the main process over the engine channel (electron/app/secretsClient.ts); in
 * tests, anything that keeps the same promises.
 *
 * A SecretFile keeps one named secret encrypted in a file of the data folder (written atomically,
 * owner-only). The signing key uses it (electron/packages/safeStorageVault.ts); the sync token can
 * too: `new SecretFile(path.join(dataDir, 'sync', 'token.safestorage'), 'sync-token', secrets)`.
 */
import fs from 'node:fs';
import { WorkbenchError, type ErrorCode } from '../../shared/api/errors';
import { writeFileAtomic } from '../packages/keyVault';

/**
 * Why a secret operation failed, so that the asking side can say what the user should do:
 * - unavailable: this computer offers no usable keychain (Linux without a keyring, for example);
 * - undecryptable: the bytes cannot be decrypted here (another computer or account, a reset keychain, damage);
 * - mismatch: the bytes decrypt, but to another secret than the one named;
 * - invalid: the request itself was malformed;
 * - failed: anything else (the details are in the main process's log).
 */
export const SECRET_FAILURES = ['unavailable', 'undecryptable', 'mismatch', 'invalid', 'failed'] as const;
export type SecretFailure = (typeof SECRET_FAILURES)[number];

const CODE_OF: Record<SecretFailure, ErrorCode> = {
  unavailable: 'forbidden',
  undecryptable: 'validation',
  mismatch: 'validation',
  invalid: 'internal',
  failed: 'internal',
};

export class SecretError extends WorkbenchError {
  constructor(
    readonly failure: SecretFailure,
    message: string,
  ) {
    super(CODE_OF[failure], message);
    this.name = 'SecretError';
  }
}

export interface SecretStore {
  /** Where secrets are protected, in words, e.g. "the operating system's keychain (Electron safeStorage)". */
  readonly description: string;
  /** The value sealed under its name; rejects with a SecretError. */
  encrypt(name: string, value: string): Promise<Buffer>;
  /** The value of the secret `name`; `renewed` when the keychain wants the bytes replaced (key rotation). */
  decrypt(name: string, data: Buffer): Promise<{ value: string; renewed?: Buffer | undefined }>;
}

export class SecretFile {
  constructor(
    readonly file: string,
    readonly name: string,
    private readonly store: SecretStore,
  ) {}

  /** Whether the file is there; says nothing about whether it can be decrypted. */
  exists(): boolean {
    return fs.existsSync(this.file);
  }

  /** The secret, or null when the file is missing; rejects with a SecretError when it cannot be decrypted. */
  async read(): Promise<string | null> {
    let data: Buffer;
    try {
      data = fs.readFileSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (data.length === 0) throw new SecretError('undecryptable', `${this.file} is empty.`);
    const { value, renewed } = await this.store.decrypt(this.name, data);
    if (renewed) writeFileAtomic(this.file, renewed);
    return value;
  }

  /** Encrypts first, then replaces the file in one step: a refusal leaves the old file as it was. */
  async write(value: string): Promise<void> {
    const data = await this.store.encrypt(this.name, value);
    writeFileAtomic(this.file, data);
  }

  remove(): void {
    fs.rmSync(this.file, { force: true });
  }
}
