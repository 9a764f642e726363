/**
 * The desktop app's KeyVault: `keys/signing-key.safestorage` holds the PKCS#8 private key (base64)
 * sealed by this computer's keychain through a SecretStore (Electron safeStorage, reached over the
 * engine channel). Without a usable keychain it refuses to create a key rather than write it in
 * the clear.
 */
import crypto, { type KeyObject } from 'node:crypto';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import { SecretError, SecretFile, type SecretStore } from '../engine/secrets';
import { EnvKeyVault, PASSPHRASE_ENV, SIGNING_KEY_ENV, type KeyVault } from './keyVault';

export const SAFE_STORAGE_KEY_FILE = 'signing-key.safestorage';
/** The secret's name, sealed with it: another secret's file renamed to this one is refused. */
export const SIGNING_KEY_SECRET = 'signing-key';

const CLI_ALTERNATIVE =
  `Meanwhile you can sign with the pcr-workbench command line, which keeps the key in a passphrase-protected file ` +
  `(\`keys init --role ROLE\` with ${PASSPHRASE_ENV} set, or answering its prompt).`;

export class SafeStorageKeyVault implements KeyVault {
  readonly writable = true;
  private readonly secret: SecretFile;

  constructor(
    readonly file: string,
    private readonly secrets: SecretStore,
  ) {
    this.secret = new SecretFile(file, SIGNING_KEY_SECRET, secrets);
  }

  get description(): string {
    return `${this.file}, encrypted by ${this.secrets.description}`;
  }

  exists(): boolean {
    return this.secret.exists();
  }

  async load(): Promise<KeyObject | null> {
    let text: string | null;
    try {
      text = await this.secret.read();
    } catch (error) {
      throw this.explain(error, 'unlock');
    }
    if (text === null) return null;
    const der = Buffer.from(text, 'base64');
    try {
      const key = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key`);
      return key;
    } catch {
      throw new WorkbenchError('validation', `${this.file} decrypts, but not to an Ed25519 signing key: create a new key (Documents → Signing key → replace).`);
    } finally {
      der.fill(0);
    }
  }

  async save(privateKey: KeyObject): Promise<void> {
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    try {
      await this.secret.write(der.toString('base64'));
    } catch (error) {
      throw this.explain(error, 'create');
    } finally {
      der.fill(0);
    }
  }

  private explain(error: unknown, purpose: 'unlock' | 'create'): unknown {
    if (!(error instanceof SecretError)) return error;
    if (purpose === 'create') {
      const nothing = 'Nothing was written.';
      return error.failure === 'unavailable'
        ? new WorkbenchError('forbidden', `The signing key was not created: ${error.message} ${nothing} ${CLI_ALTERNATIVE}`)
        : new WorkbenchError(error.code, `The signing key was not created: ${error.message} ${nothing}`);
    }
    switch (error.failure) {
      case 'unavailable':
        return new WorkbenchError('forbidden', `The signing key in ${this.file} cannot be unlocked: ${error.message}`);
      case 'undecryptable':
      case 'mismatch':
        return new WorkbenchError(
          'validation',
          `${error.message} Create a new signing key (Documents → Signing key → replace) and give colleagues its public key to trust; signatures made with the old key stay valid.`,
        );
      default:
        return new WorkbenchError(error.code, `The signing key in ${this.file} could not be unlocked: ${error.message}`);
    }
  }
}

/** The app's vault: the key from PCR_WORKBENCH_SIGNING_KEY when set (as in the CLI), otherwise the safeStorage file. */
export function desktopKeyVault(keysDir: string, secrets: SecretStore, env: NodeJS.ProcessEnv = process.env): KeyVault {
  if (env[SIGNING_KEY_ENV]?.trim()) return new EnvKeyVault(env);
  return new SafeStorageKeyVault(path.join(keysDir, SAFE_STORAGE_KEY_FILE), secrets);
}
