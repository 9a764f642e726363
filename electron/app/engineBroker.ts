/**
 * The main-process side of the engine: forks the utility process, matches answers to calls by id,
 * and, when the process dies, answers every waiting call with a typed `internal` error and starts
 * a new one (backing off while it keeps dying young).
 */
import type { ApiResult } from '../../shared/api/errors';
import { isEngineResponse, type EngineRequest } from './engineMessages';
import { isSecretMessage } from './secretMessages';
import type { SecretsAnswer } from './secretsMain';
import { messageShape } from './messageShape';

/** The parts of Electron's UtilityProcess the broker uses. */
export interface EngineChild {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface EngineBrokerOptions {
  spawn: () => EngineChild;
  log: (line: string) => void;
  timers?: Timers;
  /** Delays before successive restarts of a process that keeps dying young; the last one repeats. */
  restartDelaysMs?: readonly number[];
  /** A process that lived this long is considered healthy again: the next restart is immediate-ish. */
  healthyAfterMs?: number;
  /** Answers the engine's requests to encrypt or decrypt a secret (safeStorage); without it they are refused. */
  secrets?: SecretsAnswer;
}

const DEFAULT_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

interface Pending {
  resolve: (result: ApiResult<unknown>) => void;
  name: string;
}

export class EngineBroker {
  private child: EngineChild | null = null;
  private startedAt = 0;
  private youngDeaths = 0;
  private restartTimer: unknown = null;
  private stopped = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly timers: Timers;
  private readonly restartDelaysMs: readonly number[];
  private readonly healthyAfterMs: number;

  constructor(private readonly options: EngineBrokerOptions) {
    this.timers = options.timers ?? DEFAULT_TIMERS;
    this.restartDelaysMs = options.restartDelaysMs ?? [250, 1_000, 5_000, 30_000];
    this.healthyAfterMs = options.healthyAfterMs ?? 60_000;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  start(): void {
    this.stopped = false;
    this.ensureChild();
  }

  /** Sends one call to the engine; always resolves to an ApiResult, never rejects. */
  call(name: string, input: unknown): Promise<ApiResult<unknown>> {
    if (this.stopped) return Promise.resolve(internal('The workbench engine has been shut down.'));
    let child: EngineChild;
    try {
      child = this.ensureChild();
    } catch (error) {
      this.options.log(`could not start the engine: ${String(error)}`);
      return Promise.resolve(internal('The workbench engine could not be started; the details are in its log.'));
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, name });
      const request: EngineRequest = { id, name, input };
      try {
        child.postMessage(request);
      } catch (error) {
        this.pending.delete(id);
        this.options.log(`could not send ${name} to the engine: ${String(error)}`);
        resolve(internal('The workbench engine could not be reached; try again.'));
      }
    });
  }

  /** Stops the engine for good (app quit): waiting calls are answered, no restart follows. */
  stop(): void {
    this.stopped = true;
    if (this.restartTimer !== null) this.timers.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.child = null;
    this.failPending('The workbench engine was shut down before it answered.');
    child?.kill();
  }

  private ensureChild(): EngineChild {
    if (this.child) return this.child;
    if (this.restartTimer !== null) this.timers.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.options.spawn();
    this.child = child;
    this.startedAt = this.timers.now();
    child.on('message', (message) => this.onMessage(child, message));
    child.on('exit', (code) => this.onExit(child, code));
    return child;
  }

  private onMessage(child: EngineChild, message: unknown): void {
    if (child !== this.child) return;
    if (isSecretMessage(message, 'secret.request')) {
      this.answerSecret(child, message);
      return;
    }
    if (!isEngineResponse(message)) {
      this.options.log(`ignored a malformed message from the engine: ${messageShape(message)}`);
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) {
      this.options.log(`ignored an answer for unknown call ${message.id}`);
      return;
    }
    this.pending.delete(message.id);
    waiting.resolve(message.result);
  }

  /** Only the process this broker spawned is answered, and only while it is still the current one. */
  private answerSecret(child: EngineChild, message: unknown): void {
    const secrets = this.options.secrets;
    if (!secrets) {
      this.options.log('refused a secret request: this workbench has no keychain bridge');
      const id = (message as { id?: unknown }).id;
      if (Number.isSafeInteger(id)) {
        this.postSecret(child, { kind: 'secret.response', id, result: { ok: false, failure: 'unavailable', message: 'This workbench cannot reach a keychain to protect secrets.' } });
      }
      return;
    }
    void secrets(message).then(
      (response) => {
        if (response && child === this.child) this.postSecret(child, response);
      },
      (error: unknown) => this.options.log(`the secrets bridge failed: ${String(error)}`),
    );
  }

  private postSecret(child: EngineChild, response: unknown): void {
    try {
      child.postMessage(response);
    } catch (error) {
      this.options.log(`could not answer the engine's secret request: ${String(error)}`);
    }
  }

  private onExit(child: EngineChild, code: number): void {
    if (child !== this.child) return;
    this.child = null;
    const lived = this.timers.now() - this.startedAt;
    this.youngDeaths = lived >= this.healthyAfterMs ? 1 : this.youngDeaths + 1;
    const waiting = [...this.pending.values()].map((call) => call.name);
    this.options.log(`the engine exited with code ${code} after ${lived} ms; waiting calls: ${waiting.join(', ') || 'none'}`);
    this.failPending(
      `The workbench engine stopped unexpectedly (exit code ${code}) and is being restarted. ` +
        'Your last action may not have been saved; please try it again.',
    );
    if (this.stopped) return;
    const delay = this.restartDelaysMs[Math.min(this.youngDeaths, this.restartDelaysMs.length) - 1] ?? 0;
    this.restartTimer = this.timers.setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped && !this.child) this.ensureChild();
    }, delay);
  }

  private failPending(message: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const call of waiting) call.resolve(internal(message));
  }
}

function internal(message: string): ApiResult<unknown> {
  return { ok: false, error: { code: 'internal', message } };
}
