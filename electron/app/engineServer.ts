/**
 * The utility-process side of the engine: answers `{id, name, input}` requests from the main
 * process with `{id, result}`, running each through the contract's `dispatch`.
 */
import type { Handlers } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import type { ApiResult } from '../../shared/api/errors';
import { isEngineRequest, type EngineResponse } from './engineMessages';
import { isSecretMessage } from './secretMessages';
import { messageShape } from './messageShape';

/** What the engine process needs of Electron's `process.parentPort` (typed here: no Electron import). */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export type Answer = (name: string, input: unknown) => Promise<ApiResult<unknown>>;

export const explainError = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

export function answerWithHandlers(handlers: Handlers, log: (line: string) => void): Answer {
  return (name, input) => dispatch(handlers, name, input, (error) => log(`internal error in ${name}: ${explainError(error)}`));
}

/** When the engine cannot start (data folder unwritable, database locked, addon missing), every call says why. */
export function answerWithStartupFailure(error: unknown): Answer {
  const reason = error instanceof Error ? error.message : String(error);
  const result: ApiResult<unknown> = { ok: false, error: { code: 'internal', message: `The workbench engine could not start: ${reason}` } };
  return async () => result;
}

export function serveEngineRequests(port: ParentPortLike, answer: Answer, log: (line: string) => void): void {
  port.on('message', (event) => {
    const message = event.data;
    if (isSecretMessage(message, 'secret.response')) return; // for the secrets client (secretsClient.ts)
    if (!isEngineRequest(message)) {
      log(`engine ignored a malformed message: ${messageShape(message)}`);
      return;
    }
    void answer(message.name, message.input).then((result) => {
      const response: EngineResponse = { id: message.id, result };
      port.postMessage(response);
    });
  });
}
