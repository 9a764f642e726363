/**
 * Where the engine keeps the sync token that `sync.token.set` saves. Sync asks for the token
 * synchronously, so every store answers `read()` from memory; `write()` changes what is kept first
 * and the cached value only once that succeeded, so a refusal leaves the old token in use.
 *
 * - desktop app: sealed by the keychain (Electron safeStorage) in `<dataDir>/sync/token.safestorage`;
 * - browser host: in memory for that run only (PCR_WORKBENCH_SYNC_TOKEN gives it at start);
 * - command line (and any engine given no store): nothing is saved; the token comes with each call.
 *
 * The token is never logged and never part of an answer: stores say only whether they hold one.
 */
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import type { TokenKeeping } from '../../shared/api/syncOps';
import { SecretError, SecretFile, type SecretStore } from '../engine/secrets';

export const SYNC_TOKEN_ENV = 'PCR_WORKBENCH_SYNC_TOKEN';
/** The secret's name, sealed with it: another secret's file renamed to this one is refused. */
export const SYNC_TOKEN_SECRET = 'sync-token';

export interface SyncTokenStore {
  /** The token now (from memory), or undefined when there is none. */
  read(): string | undefined;
  /** Keeps `token` (null: forgets it); rejects with a clear WorkbenchError and keeps the old token when it cannot. */
  write(token: string | null): Promise<void>;
  /** How a saved token is kept, in words for the settings screen (never the token). */
  keeping(): TokenKeeping;
  /** Settles once the token kept from an earlier run has been read (the desktop decrypts it at start). */
  readonly ready?: Promise<void>;
}

/** The desktop app's file, relative to the data folder. */
export function syncTokenFile(dataDir: string): string {
  return path.join(dataDir, 'sync', 'token.safestorage');
}

/**
 * The desktop app's store: the token sealed by the keychain in a file, read once at engine start.
 * A token that cannot be read then (another computer, a reset keychain, no keychain) is reported
 * in the status as a problem; saving a token again replaces the file.
 */
export class SecretFileTokenStore implements SyncTokenStore {
  readonly ready: Promise<void>;
  private cached: string | undefined;
  private problem: string | null = null;
  /** Writes run one after the other, so the last one asked for is the one kept. */
  private writes: Promise<void>;

  constructor(
    private readonly file: SecretFile,
    private readonly secrets: SecretStore,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.ready = this.load();
    this.writes = this.ready;
  }

  private async load(): Promise<void> {
    try {
      this.cached = (await this.file.read()) ?? undefined;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.problem = `The sync token saved before could not be read: ${why} Save your token again in the sync settings.`;
      this.log(`the saved sync token could not be read (${error instanceof SecretError ? error.failure : 'error'}): ${why}`);
    }
  }

  read(): string | undefined {
    return this.cached;
  }

  keeping(): TokenKeeping {
    return {
      kind: 'keychain',
      note: `The token is kept encrypted by ${this.secrets.description}, on this computer only.`,
      problem: this.problem,
    };
  }

  write(token: string | null): Promise<void> {
    const next = this.writes.then(() => this.apply(token));
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async apply(token: string | null): Promise<void> {
    if (token === null) {
      this.file.remove();
    } else {
      try {
        await this.file.write(token);
      } catch (error) {
        if (!(error instanceof SecretError)) throw error;
        const kept = this.cached ? 'The token saved before is still the one in use.' : 'No token is kept.';
        throw new WorkbenchError(error.code, `The sync token was not saved: ${error.message} ${kept}`);
      }
    }
    this.cached = token ?? undefined;
    this.problem = null;
  }
}

/** The desktop app's store over its keychain bridge; starts reading the saved token at once. */
export function desktopSyncTokenStore(dataDir: string, secrets: SecretStore, log?: (line: string) => void): SecretFileTokenStore {
  return new SecretFileTokenStore(new SecretFile(syncTokenFile(dataDir), SYNC_TOKEN_SECRET, secrets), secrets, log);
}

/** The browser host's store: the token lives in this process's memory until it stops, never in a file. */
export class MemoryTokenStore implements SyncTokenStore {
  constructor(private token: string | undefined) {}

  read(): string | undefined {
    return this.token;
  }

  keeping(): TokenKeeping {
    return {
      kind: 'memory',
      note: `This browser host keeps the token in memory only, until it stops; it is never written to a file. To give it at every start, set ${SYNC_TOKEN_ENV}.`,
      problem: null,
    };
  }

  async write(token: string | null): Promise<void> {
    this.token = token ?? undefined;
  }
}

/** The browser host's store, holding PCR_WORKBENCH_SYNC_TOKEN when it is set. */
export function hostTokenStore(env: NodeJS.ProcessEnv): MemoryTokenStore {
  return new MemoryTokenStore(env[SYNC_TOKEN_ENV]?.trim() || undefined);
}

/**
 * For an engine that keeps no token (the command line): the token comes with each call or from
 * `given` (an environment variable, a test); saving one is refused with the ways to give it.
 */
export function givenTokenStore(given?: () => string | undefined): SyncTokenStore {
  const note = `This workbench does not keep a sync token: give it with --token, --token-file or ${SYNC_TOKEN_ENV}.`;
  return {
    read: () => given?.(),
    keeping: () => ({ kind: 'none', note, problem: null }),
    write: async () => {
      throw new WorkbenchError('forbidden', `The sync token was not saved. ${note}`);
    },
  };
}
