/**
 * The DOCX rendered on a second thread while the PDF renders on this one, for the approval
 * package (both formats at once). Measured with the package on this 2-core machine: 21 % less
 * wall time for 8 % more CPU. The worker is long-lived — started by the engine's warm-up, so only
 * long-lived processes (desktop engine, browser host) have one; a CLI command renders on its own
 * thread, where starting a worker would cost more than it saves. It never keeps the process
 * alive, and if it cannot start or fails, the DOCX is rendered on this thread instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DocumentModel } from '../../../shared/documents/model';
import { sourceEntry } from '../../untrusted/runner';
import { defaultFontsDir } from '../fonts';
import { renderDocx, type DocxRenderOptions } from './render';
import { BUNDLED_DOCX_WORKER } from './workerFile';
import type { DocxReply, DocxRequest } from './worker';


let worker: Worker | null = null;
let failed = false;
let nextId = 0;
const pending = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();
/** How many DOCX files the worker rendered (the tests check the package went through it). */
export const docxWorkerStats = { rendered: 0 };

function entryFile(): string {
  const bundled = path.join(import.meta.dirname, BUNDLED_DOCX_WORKER);
  return fs.existsSync(bundled) ? bundled : sourceEntry(path.join(import.meta.dirname, 'worker.ts')).file;
}

function fail(error: Error): void {
  failed = true;
  worker = null;
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

/** Starts the worker (once); false when it cannot run here. */
export function startDocxWorker(): boolean {
  if (worker) return true;
  if (failed) return false;
  try {
    const started = new Worker(entryFile());
    started.unref();
    started.on('message', (reply: DocxReply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if ('bytes' in reply) {
        docxWorkerStats.rendered++;
        job.resolve(reply.bytes);
      } else job.reject(new Error(reply.error));
    });
    started.on('error', (error) => fail(error));
    started.on('exit', (code) => fail(new Error(`the DOCX worker stopped (exit code ${code})`)));
    worker = started;
    return true;
  } catch {
    failed = true;
    return false;
  }
}

function inWorker(current: Worker, model: DocumentModel, options: DocxRenderOptions): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    current.ref();
    // The fonts' folder from here: a worker bundled from source lives in a temporary folder.
    current.postMessage({ id, model, options: { ...options, fontsDir: options.fontsDir ?? defaultFontsDir() } } satisfies DocxRequest);
  });
}

/** The DOCX, in the worker when one runs, else (or if it fails) on this thread. */
export async function renderDocxConcurrently(model: DocumentModel, options: DocxRenderOptions): Promise<Uint8Array> {
  const current = worker;
  if (current) {
    try {
      return await inWorker(current, model, options);
    } catch {
      // Rendered here instead: the worker is only a speed-up.
    }
  }
  return renderDocx(model, options);
}
