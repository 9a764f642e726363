/**
 * The Electron main process: one window, the app:// protocol, the application menu, the IPC guard
 * and the engine's utility process. It only wires; the decisions live in the modules it imports,
 * which take their Electron collaborators as parameters and are tested without Electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, screen, session, shell, utilityProcess } from 'electron';
import { createNotifyHandler } from './notifications';
import { WORKBENCH_NOTIFY_CHANNEL } from './ipcChannel';
import ElectronStore from 'electron-store';
import { defaultActor } from '../engine/actor';
import { defaultDataDir, PRODUCT_NAME, resolveDataDir } from '../store/dataDir';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './appProtocol';
import { engineArgs } from './engineArgs';
import { EngineBroker } from './engineBroker';
import { createCallHandler, WORKBENCH_CALL_CHANNEL } from './ipcGuard';
import { buildMenuTemplate } from './menu';
import { createSecretsHandler } from './secretsMain';
import { nativeBindingFor } from './nativeAddon';
import { createNavigationGuard, denyPermissionRequest } from './navigationGuard';
import { APP_SCHEME, APP_START_URL } from './origin';
import { actorFrom, DEFAULT_PREFERENCES, readPreferences, saveWindowState, type Preferences } from './preferences';
import { buildWindowOptions } from './windowOptions';
import { placeWindow } from './windowState';

const log = (line: string) => console.error(`[main] ${line}`);

// The bundles sit in dist/electron; the renderer build in dist/renderer (inside app.asar when packaged).
const PRELOAD_FILE = path.join(__dirname, 'preload.cjs');
const ENGINE_FILE = path.join(__dirname, 'engine.cjs');
const RENDERER_DIR = path.resolve(__dirname, '..', 'renderer');

app.setName(PRODUCT_NAME);
app.setPath('userData', defaultDataDir());
app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  const dataDir = resolveDataDir(undefined);
  const store = new ElectronStore<Preferences & Record<string, unknown>>({
    name: 'preferences',
    clearInvalidConfig: true,
    defaults: { ...DEFAULT_PREFERENCES },
  });
  let mainWindow: BrowserWindow | null = null;

  const broker = new EngineBroker({
    log,
    secrets: createSecretsHandler({ safeStorage, platform: process.platform, log }),
    spawn: () => {
      const nativeBinding = nativeBindingFor({ isPackaged: app.isPackaged, appPath: app.getAppPath(), exists: fs.existsSync });
      const actor = actorFrom(readPreferences(store), defaultActor());
      return utilityProcess.fork(ENGINE_FILE, engineArgs({ dataDir, actor, ...(nativeBinding ? { nativeBinding } : {}) }), {
        serviceName: `${PRODUCT_NAME} engine`,
        stdio: 'inherit',
      });
    },
  });

  const navigation = createNavigationGuard({
    openExternal: (url) => void shell.openExternal(url).catch((error: unknown) => log(`could not open ${url}: ${String(error)}`)),
    log,
  });

  const showAbout = () => {
    const options = {
      type: 'info' as const,
      title: `About ${PRODUCT_NAME}`,
      message: `${PRODUCT_NAME} ${app.getVersion()}`,
      detail: `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}\nData folder: ${dataDir}`,
    };
    void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
  };

  const createWindow = () => {
    const saved = readPreferences(store).window;
    const primary = screen.getPrimaryDisplay();
    const workAreas = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea);
    const window = new BrowserWindow(
      buildWindowOptions({ preloadPath: PRELOAD_FILE, bounds: placeWindow(saved.bounds, workAreas), isPackaged: app.isPackaged }),
    );
    window.once('ready-to-show', () => {
      if (saved.maximized) window.maximize();
      window.show();
    });
    window.on('close', () => saveWindowState(store, { bounds: window.getNormalBounds(), maximized: window.isMaximized() }));
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    window.webContents.on('render-process-gone', (_event, details) => log(`the window's renderer is gone: ${details.reason}`));
    mainWindow = window;
    window.loadURL(APP_START_URL).catch((error: unknown) => log(`could not load ${APP_START_URL}: ${String(error)}`));
  };

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => navigation.willNavigate(event));
    contents.on('will-attach-webview', (event) => navigation.willAttachWebview(event));
    contents.setWindowOpenHandler((details) => navigation.windowOpen(details));
  });

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.whenReady().then(() => {
    const menu = buildMenuTemplate({ appName: PRODUCT_NAME, platform: process.platform, isPackaged: app.isPackaged, showAbout });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menu));
    session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => denyPermissionRequest(contents, permission, callback, log));
    session.defaultSession.setPermissionCheckHandler(() => false);
    protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir: RENDERER_DIR, readFile: (file) => fs.promises.readFile(file), log }));
    ipcMain.handle(
      WORKBENCH_CALL_CHANNEL,
      createCallHandler({ trustedWebContentsId: () => mainWindow?.webContents.id, forward: (name, input) => broker.call(name, input), log }),
    );
    ipcMain.handle(
      WORKBENCH_NOTIFY_CHANNEL,
      createNotifyHandler({
        trustedWebContentsId: () => mainWindow?.webContents.id,
        show: ({ title, body }) => {
          if (!Notification.isSupported()) return false;
          const notification = new Notification({ title, body });
          notification.on('click', () => {
            if (!mainWindow) return;
            if (mainWindow.isMinimized()) mainWindow.restore();
            mainWindow.focus();
          });
          notification.show();
          return true;
        },
        log,
      }),
    );
    broker.start();
    createWindow();
    app.on('activate', () => {
      if (!mainWindow) createWindow();
    });
  }, (error: unknown) => {
    log(`startup failed: ${String(error)}`);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => broker.stop());
}
