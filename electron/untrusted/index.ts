/**
 * Reading untrusted files in isolation. `runUntrusted(task, input, { subject })` runs one named
 * task of tasks.ts in the shared worker and resolves with its result, or rejects with a typed
 * WorkbenchError (`validation` for anything the file caused).
 */
import type { UntrustedTasks } from './tasks';
import { UntrustedRunner, type RunOptions } from './runner';

export { UNTRUSTED_LIMITS, UntrustedRunner, BUNDLED_WORKER, sourceEntry, type RunOptions, type WorkerEntry } from './runner';

let shared: UntrustedRunner | null = null;

export function untrustedRunner(): UntrustedRunner {
  return (shared ??= new UntrustedRunner());
}

export async function runUntrusted<K extends keyof UntrustedTasks>(
  task: K,
  input: Parameters<UntrustedTasks[K]>[0],
  options: RunOptions,
): Promise<Awaited<ReturnType<UntrustedTasks[K]>>> {
  return (await untrustedRunner().run(task, input, options)) as Awaited<ReturnType<UntrustedTasks[K]>>;
}
