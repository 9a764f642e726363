/**
 * `tsx scripts/prepare-electron-native.ts [--force]` (run by `npm start`): makes sure the desktop
 * app in development has a better-sqlite3 addon Electron can load, without touching the copy in
 * node_modules that the CLI and the tests load in Node.
 *
 * better-sqlite3 13 is a Node-API addon (NAPI_VERSION in its binding.gyp) with prebuilds for every
 * platform; Node-API is ABI-stable, so that prebuild loads in Electron's Node as is and there is
 * nothing to build. Only for an addon that is not Node-API (an older better-sqlite3), or with
 * --force, does this script compile a SEPARATE copy against Electron's headers into
 * .electron-native/better_sqlite3.node, which electron/app/nativeAddon.ts then hands the engine.
 * That build needs the network (Electron's headers from electronjs.org) and a C++ toolchain.
 *
 * Packaged apps do not use this folder: electron-builder ships node_modules/better-sqlite3 with its
 * prebuild unpacked from app.asar (see electron-builder.yml).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ELECTRON_NATIVE_DIR, electronAddonPath } from '../electron/app/nativeAddon';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Node-API 10 needs Node 22.14+; Electron ships Node 22.14 or newer from Electron 35 on. */
const FIRST_ELECTRON_WITH_NAPI_10 = 35;

export interface AddonFacts {
  electronVersion: string;
  betterSqliteVersion: string;
  /** NAPI_VERSION the addon is compiled for, or null for an addon built against V8/NAN directly. */
  napiVersion: number | null;
  /** A prebuild for this platform and architecture ships in the package. */
  hasPrebuild: boolean;
  platform: string;
  arch: string;
}

export interface Stamp {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

export type Plan =
  | { action: 'none'; reason: string; removeStale: boolean }
  | { action: 'keep'; reason: string }
  | { action: 'build'; reason: string };

export function stampFor(facts: AddonFacts): Stamp {
  return { electron: facts.electronVersion, betterSqlite3: facts.betterSqliteVersion, platform: facts.platform, arch: facts.arch };
}

export function planNativeAddon(facts: AddonFacts, existing: Stamp | null, force: boolean): Plan {
  const electronMajor = Number(facts.electronVersion.split('.')[0]);
  const napiUsable = facts.napiVersion !== null && facts.hasPrebuild && (facts.napiVersion < 10 || electronMajor >= FIRST_ELECTRON_WITH_NAPI_10);
  if (napiUsable && !force) {
    return {
      action: 'none',
      reason:
        `better-sqlite3 ${facts.betterSqliteVersion} is a Node-API ${facts.napiVersion} addon with a ${facts.platform}-${facts.arch} ` +
        `prebuild, which loads in Electron ${facts.electronVersion} as is; nothing to build.`,
      // A copy built earlier would shadow the prebuild; it is no longer wanted.
      removeStale: existing !== null,
    };
  }
  const wanted = stampFor(facts);
  if (existing && JSON.stringify(existing) === JSON.stringify(wanted)) {
    const built = `better-sqlite3 ${facts.betterSqliteVersion} built for Electron ${facts.electronVersion}`;
    return { action: 'keep', reason: `${ELECTRON_NATIVE_DIR} already holds ${built}.` };
  }
  return {
    action: 'build',
    reason: force
      ? 'building because --force was given'
      : `better-sqlite3 ${facts.betterSqliteVersion} needs a build for Electron ${facts.electronVersion} ` +
        `(${facts.napiVersion === null ? 'not a Node-API addon' : 'no usable Node-API prebuild'})`,
  };
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function prebuildTarget(): string {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const musl = process.platform === 'linux' && !report?.header?.glibcVersionRuntime;
  return `${musl ? 'linuxmusl' : process.platform}-${process.arch}`;
}

export function readAddonFacts(root = ROOT): AddonFacts {
  const packageDir = path.join(root, 'node_modules', 'better-sqlite3');
  const gyp = fs.existsSync(path.join(packageDir, 'binding.gyp')) ? fs.readFileSync(path.join(packageDir, 'binding.gyp'), 'utf8') : '';
  const napi = /NAPI_VERSION=(\d+)/.exec(gyp);
  return {
    electronVersion: readJson<{ version: string }>(path.join(root, 'node_modules', 'electron', 'package.json')).version,
    betterSqliteVersion: readJson<{ version: string }>(path.join(packageDir, 'package.json')).version,
    napiVersion: napi ? Number(napi[1]) : null,
    hasPrebuild: fs.existsSync(path.join(packageDir, 'prebuilds', `${prebuildTarget()}.node`)),
    platform: process.platform,
    arch: process.arch,
  };
}

class PrepareError extends Error {}

/** Compiles a copy of the package in a temporary folder against Electron's headers. */
function buildForElectron(facts: AddonFacts, root: string): void {
  const require = createRequire(path.join(root, 'package.json'));
  let nodeGyp: string;
  try {
    nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    throw new PrepareError('node-gyp is not installed (it comes with electron-builder); run "npm ci" first.');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pcr-wb-electron-native-'));
  try {
    const copy = path.join(work, 'better-sqlite3');
    fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), copy, {
      recursive: true,
      filter: (source) => !/[\\/](build|prebuilds|node_modules)$/.test(source),
    });
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(root, 'node_modules') };
    // npm passes its settings down: a `nodedir` points at Node's headers and would silently build for
    // Node instead of Electron, and npx's loglevel=silent would hide why a build failed.
    for (const key of Object.keys(env)) if (/^npm_config_(nodedir|loglevel)$/i.test(key)) delete env[key];
    env.npm_config_loglevel = 'warn';
    const args = [
      nodeGyp,
      'rebuild',
      '--release',
      '--force_build=1',
      `--target=${facts.electronVersion}`,
      `--arch=${facts.arch}`,
      '--dist-url=https://electronjs.org/headers',
    ];
    console.log(`prepare-electron-native: building better-sqlite3 ${facts.betterSqliteVersion} for Electron ${facts.electronVersion} in ${copy}`);
    const result = spawnSync(process.execPath, args, { cwd: copy, env, stdio: 'inherit' });
    const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
    if (result.status !== 0 || !fs.existsSync(built)) {
      throw new PrepareError(
        [
          `could not build better-sqlite3 for Electron ${facts.electronVersion} (node-gyp exited with ${result.status ?? result.signal}).`,
          '  This needs Electron\'s headers from https://electronjs.org/headers (is this machine offline?)',
          '  and a C++ toolchain (build-essential and python3 on Linux, Xcode tools on macOS, VS Build Tools on Windows).',
          `  Nothing was written to ${ELECTRON_NATIVE_DIR}; the CLI, the browser host and the tests are unaffected.`,
        ].join('\n'),
      );
    }
    fs.mkdirSync(path.dirname(electronAddonPath(root)), { recursive: true });
    fs.copyFileSync(built, electronAddonPath(root));
    fs.writeFileSync(path.join(root, ELECTRON_NATIVE_DIR, 'stamp.json'), `${JSON.stringify(stampFor(facts), null, 2)}\n`);
    console.log(`prepare-electron-native: wrote ${path.relative(root, electronAddonPath(root))}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function prepareElectronNative(options: { root?: string; force?: boolean } = {}): Plan {
  const root = options.root ?? ROOT;
  const stampFile = path.join(root, ELECTRON_NATIVE_DIR, 'stamp.json');
  const existing = fs.existsSync(stampFile) && fs.existsSync(electronAddonPath(root)) ? readJson<Stamp>(stampFile) : null;
  const facts = readAddonFacts(root);
  const plan = planNativeAddon(facts, existing, options.force ?? false);
  if (plan.action === 'none' && plan.removeStale) fs.rmSync(path.join(root, ELECTRON_NATIVE_DIR), { recursive: true, force: true });
  if (plan.action === 'build') buildForElectron(facts, root);
  return plan;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const plan = prepareElectronNative({ force: process.argv.includes('--force') });
    if (plan.action !== 'build') console.log(`prepare-electron-native: ${plan.reason}`);
  } catch (error) {
    if (!(error instanceof PrepareError)) throw error;
    console.error(`prepare-electron-native: ${error.message}`);
    process.exitCode = 1;
  }
}
