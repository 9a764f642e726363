/** The command line the main process gives the engine's utility process, and its parsing there. */
import { parseArgs } from 'node:util';

export interface EngineLaunch {
  dataDir: string;
  actor: string;
  /** A better-sqlite3 addon to load instead of the package's own (see scripts/prepare-electron-native.ts). */
  nativeBinding?: string;
}

export function engineArgs(launch: EngineLaunch): string[] {
  const args = [`--data-dir=${launch.dataDir}`, `--actor=${launch.actor}`];
  if (launch.nativeBinding) args.push(`--native-binding=${launch.nativeBinding}`);
  return args;
}

/** Reads the launch from argv; unknown arguments (which a runtime may add) are ignored. */
export function parseEngineArgs(argv: readonly string[]): EngineLaunch {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'data-dir': { type: 'string' }, actor: { type: 'string' }, 'native-binding': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const dataDir = values['data-dir'];
  const actor = values.actor;
  const nativeBinding = values['native-binding'];
  if (typeof dataDir !== 'string' || dataDir === '') throw new Error('the engine was started without --data-dir');
  if (typeof actor !== 'string' || actor === '') throw new Error('the engine was started without --actor');
  return { dataDir, actor, ...(typeof nativeBinding === 'string' && nativeBinding ? { nativeBinding } : {}) };
}
