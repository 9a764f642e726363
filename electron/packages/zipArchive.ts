/**
 * The zip container of an approval package.
 * Writing (writeZip, Node's zlib): entries sorted by name, a fixed modification time, a fixed compression level
 * per kind of file, so the same content always gives the same bytes. Files that are compressed
 * already (the PDF's streams are deflated, a DOCX is itself a zip) are stored: deflating the
 * package's PDF and DOCX again took ≈ 8 ms of CPU per archive written (an export writes one, each
 * signature another) to save ≈ 13 KB of ≈ 200 KB; the JSON files are deflated.
 * Reading (own central-directory parser + node:zlib): the archive comes from outside, so it is
 * treated as hostile — entry count, declared sizes and the actually inflated size are bounded,
 * names must be plain relative paths (no `..`, no absolute or drive paths, no backslashes),
 * duplicate names (also ignoring case) and overlapping entries are refused, encrypted and zip64
 * archives are refused, and every entry's CRC-32 is checked. Problems with the archive as a whole
 * throw; damage confined to one entry is reported on that entry, so a verification can say which
 * file is altered.
 */
import zlib from 'node:zlib';
import { writeZip } from '../zip/writeZip';
import { WorkbenchError } from '../../shared/api/errors';

export interface ArchiveEntry {
  name: string;
  bytes: Uint8Array;
}

export interface ReadEntry {
  name: string;
  /** Null when the entry's data is damaged (see problem). */
  bytes: Uint8Array | null;
  problem: string | null;
  declaredSize: number;
}

export const ZIP_LIMITS = {
  maxArchiveBytes: 100 * 1024 * 1024,
  maxEntries: 500,
  maxEntryBytes: 100 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  maxNameLength: 255,
};
export type ZipLimits = typeof ZIP_LIMITS;

/**
 * 1980-01-01 00:00, the earliest time a zip entry can carry. Built from local-time parts because
 * fflate writes the entry time from the Date's local-time fields: this way every time zone gives
 * the same bytes.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** Why a name is not a safe relative path inside a package, or null when it is. */
export function unsafeNameReason(name: string, maxLength = ZIP_LIMITS.maxNameLength): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.length > maxLength) return `a name longer than ${maxLength} characters`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a control character in the name';
  if (name.includes('\\')) return 'a backslash in the name';
  if (name.startsWith('/')) return 'an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'a drive-letter path';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.some((s) => s === '..')) return 'a ".." segment that would leave the package folder';
  if (segments.some((s) => s === '.' || s === '')) return 'an empty or "." path segment';
  return null;
}

/** Kinds of file whose content is compressed already: deflating them again costs time and saves little. */
const COMPRESSED_ALREADY = /\.(pdf|docx|xlsx|zip|png|jpe?g)$/i;

/** DEFLATE level of an entry: 0 (stored) for files compressed already, 6 for the rest. */
export function entryLevel(name: string): 0 | 6 {
  return COMPRESSED_ALREADY.test(name) ? 0 : 6;
}

export function writeArchive(entries: readonly ArchiveEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const [i, entry] of sorted.entries()) {
    const unsafe = unsafeNameReason(entry.name);
    if (unsafe || entry.name.endsWith('/')) throw new Error(`Refusing to write zip entry "${entry.name}": ${unsafe ?? 'a folder entry'}`);
    if (i > 0 && sorted[i - 1]!.name === entry.name) throw new Error(`Refusing to write zip entry "${entry.name}" twice`);
  }
  return writeZip(
    sorted.map((entry) => ({ name: entry.name, bytes: entry.bytes, level: entryLevel(entry.name) })),
    FIXED_MTIME,
  );
}

function refused(message: string): WorkbenchError {
  return new WorkbenchError('validation', message);
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

export function readArchive(input: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ReadEntry[] {
  const data = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const damaged = (why: string) => refused(`The package is not a readable zip archive: ${why}.`);
  if (data.length > limits.maxArchiveBytes) throw refused(`The package is ${data.length} bytes, over the ${limits.maxArchiveBytes}-byte limit.`);
  if (data.length < 22) throw damaged('too short to be a zip file');

  // The end-of-central-directory record: the last 22 bytes plus a comment of up to 65535 bytes.
  let eocd = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (data.readUInt32LE(at) === EOCD_SIG && at + 22 + data.readUInt16LE(at + 20) === data.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw damaged(data.readUInt32LE(0) === LOCAL_SIG ? 'its end is missing (truncated?)' : 'no zip directory found (is it a zip file?)');
  if (eocd >= 20 && data.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIG) throw refused('The package is a zip64 archive, which approval packages never are; refused.');
  const diskNumber = data.readUInt16LE(eocd + 4);
  const entriesOnDisk = data.readUInt16LE(eocd + 8);
  const entryCount = data.readUInt16LE(eocd + 10);
  const directorySize = data.readUInt32LE(eocd + 12);
  const directoryOffset = data.readUInt32LE(eocd + 16);
  if (diskNumber !== 0 || entriesOnDisk !== entryCount) throw refused('The package is a multi-part zip archive; refused.');
  if (entryCount > limits.maxEntries) throw refused(`The package has ${entryCount} entries, over the limit of ${limits.maxEntries}; refused.`);
  if (directoryOffset + directorySize > eocd) throw damaged('its directory lies outside the file');

  const entries: ReadEntry[] = [];
  const seen = new Map<string, string>();
  const ranges: { start: number; end: number; name: string }[] = [];
  let totalDeclared = 0;
  let at = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (at + 46 > eocd || data.readUInt32LE(at) !== CENTRAL_SIG) throw damaged(`directory entry ${i + 1} is damaged`);
    const flags = data.readUInt16LE(at + 8);
    const method = data.readUInt16LE(at + 10);
    const crc = data.readUInt32LE(at + 16);
    const compressedSize = data.readUInt32LE(at + 20);
    const declaredSize = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const localOffset = data.readUInt32LE(at + 42);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd > eocd) throw damaged(`directory entry ${i + 1} is damaged`);
    const nameBytes = data.subarray(at + 46, nameEnd);
    let name: string;
    try {
      name = flags & 0x800 ? new TextDecoder('utf-8', { fatal: true }).decode(nameBytes) : nameBytes.toString('latin1');
    } catch {
      throw damaged(`directory entry ${i + 1} has a name that is not valid UTF-8`);
    }
    at = nameEnd + extraLength + commentLength;

    const shown = JSON.stringify(name.slice(0, 120));
    const unsafe = unsafeNameReason(name, limits.maxNameLength);
    if (unsafe) throw refused(`The package holds an unsafe entry ${shown} (${unsafe}); refused.`);
    const folded = name.normalize('NFC').toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) throw refused(`The package holds the entry ${shown} twice${earlier === name ? '' : ` (as ${JSON.stringify(earlier)}, differing only in case)`}; refused.`);
    seen.set(folded, name);
    if (flags & 0x1) throw refused(`The package's entry ${shown} is encrypted; refused.`);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff) {
      throw refused(`The package's entry ${shown} uses zip64 sizes, which approval packages never need; refused.`);
    }
    if (declaredSize > limits.maxEntryBytes) {
      throw refused(`The package's entry ${shown} declares ${declaredSize} bytes uncompressed, over the ${limits.maxEntryBytes}-byte limit; refused.`);
    }
    totalDeclared += declaredSize;
    if (totalDeclared > limits.maxTotalBytes) throw refused(`The package's entries declare more than ${limits.maxTotalBytes} bytes uncompressed in all; refused.`);
    if (method !== 0 && method !== 8) throw refused(`The package's entry ${shown} uses compression method ${method}; only stored and deflate are read.`);

    if (localOffset + 30 > directoryOffset || data.readUInt32LE(localOffset) !== LOCAL_SIG) throw damaged(`the data of ${shown} is not where the directory says`);
    const dataStart = localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28);
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > directoryOffset) throw damaged(`the data of ${shown} runs past the end of the file data (truncated?)`);
    ranges.push({ start: localOffset, end: dataEnd, name });

    if (name.endsWith('/')) {
      if (declaredSize !== 0) throw refused(`The package's folder entry ${shown} carries data; refused.`);
      continue;
    }
    entries.push({ name, declaredSize, ...inflateEntry(data.subarray(dataStart, dataEnd), method, declaredSize, crc) });
  }
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]!.start < ranges[i - 1]!.end) throw refused(`The package's entries ${JSON.stringify(ranges[i - 1]!.name)} and ${JSON.stringify(ranges[i]!.name)} overlap; refused.`);
  }
  return entries;
}

function inflateEntry(raw: Buffer, method: number, declaredSize: number, crc: number): { bytes: Uint8Array | null; problem: string | null } {
  let bytes: Buffer;
  if (method === 0) {
    bytes = raw;
  } else {
    try {
      // One byte over the declared size is enough to know the entry lies about it.
      bytes = zlib.inflateRawSync(raw, { maxOutputLength: declaredSize + 1 });
    } catch (error) {
      const tooLarge = error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      return { bytes: null, problem: tooLarge ? `inflates to more than the ${declaredSize} bytes it declares` : 'its compressed data is damaged' };
    }
  }
  if (bytes.length !== declaredSize) return { bytes: null, problem: `holds ${bytes.length} bytes but declares ${declaredSize}` };
  if (zlib.crc32(bytes) >>> 0 !== crc) return { bytes: null, problem: 'its data does not match its zip checksum (CRC-32)' };
  return { bytes: new Uint8Array(bytes), problem: null };
}
