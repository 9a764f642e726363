/**
 * What travels beside the change log: attachments by content hash (checked on both ends), the
 * team's public signing keys, and the renumbering of a dossier reference two devices both minted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { attachmentPath, storeAttachment } from '../questionnaire/attachments';
import { recordKnownKeys } from '../packages/keyring';
import { readIdentity } from '../packages/signingKeys';
import { fieldKey, type Store } from '../store/index';
import { rowHistories } from './merge';
import { ENTITIES } from '../store/entities';
import { SyncFailure, type SyncApi } from './transport';

const sha256 = (content: Buffer) => crypto.createHash('sha256').update(content).digest('hex');

/** Synced tables that point at a file in attachments/ by its SHA-256 (evidence, imported forms…). */
const WITH_FILES = Object.entries(ENTITIES)
  .filter(([, columns]) => (columns as ReadonlySet<string>).has('sha256') && (columns as ReadonlySet<string>).has('deleted_at'))
  .map(([table]) => table);
const referencedHashes = WITH_FILES.map((t) => `SELECT sha256 FROM "${t}" WHERE sha256 IS NOT NULL AND deleted_at IS NULL`).join(' UNION ');

/** Uploads the attached files the server may lack; returns how many were sent. */
export async function sendAttachments(store: Store, api: SyncApi, dir: string): Promise<number> {
  const pending = store
    .prepare(
      `SELECT sha256 FROM (${referencedHashes}) WHERE sha256 NOT IN (SELECT sha256 FROM sync_attachments_sent)`,
    )
    .all() as { sha256: string }[];
  let sent = 0;
  for (const { sha256: hash } of pending) {
    const file = attachmentPath(dir, hash);
    if (!fs.existsSync(file)) continue; // received as a reference only; another device holds the file
    if (!(await api.hasAttachment(hash))) {
      const content = fs.readFileSync(file);
      if (sha256(content) !== hash) continue; // damaged on disk: never spread it
      await api.putAttachment(hash, content);
      sent += 1;
    }
    store.prepare('INSERT OR IGNORE INTO sync_attachments_sent(sha256) VALUES (?)').run(hash);
  }
  return sent;
}

/** Downloads attached files referenced here but missing on disk; each is checked against its hash. */
export async function receiveAttachments(store: Store, api: SyncApi, dir: string): Promise<number> {
  const wanted = store.prepare(referencedHashes).all() as { sha256: string }[];
  let received = 0;
  for (const { sha256: hash } of wanted) {
    if (!/^[0-9a-f]{64}$/.test(hash) || fs.existsSync(attachmentPath(dir, hash))) continue;
    if (!(await api.hasAttachment(hash))) continue; // not uploaded yet by the device that has it
    const content = await api.getAttachment(hash);
    if (sha256(content) !== hash) throw new SyncFailure('protocol', `The server sent attachment ${hash} with different content (SHA-256 ${sha256(content)}); it was not stored.`);
    storeAttachment(dir, content);
    store.prepare('INSERT OR IGNORE INTO sync_attachments_sent(sha256) VALUES (?)').run(hash);
    received += 1;
  }
  return received;
}

/**
 * Publishes this user's public signing key and records the team's keys the server distributes as
 * known — never trusted: any team user can publish a key under any name, so a person confirms
 * each one by its fingerprint (`keys trust`). Returns how many keys are newly known.
 */
export async function exchangeKeys(api: SyncApi, keysDir: string, now: Date): Promise<number> {
  const identity = readIdentity(keysDir);
  const answer = identity
    ? await api.publishKey({ key_id: identity.key_id, public_key: identity.public_key, name: identity.name, role: identity.role })
    : await api.keys();
  return recordKnownKeys(keysDir, answer.keys, now);
}

/**
 * Two devices apart can mint the same reference (PCR-YYYY-NNNN comes from a device-local counter).
 * Both dossiers are kept; the one whose reference was stamped later is renumbered, and only by the
 * device that minted it, so exactly one new change settles it everywhere.
 */
export function renumberDuplicateReferences(store: Store, actor: string): { dossier_id: string; from: string; to: string }[] {
  const duplicates = store
    .prepare('SELECT reference FROM dossiers WHERE deleted_at IS NULL AND reference IS NOT NULL GROUP BY reference HAVING COUNT(*) > 1')
    .all() as { reference: string }[];
  const renumbered: { dossier_id: string; from: string; to: string }[] = [];
  for (const { reference } of duplicates) {
    const ids = (store.prepare('SELECT id FROM dossiers WHERE reference = ? AND deleted_at IS NULL').all(reference) as { id: string }[]).map((r) => r.id);
    const histories = rowHistories(store, ids);
    const holders = ids
      .map((id) => {
        const stamp = histories.get(fieldKey('dossiers', id, 'reference'))?.at(-1);
        return { id, stamp: stamp?.change_id ?? '', device: stamp?.device_id ?? '' };
      })
      .sort((x, y) => (x.stamp < y.stamp ? -1 : x.stamp > y.stamp ? 1 : 0));
    for (const later of holders.slice(1)) {
      if (later.device !== store.deviceId) continue;
      const to = nextFreeReference(store, reference);
      store.write(actor, [{ entity: 'dossiers', rowId: later.id, field: 'reference', value: to, dossierId: later.id }]);
      renumbered.push({ dossier_id: later.id, from: reference, to });
    }
  }
  return renumbered;
}

function nextFreeReference(store: Store, taken: string): string {
  const match = /^PCR-(\d{4})-\d+$/.exec(taken);
  const year = match ? match[1]! : String(new Date().getFullYear());
  const prefix = `PCR-${year}-`;
  const key = `reference_seq:${year}`;
  const { n } = store.prepare("SELECT MAX(CAST(substr(reference, ?) AS INTEGER)) AS n FROM dossiers WHERE reference LIKE ? || '%'").get(prefix.length + 1, prefix) as {
    n: number | null;
  };
  const next = Math.max(n ?? 0, Number(store.meta(key) ?? 0)) + 1;
  store.setMeta(key, String(next));
  return `${prefix}${String(next).padStart(4, '0')}`;
}
