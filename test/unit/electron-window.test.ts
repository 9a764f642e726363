import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../../electron/app/menu';
import { nativeBindingFor } from '../../electron/app/nativeAddon';
import { createNavigationGuard, denyPermissionRequest } from '../../electron/app/navigationGuard';
import { actorFrom, DEFAULT_PREFERENCES, readPreferences, saveWindowState, type KeyValueStore } from '../../electron/app/preferences';
import { buildWindowOptions } from '../../electron/app/windowOptions';
import { DEFAULT_WINDOW_SIZE, placeWindow, type Bounds } from '../../electron/app/windowState';

describe('window options', () => {
  const bounds = { x: 10, y: 20, width: 1200, height: 800 };

  it('isolates the renderer: context isolation, sandbox, no Node, web security, our preload', () => {
    const options = buildWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', bounds, isPackaged: true });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(options).toMatchObject({ ...bounds, show: false, title: 'PCR Onboarding Workbench' });
  });

  it('allows DevTools only in development', () => {
    expect(buildWindowOptions({ preloadPath: 'p', bounds, isPackaged: false }).webPreferences?.devTools).toBe(true);
  });
});

describe('window placement', () => {
  const laptop: Bounds = { x: 0, y: 0, width: 1920, height: 1040 };
  const monitorRight: Bounds = { x: 1920, y: 0, width: 2560, height: 1400 };

  it('reopens where it was when that place is still on a display', () => {
    expect(placeWindow({ x: 2100, y: 100, width: 1400, height: 900 }, [laptop, monitorRight])).toEqual({ x: 2100, y: 100, width: 1400, height: 900 });
  });

  it('comes back onto the primary display when its monitor is gone', () => {
    const placed = placeWindow({ x: 2100, y: 100, width: 1400, height: 900 }, [laptop]);
    expect(placed).toEqual({ x: (1920 - DEFAULT_WINDOW_SIZE.width) / 2, y: (1040 - DEFAULT_WINDOW_SIZE.height) / 2, ...DEFAULT_WINDOW_SIZE });
  });

  it('pulls a window hanging off the edge fully onto the display it mostly sits on, shrinking it to fit', () => {
    expect(placeWindow({ x: 1200, y: -50, width: 1000, height: 700 }, [laptop, monitorRight])).toEqual({ x: 920, y: 0, width: 1000, height: 700 });
    expect(placeWindow({ x: 1500, y: -50, width: 1000, height: 700 }, [laptop, monitorRight])).toEqual({ x: 1920, y: 0, width: 1000, height: 700 });
    expect(placeWindow({ x: -10, y: 0, width: 3000, height: 2000 }, [laptop])).toEqual(laptop);
  });

  it('uses the default size, centred, the first time', () => {
    expect(placeWindow(null, [laptop])).toEqual({ x: 320, y: 110, ...DEFAULT_WINDOW_SIZE });
  });
});

describe('navigation guard', () => {
  function setup() {
    const opened: string[] = [];
    const logged: string[] = [];
    const guard = createNavigationGuard({ openExternal: (url) => opened.push(url), log: (line) => logged.push(line) });
    const navigate = (url: string) => {
      let prevented = false;
      guard.willNavigate({ url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    return { guard, opened, logged, navigate };
  }

  it('lets the window move within the app origin', () => {
    const { navigate, opened } = setup();
    expect(navigate('app://workbench/index.html#/dossiers')).toBe(false);
    expect(opened).toEqual([]);
  });

  it('refuses navigation away; https links open in the OS browser, anything else is only logged', () => {
    const { navigate, opened, logged } = setup();
    expect(navigate('https://www2.gov.bc.ca/gov/content/health')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('http://127.0.0.1:4780/')).toBe(true);
    expect(opened).toEqual(['https://www2.gov.bc.ca/gov/content/health']);
    expect(logged).toHaveLength(2);
  });

  it('denies every window.open', () => {
    const { guard, opened } = setup();
    expect(guard.windowOpen({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(guard.windowOpen({ url: 'app://workbench/index.html' })).toEqual({ action: 'deny' });
    expect(guard.windowOpen({ url: 'smb://attacker/share' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/']);
  });

  it('refuses to attach a webview and denies every permission request', () => {
    const { guard } = setup();
    let prevented = false;
    guard.willAttachWebview({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      denyPermissionRequest(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false]);
  });
});

// The menu's item type, without importing 'electron' here.
type MenuItemConstructorOptions = ReturnType<typeof buildMenuTemplate>[number];

describe('application menu', () => {
  const labels = (template: MenuItemConstructorOptions[]) => template.map((item) => item.label ?? item.role);
  const roles = (item: MenuItemConstructorOptions | undefined) => (item?.submenu as MenuItemConstructorOptions[]).map((entry) => entry.role ?? entry.label);

  it('has File, Edit, View and Help; reload and DevTools only in development', () => {
    const packaged = buildMenuTemplate({ appName: 'PCR Onboarding Workbench', platform: 'win32', isPackaged: true, showAbout: () => {} });
    expect(labels(packaged)).toEqual(['File', 'Edit', 'View', 'help']);
    expect(roles(packaged[0])).toEqual(['quit']);
    expect(roles(packaged[2])).not.toContain('reload');
    expect(roles(packaged[2])).not.toContain('toggleDevTools');
    const development = buildMenuTemplate({ appName: 'PCR Onboarding Workbench', platform: 'linux', isPackaged: false, showAbout: () => {} });
    expect(roles(development[2])).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('shows About from Help', () => {
    let shown = 0;
    const template = buildMenuTemplate({ appName: 'PCR Onboarding Workbench', platform: 'linux', isPackaged: true, showAbout: () => shown++ });
    const about = (template.at(-1)?.submenu as MenuItemConstructorOptions[])[0];
    expect(about?.label).toBe('About PCR Onboarding Workbench');
    (about?.click as () => void)();
    expect(shown).toBe(1);
  });

  it('follows the macOS convention of an app menu first', () => {
    const template = buildMenuTemplate({ appName: 'PCR Onboarding Workbench', platform: 'darwin', isPackaged: true, showAbout: () => {} });
    expect(labels(template)).toEqual(['PCR Onboarding Workbench', 'File', 'Edit', 'View', 'help']);
  });
});

describe('preferences', () => {
  const memoryStore = (initial: Record<string, unknown> = {}): KeyValueStore & { data: Record<string, unknown> } => {
    const data = { ...initial };
    return { data, get: (key) => data[key], set: (key, value) => void (data[key] = value) };
  };

  it('starts from defaults and keeps what the user set', () => {
    expect(readPreferences(memoryStore())).toEqual(DEFAULT_PREFERENCES);
    const store = memoryStore({ identity: { displayName: '  Dana Lead ', role: 'cgi_business_support_lead' }, syncServerUrl: 'https://sync.example.ca' });
    const preferences = readPreferences(store);
    expect(preferences.identity).toEqual({ displayName: 'Dana Lead', role: 'cgi_business_support_lead' });
    expect(preferences.syncServerUrl).toBe('https://sync.example.ca');
  });

  it('falls back per section when a section is damaged', () => {
    const preferences = readPreferences(
      memoryStore({
        identity: { displayName: 'Dana', role: 'root' },
        syncServerUrl: 'ftp://x',
        window: { bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: true },
      }),
    );
    expect(preferences.identity).toEqual(DEFAULT_PREFERENCES.identity);
    expect(preferences.syncServerUrl).toBeNull();
    expect(preferences.window).toEqual({ bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: true });
  });

  it('saves window state with whole-pixel bounds', () => {
    const store = memoryStore();
    saveWindowState(store, { bounds: { x: 10.4, y: 20.6, width: 1200.2, height: 800 }, maximized: false });
    expect(store.data.window).toEqual({ bounds: { x: 10, y: 21, width: 1200, height: 800 }, maximized: false });
  });

  it('names changes after the display name, else the OS account', () => {
    expect(actorFrom(DEFAULT_PREFERENCES, 'dlead')).toBe('dlead');
    expect(actorFrom({ ...DEFAULT_PREFERENCES, identity: { displayName: 'Dana Lead', role: null } }, 'dlead')).toBe('Dana Lead');
  });
});

describe('native addon for Electron', () => {
  it('uses the package’s own Node-API prebuild when packaged, and a prepared copy in development only if one exists', () => {
    expect(nativeBindingFor({ isPackaged: true, appPath: '/app', exists: () => true })).toBeUndefined();
    expect(nativeBindingFor({ isPackaged: false, appPath: '/repo', exists: () => false })).toBeUndefined();
    expect(nativeBindingFor({ isPackaged: false, appPath: '/repo', exists: () => true })).toMatch(/[\\/]repo[\\/]\.electron-native[\\/]better_sqlite3\.node$/);
  });
});
