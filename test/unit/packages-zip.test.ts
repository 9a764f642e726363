/** Reading packages from outside: hostile zip archives are refused with a clear message. */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../shared/api/errors';
import { readArchive, verifyPackage, writeArchive, ZIP_LIMITS } from '../../electron/packages/index';
import { unsafeNameReason } from '../../electron/packages/zipArchive';

interface RawEntry {
  name: string;
  content?: Uint8Array;
  /** Overrides what the directory declares. */
  declaredSize?: number;
  flags?: number;
  method?: 0 | 8 | 12;
}

/** A zip written byte by byte, so a test can make it lie in any way an attacker could. */
function rawZip(entries: RawEntry[], options: { centralOnly?: (i: number, header: Buffer) => void } = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const content = Buffer.from(e.content ?? new Uint8Array(0));
    const method = e.method ?? 8;
    const data = method === 8 ? zlib.deflateRawSync(content) : content;
    const name = Buffer.from(e.name, 'utf8');
    const flags = (e.flags ?? 0) | 0x800;
    const size = e.declaredSize ?? content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(zlib.crc32(content), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(zlib.crc32(content), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    options.centralOnly?.(i, central);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const text = (s: string) => new TextEncoder().encode(s);

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('validation');
    return (error as WorkbenchError).message;
  }
  throw new Error('expected the archive to be refused');
}

describe('reading a zip', () => {
  it('reads back what was written, in sorted order', () => {
    const zip = writeArchive([
      { name: 'signatures/b.json', bytes: text('{}') },
      { name: 'documents/ä.pdf', bytes: text('pdf') },
      { name: 'manifest.json', bytes: text('{"a":1}') },
    ]);
    expect(readArchive(zip).map((e) => [e.name, new TextDecoder().decode(e.bytes!)])).toEqual([
      ['documents/ä.pdf', 'pdf'],
      ['manifest.json', '{"a":1}'],
      ['signatures/b.json', '{}'],
    ]);
  });

  it('stores files compressed already (PDF, DOCX) and deflates the JSON files, the same bytes every time', () => {
    const repeated = text('{"answer":"compliant"}'.repeat(200));
    const entries = [
      { name: 'documents/a.pdf', bytes: repeated },
      { name: 'documents/a.docx', bytes: repeated },
      { name: 'manifest.json', bytes: repeated },
    ];
    const zip = Buffer.from(writeArchive(entries));
    // The compression method of each entry, from its local header (entries sorted by name).
    const methods: Record<string, number> = {};
    for (let at = 0; zip.readUInt32LE(at) === 0x04034b50; ) {
      const nameLength = zip.readUInt16LE(at + 26);
      const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
      methods[name] = zip.readUInt16LE(at + 8);
      at += 30 + nameLength + zip.readUInt16LE(at + 28) + zip.readUInt32LE(at + 18);
    }
    expect(methods).toEqual({ 'documents/a.docx': 0, 'documents/a.pdf': 0, 'manifest.json': 8 });
    expect(readArchive(zip).every((e) => Buffer.from(e.bytes!).equals(Buffer.from(repeated)))).toBe(true);
    expect(Buffer.from(writeArchive(entries)).equals(zip)).toBe(true);
  });

  it('reads a hand-made zip with stored and deflated entries and skips folder entries', () => {
    const entries = readArchive(rawZip([{ name: 'documents/' }, { name: 'documents/a.txt', content: text('hello'), method: 0 }, { name: 'manifest.json', content: text('{}') }]));
    expect(entries.map((e) => e.name)).toEqual(['documents/a.txt', 'manifest.json']);
  });

  for (const [name, why] of [
    ['../evil', /unsafe entry "\.\.\/evil" \(a "\.\." segment that would leave the package folder\); refused/],
    ['documents/../../evil.sh', /a "\.\." segment/],
    ['/etc/passwd', /an absolute path/],
    ['C:/Windows/evil.dll', /a drive-letter path/],
    ['documents\\..\\evil', /a backslash/],
    ['documents//a.pdf', /an empty or "\." path segment/],
    ['documents/a\u0000.pdf', /a control character/],
  ] as const) {
    it(`refuses an entry named ${JSON.stringify(name)}`, () => {
      expect(refusal(() => readArchive(rawZip([{ name: 'manifest.json', content: text('{}') }, { name, content: text('x') }])))).toMatch(why);
    });
  }

  it('refuses the same name twice, also when only the case differs', () => {
    expect(refusal(() => readArchive(rawZip([{ name: 'manifest.json', content: text('{}') }, { name: 'manifest.json', content: text('{"x":1}') }])))).toMatch(
      /holds the entry "manifest\.json" twice; refused/,
    );
    expect(refusal(() => readArchive(rawZip([{ name: 'documents/A.pdf', content: text('1') }, { name: 'documents/a.pdf', content: text('2') }])))).toMatch(
      /twice \(as "documents\/A\.pdf", differing only in case\)/,
    );
  });

  it('refuses an entry that declares a huge uncompressed size, before inflating anything', () => {
    const bomb = rawZip([{ name: 'documents/bomb.pdf', content: text('small'), declaredSize: 0xfffffff0 }]);
    expect(refusal(() => readArchive(bomb))).toMatch(/"documents\/bomb\.pdf" declares 4294967280 bytes uncompressed, over the 104857600-byte limit; refused/);
    expect(refusal(() => verifyPackage(bomb, []))).toMatch(/declares 4294967280 bytes/);
  });

  it('refuses entries whose declared sizes add up past the limit', () => {
    const limits = { ...ZIP_LIMITS, maxEntryBytes: 1000, maxTotalBytes: 1500 };
    const zip = rawZip([
      { name: 'documents/a.pdf', content: new Uint8Array(900) },
      { name: 'documents/b.pdf', content: new Uint8Array(900) },
    ]);
    expect(refusal(() => readArchive(zip, limits))).toMatch(/declare more than 1500 bytes uncompressed in all/);
  });

  it('stops inflating an entry that lies about its size (a real zip bomb) and reports it as damaged', () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    const zip = rawZip([{ name: 'documents/bomb.pdf', content: zeros, declaredSize: 1024 }]);
    expect(zip.length).toBeLessThan(100_000);
    const [entry] = readArchive(zip);
    expect(entry).toMatchObject({ bytes: null, problem: 'inflates to more than the 1024 bytes it declares' });
  });

  it('refuses more entries than the limit', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `documents/${i}.txt`, content: text(String(i)) }));
    expect(refusal(() => readArchive(rawZip(many), { ...ZIP_LIMITS, maxEntries: 10 }))).toMatch(/has 11 entries, over the limit of 10; refused/);
  });

  it('refuses encrypted entries, unknown compression and zip64 sizes', () => {
    expect(refusal(() => readArchive(rawZip([{ name: 'manifest.json', content: text('{}'), flags: 1 }])))).toMatch(/is encrypted; refused/);
    expect(refusal(() => readArchive(rawZip([{ name: 'manifest.json', content: text('{}'), method: 12 }])))).toMatch(/compression method 12/);
    expect(refusal(() => readArchive(rawZip([{ name: 'manifest.json', content: text('{}'), declaredSize: 0xffffffff }])))).toMatch(/zip64/);
  });

  it('refuses entries whose data overlap (the overlapping-file zip bomb)', () => {
    const zip = rawZip([{ name: 'documents/a.txt', content: text('aaaa') }, { name: 'documents/b.txt', content: text('bbbb') }], {
      centralOnly: (i, header) => {
        if (i === 1) header.writeUInt32LE(0, 42);
      },
    });
    expect(refusal(() => readArchive(zip))).toMatch(/entries "documents\/a\.txt" and "documents\/b\.txt" overlap; refused/);
  });

  it('reports an entry whose checksum does not match as damaged, not the whole archive', () => {
    const zip = rawZip([{ name: 'manifest.json', content: text('{"a":1}'), method: 0 }]);
    const copy = Buffer.from(zip);
    copy[30 + 'manifest.json'.length + 2] = 0x62;
    expect(readArchive(copy)[0]).toMatchObject({ bytes: null, problem: 'its data does not match its zip checksum (CRC-32)' });
  });

  it('the name rules accept plain package paths', () => {
    for (const ok of ['manifest.json', 'documents/Approval package – Sḵwx̱wú7mesh.pdf', 'signatures/0123456789abcdef0123456789abcdef.json']) expect(unsafeNameReason(ok)).toBeNull();
  });

  it('refuses to write an unsafe or duplicate entry', () => {
    expect(() => writeArchive([{ name: '../x', bytes: text('') }])).toThrow(/Refusing to write/);
    expect(() => writeArchive([{ name: 'a.json', bytes: text('') }, { name: 'a.json', bytes: text('') }])).toThrow(/twice/);
  });
});
