/** A typed client over any transport that carries `(operation, input)` and returns an ApiResult. */
import type { ApiError, ApiResult } from './errors';
import type { OperationInput, OperationName, OperationOutput } from './contract';

export type Transport = (name: OperationName, input: unknown) => Promise<ApiResult<unknown>>;

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}

export interface ApiClient {
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationOutput<N>>;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    async call(name, input) {
      const result = await transport(name, input);
      if (!result.ok) throw new ApiCallError(result.error);
      return result.value as never;
    },
  };
}

/** The bridge that the Electron preload and the browser host both put on `window.workbench`. */
export interface WorkbenchBridge {
  call(name: OperationName, input: unknown): Promise<ApiResult<unknown>>;
  readonly transport: 'electron' | 'browser';
  /** The desktop app's notifications (reminders); a browser uses the page's Notification API instead. */
  notify?(notification: { title: string; body: string }): Promise<ApiResult<boolean>>;
}
