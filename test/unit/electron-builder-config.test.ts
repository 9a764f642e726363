/**
 * electron-builder.yml: valid for the installed electron-builder, and, packaged for real (an
 * unpacked Linux build against a stand-in Electron distribution, since the binary is not here),
 * the app holds the bundles, the renderer and better-sqlite3's runtime files, addons unpacked.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../scripts/build-electron';
import { removeDir, tempDir } from '../support/tempData';

const REPO = path.resolve(import.meta.dirname, '../..');
// electron-builder's own YAML parser, validator and asar reader, found through it rather than hoisting.
const fromBuilder = createRequire(createRequire(path.join(REPO, 'package.json')).resolve('electron-builder/package.json'));
const fromLib = createRequire(fromBuilder.resolve('app-builder-lib/package.json'));
const yaml = fromLib('js-yaml') as { load(text: string): unknown };
const asar = fromLib('@electron/asar') as {
  listPackage(archive: string, options?: object): string[];
  statFile(archive: string, file: string): { unpacked?: boolean };
};
const { validateConfiguration } = fromLib('./out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = createRequire(fromLib.resolve('builder-util/package.json'))('./out/util.js') as { DebugLogger: new (enabled: boolean) => unknown };

type Config = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  linux: { target: string[]; maintainer: string; category: string };
  win: { target: { target: string }[] };
  mac: { target: { target: string }[] };
  directories: { output: string };
};

const config = yaml.load(fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, bogusOption: 1 }, new DebugLogger(false))).rejects.toThrow(/bogusOption/);
  });

  it('names the product and its installers', () => {
    expect(config).toMatchObject({
      appId: 'ca.bc.gov.health.pcr-onboarding-workbench',
      productName: 'PCR Onboarding Workbench',
      directories: { output: 'release' },
      asar: true,
      npmRebuild: false,
    });
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toMatch(/^.+ <.+@.+>$/);
    expect(config.linux.category).toBeTruthy();
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
  });
});

describe('the packaged app (linux, unpacked)', () => {
  let project: string;
  let archive: string;

  beforeAll(async () => {
    project = tempDir('pcr-wb-package-');
    for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(REPO, file), path.join(project, file));
    // What the engine reads at run time beside its bundle: the templates and the fonts documents embed.
    fs.cpSync(path.join(REPO, 'templates'), path.join(project, 'templates'), { recursive: true });
    fs.cpSync(path.join(REPO, 'assets'), path.join(project, 'assets'), { recursive: true });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'), 'junction');
    await buildElectron(path.join(project, 'dist', 'electron'));
    fs.mkdirSync(path.join(project, 'dist', 'renderer', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(project, 'dist', 'renderer', 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(project, 'dist', 'renderer', 'assets', 'index-abc.js'), '');
    fs.writeFileSync(path.join(project, 'dist', 'renderer', 'assets', 'index-abc.js.map'), '{}');
    fs.writeFileSync(path.join(project, 'secret-notes.md'), 'not for the package');

    // A stand-in Electron distribution; fuses cannot be flipped in it, so they are left out here.
    const electronDist = path.join(project, 'fake-electron');
    fs.mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
    fs.writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    for (const file of ['LICENSE', 'LICENSES.chromium.html', 'version']) fs.writeFileSync(path.join(electronDist, file), '');
    const { electronFuses: _fuses, ...packagingConfig } = config;
    const configFile = path.join(project, 'electron-builder.json');
    fs.writeFileSync(configFile, JSON.stringify({ ...packagingConfig, electronDist, directories: { output: path.join(project, 'out') } }));

    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [fromBuilder.resolve('./cli.js'), '--linux', 'dir', '--x64', '--projectDir', project, '--config', configFile],
        { timeout: 240_000, env: { ...process.env, CI: '1' } },
        (error, _out, err) => (error ? reject(new Error(`${String(error)}\n${err}`)) : resolve()),
      );
    });
    archive = path.join(project, 'out', 'linux-unpacked', 'resources', 'app.asar');
  });
  afterAll(() => removeDir(project));

  it('holds the five bundles (main, preload, engine, untrusted-file worker, DOCX worker), the renderer and package.json, and no sources or maps', () => {
    const files = asar.listPackage(archive).filter((entry) => !/^\/(node_modules|templates|assets)(\/|$)/.test(entry));
    expect(files.sort()).toEqual([
      '/dist',
      '/dist/electron',
      '/dist/electron/docx-worker.cjs',
      '/dist/electron/engine.cjs',
      '/dist/electron/main.cjs',
      '/dist/electron/preload.cjs',
      '/dist/electron/untrusted-worker.cjs',
      '/dist/renderer',
      '/dist/renderer/assets',
      '/dist/renderer/assets/index-abc.js',
      '/dist/renderer/index.html',
      '/package.json',
    ]);
  });

  it('holds every template and the four BC Sans faces with their licence, which documents are generated from', () => {
    const files = new Set(asar.listPackage(archive));
    const templates = fs.readdirSync(path.join(REPO, 'templates'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(templates.length).toBeGreaterThan(5);
    for (const entry of templates) expect(files, entry.name).toContain(`/${path.relative(REPO, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}`);
    const fonts = [...files].filter((f) => f.startsWith('/assets/')).sort();
    expect(fonts).toEqual(['/assets/fonts', ...['BCSans-Bold.ttf', 'BCSans-BoldItalic.ttf', 'BCSans-Italic.ttf', 'BCSans-Regular.ttf', 'LICENSE-BCSans.txt'].map((f) => `/assets/fonts/${f}`)]);
  });

  it('ships better-sqlite3 alone from node_modules, without its C sources, with every addon unpacked', () => {
    const modules = asar.listPackage(archive).filter((entry) => entry.startsWith('/node_modules/'));
    expect(new Set(modules.map((entry) => entry.split('/')[2]))).toEqual(new Set(['better-sqlite3']));
    expect(modules.some((entry) => /\/(src|deps)\//.test(entry) || entry.endsWith('binding.gyp'))).toBe(false);
    const addons = modules.filter((entry) => entry.endsWith('.node'));
    expect(addons).toContain('/node_modules/better-sqlite3/prebuilds/linux-x64.node');
    for (const addon of addons) {
      expect(asar.statFile(archive, addon.slice(1)).unpacked, addon).toBe(true);
      expect(fs.existsSync(path.join(`${archive}.unpacked`, addon))).toBe(true);
    }
  });
});
