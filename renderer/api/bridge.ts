/** The typed API client over `window.workbench`, the only way the renderer reaches the engine. */
import { createApiClient, type ApiClient, type WorkbenchBridge } from '../../shared/api/client';

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}

export function hasBridge(): boolean {
  return typeof window.workbench?.call === 'function';
}

export const api: ApiClient = createApiClient((name, input) => {
  const bridge = window.workbench;
  if (!bridge) {
    return Promise.resolve({
      ok: false,
      error: { code: 'internal', message: 'The workbench engine is not connected to this window. Restart the workbench.' },
    });
  }
  return bridge.call(name, input);
});
