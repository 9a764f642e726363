/**
 * Ed25519 keys from node:crypto: generating, the raw public key and its key id, and reading keys
 * given as PEM, base64 DER or base64 raw bytes.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { WorkbenchError } from '../../shared/api/errors';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function generateSigningKey(): KeyObject {
  return crypto.generateKeyPairSync('ed25519').privateKey;
}

export function publicKeyOf(privateKey: KeyObject): KeyObject {
  return crypto.createPublicKey(privateKey);
}

/** The 32 raw bytes of an Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  if (der.length !== ED25519_SPKI_PREFIX.length + 32 || !der.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX)) {
    throw new Error('not an Ed25519 public key');
  }
  return der.subarray(ED25519_SPKI_PREFIX.length);
}

export function publicKeyBase64(publicKey: KeyObject): string {
  return rawPublicKey(publicKey).toString('base64');
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

/** The key id: the first 16 bytes of the SHA-256 of the raw public key, as 32 hex characters. */
export function keyIdOf(publicKey: KeyObject): string {
  return crypto.createHash('sha256').update(rawPublicKey(publicKey)).digest().subarray(0, 16).toString('hex');
}

function invalidKey(field: string, message: string): WorkbenchError {
  return new WorkbenchError('validation', message, { problems: [{ field, message }] });
}

/** An Ed25519 public key from base64 of its 32 raw bytes, base64 SPKI DER, or SPKI PEM. */
export function parsePublicKey(text: string, field = 'public_key'): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      key = crypto.createPublicKey({ key: trimmed, format: 'pem' });
    } else {
      const bytes = Buffer.from(trimmed, 'base64');
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || bytes.length === 0) throw new Error('not base64');
      const der = bytes.length === 32 ? Buffer.concat([ED25519_SPKI_PREFIX, bytes]) : bytes;
      key = crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
    }
  } catch {
    throw invalidKey(field, `${field}: not a public key (expected the base64 of 32 raw Ed25519 bytes, or an SPKI PEM)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw invalidKey(field, `${field}: an ${key.asymmetricKeyType} key; the workbench signs with Ed25519 keys`);
  return key;
}

/**
 * An Ed25519 private key from PKCS#8 PEM (encrypted PEM needs the passphrase) or base64 PKCS#8 DER.
 * The error message never repeats the key text.
 */
export function parsePrivateKey(text: string, source: string, passphrase?: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      if (trimmed.includes('ENCRYPTED') && !passphrase) throw new Error('needs passphrase');
      key = crypto.createPrivateKey({ key: trimmed, format: 'pem', ...(passphrase ? { passphrase } : {}) });
    } else {
      if (!/^[A-Za-z0-9+/\s]+={0,2}$/.test(trimmed)) throw new Error('not base64');
      key = crypto.createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    }
  } catch (error) {
    const needsPassphrase = error instanceof Error && error.message === 'needs passphrase';
    throw new WorkbenchError(
      'validation',
      needsPassphrase
        ? `${source} holds an encrypted private key: set PCR_WORKBENCH_KEY_PASSPHRASE to its passphrase.`
        : `${source} does not hold a usable private key (expected PKCS#8 PEM or base64 PKCS#8 DER${trimmed.includes('ENCRYPTED') ? ', or the passphrase is wrong' : ''}).`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new WorkbenchError('validation', `${source} holds an ${key.asymmetricKeyType} key; the workbench signs with Ed25519 keys.`);
  return key;
}

export function signBytes(privateKey: KeyObject, message: Uint8Array): Buffer {
  return crypto.sign(null, message, privateKey);
}

export function verifyBytes(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return crypto.verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
