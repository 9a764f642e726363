/** Temporary data folders for tests: real SQLite files on disk, removed afterwards. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine, type Engine } from '../../electron/engine/index';
import { defaultKeyVault, keysDirOf } from '../../electron/packages/index';

export function tempDir(prefix = 'pcr-wb-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** `keyPassphrase`: the signing key is kept in the data folder's key file under this passphrase (keys.init works). */
export function tempEngine(options: { actor?: string; today?: string; templatesDir?: string; keyPassphrase?: string } = {}): Engine & { dataDir: string } {
  const dataDir = tempDir();
  const engine = createEngine({
    dataDir,
    actor: options.actor ?? 'Test Lead',
    ...(options.today ? { today: () => options.today! } : {}),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    ...(options.keyPassphrase ? { keyVault: defaultKeyVault(keysDirOf(dataDir), { PCR_WORKBENCH_KEY_PASSPHRASE: options.keyPassphrase }) } : {}),
  });
  return {
    ...engine,
    dataDir,
    close() {
      engine.close();
      removeDir(dataDir);
    },
  };
}

/** A small questionnaire (v1 and v2) for tests that should not depend on the shipped template's wording. */
export const FIXTURE_TEMPLATES = path.resolve(import.meta.dirname, '../fixtures/templates');
