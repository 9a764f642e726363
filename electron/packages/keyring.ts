/**
 * The team's trusted public keys: `keys/trusted-keys.json` in the data folder, a JSON array of
 * { key_id, public_key (base64 of the raw 32 bytes), name, role, added_at }. A signature counts as
 * trusted only when its key is listed here. (Synced with the team later; a file for now.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/api/errors';
import { SIGNER_ROLES, trustedKeySchema, type TrustedKey } from '../../shared/api/packageOps';
import { keyIdOf, parsePublicKey, publicKeyBase64 } from './keys';
import { writeFileAtomic } from './keyVault';

export const TRUSTED_KEYS_FILE = 'trusted-keys.json';

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

/** Adds a key to the keyring; a key already there is refused, naming whom it belongs to. */
export function trustKey(keysDir: string, key: Omit<TrustedKey, 'added_at'>, now: Date): TrustedKey {
  const keys = readKeyring(keysDir);
  const existing = keys.find((k) => k.key_id === key.key_id);
  if (existing) {
    throw new WorkbenchError(
      'conflict',
      `Key ${key.key_id} is already trusted, as ${existing.name} (${existing.role}), since ${existing.added_at}. Nothing changed.`,
    );
  }
  const entry: TrustedKey = { ...key, added_at: now.toISOString() };
  writeKeyring(keysDir, [...keys, entry]);
  return entry;
}

export function findTrusted(keyring: readonly TrustedKey[], keyId: string): TrustedKey | undefined {
  return keyring.find((k) => k.key_id === keyId);
}
