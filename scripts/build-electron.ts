/**
 * `npm run build:electron`: bundles the Electron shell into dist/electron as CommonJS.
 *   main.cjs     the main process          (node; requires electron and Node built-ins)
 *   preload.cjs  the window's preload      (sandboxed renderer; requires only electron)
 *   engine.cjs   the engine utility process (node; requires better-sqlite3, never electron)
 *   untrusted-worker.cjs  the worker thread the engine reads untrusted files in (node built-ins only)
 * better-sqlite3 stays external: its native addon is loaded from node_modules at run time.
 * ESM-only dependencies (electron-store, uuid) and JSON imports are bundled in.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Message, type Metafile } from 'esbuild';
import { BUNDLED_DOCX_WORKER } from '../electron/documents/docx/workerFile';
import { BUNDLED_WORKER } from '../electron/untrusted/runner';

const ROOT = path.resolve(import.meta.dirname, '..');

export const ELECTRON_BUNDLES = {
  main: 'electron/app/main.ts',
  preload: 'electron/app/preload.ts',
  engine: 'electron/app/engineProcess.ts',
  untrustedWorker: 'electron/untrusted/worker.ts',
  docxWorker: 'electron/documents/docx/worker.ts',
} as const;

export interface BuildElectronResult {
  outDir: string;
  files: Record<keyof typeof ELECTRON_BUNDLES, string>;
  warnings: Message[];
  metafile: Metafile;
}

const common: BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  format: 'cjs',
  sourcemap: true,
  outExtension: { '.js': '.cjs' },
  logLevel: 'silent',
  legalComments: 'none',
};

export async function buildElectron(outDir = path.join(ROOT, 'dist', 'electron')): Promise<BuildElectronResult> {
  const node = await build({
    ...common,
    // The worker's file name is what electron/untrusted/runner.ts looks for next to engine.cjs.
    entryPoints: {
      main: ELECTRON_BUNDLES.main,
      engine: ELECTRON_BUNDLES.engine,
      [BUNDLED_WORKER.replace(/\.cjs$/, '')]: ELECTRON_BUNDLES.untrustedWorker,
      // Looked for next to engine.cjs by electron/documents/docx/docxWorker.ts.
      [BUNDLED_DOCX_WORKER.replace(/\.cjs$/, '')]: ELECTRON_BUNDLES.docxWorker,
    },
    outdir: outDir,
    metafile: true,
    platform: 'node',
    target: 'node22',
    external: ['electron', 'better-sqlite3'],
    // Source files find their folder with import.meta.dirname; a CommonJS bundle has __dirname.
    define: { 'import.meta.dirname': '__dirname' },
  });
  // A sandboxed preload runs in the renderer with a small `require` that knows 'electron' and little else.
  const preload = await build({
    ...common,
    entryPoints: { preload: ELECTRON_BUNDLES.preload },
    outdir: outDir,
    metafile: true,
    platform: 'browser',
    target: 'chrome130',
    external: ['electron'],
  });
  const metafile: Metafile = {
    inputs: { ...node.metafile.inputs, ...preload.metafile.inputs },
    outputs: { ...node.metafile.outputs, ...preload.metafile.outputs },
  };
  return {
    outDir,
    files: {
      main: path.join(outDir, 'main.cjs'),
      preload: path.join(outDir, 'preload.cjs'),
      engine: path.join(outDir, 'engine.cjs'),
      untrustedWorker: path.join(outDir, BUNDLED_WORKER),
      docxWorker: path.join(outDir, BUNDLED_DOCX_WORKER),
    },
    warnings: [...node.warnings, ...preload.warnings],
    metafile,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await buildElectron();
  for (const warning of result.warnings) {
    const where = warning.location ? ` (${warning.location.file}:${warning.location.line})` : '';
    console.warn(`warning: ${warning.text}${where}`);
  }
  for (const file of Object.values(result.files)) console.log(`built ${path.relative(ROOT, file)}`);
}
