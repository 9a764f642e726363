/** The DOCX worker's bundle, next to the engine bundle (scripts/build-electron.ts builds it). */
export const BUNDLED_DOCX_WORKER = 'docx-worker.cjs';
