/** The workbench window's options: the renderer is an untrusted web page with one bridge and no Node. */
import type { BrowserWindowConstructorOptions } from 'electron';
import { PRODUCT_NAME } from '../store/dataDir';
import { MIN_WINDOW_SIZE, type Bounds } from './windowState';

export interface WindowOptionsInput {
  preloadPath: string;
  bounds: Bounds;
  /** DevTools only in development builds. */
  isPackaged: boolean;
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: PRODUCT_NAME,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: !input.isPackaged,
    },
  };
}
