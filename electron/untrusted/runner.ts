/**
 * Runs a named parse task on untrusted bytes in a worker thread with a memory ceiling, a stack
 * bound and a wall-clock deadline. The worker is started on first use and kept for the next file
 * (starting one costs far more than a form takes to read); it is replaced after any failure and
 * never keeps the process alive while idle. Whatever goes wrong inside — out of memory, stack
 * overflow, a library's TypeError, a hang, the worker dying — comes back as a `validation` refusal
 * naming the file: "The file … could not be read safely: …".
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../../shared/api/errors';
import type { CrossedError, TaskRequest, WorkerMessage } from './protocol';

export const UNTRUSTED_LIMITS = {
  /** The worker's JavaScript heap. A form needs a few tens of MB; a bomb hits this, not the machine. */
  memoryMb: 384,
  stackMb: 4,
  /** Per file, from the moment the worker starts on it: well under what a user waits for. */
  deadlineMs: 10_000,
  /** Loading the parsers in a new worker is our own code, not the file's; a loaded machine is slow. */
  startupMs: 60_000,
  /** An idle worker is ended after this long, giving its memory back. */
  idleMs: 60_000,
};

/** The bundled worker sits next to the engine bundle (see scripts/build-electron.ts). */
export const BUNDLED_WORKER = 'untrusted-worker.cjs';

export interface WorkerEntry {
  file: string;
  execArgv: string[];
}

/**
 * From source (CLI and host under tsx, tests) the worker is bundled on first use into one CommonJS
 * file with esbuild (a development dependency, there when running from source): loading TypeScript
 * and pdf-lib's hundreds of ES modules through a loader in every new worker costs seconds, one
 * bundled file a fraction of that. The bundle is kept in the temporary folder and rebuilt when any
 * of its input files changed.
 */
export function sourceEntry(file: string): WorkerEntry {
  return { file: bundleForWorker(file), execArgv: [] };
}

function bundleForWorker(file: string): string {
  const dir = path.join(os.tmpdir(), 'pcr-workbench-untrusted');
  const key = crypto.createHash('sha256').update(file).digest('hex').slice(0, 16);
  const out = path.join(dir, `${path.basename(file, path.extname(file))}-${key}.cjs`);
  const inputsFile = `${out}.inputs.json`;
  if (isFresh(out, inputsFile)) return out;
  fs.mkdirSync(dir, { recursive: true });
  // Loaded by name at run time only: the engine bundle never carries esbuild.
  const load = createRequire(path.join(import.meta.dirname, 'runner.ts'));
  const esbuild = load('esbuild') as typeof import('esbuild');
  const temporary = `${out}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const result = esbuild.buildSync({
    entryPoints: [file],
    outfile: temporary,
    absWorkingDir: path.parse(file).root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    metafile: true,
    logLevel: 'silent',
    define: { 'import.meta.dirname': '__dirname' },
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) => {
    const absolute = path.resolve(path.parse(file).root, input);
    const stat = fs.statSync(absolute);
    return [absolute, stat.mtimeMs, stat.size] as const;
  });
  fs.writeFileSync(`${temporary}.inputs`, JSON.stringify(inputs));
  // Renames are atomic: concurrent test processes each write their own file and the last one wins.
  fs.renameSync(temporary, out);
  fs.renameSync(`${temporary}.inputs`, inputsFile);
  return out;
}

function isFresh(out: string, inputsFile: string): boolean {
  try {
    if (!fs.existsSync(out)) return false;
    const inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8')) as [string, number, number][];
    return inputs.every(([file, mtimeMs, size]) => {
      const stat = fs.statSync(file);
      return stat.mtimeMs === mtimeMs && stat.size === size;
    });
  } catch {
    return false;
  }
}

export function defaultEntry(): WorkerEntry {
  const bundled = path.join(import.meta.dirname, BUNDLED_WORKER);
  if (fs.existsSync(bundled)) return { file: bundled, execArgv: [] };
  return sourceEntry(path.join(import.meta.dirname, 'worker.ts'));
}

export interface RunOptions {
  /** How the file is named in a refusal, e.g. `"rfi.pdf"` or `the package`. */
  subject: string;
  deadlineMs?: number;
}

interface Job {
  request: TaskRequest;
  options: RunOptions;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const unsafe = (subject: string, why: string) => new WorkbenchError('validation', `The file ${subject} could not be read safely: ${why}. Nothing was imported or changed.`);

/** Why a failure inside the worker happened, in the user's words. */
function reasonOf(error: CrossedError): string {
  const detail = error.message.split('\n')[0]!.slice(0, 160);
  if (error.name === 'RangeError' && /call stack/i.test(error.message)) return 'its structure is nested or linked too deeply (it loops back on itself or is built to exhaust the reader)';
  if (error.name === 'RangeError') return `it asks for more than the reader allows (${detail})`;
  return `its structure is damaged in a way the reader cannot follow (${error.name}: ${detail})`;
}

export class UntrustedRunner {
  private worker: Worker | null = null;
  private ready = false;
  private readonly queue: Job[] = [];
  private current: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;

  constructor(
    private readonly entry: () => WorkerEntry = defaultEntry,
    private readonly limits: typeof UNTRUSTED_LIMITS = UNTRUSTED_LIMITS,
  ) {}

  run(task: string, input: unknown, options: RunOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, task, input }, options, resolve, reject });
      this.pump();
    });
  }

  /** Ends the worker now (tests, shutdown); queued work is refused. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.discard(new WorkbenchError('internal', 'The safe file reader was closed.'));
    for (const job of this.queue.splice(0)) job.reject(new WorkbenchError('internal', 'The safe file reader was closed.'));
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    if (!this.worker) this.start();
    if (!this.ready) return;
    const job = this.queue.shift()!;
    this.current = job;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.worker!.ref();
    const deadline = job.options.deadlineMs ?? this.limits.deadlineMs;
    this.timer = setTimeout(() => this.fail(unsafe(job.options.subject, `reading it took longer than ${deadline / 1000} s, so it was stopped`)), deadline);
    this.worker!.postMessage(job.request);
  }

  private start(): void {
    let entry: WorkerEntry;
    try {
      entry = this.entry();
    } catch (error) {
      for (const job of this.queue.splice(0)) job.reject(new WorkbenchError('internal', `The safe file reader could not be prepared: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    const { file, execArgv } = entry;
    const worker = new Worker(file, {
      execArgv,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: this.limits.stackMb },
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    this.ready = false;
    this.timer = setTimeout(() => this.fail(new WorkbenchError('internal', `The safe file reader did not start within ${this.limits.startupMs / 1000} s.`)), this.limits.startupMs);
    worker.on('message', (message: WorkerMessage) => {
      if (worker !== this.worker) return;
      if (message.type === 'ready') {
        this.ready = true;
        this.clearTimer();
        this.pump();
        return;
      }
      const job = this.current;
      if (!job || job.request.id !== message.id) return;
      this.clearTimer();
      this.current = null;
      if (message.ok) job.resolve(message.value);
      else if (message.error.code) job.reject(new WorkbenchError(message.error.code, message.error.message, message.error.details));
      else job.reject(unsafe(job.options.subject, reasonOf(message.error)));
      this.idle();
      this.pump();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (worker !== this.worker) return;
      const subject = this.current?.options.subject;
      if (!this.ready) this.fail(new WorkbenchError('internal', `The safe file reader could not start: ${error.message}`));
      else if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.fail(unsafe(subject ?? 'given', `reading it needed more than ${this.limits.memoryMb} MB of memory, so it was stopped`));
      else this.fail(unsafe(subject ?? 'given', reasonOf({ name: error.name, message: error.message })));
    });
    worker.on('exit', (code) => {
      if (worker !== this.worker) return;
      this.fail(this.ready ? unsafe(this.current?.options.subject ?? 'given', `the reader stopped (exit code ${code})`) : new WorkbenchError('internal', `The safe file reader stopped while starting (exit code ${code}).`));
    });
  }

  /** The worker is no longer trusted to be healthy: end it, refuse the running job, start afresh for the next. */
  private fail(error: WorkbenchError): void {
    const worker = this.worker;
    this.discard(error);
    if (worker) void worker.terminate();
    // A worker that failed while starting fails every queued job the same way, rather than looping.
    if (error.code === 'internal') for (const job of this.queue.splice(0)) job.reject(error);
    this.pump();
  }

  private discard(error: WorkbenchError): void {
    this.clearTimer();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const job = this.current;
    this.current = null;
    this.worker = null;
    this.ready = false;
    job?.reject(error);
  }

  private idle(): void {
    const worker = this.worker;
    if (!worker || this.queue.length) return;
    worker.unref();
    this.idleTimer = setTimeout(() => {
      if (this.worker === worker && !this.current) {
        this.worker = null;
        this.ready = false;
        void worker.terminate();
      }
    }, this.limits.idleMs);
    this.idleTimer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
