/**
 * The user's signing identity: the private key in a KeyVault, and beside it `keys/identity.json`
 * (public only: key id, public key, name, role, created_at), which says who the key belongs to.
 * Creating a key also adds it to the user's own trusted keyring.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { WorkbenchError } from '../../shared/api/errors';
import { identitySchema, type Identity, type PublicKeyDocument } from '../../shared/api/packageOps';
import type { ParticipantRole } from '../../shared/workflow/roles';
import { generateSigningKey, keyIdOf, parsePublicKey, publicKeyBase64, publicKeyOf, publicKeyPem } from './keys';
import { keyFlags, readKeyring, readKnownKeys, trustKey } from './keyring';
import { writeFileAtomic, type KeyVault } from './keyVault';

export const IDENTITY_FILE = 'identity.json';

export interface KeysContext {
  keysDir: string;
  keyVault: KeyVault;
  /** The default name for a new key: who is using the workbench. */
  actor: string;
  now: () => Date;
}

export function readIdentity(keysDir: string): Identity | null {
  const file = path.join(keysDir, IDENTITY_FILE);
  if (!fs.existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new WorkbenchError('validation', `${file} is not valid JSON; run keys init --force to record your identity again.`);
  }
  const result = identitySchema.safeParse(parsed);
  if (!result.success) throw new WorkbenchError('validation', `${file} is damaged; run keys init --force to record your identity again.`);
  return result.data;
}

function writeIdentity(keysDir: string, identity: Identity): void {
  writeFileAtomic(path.join(keysDir, IDENTITY_FILE), JSON.stringify(identity, null, 2) + '\n', 0o644);
}

/**
 * Creates the user's key (or, when the key comes from PCR_WORKBENCH_SIGNING_KEY, records whose it
 * is). Refuses to replace an existing key or identity unless `force`.
 */
export async function initSigningKey(
  ctx: KeysContext,
  input: { name?: string | undefined; role?: ParticipantRole | undefined; force: boolean },
  profile: { name: string; role: ParticipantRole } | null = null,
): Promise<Identity> {
  const existing = readIdentity(ctx.keysDir);
  const name = (input.name ?? profile?.name ?? ctx.actor).trim();
  if (!name) throw new WorkbenchError('validation', 'A name is needed for the key: set your profile or give a name.');
  const role = input.role ?? profile?.role;
  if (!role) throw new WorkbenchError('validation', 'A participant role is needed for the key: set your profile (with your role) or give the role.', { problems: [{ field: 'role', message: 'role: missing' }] });
  let key: KeyObject;
  if (ctx.keyVault.writable) {
    if (ctx.keyVault.exists() && !input.force) {
      const who = existing ? ` (key ${existing.key_id}, ${existing.name}, ${existing.role})` : '';
      throw new WorkbenchError(
        'conflict',
        `You already have a signing key${who}. Nothing changed. Use --force to replace it: signatures made with the old key stay valid for whoever trusts it.`,
      );
    }
    key = generateSigningKey();
    await ctx.keyVault.save(key);
  } else {
    if (existing && !input.force) {
      throw new WorkbenchError('conflict', `Your identity is already recorded (key ${existing.key_id}, ${existing.name}, ${existing.role}). Nothing changed. Use --force to record it again.`);
    }
    const loaded = await ctx.keyVault.load();
    if (!loaded) throw new WorkbenchError('validation', `No signing key in ${ctx.keyVault.description}.`);
    key = loaded;
  }
  const publicKey = publicKeyOf(key);
  const identity: Identity = { key_id: keyIdOf(publicKey), public_key: publicKeyBase64(publicKey), name, role, created_at: ctx.now().toISOString() };
  writeIdentity(ctx.keysDir, identity);
  if (!readKeyring(ctx.keysDir).some((k) => k.key_id === identity.key_id)) {
    // Your own new key (a replacement keeps your name): trusted by you, whatever else holds the name.
    trustKey(ctx.keysDir, { key_id: identity.key_id, public_key: identity.public_key, name, role }, ctx.now(), { allowConflict: true });
  }
  return identity;
}

/** The private key with the identity it belongs to, ready to sign. */
export async function loadSigner(ctx: KeysContext): Promise<{ identity: Identity; privateKey: KeyObject }> {
  const privateKey = await ctx.keyVault.load();
  if (!privateKey) throw new WorkbenchError('not_found', 'You have no signing key yet: create one with `keys init --role ROLE` (in the app: Documents → Signing key).');
  const keyId = keyIdOf(publicKeyOf(privateKey));
  const identity = readIdentity(ctx.keysDir);
  if (!identity || identity.key_id !== keyId) {
    throw new WorkbenchError(
      'validation',
      `The signing key from ${ctx.keyVault.description} (key ${keyId}) has no recorded name and role: run \`keys init --role ROLE\` to record them.`,
    );
  }
  return { identity, privateKey };
}

export function keysStatus(ctx: KeysContext) {
  const trusted = readKeyring(ctx.keysDir);
  const trustedIds = new Set(trusted.map((k) => k.key_id));
  return {
    identity: readIdentity(ctx.keysDir),
    has_private_key: ctx.keyVault.exists(),
    storage: ctx.keyVault.description,
    trusted_keys: trusted.map((k) => ({ ...k, flags: keyFlags(trusted, k) })),
    known_keys: readKnownKeys(ctx.keysDir)
      .filter((k) => !trustedIds.has(k.key_id))
      .map((k) => ({ ...k, flags: keyFlags(trusted, k) })),
  };
}

/** The user's public key and identity as a file colleagues can add to their keyring (`keys trust`). */
export function exportPublicKey(ctx: KeysContext): PublicKeyDocument {
  const identity = readIdentity(ctx.keysDir);
  if (!identity) throw new WorkbenchError('not_found', 'You have no signing key yet: create one with `keys init --role ROLE`.');
  return {
    format: 'pcr-workbench-public-key',
    format_version: 1,
    key_id: identity.key_id,
    public_key: identity.public_key,
    public_key_pem: publicKeyPem(parsePublicKey(identity.public_key)),
    name: identity.name,
    role: identity.role,
    created_at: identity.created_at,
  };
}
