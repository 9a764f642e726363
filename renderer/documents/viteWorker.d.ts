/** Vite's `?worker` import: the module bundled as a worker script of the app, and its constructor. */
declare module 'pdfjs-dist/build/pdf.worker.min.mjs?worker' {
  const PdfWorker: new (options?: { name?: string }) => Worker;
  export default PdfWorker;
}
