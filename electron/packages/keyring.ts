/**
 * The public keys this workbench knows, in two files of the data folder's keys/ (device-local, a
 * person's own decisions, never synced):
 * - `trusted-keys.json`: keys a person here confirmed (`keys trust`), and their own key. A
 *   signature counts as trusted only when its key is listed here.
 * - `known-keys.json`: keys received through team sync. Being on the sync server proves only that
 *   some team user published it, not whose it is, so a received key waits here until a person
 *   checks its fingerprint with its holder and trusts it — as an SSH user checks a host key.
 * A key claiming the name (or role) of another trusted key is flagged wherever it is shown.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/api/errors';
import { SIGNER_ROLES, knownKeySchema, trustedKeySchema, type KnownKey, type TrustedKey } from '../../shared/api/packageOps';
import { roleLabel } from '../../shared/workflow/roles';
import { keyIdOf, parsePublicKey, publicKeyBase64 } from './keys';
import { writeFileAtomic } from './keyVault';

export const TRUSTED_KEYS_FILE = 'trusted-keys.json';
export const KNOWN_KEYS_FILE = 'known-keys.json';

export const keyringFile = (keysDir: string) => path.join(keysDir, TRUSTED_KEYS_FILE);

export function readKeyring(keysDir: string): TrustedKey[] {
  const file = keyringFile(keysDir);
  if (!fs.existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new WorkbenchError('validation', `The trusted keyring ${file} is not valid JSON; fix or remove it.`);
  }
  const result = z.array(trustedKeySchema).safeParse(parsed);
  if (!result.success) throw new WorkbenchError('validation', `The trusted keyring ${file} is damaged (${result.error.issues[0]?.message ?? 'unexpected content'}); fix or remove it.`);
  return result.data;
}

function writeKeyring(keysDir: string, keys: TrustedKey[]): void {
  writeFileAtomic(keyringFile(keysDir), JSON.stringify(keys, null, 2) + '\n', 0o644);
}

const roleList = SIGNER_ROLES.join(', ');

/** Reads a public key as `keys export` writes it (or any object with public_key, name and role) and checks it. */
export function parseTrustInput(text: string): Omit<TrustedKey, 'added_at'> {
  const problems: { field: string; message: string }[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new WorkbenchError('validation', 'The public key file is not JSON: expected the file that `keys export` writes.');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new WorkbenchError('validation', 'The public key file holds no key: expected an object with public_key, name and role, as `keys export` writes.');
  }
  const record = data as Record<string, unknown>;
  const field = (name: string) => (typeof record[name] === 'string' ? (record[name] as string).trim() : undefined);
  if (record.format !== undefined && record.format !== 'pcr-workbench-public-key') fail('format', `format: "${String(record.format)}" is not a workbench public key`);
  const keyText = field('public_key') ?? field('public_key_pem');
  let keyId: string | undefined;
  let publicKey: string | undefined;
  if (!keyText) fail('public_key', 'public_key: missing');
  else {
    try {
      const key = parsePublicKey(keyText);
      keyId = keyIdOf(key);
      publicKey = publicKeyBase64(key);
      const pem = field('public_key_pem');
      if (pem && field('public_key') && publicKeyBase64(parsePublicKey(pem, 'public_key_pem')) !== publicKey) {
        fail('public_key_pem', 'public_key_pem: a different key from public_key');
      }
    } catch (error) {
      if (!(error instanceof WorkbenchError)) throw error;
      fail(error.details?.problems?.[0]?.field ?? 'public_key', error.message);
    }
  }
  const claimedId = field('key_id');
  if (claimedId !== undefined && keyId && claimedId.toLowerCase() !== keyId) fail('key_id', `key_id: ${claimedId} is not the fingerprint of this public key (${keyId})`);
  const name = field('name');
  if (!name) fail('name', 'name: missing (whose key is it?)');
  else if (name.length > 200) fail('name', 'name: longer than 200 characters');
  const role = field('role');
  if (!role) fail('role', `role: missing (one of ${roleList})`);
  else if (!(SIGNER_ROLES as readonly string[]).includes(role)) fail('role', `role: "${role}" is not a participant role (one of ${roleList})`);
  if (problems.length) throw new WorkbenchError('validation', `Not a usable public key: ${problems.map((p) => p.message).join('; ')}`, { problems });
  return { key_id: keyId!, public_key: publicKey!, name: name!, role: role as TrustedKey['role'] };
}

/** A key id as people write it (spaces, colons, capitals) in its stored form: 32 lowercase hex digits. */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s:-]/g, '').toLowerCase();
}

/** The fingerprint grouped in fours for reading aloud and comparing: "1a2b 3c4d …". */
export function formatFingerprint(keyId: string): string {
  return keyId.match(/.{1,4}/g)?.join(' ') ?? keyId;
}

const sameName = (a: string, b: string) => a.normalize('NFC').trim().toLocaleLowerCase('en-CA') === b.normalize('NFC').trim().toLocaleLowerCase('en-CA');

/** The trusted key (another one) that already holds this name, if any. */
export function nameHolder(keyring: readonly TrustedKey[], key: { key_id: string; name: string }): TrustedKey | undefined {
  return keyring.find((k) => k.key_id !== key.key_id && sameName(k.name, key.name));
}

/** What is suspicious about a key: another trusted key holds its name or its role. */
export function keyFlags(keyring: readonly TrustedKey[], key: { key_id: string; name: string; role: TrustedKey['role'] }): string[] {
  const flags: string[] = [];
  const byName = nameHolder(keyring, key);
  if (byName) flags.push(`Claims the name ${key.name}, which trusted key ${formatFingerprint(byName.key_id)} already holds.`);
  for (const other of keyring) {
    if (other.key_id !== key.key_id && other.role === key.role && other !== byName) {
      flags.push(`Claims the role ${roleLabel(key.role)}, which ${other.name} (trusted key ${formatFingerprint(other.key_id)}) also holds.`);
    }
  }
  return flags;
}

/**
 * Adds a key to the keyring; a key already there is refused, naming whom it belongs to, and so is
 * a key claiming the name of another trusted key unless the person says it is theirs too.
 */
export function trustKey(keysDir: string, key: Omit<TrustedKey, 'added_at'>, now: Date, options: { allowConflict?: boolean } = {}): TrustedKey {
  const keys = readKeyring(keysDir);
  const existing = keys.find((k) => k.key_id === key.key_id);
  if (existing) {
    throw new WorkbenchError(
      'conflict',
      `Key ${formatFingerprint(key.key_id)} is already trusted, as ${existing.name} (${roleLabel(existing.role)}), since ${existing.added_at}. Nothing changed.`,
    );
  }
  const holder = nameHolder(keys, key);
  if (holder && !options.allowConflict) {
    throw new WorkbenchError(
      'conflict',
      `Key ${formatFingerprint(key.key_id)} claims the name ${key.name}, which trusted key ${formatFingerprint(holder.key_id)} (${roleLabel(holder.role)}) already holds. ` +
        'It may be an impostor. Nothing changed. If you checked with that person that this is a second key of theirs, trust it despite the conflict.',
    );
  }
  const entry: TrustedKey = { ...key, added_at: now.toISOString() };
  writeKeyring(keysDir, [...keys, entry]);
  removeKnown(keysDir, key.key_id);
  return entry;
}

export const knownKeysFile = (keysDir: string) => path.join(keysDir, KNOWN_KEYS_FILE);

export function readKnownKeys(keysDir: string): KnownKey[] {
  const file = knownKeysFile(keysDir);
  if (!fs.existsSync(file)) return [];
  try {
    const parsed = z.array(knownKeySchema).safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    // Only a cache of what sync delivered: a damaged file is read as empty and rebuilt by the next sync.
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function writeKnownKeys(keysDir: string, keys: KnownKey[]): void {
  writeFileAtomic(knownKeysFile(keysDir), JSON.stringify(keys, null, 2) + '\n', 0o644);
}

function removeKnown(keysDir: string, keyId: string): void {
  const known = readKnownKeys(keysDir);
  if (known.some((k) => k.key_id === keyId)) writeKnownKeys(keysDir, known.filter((k) => k.key_id !== keyId));
}

/**
 * Records keys received through sync as known (never trusted): each checked as `keys trust`
 * checks a file (key id = fingerprint of the key, a known role); malformed entries, trusted keys
 * and keys already known are skipped. Returns how many are new.
 */
export function recordKnownKeys(
  keysDir: string,
  received: readonly { key_id: string; public_key: string; name: string; role: string; published_by?: string | undefined; published_at?: string | undefined }[],
  now: Date,
): number {
  const trusted = new Set(readKeyring(keysDir).map((k) => k.key_id));
  const known = readKnownKeys(keysDir);
  const seen = new Set(known.map((k) => k.key_id));
  let added = 0;
  for (const key of received) {
    if (trusted.has(key.key_id) || seen.has(key.key_id)) continue;
    let checked: Omit<TrustedKey, 'added_at'>;
    try {
      checked = parseTrustInput(JSON.stringify({ key_id: key.key_id, public_key: key.public_key, name: key.name, role: key.role }));
    } catch {
      continue; // a malformed entry is never recorded
    }
    known.push({ ...checked, published_by: key.published_by ?? null, published_at: key.published_at ?? null, received_at: now.toISOString() });
    seen.add(checked.key_id);
    added += 1;
  }
  if (added) writeKnownKeys(keysDir, known);
  return added;
}

/** Trusts a key received through sync, named by the fingerprint the person checked. */
export function trustKnownKey(keysDir: string, fingerprint: string, now: Date, options: { allowConflict?: boolean } = {}): TrustedKey {
  const keyId = normalizeFingerprint(fingerprint);
  if (!/^[0-9a-f]{32}$/.test(keyId)) {
    throw new WorkbenchError('validation', `"${fingerprint}" is not a key fingerprint: expected the 32 hexadecimal digits shown beside the key.`, {
      problems: [{ field: 'key_id', message: 'expected 32 hexadecimal digits' }],
    });
  }
  const trusted = readKeyring(keysDir).find((k) => k.key_id === keyId);
  if (trusted) return trustKey(keysDir, trusted, now, options); // refused, naming whose it is
  const known = readKnownKeys(keysDir).find((k) => k.key_id === keyId);
  if (!known) throw new WorkbenchError('not_found', `No key with fingerprint ${formatFingerprint(keyId)} has been received. Sync first, or trust the key's exported file.`);
  return trustKey(keysDir, { key_id: known.key_id, public_key: known.public_key, name: known.name, role: known.role }, now, options);
}

export function findTrusted(keyring: readonly TrustedKey[], keyId: string): TrustedKey | undefined {
  return keyring.find((k) => k.key_id === keyId);
}
