/**
 * The approval package's PDF signed with a PKCS#12 certificate, checked with poppler's `pdfsig`
 * as a PDF reader would: the signature is valid, names the signer, covers the whole file; the
 * package manifest hashes the signed PDF; a wrong passphrase exports nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import { tempDir, removeDir, tempEngine } from '../support/tempData';

const PASSPHRASE = 'p12 passphrase';

/** A self-signed certificate with its RSA key as a .p12, as an organization's CA would issue one. */
function selfSignedP12(commonName: string): Buffer {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '0a1b2c';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'BC Ministry of Health' },
    { name: 'countryName', value: 'CA' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], PASSPHRASE, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

let engine: ReturnType<typeof tempEngine>;
const work = tempDir('pcr-pdfsig-');
let p12: Buffer;

beforeAll(async () => {
  engine = tempEngine({ actor: 'Amrit Dhillon' });
  const created = await dispatch(engine.handlers, 'dossier.create', { fields: { 'organization.legal_name': 'Sḵwx̱wú7mesh Úxwumixw Health Services', 'application.name': 'Clinic EMR' } });
  expect(created.ok).toBe(true);
  p12 = selfSignedP12('Amrit Dhillon');
});
afterAll(() => {
  engine?.close();
  removeDir(work);
});

describe('a PDF signature on the approval package', () => {
  it('is shown valid by pdfsig, names the signer and covers the whole file; the manifest hashes the signed PDF', async () => {
    const result = await dispatch(engine.handlers, 'package.export', { id: 'PCR-2026-0001', pdf_certificate: { p12_base64: p12.toString('base64'), passphrase: PASSPHRASE } });
    if (!result.ok) throw new Error(result.error.message);
    const { content_base64 } = result.value as { content_base64: string };
    const entries = unzipSync(Buffer.from(content_base64, 'base64'));
    const pdfName = Object.keys(entries).find((n) => n.endsWith('.pdf'))!;
    const file = path.join(work, 'signed.pdf');
    fs.writeFileSync(file, entries[pdfName]!);

    const run = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    const report = run.stdout + run.stderr;
    expect(report).toContain('Signature #1');
    expect(report).toContain('Signer Certificate Common Name: Amrit Dhillon');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('ETSI.CAdES.detached');
    expect(report).toContain('Total document signed');

    const manifest = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8')) as { files: { path: string; sha256: string }[] };
    const entry = manifest.files.find((f) => f.path === pdfName)!;
    expect(entry.sha256).toBe(crypto.createHash('sha256').update(entries[pdfName]!).digest('hex'));
    // Still a readable document: the text survived the re-save.
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Approval package');
  });

  it('a wrong passphrase is refused with a clear message and no package is recorded', async () => {
    const before = await dispatch(engine.handlers, 'package.history', { id: 'PCR-2026-0001' });
    const result = await dispatch(engine.handlers, 'package.export', { id: 'PCR-2026-0001', pdf_certificate: { p12_base64: p12.toString('base64'), passphrase: 'wrong' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation');
    expect(result.error.message).toMatch(/PKCS#12|certificate/);
    expect(result.error.message).not.toContain('wrong');
    const after = await dispatch(engine.handlers, 'package.history', { id: 'PCR-2026-0001' });
    expect(after).toEqual(before);
  });
});
