/** The DOCX worker thread's entry (bundled as docx-worker.cjs): renders document models it is sent. */
import { parentPort } from 'node:worker_threads';
import type { DocumentModel } from '../../../shared/documents/model';
import { renderDocx, type DocxRenderOptions } from './render';

export type DocxRequest = { id: number; model: DocumentModel; options: DocxRenderOptions };
export type DocxReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('the DOCX worker runs in a worker thread only');
port.on('message', async ({ id, model, options }: DocxRequest) => {
  try {
    const bytes = await renderDocx(model, options);
    port.postMessage({ id, bytes } satisfies DocxReply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies DocxReply);
  }
});
