/** Runs the real pcr-workbench CLI as a child process, the way `npm run cli` does. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'electron/cli/main.ts'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, PCR_WORKBENCH_USER: 'CLI Tester', ...env },
    // Bounds a hung process only: on a loaded 2-core machine a CLI start alone can take a minute.
    timeout: 240_000,
  });
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout),
  };
}
