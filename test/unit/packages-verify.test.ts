/** Signing and verifying approval packages: every kind of tampering is detected and named. */
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../shared/api/errors';
import type { Identity, TrustedKey, VerificationReport } from '../../shared/api/packageOps';
import { addSignature, buildPackage, verifyPackage } from '../../electron/packages/index';
import { generateSigningKey, keyIdOf, publicKeyBase64, publicKeyOf, sha256Hex, verifyBytes } from '../../electron/packages/keys';
import { manifestBytes, parseManifest } from '../../electron/packages/manifest';
import { createSignature, signatureFileBytes, signaturePath, statementBytes } from '../../electron/packages/signature';
import { entriesOf, entryDataRange, flipByte, rezip, sampleDocuments, unsignedPackage, FINGERPRINT } from './packages-fixtures';

interface Signer {
  key: crypto.KeyObject;
  identity: Identity;
  trusted: TrustedKey;
}

function makeSigner(name: string, role: Identity['role']): Signer {
  const key = generateSigningKey();
  const pub = publicKeyOf(key);
  const identity: Identity = { key_id: keyIdOf(pub), public_key: publicKeyBase64(pub), name, role, created_at: '2026-03-01T00:00:00.000Z' };
  return { key, identity, trusted: { key_id: identity.key_id, public_key: identity.public_key, name, role, added_at: '2026-03-01T00:00:00.000Z' } };
}

const sign = (bytes: Uint8Array, s: Signer, decision: 'approved' | 'approved_with_conditions' | 'rejected' = 'approved', comment = '', replace = false) =>
  addSignature(bytes, { privateKey: s.key, identity: s.identity, decision, comment, signedAt: new Date('2026-03-03T10:00:00Z'), replace }).bytes;

let alice: Signer;
let bob: Signer;
let mallory: Signer;
let keyring: TrustedKey[];
let signed: Uint8Array;
const PDF = 'documents/approval-package.pdf';
const DOCX = 'documents/approval-package.docx';

beforeAll(async () => {
  alice = makeSigner('Ava Thompson', 'moh_registries_manager');
  bob = makeSigner('Sḵwx̱wú7mesh Úxwumixw liaison ʔaq̓am', 'cis');
  mallory = makeSigner('Mallory', 'cis');
  keyring = [alice.trusted, bob.trusted];
  signed = sign(sign(await unsignedPackage(), alice), bob, 'approved_with_conditions', 'Go-live after the DQ review — “conditions” apply');
});

const verify = (bytes: Uint8Array, ring = keyring) => verifyPackage(bytes, ring);
const fileStatus = (r: VerificationReport, path: string) => r.files.find((f) => f.path === path)?.status;
const sigOf = (r: VerificationReport, s: Signer) => r.signatures.find((x) => x.key_id === s.identity.key_id);

function replaceEntry(bytes: Uint8Array, name: string, change: (b: Uint8Array) => Uint8Array | null): Uint8Array {
  const entries = entriesOf(bytes);
  const next = change(entries.get(name)!);
  if (next) entries.set(name, next);
  else entries.delete(name);
  return rezip(entries);
}

function expectRefused(bytes: Uint8Array, message: RegExp) {
  let error: unknown;
  try {
    verify(bytes);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(WorkbenchError);
  expect((error as WorkbenchError).code).toBe('validation');
  expect((error as WorkbenchError).message).toMatch(message);
}

describe('a well-formed package', () => {
  it('verifies when every file matches and every signer is trusted', () => {
    const report = verify(signed);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.files.map((f) => [f.path, f.status])).toEqual([
      [DOCX, 'ok'],
      [PDF, 'ok'],
    ]);
    expect(report.manifest).toMatchObject({ reference: 'PCR-2026-0001', package_version: 1, template_versions: { 'approval-package': '1' } });
    expect(sigOf(report, alice)).toMatchObject({ status: 'valid', trust: 'trusted', decision: 'approved', trusted_signer: { name: 'Ava Thompson', role: 'moh_registries_manager' } });
    expect(sigOf(report, bob)).toMatchObject({ status: 'valid', trust: 'trusted', decision: 'approved_with_conditions', claimed_signer: { name: bob.identity.name } });
  });

  it('lays out documents/, manifest.json and signatures/<key_id>.json, sorted, with canonical manifest bytes', () => {
    const names = [...entriesOf(signed).keys()];
    expect(names).toEqual([DOCX, PDF, 'manifest.json', signaturePath(alice.identity.key_id), signaturePath(bob.identity.key_id)].sort());
    const manifest = entriesOf(signed).get('manifest.json')!;
    const parsed = parseManifest(manifest).manifest!;
    expect(Buffer.from(manifestBytes(parsed)).equals(Buffer.from(manifest))).toBe(true);
    expect(parsed.files.map((f) => f.path)).toEqual([DOCX, PDF]);
    expect(parsed.generator.name).toBe('PCR Onboarding Workbench');
    expect(parsed.files[1]!.sha256).toBe(sha256Hex(entriesOf(signed).get(PDF)!));
  });

  it('is byte-for-byte reproducible from the same input', async () => {
    const input = {
      dossier: { id: 'd1', reference: 'PCR-2026-0009' },
      version: 3,
      contentFingerprint: FINGERPRINT,
      documents: await sampleDocuments('same'),
      templateVersions: { 'approval-package': '2' },
      createdAt: new Date('2026-04-01T00:00:00Z'),
    };
    const a = buildPackage(input).bytes;
    const b = buildPackage({ ...input, documents: [...input.documents].reverse() }).bytes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('signs exactly the documented statement, verifiable with node:crypto alone', () => {
    const sig = JSON.parse(new TextDecoder().decode(entriesOf(signed).get(signaturePath(bob.identity.key_id))!));
    const manifestSha = sha256Hex(entriesOf(signed).get('manifest.json')!);
    const statement = JSON.stringify({
      comment: sig.comment,
      context: 'pcr-workbench/approval-package/signature/v1',
      decision: sig.decision,
      manifest_sha256: manifestSha,
      signed_at: sig.signed_at,
      signer: { key_id: sig.key_id, name: sig.signer.name, role: sig.signer.role },
    });
    expect(new TextDecoder().decode(statementBytes({ manifestSha256: manifestSha, decision: sig.decision, comment: sig.comment, signedAt: sig.signed_at, signer: { keyId: sig.key_id, ...sig.signer } }))).toBe(statement);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(sig.public_key, 'base64')]);
    const pub = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verifyBytes(pub, Buffer.from(statement, 'utf8'), Buffer.from(sig.signature, 'base64'))).toBe(true);
  });

  it('an unsigned package is not verified', async () => {
    const report = verify(await unsignedPackage());
    expect(report.ok).toBe(false);
    expect(report.files.every((f) => f.status === 'ok')).toBe(true);
    expect(report.problems).toEqual(['The package has no signatures yet.']);
  });
});

describe('tampering with the content of a file', () => {
  for (const path of [PDF, DOCX]) {
    it(`a byte flipped in ${path} is an altered file`, () => {
      const tampered = replaceEntry(signed, path, (b) => flipByte(b, Math.floor(b.length / 2)));
      const report = verify(tampered);
      expect(report.ok).toBe(false);
      expect(fileStatus(report, path)).toBe('altered');
      expect(report.files.filter((f) => f.status !== 'ok')).toHaveLength(1);
      expect(report.problems[0]).toMatch(new RegExp(`^${path} was altered: its SHA-256 is [0-9a-f]{64}, the manifest says`));
      // The signatures still hold over the manifest, which is intact.
      expect(report.signatures.every((s) => s.status === 'valid')).toBe(true);
    });
  }

  it('a byte flipped in the manifest breaks every signature', () => {
    const tampered = replaceEntry(signed, 'manifest.json', (b) => {
      const text = new TextDecoder().decode(b).replace('"package_version":1', '"package_version":7');
      return new TextEncoder().encode(text);
    });
    const report = verify(tampered);
    expect(report.ok).toBe(false);
    expect(report.manifest?.package_version).toBe(7);
    expect(report.signatures.map((s) => s.status)).toEqual(['bad_signature', 'bad_signature']);
    expect(report.problems.join('\n')).toMatch(/made over a different manifest/);
  });

  it('a manifest byte flipped into invalid JSON is a manifest problem, and nothing verifies', () => {
    const tampered = replaceEntry(signed, 'manifest.json', (b) => flipByte(b, 0));
    const report = verify(tampered);
    expect(report.ok).toBe(false);
    expect(report.manifest).toBeNull();
    expect(report.problems[0]).toMatch(/manifest.json is not valid UTF-8 JSON/);
    expect(report.files.map((f) => f.status)).toEqual(['extra', 'extra']);
    expect(report.signatures.every((s) => s.status === 'bad_signature')).toBe(true);
  });

  it('a byte flipped in a signature value is a bad signature', () => {
    const name = signaturePath(alice.identity.key_id);
    const tampered = replaceEntry(signed, name, (b) => {
      const sig = JSON.parse(new TextDecoder().decode(b));
      const raw = Buffer.from(sig.signature, 'base64');
      raw[10] = raw[10]! ^ 1;
      return signatureFileBytes({ ...sig, signature: raw.toString('base64') });
    });
    const report = verify(tampered);
    expect(report.ok).toBe(false);
    expect(sigOf(report, alice)).toMatchObject({ status: 'bad_signature', trust: 'trusted' });
    expect(sigOf(report, bob)?.status).toBe('valid');
    expect(report.problems).toEqual([expect.stringMatching(/The signature of Ava Thompson .* is not valid: .*signature file was altered/)]);
  });

  it('a changed decision in a signature file is a bad signature', () => {
    const name = signaturePath(bob.identity.key_id);
    const tampered = replaceEntry(signed, name, (b) => signatureFileBytes({ ...JSON.parse(new TextDecoder().decode(b)), decision: 'approved', comment: '' }));
    expect(sigOf(verify(tampered), bob)?.status).toBe('bad_signature');
  });

  it('a byte flipped in the signature file text makes it unreadable or bad', () => {
    const name = signaturePath(alice.identity.key_id);
    const tampered = replaceEntry(signed, name, (b) => flipByte(b, 2));
    const report = verify(tampered);
    expect(report.ok).toBe(false);
    expect(['malformed', 'bad_signature']).toContain(report.signatures.find((s) => s.file === name)!.status);
  });
});

describe('tampering with the zip bytes themselves', () => {
  for (const name of [PDF, DOCX, 'manifest.json', 'signature']) {
    it(`a byte flipped inside the stored data of ${name} is detected`, () => {
      const entry = name === 'signature' ? signaturePath(alice.identity.key_id) : name;
      const { start, end } = entryDataRange(signed, entry);
      const report = verify(flipByte(signed, Math.floor((start + end) / 2)));
      expect(report.ok).toBe(false);
      if (name === 'manifest.json') {
        expect(report.problems[0]).toMatch(/^manifest.json is damaged: /);
        expect(report.signatures.every((s) => s.status === 'bad_signature')).toBe(true);
      } else if (name === 'signature') {
        expect(report.signatures.find((s) => s.file === entry)).toMatchObject({ status: 'malformed' });
        // Which check catches the flip depends on where it lands in the (random) signature's deflate stream.
        expect(report.problems[0]).toMatch(/is not a readable signature: (its data does not match its zip checksum|its compressed data is damaged|inflates to more than the \d+ bytes it declares|holds)/);
      } else {
        const file = report.files.find((f) => f.path === entry)!;
        expect(file.status).toBe('altered');
        expect(file.detail).toMatch(/zip entry is damaged/);
      }
    });
  }

  it('a truncated zip cannot be read', () => {
    expectRefused(signed.subarray(0, Math.floor(signed.length * 0.7)), /not a readable zip archive: its end is missing \(truncated\?\)/);
  });

  it('random bytes and a PDF are not packages', async () => {
    expectRefused(crypto.randomBytes(4096), /not a readable zip archive: no zip directory found/);
    expectRefused((await sampleDocuments())[0]!.bytes, /not a readable zip archive/);
    expectRefused(new Uint8Array(3), /too short/);
  });
});

describe('files removed, added, replaced', () => {
  it('a removed document is missing', () => {
    const report = verify(replaceEntry(signed, DOCX, () => null));
    expect(report.ok).toBe(false);
    expect(fileStatus(report, DOCX)).toBe('missing');
    expect(report.problems).toContain(`${DOCX} is missing: the manifest lists it but the package does not hold it.`);
  });

  it('a removed manifest is named', () => {
    const report = verify(replaceEntry(signed, 'manifest.json', () => null));
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toBe('manifest.json is missing: nothing says what the package should hold.');
  });

  it('an added file is extra', () => {
    const entries = entriesOf(signed);
    entries.set('documents/side-letter.txt', new TextEncoder().encode('also approved: everything'));
    const report = verify(rezip(entries));
    expect(report.ok).toBe(false);
    expect(report.files.find((f) => f.path === 'documents/side-letter.txt')).toMatchObject({ status: 'extra', actual_size: 25 });
    expect(report.problems).toEqual(['documents/side-letter.txt is in the package but not in the manifest: an added file.']);
  });

  it('an edited document with a re-hashed manifest keeps the files consistent but breaks the signatures', () => {
    const entries = entriesOf(signed);
    const pdf = flipByte(entries.get(PDF)!, 100);
    const manifest = parseManifest(entries.get('manifest.json')!).manifest!;
    manifest.files = manifest.files.map((f) => (f.path === PDF ? { ...f, sha256: sha256Hex(pdf), size: pdf.length } : f));
    entries.set(PDF, pdf);
    entries.set('manifest.json', manifestBytes(manifest));
    const report = verify(rezip(entries));
    expect(report.files.every((f) => f.status === 'ok')).toBe(true);
    expect(report.ok).toBe(false);
    expect(report.signatures.map((s) => s.status)).toEqual(['bad_signature', 'bad_signature']);
  });

  it('a signature swapped in from another package does not hold', async () => {
    const other = sign(await unsignedPackage('A different dossier'), alice);
    const name = signaturePath(alice.identity.key_id);
    const swapped = replaceEntry(signed, name, () => entriesOf(other).get(name)!);
    const report = verify(swapped);
    expect(report.ok).toBe(false);
    expect(sigOf(report, alice)).toMatchObject({ status: 'bad_signature', trust: 'trusted' });
    expect(sigOf(report, alice)!.detail).toMatch(/different manifest .*another package/);
  });

  it('a signature file renamed to another key id is unreadable', () => {
    const entries = entriesOf(signed);
    const own = signaturePath(alice.identity.key_id);
    entries.set(signaturePath(mallory.identity.key_id), entries.get(own)!);
    entries.delete(own);
    const report = verify(rezip(entries));
    expect(report.signatures.find((s) => s.file === signaturePath(mallory.identity.key_id))).toMatchObject({ status: 'malformed' });
    expect(report.ok).toBe(false);
  });
});

describe('who signed', () => {
  it('a valid signature by a key outside the keyring is an unknown signer', async () => {
    const report = verify(sign(await unsignedPackage(), mallory));
    expect(report.ok).toBe(false);
    expect(report.signatures[0]).toMatchObject({ status: 'valid', trust: 'unknown_signer', trusted_signer: null, claimed_signer: { name: 'Mallory' } });
    expect(report.problems).toEqual([`Mallory (cis, key ${mallory.identity.key_id}) is not in the trusted keyring: an unknown signer.`]);
  });

  it('a trusted key claiming someone else’s name or role is an identity mismatch', async () => {
    const liar = { ...alice, identity: { ...alice.identity, name: 'Deputy Minister', role: 'cis' as const } };
    const report = verify(sign(await unsignedPackage(), liar));
    expect(report.signatures[0]).toMatchObject({ status: 'valid', trust: 'identity_mismatch', trusted_signer: { name: 'Ava Thompson' } });
    expect(report.ok).toBe(false);
  });

  it('the same package verifies for one keyring and not for another', () => {
    expect(verify(signed, [alice.trusted]).ok).toBe(false);
    expect(verify(signed, [alice.trusted, bob.trusted]).ok).toBe(true);
  });
});

describe('signing', () => {
  it('refuses to sign a tampered package, naming what is wrong', () => {
    const tampered = replaceEntry(signed, PDF, (b) => flipByte(b, 50));
    expect(() => sign(tampered, mallory)).toThrowError(/Refusing to sign: the package does not match its manifest\. documents\/approval-package\.pdf was altered/);
  });

  it('refuses a second signature by the same key unless replacing it', () => {
    expect(() => sign(signed, alice, 'rejected', 'no')).toThrowError(/already signed with your key .* \(approved, 2026-03-03T10:00:00.000Z\)/);
    const replaced = sign(signed, alice, 'rejected', 'Privacy gaps still open', true);
    const report = verify(replaced);
    expect(report.ok).toBe(true);
    expect(report.signatures).toHaveLength(2);
    expect(sigOf(report, alice)).toMatchObject({ decision: 'rejected', comment: 'Privacy gaps still open' });
  });

  it('keeps the documents and manifest byte for byte', () => {
    const before = entriesOf(signed);
    const after = entriesOf(sign(signed, mallory));
    for (const name of [PDF, DOCX, 'manifest.json']) expect(Buffer.from(after.get(name)!).equals(Buffer.from(before.get(name)!))).toBe(true);
  });

  it('signature files name their signer, decision, time and the manifest they cover', () => {
    const sig = createSignature(alice.key, alice.identity, 'f'.repeat(64), 'approved', 'ok', '2026-03-04T00:00:00.000Z');
    expect(sig).toMatchObject({ key_id: alice.identity.key_id, public_key: alice.identity.public_key, signer: { name: 'Ava Thompson', role: 'moh_registries_manager' }, manifest_sha256: 'f'.repeat(64) });
    expect(Buffer.from(sig.signature, 'base64')).toHaveLength(64);
  });
});
