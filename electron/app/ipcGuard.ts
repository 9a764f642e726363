/**
 * The guard in front of the one IPC channel, modeled on VS Code's validatedIpcMain: a call is
 * answered only when it comes from the main frame of our window showing our own origin, names an
 * operation of the contract, and carries input the contract's schema accepts. Every answer is an
 * ApiResult envelope; nothing is thrown across IPC.
 */
import { contract, isOperationName, type OperationName } from '../../shared/api/contract';
import { zodProblems } from '../../shared/api/dispatch';
import type { ApiResult } from '../../shared/api/errors';
import { MAX_REQUEST_BYTES } from '../host/security';
import { WORKBENCH_CALL_CHANNEL } from './ipcChannel';
import { isAppUrl } from './origin';

export { WORKBENCH_CALL_CHANNEL };

/** The parts of Electron's IpcMainInvokeEvent the guard reads. */
export interface IpcCallEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface CallGuardOptions {
  /** The webContents id of the workbench window, or undefined while there is none. */
  trustedWebContentsId: () => number | undefined;
  /** Sends a checked call on to the engine; resolves to its ApiResult. */
  forward: (name: OperationName, input: unknown) => Promise<ApiResult<unknown>>;
  log: (line: string) => void;
}

/** Why this sender may not call the API, or null when it may. */
export function senderRefusal(event: IpcCallEvent, trustedWebContentsId: number | undefined): string | null {
  const frame = event.senderFrame;
  if (trustedWebContentsId === undefined || event.sender.id !== trustedWebContentsId) return 'the sender is not the workbench window';
  if (frame === null) return 'the sending frame is gone (navigated or destroyed)';
  if (frame.parent !== null) return 'the sender is a subframe, not the main frame';
  if (!isAppUrl(frame.url)) return `the sending page is not the workbench app (${originOf(frame.url)})`;
  return null;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'unparseable URL';
  }
}

function sizeOf(input: unknown): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(input ?? {}) ?? '', 'utf8');
  } catch {
    return null; // cycles or BigInt: not something the contract accepts
  }
}

function failure(code: 'forbidden' | 'validation' | 'internal', message: string): ApiResult<unknown> {
  return { ok: false, error: { code, message } };
}

/** The `ipcMain.handle(WORKBENCH_CALL_CHANNEL, ...)` listener. */
export function createCallHandler(options: CallGuardOptions) {
  return async (event: IpcCallEvent, name: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    const refusal = senderRefusal(event, options.trustedWebContentsId());
    if (refusal) {
      options.log(`refused ${WORKBENCH_CALL_CHANNEL} ${JSON.stringify(String(name).slice(0, 80))}: ${refusal}`);
      return failure('forbidden', `This call was refused: ${refusal}.`);
    }
    if (!isOperationName(name)) return failure('validation', `Unknown operation ${JSON.stringify(name)}`);
    const size = sizeOf(input);
    if (size === null) return failure('validation', 'The input is not plain JSON data.');
    if (size > MAX_REQUEST_BYTES) return failure('validation', `The input is over ${MAX_REQUEST_BYTES} bytes.`);
    const parsed = contract[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      const problems = zodProblems(parsed.error);
      return { ok: false, error: { code: 'validation', message: problems.map((p) => p.message).join('; '), details: { problems } } };
    }
    try {
      return await options.forward(name, parsed.data);
    } catch (error) {
      options.log(`${name} failed in the main process: ${String(error)}`);
      return failure('internal', 'Something went wrong inside the workbench; the details are in its log.');
    }
  };
}
