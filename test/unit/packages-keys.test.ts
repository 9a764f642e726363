/** Signing keys and the trusted keyring: creation, protection, the environment key, export and trust. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import type { ApiError } from '../../shared/api/errors';
import { defaultKeyVault, keysDirOf, packageHandlers, PassphraseFileVault, verifyPackage } from '../../electron/packages/index';
import { formatFingerprint, readKeyring, readKnownKeys, recordKnownKeys } from '../../electron/packages/keyring';
import { keyIdOf, publicKeyOf } from '../../electron/packages/keys';
import { tempEngine } from '../support/tempData';
import { filesUnder, unsignedPackage } from './packages-fixtures';

const PASS = 'correct horse battery staple';
const engines: ReturnType<typeof tempEngine>[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.close();
});

/** An engine whose package handlers use a key vault made from the given environment. */
function workbench(env: NodeJS.ProcessEnv = { PCR_WORKBENCH_KEY_PASSPHRASE: PASS }, actor = 'Ava Thompson') {
  const engine = tempEngine({ actor });
  engines.push(engine);
  const keysDir = keysDirOf(engine.dataDir);
  const handlers = { ...engine.handlers, ...packageHandlers(engine.context, { dataDir: engine.dataDir, keyVault: defaultKeyVault(keysDir, env) }) } as Handlers;
  const call = (name: string, input: unknown) => dispatch(handlers, name, input, (e) => {
    throw e;
  });
  const ok = async <T = any>(name: string, input: unknown = {}): Promise<T> => {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as T;
  };
  const fails = async (name: string, input: unknown = {}): Promise<ApiError> => {
    const result = await call(name, input);
    if (result.ok) throw new Error(`${name} should have failed`);
    return result.error;
  };
  return { engine, dataDir: engine.dataDir, keysDir, call, ok, fails };
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('a signing key protected by a passphrase', () => {
  it('is created on keys.init, trusted by its owner, and the status says where it is', async () => {
    const wb = workbench();
    const identity = await wb.ok('keys.init', { role: 'moh_registries_manager' });
    expect(identity).toMatchObject({ name: 'Ava Thompson', role: 'moh_registries_manager' });
    expect(identity.key_id).toMatch(/^[0-9a-f]{32}$/);
    const keyFile = path.join(wb.keysDir, 'signing-key.json');
    expect(fs.existsSync(keyFile)).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const status = await wb.ok('keys.status');
    expect(status).toMatchObject({ has_private_key: true, identity: { key_id: identity.key_id } });
    expect(status.storage).toMatch(/signing-key\.json, encrypted with a passphrase \(scrypt \+ AES-256-GCM\)/);
    expect(status.trusted_keys).toEqual([expect.objectContaining({ key_id: identity.key_id, name: 'Ava Thompson' })]);
  });

  it('never leaves the private key readable in the data folder', async () => {
    const wb = workbench();
    await wb.ok('keys.init', { role: 'cis' });
    const signedPackage = (await wb.ok('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved' })).content_base64;
    fs.writeFileSync(path.join(wb.dataDir, 'signed.zip'), Buffer.from(signedPackage, 'base64'));
    const key = await new PassphraseFileVault(path.join(wb.keysDir, 'signing-key.json'), () => PASS).load();
    const der = key!.export({ format: 'der', type: 'pkcs8' });
    const seed = der.subarray(der.length - 32);
    const pemBody = key!.export({ format: 'pem', type: 'pkcs8' }).toString().split('\n')[1]!;
    const secrets = [seed, Buffer.from(seed.toString('hex')), Buffer.from(seed.toString('base64')), Buffer.from(der.toString('base64')), Buffer.from(pemBody), Buffer.from(pemBody.slice(0, 40))];
    const files = filesUnder(wb.dataDir);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const content = fs.readFileSync(file);
      for (const secret of secrets) expect(content.includes(secret), `${path.relative(wb.dataDir, file)} holds private key material`).toBe(false);
    }
  });

  it('a wrong passphrase gives a clear error and signs nothing', async () => {
    const owner = workbench();
    await owner.ok('keys.init', { role: 'cis' });
    const intruder = workbench({ PCR_WORKBENCH_KEY_PASSPHRASE: 'not the passphrase' });
    fs.cpSync(owner.keysDir, intruder.keysDir, { recursive: true });
    const error = await intruder.fails('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved' });
    expect(error.code).toBe('validation');
    expect(error.message).toMatch(/^The passphrase does not unlock the signing key in .*signing-key\.json \(wrong passphrase, or the file was altered\)\.$/);
  });

  it('without a passphrase, says how to give one', async () => {
    const wb = workbench({});
    expect((await wb.fails('keys.init', { role: 'cis' })).message).toMatch(/A passphrase is needed .*set PCR_WORKBENCH_KEY_PASSPHRASE/);
    expect(fs.existsSync(path.join(wb.keysDir, 'signing-key.json'))).toBe(false);
    const withKey = workbench();
    await withKey.ok('keys.init', { role: 'cis' });
    const locked = workbench({});
    fs.cpSync(withKey.keysDir, locked.keysDir, { recursive: true });
    expect((await locked.fails('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved' })).message).toMatch(
      /is protected by a passphrase: set PCR_WORKBENCH_KEY_PASSPHRASE/,
    );
  });

  it('refuses a short passphrase and writes nothing', async () => {
    const wb = workbench({ PCR_WORKBENCH_KEY_PASSPHRASE: 'short' });
    expect((await wb.fails('keys.init', { role: 'cis' })).message).toBe('The passphrase is too short: use at least 8 characters.');
    expect(fs.existsSync(wb.keysDir) ? fs.readdirSync(wb.keysDir) : []).toEqual([]);
  });

  it('is not replaced without force; with force the old key stays trusted', async () => {
    const wb = workbench();
    const first = await wb.ok('keys.init', { role: 'cis' });
    const refused = await wb.fails('keys.init', { role: 'cis', name: 'Someone Else' });
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(`You already have a signing key (key ${first.key_id}, Ava Thompson, cis). Nothing changed. Use --force`);
    const second = await wb.ok('keys.init', { role: 'cis', force: true });
    expect(second.key_id).not.toBe(first.key_id);
    expect(readKeyring(wb.keysDir).map((k) => k.key_id)).toEqual([first.key_id, second.key_id]);
  });

  it('a key file whose public key was swapped no longer unlocks', async () => {
    const wb = workbench();
    await wb.ok('keys.init', { role: 'cis' });
    const file = path.join(wb.keysDir, 'signing-key.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
    fs.writeFileSync(file, JSON.stringify({ ...data, public_key: other.toString('base64') }));
    expect((await wb.fails('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved' })).message).toMatch(/does not unlock/);
    fs.writeFileSync(file, '{"format":"something else"}');
    expect((await wb.fails('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved' })).message).toMatch(/is damaged or not a workbench key file/);
  });
});

describe('a signing key from PCR_WORKBENCH_SIGNING_KEY', () => {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKeyOf(privateKey));
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

  for (const [label, value, extra] of [
    ['PEM', pem, {}],
    ['base64 PKCS#8', privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'), {}],
    ['encrypted PEM', privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: PASS }).toString(), { PCR_WORKBENCH_KEY_PASSPHRASE: PASS }],
  ] as const) {
    it(`as ${label}: keys.init records the identity, writes no key, and signatures verify`, async () => {
      const wb = workbench({ PCR_WORKBENCH_SIGNING_KEY: value, ...extra }, 'Noah Singh');
      const identity = await wb.ok('keys.init', { role: 'cgi_business_support_lead' });
      expect(identity.key_id).toBe(keyId);
      expect(fs.existsSync(path.join(wb.keysDir, 'signing-key.json'))).toBe(false);
      expect((await wb.ok('keys.status')).storage).toBe('the PCR_WORKBENCH_SIGNING_KEY environment variable');
      const signed = await wb.ok('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved_with_conditions', comment: 'After DQ sign-off' });
      const report = await wb.ok('package.verify', { content_base64: signed.content_base64 });
      expect(report.ok).toBe(true);
      expect(report.signatures[0]).toMatchObject({ key_id: keyId, trusted_signer: { name: 'Noah Singh', role: 'cgi_business_support_lead' } });
    });
  }

  it('without a recorded identity, signing asks for keys init', async () => {
    const wb = workbench({ PCR_WORKBENCH_SIGNING_KEY: pem });
    expect((await wb.fails('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved' })).message).toMatch(
      new RegExp(`the PCR_WORKBENCH_SIGNING_KEY environment variable \\(key ${keyId}\\) has no recorded name and role: run \`keys init --role ROLE\``),
    );
  });

  it('refuses something that is not an Ed25519 private key, without repeating it', async () => {
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect((await workbench({ PCR_WORKBENCH_SIGNING_KEY: rsa }).fails('keys.init', { role: 'cis' })).message).toBe(
      'PCR_WORKBENCH_SIGNING_KEY holds an rsa key; the workbench signs with Ed25519 keys.',
    );
    const garbage = await workbench({ PCR_WORKBENCH_SIGNING_KEY: 'c2VjcmV0LXZhbHVl' }).fails('keys.init', { role: 'cis' });
    expect(garbage.message).toMatch(/^PCR_WORKBENCH_SIGNING_KEY does not hold a usable private key/);
    expect(garbage.message).not.toContain('c2VjcmV0LXZhbHVl');
    const encrypted = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: PASS }).toString();
    expect((await workbench({ PCR_WORKBENCH_SIGNING_KEY: encrypted }).fails('keys.init', { role: 'cis' })).message).toMatch(/encrypted private key: set PCR_WORKBENCH_KEY_PASSPHRASE/);
  });
});

describe('export and trust', () => {
  it('round-trips a colleague’s key into the keyring, so their signature is trusted', async () => {
    const ava = workbench();
    const noah = workbench(undefined, 'Noah Singh');
    await ava.ok('keys.init', { role: 'moh_registries_manager' });
    const noahIdentity = await noah.ok('keys.init', { role: 'cis' });
    const exported = await noah.ok('keys.export');
    expect(exported).toMatchObject({ format: 'pcr-workbench-public-key', key_id: noahIdentity.key_id, name: 'Noah Singh', role: 'cis' });
    expect(exported.public_key_pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(JSON.stringify(exported)).not.toMatch(/PRIVATE/);

    const signedByNoah = (await noah.ok('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved' })).content_base64;
    expect((await ava.ok('package.verify', { content_base64: signedByNoah })).signatures[0].trust).toBe('unknown_signer');

    const trusted = await ava.ok('keys.trust', { public_key_json: JSON.stringify(exported) });
    expect(trusted).toMatchObject({ key_id: noahIdentity.key_id, name: 'Noah Singh', role: 'cis', public_key: exported.public_key });
    const report = await ava.ok('package.verify', { content_base64: signedByNoah });
    expect(report.ok).toBe(true);
    expect(verifyPackage(Buffer.from(signedByNoah, 'base64'), readKeyring(ava.keysDir)).ok).toBe(true);

    const again = await ava.fails('keys.trust', { public_key_json: JSON.stringify(exported) });
    expect(again.code).toBe('conflict');
    expect(again.message).toMatch(new RegExp(`^Key ${formatFingerprint(noahIdentity.key_id)} is already trusted, as Noah Singh \\(Conformance and Integration Services \\(CIS\\)\\), since .*\\. Nothing changed\\.$`));
    expect(readKeyring(ava.keysDir)).toHaveLength(2);
  });

  it('accepts a bare PEM public key with a name and role', async () => {
    const wb = workbench();
    const pem = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(await wb.ok('keys.trust', { public_key_json: JSON.stringify({ public_key: pem, name: 'Émilie Côté', role: 'cgi_technical_team' }) })).toMatchObject({ name: 'Émilie Côté' });
  });

  it('refuses what is not a usable public key, naming each problem, and changes nothing', async () => {
    const wb = workbench();
    const pub = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
    const cases: [unknown, RegExp][] = [
      ['not json', /not JSON/],
      [JSON.stringify([1]), /holds no key/],
      [JSON.stringify({ public_key: pub, name: 'X' }), /role: missing/],
      [JSON.stringify({ public_key: pub, name: 'X', role: 'minister' }), /role: "minister" is not a participant role/],
      [JSON.stringify({ public_key: pub, role: 'cis' }), /name: missing/],
      [JSON.stringify({ public_key: pub, name: 'X', role: 'cis', key_id: '0'.repeat(32) }), /key_id: 0{32} is not the fingerprint of this public key/],
      [JSON.stringify({ public_key: 'AAAA', name: 'X', role: 'cis' }), /public_key: not a public key/],
      [
        JSON.stringify({ public_key: crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }), name: 'X', role: 'cis' }),
        /an ec key; the workbench signs with Ed25519 keys/,
      ],
    ];
    for (const [json, message] of cases) {
      const error = await wb.fails('keys.trust', { public_key_json: json });
      expect(error.code).toBe('validation');
      expect(error.message).toMatch(message);
    }
    expect(readKeyring(wb.keysDir)).toEqual([]);
  });

  it('a damaged keyring file is named', async () => {
    const wb = workbench();
    fs.mkdirSync(wb.keysDir, { recursive: true });
    fs.writeFileSync(path.join(wb.keysDir, 'trusted-keys.json'), '{oops');
    expect((await wb.fails('keys.status')).message).toMatch(/trusted-keys\.json is not valid JSON; fix or remove it/);
  });

  it('export without a key says to create one', async () => {
    expect((await workbench().fails('keys.export')).message).toMatch(/no signing key yet: create one with `keys init --role ROLE`/);
  });
});

describe('keys received through sync', () => {
  it('are known, never trusted, until a person trusts one by its fingerprint; a key claiming a trusted name is flagged, conflicting, and refused', async () => {
    const ava = workbench();
    const maya = workbench(undefined, 'Maya Manager');
    const eve = workbench(undefined, 'Eve Editor');
    await ava.ok('keys.init', { role: 'cis' });
    const mayaKey = await maya.ok('keys.init', { role: 'moh_registries_manager' });
    const forged = await eve.ok('keys.init', { role: 'moh_registries_manager', name: 'maya manager' });
    const now = new Date('2026-12-01T10:00:00Z');
    const published = (k: { key_id: string; public_key: string; name: string; role: string }, by: string) => ({ ...k, published_by: by, published_at: '2026-12-01T09:00:00Z' });
    const malformed = { key_id: '0'.repeat(32), public_key: mayaKey.public_key, name: 'Bad', role: 'cis' };
    expect(recordKnownKeys(ava.keysDir, [published(mayaKey, 'maya'), malformed], now)).toBe(1);
    expect(recordKnownKeys(ava.keysDir, [published(mayaKey, 'maya')], now)).toBe(0);
    expect(readKeyring(ava.keysDir)).toHaveLength(1);

    const byMaya = (await maya.ok('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved' })).content_base64;
    expect((await ava.ok('package.verify', { content_base64: byMaya })).signatures[0].trust).toBe('known_untrusted');

    const status = await ava.ok('keys.status');
    expect(status.known_keys).toEqual([expect.objectContaining({ key_id: mayaKey.key_id, name: 'Maya Manager', published_by: 'maya', flags: [] })]);
    expect((await ava.fails('keys.trust', { key_id: 'abc' })).code).toBe('validation');
    expect((await ava.fails('keys.trust', { key_id: 'f'.repeat(32) })).code).toBe('not_found');
    await ava.ok('keys.trust', { key_id: formatFingerprint(mayaKey.key_id).toUpperCase() });
    expect((await ava.ok('package.verify', { content_base64: byMaya })).ok).toBe(true);
    expect(readKnownKeys(ava.keysDir)).toEqual([]);

    // Eve's key claims Maya's name (whatever the case): flagged when received, conflicting in a report, refused when trusted.
    recordKnownKeys(ava.keysDir, [published(forged, 'eve')], now);
    const flagged = (await ava.ok('keys.status')).known_keys[0];
    expect(flagged.flags[0]).toBe(`Claims the name maya manager, which trusted key ${formatFingerprint(mayaKey.key_id)} already holds.`);
    const byEve = (await eve.ok('package.sign', { content_base64: b64(await unsignedPackage()), decision: 'approved' })).content_base64;
    const report = await ava.ok('package.verify', { content_base64: byEve });
    expect(report.ok).toBe(false);
    expect(report.signatures[0].trust).toBe('conflicting');
    const refused = await ava.fails('keys.trust', { key_id: forged.key_id });
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/may be an impostor/);
    // A person who checked it is a second key of the same person can still trust it.
    await ava.ok('keys.trust', { key_id: forged.key_id, allow_conflict: true });
    expect((await ava.ok('keys.status')).trusted_keys.find((k: { key_id: string }) => k.key_id === mayaKey.key_id).flags[0]).toMatch(/Claims the name Maya Manager/);
    expect((await ava.fails('keys.trust', {})).code).toBe('validation');
  });
});

describe('signing decisions', () => {
  it('a decision with conditions or a rejection needs a comment', async () => {
    const wb = workbench();
    await wb.ok('keys.init', { role: 'cis' });
    const content = b64(await unsignedPackage());
    for (const decision of ['approved_with_conditions', 'rejected']) {
      const error = await wb.fails('package.sign', { content_base64: content, decision, comment: '  ' });
      expect(error.code).toBe('validation');
      expect(error.message).toMatch(/needs a comment/);
    }
    expect((await wb.fails('package.sign', { content_base64: 'not base64!', decision: 'approved' })).message).toMatch(/expected the file content as base64/);
    expect((await wb.fails('package.verify', { content_base64: b64(new TextEncoder().encode('hello')) })).message).toMatch(/not a readable zip archive/);
  });
});
