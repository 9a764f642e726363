/** Real, small PDF and DOCX files and helpers for the package tests (not a test file itself). */
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { Document, Packer, Paragraph } from 'docx';
import { buildPackage, readArchive, type PackageDocument } from '../../electron/packages/index';

const FIXED = new Date('2026-03-01T12:00:00Z');

export async function samplePdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(text);
  pdf.setCreationDate(FIXED);
  pdf.setModificationDate(FIXED);
  const page = pdf.addPage([612, 792]);
  page.drawText(text, { x: 72, y: 700, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return pdf.save({ useObjectStreams: false });
}

export async function sampleDocx(text: string): Promise<Uint8Array> {
  const doc = new Document({ creator: 'test', sections: [{ children: [new Paragraph(text)] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function sampleDocuments(text = 'Approval package for PCR-2026-0001'): Promise<PackageDocument[]> {
  return [
    { path: 'documents/approval-package.pdf', bytes: await samplePdf(text), mediaType: 'application/pdf' },
    {
      path: 'documents/approval-package.docx',
      bytes: await sampleDocx(text),
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
  ];
}

export const FINGERPRINT = 'a'.repeat(64);

export async function unsignedPackage(text?: string): Promise<Uint8Array> {
  return buildPackage({
    dossier: { id: '0190a0b0-0000-7000-8000-000000000001', reference: 'PCR-2026-0001' },
    version: 1,
    contentFingerprint: FINGERPRINT,
    documents: await sampleDocuments(text),
    templateVersions: { 'approval-package': '1' },
    createdAt: new Date('2026-03-02T09:30:00Z'),
  }).bytes;
}

/** The package's entries by name (all must be readable). */
export function entriesOf(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(readArchive(bytes).map((e) => [e.name, e.bytes!]));
}

/** Re-zips entries the way an attacker with any zip tool would (fflate, order as given). */
export function rezip(entries: Map<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(entries));
}

export function flipByte(bytes: Uint8Array, at: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

/** Where an entry's (compressed) data starts and ends inside the zip file. */
export function entryDataRange(zip: Uint8Array, name: string): { start: number; end: number } {
  const data = Buffer.from(zip);
  let at = 0;
  while (data.readUInt32LE(at) === 0x04034b50) {
    const compressed = data.readUInt32LE(at + 18);
    const nameLength = data.readUInt16LE(at + 26);
    const extra = data.readUInt16LE(at + 28);
    const entryName = data.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    if (entryName === name) return { start, end: start + compressed };
    at = start + compressed;
  }
  throw new Error(`no entry ${name}`);
}

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}
