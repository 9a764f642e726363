/**
 * The utility-process side of the secrets bridge: a SecretStore that asks the main process (which
 * holds safeStorage) to encrypt or decrypt, over the same `process.parentPort` the engine serves
 * requests on. Plain Node: no 'electron' import.
 */
import { SecretError, type SecretStore } from '../engine/secrets';
import type { ParentPortLike } from './engineServer';
import { isSecretMessage, secretNameSchema, secretResponseSchema, MAX_SECRET_VALUE_LENGTH, type SecretOp, type SecretRequest, type SecretResult } from './secretMessages';

interface Waiting {
  op: SecretOp;
  resolve: (result: SecretResult) => void;
}

export class EngineSecretsClient implements SecretStore {
  readonly description = "this computer's keychain (Electron safeStorage)";
  private nextId = 1;
  private readonly pending = new Map<number, Waiting>();

  constructor(
    private readonly port: ParentPortLike,
    private readonly log: (line: string) => void,
  ) {
    port.on('message', (event) => {
      if (isSecretMessage(event.data, 'secret.response')) this.onResponse(event.data);
    });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  async encrypt(name: string, value: string): Promise<Buffer> {
    if ([...value].length > MAX_SECRET_VALUE_LENGTH) throw new SecretError('invalid', `The ${name} is too long to keep as a secret.`);
    const result = await this.ask({ op: 'encrypt', name, value });
    if (!result.ok) throw new SecretError(result.failure, result.message);
    if (result.op !== 'encrypt') throw new SecretError('failed', 'The keychain bridge answered another question.');
    return Buffer.from(result.data, 'base64');
  }

  async decrypt(name: string, data: Buffer): Promise<{ value: string; renewed?: Buffer | undefined }> {
    const result = await this.ask({ op: 'decrypt', name, data: data.toString('base64') });
    if (!result.ok) throw new SecretError(result.failure, result.message);
    if (result.op !== 'decrypt') throw new SecretError('failed', 'The keychain bridge answered another question.');
    return { value: result.value, ...(result.renewed ? { renewed: Buffer.from(result.renewed, 'base64') } : {}) };
  }

  private ask(question: { op: 'encrypt'; name: string; value: string } | { op: 'decrypt'; name: string; data: string }): Promise<SecretResult> {
    if (!secretNameSchema.safeParse(question.name).success) {
      return Promise.reject(new SecretError('invalid', `"${question.name}" is not a secret name (lower-case words joined by . - or _).`));
    }
    const id = this.nextId++;
    const request: SecretRequest = { kind: 'secret.request', id, ...question };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { op: question.op, resolve });
      try {
        this.port.postMessage(request);
      } catch (error) {
        this.pending.delete(id);
        reject(new SecretError('failed', `The keychain bridge could not be reached: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  private onResponse(message: unknown): void {
    const parsed = secretResponseSchema.safeParse(message);
    if (!parsed.success) {
      this.log(`ignored a malformed secret response (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      return;
    }
    const { id, result } = parsed.data;
    const waiting = this.pending.get(id);
    if (!waiting) {
      this.log(`ignored a secret response for unknown request ${id}`);
      return;
    }
    this.pending.delete(id);
    if (result.ok && result.op !== waiting.op) {
      waiting.resolve({ ok: false, failure: 'failed', message: `The keychain bridge answered ${result.op} to a ${waiting.op} request.` });
      return;
    }
    waiting.resolve(result);
  }
}
