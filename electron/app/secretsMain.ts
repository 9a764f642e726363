/**
 * The main-process side of the secrets bridge: answers the engine's encrypt/decrypt requests with
 * Electron's safeStorage, which main.ts passes in (tests pass a stand-in). The broker hands it only
 * requests from the utility process it spawned itself.
 *
 * The value is sealed together with its name (`pcr-workbench-secret/1 NAME\n` + value), so bytes
 * kept for one secret (the sync token) cannot be passed off as another (the signing key).
 *
 * The asynchronous safeStorage API is used: Electron 45 deprecates the synchronous one (gone in 46),
 * and it would block the window while macOS asks the user for keychain access.
 */
import type { SecretFailure } from '../engine/secrets';
import { secretRequestSchema, type SecretRequest, type SecretResponse, type SecretResult } from './secretMessages';

/** The parts of Electron's `safeStorage` the bridge uses. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only: which password store safeStorage chose. */
  getSelectedStorageBackend(): string;
}

export interface SecretsHandlerOptions {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  log: (line: string) => void;
}

/** Answers one message the broker received from its engine process (already known to be a secret request). */
export type SecretsAnswer = (message: unknown) => Promise<SecretResponse | null>;

const SEAL_PREFIX = 'pcr-workbench-secret/1 ';

export const NO_KEYRING_LINUX =
  'This computer offers the workbench no keyring to encrypt secrets with (no GNOME Keyring, KWallet or other Secret Service is running, or it is locked). ' +
  'Install and unlock a keyring (for example gnome-keyring or kwalletmanager), sign out and in again, then restart the workbench.';
export const NO_KEYCHAIN =
  "This computer's keychain is not available to the workbench, so secrets cannot be encrypted. Unlock the keychain (or sign in to your account normally) and restart the workbench.";

/** Why safeStorage cannot protect a secret here, or null when it can. */
export async function unavailableReason(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<string | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return platform === 'linux' ? NO_KEYRING_LINUX : NO_KEYCHAIN;
  if (platform === 'linux') {
    // basic_text "encrypts" with a password hard-coded in Chromium: as good as plain text. unknown: not ready.
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return `${NO_KEYRING_LINUX} (safeStorage backend: ${backend})`;
  }
  return null;
}

const failure = (failure: SecretFailure, message: string): SecretResult => ({ ok: false, failure, message });

export function createSecretsHandler(options: SecretsHandlerOptions): SecretsAnswer {
  const { safeStorage, platform, log } = options;

  async function perform(request: SecretRequest): Promise<SecretResult> {
    const unavailable = await unavailableReason(safeStorage, platform);
    if (unavailable) {
      log(`secret ${request.op} of "${request.name}" refused: no usable keychain`);
      return failure('unavailable', unavailable);
    }
    if (request.op === 'encrypt') {
      const data = await safeStorage.encryptStringAsync(SEAL_PREFIX + request.name + '\n' + request.value);
      return { ok: true, op: 'encrypt', data: data.toString('base64') };
    }
    let opened: { result: string; shouldReEncrypt: boolean };
    try {
      opened = await safeStorage.decryptStringAsync(Buffer.from(request.data, 'base64'));
    } catch (error) {
      log(`secret decrypt of "${request.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      return failure('undecryptable', `The stored ${request.name} cannot be decrypted by this computer's keychain: it was made on another computer or user account, the keychain was reset, or the file is damaged.`);
    }
    const newline = opened.result.indexOf('\n');
    const header = newline < 0 ? '' : opened.result.slice(0, newline);
    if (!header.startsWith(SEAL_PREFIX)) return failure('mismatch', `The stored ${request.name} is not a workbench secret.`);
    const sealedName = header.slice(SEAL_PREFIX.length);
    if (sealedName !== request.name) return failure('mismatch', `The file meant to hold the ${request.name} holds the ${sealedName} instead.`);
    const value = opened.result.slice(newline + 1);
    if (!opened.shouldReEncrypt) return { ok: true, op: 'decrypt', value };
    const renewed = await safeStorage.encryptStringAsync(opened.result);
    return { ok: true, op: 'decrypt', value, renewed: renewed.toString('base64') };
  }

  return async (message) => {
    const parsed = secretRequestSchema.safeParse(message);
    if (!parsed.success) {
      const id = (message as { id?: unknown }).id;
      log(`ignored a malformed secret request from the engine (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      // An answer lets a waiting caller fail at once; without a usable id there is no one to answer.
      return Number.isSafeInteger(id) && (id as number) > 0
        ? { kind: 'secret.response', id: id as number, result: failure('invalid', 'The secret request was malformed.') }
        : null;
    }
    const request = parsed.data;
    let result: SecretResult;
    try {
      result = await perform(request);
    } catch (error) {
      log(`secret ${request.op} of "${request.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      result = failure('failed', `The keychain could not ${request.op} the ${request.name}; the details are in the workbench log.`);
    }
    return { kind: 'secret.response', id: request.id, result };
  };
}
