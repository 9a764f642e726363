/**
 * pdf.js, loaded on first use (it is large) with its worker bundled by Vite as a script of this
 * app, so both load from 'self' under the Content Security Policy: no CDN and no blob: worker.
 * pdf.js 5.7 no longer compiles anything with eval or `new Function` (its `isEvalSupported`
 * option is gone with it), and embedded fonts go through the FontFace API, never a <style>.
 */
import type { PDFDocumentLoadingTask } from 'pdfjs-dist';

type PdfJs = typeof import('pdfjs-dist');

let loading: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?worker')]).then(([pdfjs, worker]) => {
    // One worker for every document the window opens.
    pdfjs.GlobalWorkerOptions.workerPort = new worker.default({ name: 'pdf.js' });
    return pdfjs;
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** Opens a PDF given as bytes. The bytes are handed to the worker: do not reuse the array. */
export async function openPdf(data: Uint8Array): Promise<PDFDocumentLoadingTask> {
  const pdfjs = await loadPdfJs();
  return pdfjs.getDocument({
    data,
    // Nothing is fetched: the workbench's PDFs embed their fonts, and the app has no font files for pdf.js.
    useSystemFonts: false,
    enableXfa: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
}
