/**
 * Bounds on what reading a PDF may decode and create, enforced inside pdf-lib as it parses: no
 * compressed stream may expand past `maxStreamBytes`, all of them together past
 * `maxDecodedBytes`, and the document may not hold more than `maxObjects` objects. Without these a
 * 470 KB object-stream bomb expands to gigabytes outside the JavaScript heap, where no heap limit
 * sees it.
 * pdf-lib offers no hook for this, so the shared decoder base class and the object table are
 * wrapped. Installed only in the worker that reads untrusted files (electron/untrusted/tasks.ts):
 * the engine's own documents are never bounded by it.
 */
import { PDFContext, PDFDict, PDFRawStream, decodePDFRawStream, type PDFObject, type PDFRef } from '@cantoo/pdf-lib';
import { WorkbenchError } from '../../shared/api/errors';

export const PDF_PARSE_LIMITS = {
  maxStreamBytes: 16 * 1024 * 1024,
  maxDecodedBytes: 64 * 1024 * 1024,
  maxObjects: 200_000,
};

let decodedBytes = 0;
let tripped: string | null = null;
let installed = false;

const MB = (bytes: number) => `${bytes / 1024 / 1024} MB`;
/** The refusal of a file that hit a limit, e.g. `"form.pdf" has a compressed stream that …`. */
export const bombRefusal = (name: string, why: string) =>
  new WorkbenchError('validation', `"${name}" ${why}; it is built to exhaust the reader (a decompression bomb) and is not read.`);

/** pdf-lib catches errors while parsing an object and goes on; the first limit hit is kept here. */
function trip(why: string): WorkbenchError {
  tripped ??= why;
  return bombRefusal('The PDF', tripped);
}

/** Starts the budget afresh for the next document. */
export function startPdfParse(): void {
  decodedBytes = 0;
  tripped = null;
}

/** The limit the last parse hit, if any (it explains any error pdf-lib reported instead), as a refusal naming the file. */
export function pdfLimitHit(name: string): WorkbenchError | null {
  return tripped === null ? null : bombRefusal(name, tripped);
}

interface DecodeStreamLike {
  buffer: Uint8Array;
  ensureBuffer(requested: number): Uint8Array;
}

export function installPdfParseLimits(): void {
  if (installed) return;
  installed = true;
  // Every pdf-lib decoder (Flate, LZW, ASCII85, ASCIIHex, RunLength) grows its output through the
  // base class's ensureBuffer; reach that class through a decoder the library hands out.
  const context = PDFContext.create();
  const probe = decodePDFRawStream(PDFRawStream.of(context.obj({ Filter: 'ASCIIHexDecode' }) as PDFDict, new Uint8Array(0)));
  const base = Object.getPrototypeOf(Object.getPrototypeOf(probe)) as DecodeStreamLike;
  const ensureBuffer = base.ensureBuffer;
  if (typeof ensureBuffer !== 'function') throw new Error('pdf-lib changed: no DecodeStream.ensureBuffer to bound');
  base.ensureBuffer = function (this: DecodeStreamLike, requested: number) {
    if (requested > PDF_PARSE_LIMITS.maxStreamBytes) throw trip(`has a compressed stream that expands past ${MB(PDF_PARSE_LIMITS.maxStreamBytes)}`);
    const before = this.buffer.byteLength;
    const grown = ensureBuffer.call(this, requested);
    decodedBytes += grown.byteLength - before;
    if (decodedBytes > PDF_PARSE_LIMITS.maxDecodedBytes) throw trip(`has compressed streams that expand past ${MB(PDF_PARSE_LIMITS.maxDecodedBytes)} together`);
    return grown;
  };

  const assign = PDFContext.prototype.assign;
  PDFContext.prototype.assign = function (this: PDFContext, ref: PDFRef, object: PDFObject) {
    const objects = (this as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects;
    if (objects.size >= PDF_PARSE_LIMITS.maxObjects && !objects.has(ref)) throw trip(`holds more than ${PDF_PARSE_LIMITS.maxObjects} objects`);
    assign.call(this, ref, object);
  };
}

/** Object streams declare how many objects they hold: refuse before decoding when that is too many. */
export function assertDeclaredObjectCount(name: string, raw: string): void {
  const refused = (why: string) => bombRefusal(name, why);
  let declared = 0;
  for (const match of raw.matchAll(/\/Type\s*\/ObjStm\b/g)) {
    const around = raw.slice(Math.max(0, match.index - 400), match.index + 400);
    const n = /\/N\s+(\d{1,12})\b/.exec(around);
    if (n) declared += Number(n[1]);
    if (declared > PDF_PARSE_LIMITS.maxObjects) throw refused(`declares more than ${PDF_PARSE_LIMITS.maxObjects} objects in its object streams`);
  }
  let direct = declared;
  for (const _ of raw.matchAll(/\d+\s+\d+\s+obj\b/g)) {
    if (++direct > PDF_PARSE_LIMITS.maxObjects) throw refused(`holds more than ${PDF_PARSE_LIMITS.maxObjects} objects`);
  }
}
