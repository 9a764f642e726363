/**
 * The Electron bundles: built by scripts/build-electron.ts, checked for what they require, and run
 * for real in Node — engine.cjs in a child process behind a stand-in for `process.parentPort`, and
 * main.cjs against a small stand-in for the 'electron' module (the Electron binary is not needed).
 */
import { execFile, fork } from 'node:child_process';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, type BuildElectronResult } from '../../scripts/build-electron';
import { EngineBroker, type EngineChild } from '../../electron/app/engineBroker';
import { buildPackage } from '../../electron/packages/index';
import { engineArgs } from '../../electron/app/engineArgs';
import { CONTENT_SECURITY_POLICY } from '../../electron/host/security';
import { removeDir, tempDir } from '../support/tempData';

const REPO = path.resolve(import.meta.dirname, '../..');
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

let root: string;
let built: BuildElectronResult;

beforeAll(async () => {
  root = tempDir('pcr-wb-electron-build-');
  fs.mkdirSync(path.join(root, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Workbench smoke</title>');
  built = await buildElectron(path.join(root, 'dist', 'electron'));
});
afterAll(() => removeDir(root));

/** Every `require("…")` in a bundle's text (a string that only looks like one would show up too). */
function requiresIn(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]!))].sort();
}

/** The modules esbuild left external in one output, from its metafile. */
function externalsOf(file: string): string[] {
  const output = built.metafile.outputs[path.relative(REPO, file).split(path.sep).join('/')];
  if (!output) throw new Error(`no metafile entry for ${file}: ${Object.keys(built.metafile.outputs).join(', ')}`);
  return [...new Set(output.imports.filter((entry) => entry.external).map((entry) => entry.path))].sort();
}

describe('scripts/build-electron.ts', () => {
  it('produces main.cjs, preload.cjs, engine.cjs and untrusted-worker.cjs with source maps, without warnings', () => {
    for (const file of Object.values(built.files)) {
      expect(fs.existsSync(file), file).toBe(true);
      expect(fs.existsSync(`${file}.map`), `${file}.map`).toBe(true);
      expect(fs.readFileSync(file, 'utf8').startsWith('"use strict";')).toBe(true);
    }
    expect(built.warnings.map((warning) => warning.text)).toEqual([]);
  });

  it('preload.cjs requires only electron', () => {
    expect(requiresIn(built.files.preload)).toEqual(['electron']);
    expect(externalsOf(built.files.preload)).toEqual(['electron']);
    // …and carries nothing but the bridge: no contract, no zod.
    expect(fs.statSync(built.files.preload).size).toBeLessThan(2_000);
  });

  it('engine.cjs never requires electron: only Node built-ins and better-sqlite3', () => {
    const required = requiresIn(built.files.engine);
    expect(required).not.toContain('electron');
    expect(required.filter((name) => !NODE_BUILTINS.has(name))).toEqual(['better-sqlite3']);
    expect(externalsOf(built.files.engine).filter((name) => !NODE_BUILTINS.has(name))).toEqual(['better-sqlite3']);
  });

  it('untrusted-worker.cjs (the engine reads partner files in it) requires only Node built-ins', () => {
    expect(path.dirname(built.files.untrustedWorker)).toBe(path.dirname(built.files.engine));
    expect(requiresIn(built.files.untrustedWorker).filter((name) => !NODE_BUILTINS.has(name))).toEqual([]);
  });

  it('docx-worker.cjs (the engine renders the package DOCX in it) sits next to engine.cjs and requires only Node built-ins', () => {
    expect(path.dirname(built.files.docxWorker)).toBe(path.dirname(built.files.engine));
    expect(requiresIn(built.files.docxWorker).filter((name) => !NODE_BUILTINS.has(name))).toEqual([]);
  });

  it('main.cjs leaves only electron and Node built-ins external (electron-store, zod and the contract are bundled)', () => {
    expect(externalsOf(built.files.main).filter((name) => !NODE_BUILTINS.has(name))).toEqual(['electron']);
  });
});

/** Stands in for `process.parentPort` in a plain Node child, over Node's IPC channel. */
const PARENT_PORT_SHIM = `
const { EventEmitter } = require('node:events');
const port = new EventEmitter();
process.on('message', (data) => port.emit('message', { data }));
port.postMessage = (message) => process.send(message);
process.parentPort = port;
`;

function shimFile(): string {
  const file = path.join(root, 'parent-port-shim.cjs');
  fs.writeFileSync(file, PARENT_PORT_SHIM);
  return file;
}

/** Forks engine.cjs as Electron's utilityProcess.fork would, wrapped as the broker's EngineChild. */
function forkEngine(dataDir: string): EngineChild & { pid: number | undefined; exited: Promise<void> } {
  const child = fork(built.files.engine, engineArgs({ dataDir, actor: 'Dana Lead' }), {
    execArgv: ['--require', shimFile()],
    serialization: 'advanced', // structured clone, as Electron's message ports use
    env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const wrapped = new EventEmitter() as EventEmitter & EngineChild & { pid: number | undefined; exited: Promise<void> };
  wrapped.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message) => wrapped.emit('message', message));
  child.on('exit', (code, signal) => wrapped.emit('exit', code ?? (signal ? 128 : 0)));
  wrapped.postMessage = (message) => void child.send(message as never);
  wrapped.kill = () => child.kill();
  wrapped.pid = child.pid;
  return wrapped;
}

describe('engine.cjs in a real child process', () => {
  it('answers calls on a real SQLite file, and the broker recovers when the process is killed', async () => {
    const dataDir = path.join(root, 'engine-data');
    const children: ReturnType<typeof forkEngine>[] = [];
    const broker = new EngineBroker({
      spawn: () => {
        const child = forkEngine(dataDir);
        children.push(child);
        return child;
      },
      log: () => {},
      restartDelaysMs: [10],
    });
    broker.start();
    try {
      const info = await broker.call('app.info', {});
      expect(info).toMatchObject({ ok: true, value: { actor: 'Dana Lead', dataDir } });
      const created = await broker.call('dossier.create', {
        fields: { 'organization.legal_name': 'Qualicum Test Clinic', 'application.name': 'Clinic EMR', 'integration.standard': 'hl7v3' },
      });
      expect(created.ok ? null : created.error).toBeNull();
      expect(fs.existsSync(path.join(dataDir, 'workbench.sqlite'))).toBe(true);

      // Files from elsewhere are read in the bundled worker: a package is verified, a hostile form refused.
      const pkg = buildPackage({
        dossier: { id: 'd1', reference: 'PCR-2026-001' },
        version: 1,
        contentFingerprint: 'f',
        documents: [{ path: 'plan.txt', bytes: Buffer.from('plan'), mediaType: 'text/plain' }],
        templateVersions: {},
        createdAt: new Date('2026-03-01T00:00:00Z'),
      });
      const verified = await broker.call('package.verify', { content_base64: Buffer.from(pkg.bytes).toString('base64') });
      expect(verified.ok ? (verified.value as { manifest_sha256: string }).manifest_sha256 : verified.error).toBe(pkg.manifestSha256);
      const loop = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
      const refused = await broker.call('forms.inspect', { file: { name: 'loop.pdf', content_base64: loop.toString('base64') } });
      expect(refused.ok ? refused.value : refused.error).toMatchObject({ code: 'validation', message: expect.stringMatching(/page tree loops back/) });

      // A seed of many dossiers is still running when the process dies: the caller gets a typed error.
      const pending = broker.call('demo.seed', { count: 50_000 });
      children[0]!.kill();
      const killed = await pending;
      expect(killed.ok ? null : killed.error.code).toBe('internal');
      // The killed call can be answered before the process is gone (on a loaded machine, well
      // before): a call made in between would still go to the dying process.
      await children[0]!.exited;

      // A new process starts and sees the data the first one committed.
      const list = await broker.call('dossier.list', { search: 'Qualicum' });
      expect(list).toMatchObject({ ok: true, value: { total: 1 } });
      expect(children.length).toBeGreaterThanOrEqual(2);
    } finally {
      broker.stop();
    }
  });

  it('tells every caller why when the engine cannot open its data folder', async () => {
    const blocker = path.join(root, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where the data folder should be');
    const broker = new EngineBroker({ spawn: () => forkEngine(blocker), log: () => {} });
    try {
      const result = await broker.call('app.info', {});
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('internal');
        expect(result.error.message).toMatch(/^The workbench engine could not start: /);
      }
    } finally {
      broker.stop();
    }
  });
});

/**
 * A stand-in for the 'electron' module, just big enough for main.cjs (and electron-store inside it)
 * to run its wiring. utilityProcess.fork runs engine.cjs as a Node child with the parentPort shim.
 */
const FAKE_ELECTRON = `
const { EventEmitter } = require('node:events');
const childProcess = require('node:child_process');
const record = { paths: {}, ipcHandlers: {}, protocolHandlers: {}, windows: [], opened: [], forks: [], dialogs: [] };
globalThis.__fakeElectron = record;
const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  setName: (name) => (record.name = name),
  getName: () => record.name,
  setPath: (key, value) => (record.paths[key] = value),
  getPath: (key) => record.paths[key],
  getVersion: () => '0.1.0-smoke',
  getAppPath: () => process.env.FAKE_APP_PATH,
  enableSandbox: () => (record.sandboxEnabled = true),
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  quit: () => (record.quit = true),
  exit: (code) => (record.exit = code),
});
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = Object.assign(new EventEmitter(), { id: 41, setWindowOpenHandler: (handler) => (this.webContents.openHandler = handler) });
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) { this.loadedUrl = url; return Promise.resolve(); }
  getNormalBounds() { return { x: 100.4, y: 80, width: 1300, height: 850 }; }
  isMaximized() { return true; }
  isMinimized() { return false; }
  maximize() {}
  show() {}
  restore() {}
  focus() {}
}
const utilityProcess = {
  fork(modulePath, args, options) {
    record.forks.push({ modulePath, args, options });
    const child = childProcess.fork(modulePath, args, { execArgv: ['--require', process.env.PARENT_PORT_SHIM], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const wrapped = new EventEmitter();
    child.on('message', (message) => wrapped.emit('message', message));
    child.on('exit', (code) => wrapped.emit('exit', code ?? 0));
    wrapped.postMessage = (message) => child.send(message);
    wrapped.kill = () => child.kill();
    return wrapped;
  },
};
module.exports = {
  app,
  BrowserWindow,
  utilityProcess,
  ipcMain: { handle: (channel, handler) => (record.ipcHandlers[channel] = handler), on: () => {} },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => (record.schemes = schemes),
    handle: (scheme, handler) => (record.protocolHandlers[scheme] = handler),
  },
  session: { defaultSession: {
    setPermissionRequestHandler: (handler) => (record.permissionRequest = handler),
    setPermissionCheckHandler: (handler) => (record.permissionCheck = handler),
  } },
  Menu: { buildFromTemplate: (template) => template, setApplicationMenu: (menu) => (record.menu = menu) },
  screen: {
    getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  },
  shell: { openExternal: async (url) => { record.opened.push(url); } },
  dialog: { showMessageBox: async (...args) => { record.dialogs.push(args.at(-1)); return { response: 0 }; } },
};
`;

const RUNNER = `
const Module = require('node:module');
const fake = require(process.env.FAKE_ELECTRON);
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? fake : load.call(this, request, ...rest); };
require(process.env.MAIN_CJS);

(async () => {
  const record = globalThis.__fakeElectron;
  await new Promise((resolve) => setTimeout(resolve, 50));
  const window = record.windows[0];
  const call = record.ipcHandlers['workbench:call'];
  const fromApp = { sender: { id: window.webContents.id }, senderFrame: { url: 'app://workbench/index.html', parent: null } };
  const out = {};
  out.name = record.name;
  out.userData = record.paths.userData;
  out.sandboxEnabled = record.sandboxEnabled;
  out.schemes = record.schemes;
  out.loadedUrl = window.loadedUrl;
  out.webPreferences = window.options.webPreferences;
  out.menu = record.menu.map((item) => item.label || item.role);
  out.fork = { modulePath: record.forks[0].modulePath, args: record.forks[0].args };
  out.info = await call(fromApp, 'app.info', {});
  out.created = await call(fromApp, 'dossier.create', { fields: { 'organization.legal_name': 'Northern Health', 'application.name': 'Lab system', 'integration.standard': 'fhir' } });
  out.foreign = await call({ ...fromApp, senderFrame: { url: 'https://evil.example/', parent: null } }, 'app.info', {});
  out.invalid = await call(fromApp, 'dossier.list', { limit: 'all' });
  const page = await record.protocolHandlers.app({ url: 'app://workbench/index.html', method: 'GET' });
  out.page = { status: page.status, csp: page.headers.get('content-security-policy'), body: await page.text() };
  out.permission = await new Promise((resolve) => record.permissionRequest(window.webContents, 'media', resolve, {}));
  out.permissionCheck = record.permissionCheck(window.webContents, 'clipboard-read', 'app://workbench', {});
  let prevented = false;
  window.webContents.emit('will-navigate', { url: 'https://www2.gov.bc.ca/', preventDefault: () => (prevented = true) });
  out.navigation = { prevented, opened: [...record.opened] };
  out.windowOpen = window.webContents.openHandler({ url: 'https://example.org/' });
  const help = record.menu.find((item) => item.role === 'help');
  help.submenu[0].click();
  out.about = record.dialogs[0] && record.dialogs[0].message;
  window.emit('close');
  const fs = require('node:fs');
  const path = require('node:path');
  out.preferences = JSON.parse(fs.readFileSync(path.join(record.paths.userData, 'preferences.json'), 'utf8'));
  record.windows[0].emit('closed');
  fake.app.emit('window-all-closed');
  fake.app.emit('will-quit');
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
`;

describe('main.cjs wired against a stand-in electron module', () => {
  it('registers the protocol, the guarded IPC channel, the window and the engine, end to end', async () => {
    const home = path.join(root, 'home');
    fs.mkdirSync(home, { recursive: true });
    const fakeElectron = path.join(root, 'fake-electron.cjs');
    const runner = path.join(root, 'run-main.cjs');
    fs.writeFileSync(fakeElectron, FAKE_ELECTRON);
    fs.writeFileSync(runner, RUNNER);
    const env = {
      ...process.env,
      HOME: home,
      USERPROFILE: home,
      APPDATA: path.join(home, 'AppData'),
      XDG_CONFIG_HOME: path.join(home, '.config'),
      PCR_WORKBENCH_DATA: path.join(root, 'main-data'),
      PCR_WORKBENCH_USER: 'smoke-user',
      NODE_PATH: path.join(REPO, 'node_modules'),
      FAKE_ELECTRON: fakeElectron,
      FAKE_APP_PATH: root,
      MAIN_CJS: built.files.main,
      PARENT_PORT_SHIM: shimFile(),
    };
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [runner], { env, timeout: 120_000 }, (error, out, err) =>
        error ? reject(new Error(`${String(error)}\n${err}`)) : resolve(out),
      );
    });
    const out = JSON.parse(stdout);

    expect(out.name).toBe('PCR Onboarding Workbench');
    expect(out.userData).toBe(process.platform === 'linux' ? path.join(home, '.config', 'PCR Onboarding Workbench') : expect.any(String));
    expect(out.sandboxEnabled).toBe(true);
    expect(out.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(out.loadedUrl).toBe('app://workbench/index.html');
    expect(out.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(root, 'dist', 'electron', 'preload.cjs'),
    });
    expect(out.menu).toEqual(['File', 'Edit', 'View', 'help']);
    expect(out.fork.modulePath).toBe(path.join(root, 'dist', 'electron', 'engine.cjs'));
    expect(out.fork.args).toEqual([`--data-dir=${path.join(root, 'main-data')}`, '--actor=smoke-user']);

    expect(out.info).toMatchObject({ ok: true, value: { actor: 'smoke-user', dataDir: path.join(root, 'main-data'), version: expect.any(String) } });
    expect(out.created).toMatchObject({ ok: true, value: { fields: { 'organization.legal_name': 'Northern Health' } } });
    expect(out.foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(out.invalid).toMatchObject({ ok: false, error: { code: 'validation' } });

    expect(out.page).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY, body: '<!doctype html><title>Workbench smoke</title>' });
    expect(out.permission).toBe(false);
    expect(out.permissionCheck).toBe(false);
    expect(out.navigation).toEqual({ prevented: true, opened: ['https://www2.gov.bc.ca/'] });
    expect(out.windowOpen).toEqual({ action: 'deny' });
    expect(out.about).toBe('PCR Onboarding Workbench 0.1.0-smoke');
    expect(out.preferences.window).toEqual({ bounds: { x: 100, y: 80, width: 1300, height: 850 }, maximized: true });
  });
});
