/** Evidence files, stored once by content hash under the data folder's attachments/. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export function attachmentPath(dir: string, sha256: string): string {
  return path.join(dir, sha256.slice(0, 2), sha256);
}

export function storeAttachment(dir: string, content: Buffer): { sha256: string; size: number } {
  if (content.length === 0) throw new WorkbenchError('validation', 'The file is empty.');
  if (content.length > MAX_ATTACHMENT_BYTES) throw new WorkbenchError('validation', `The file is over ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`);
  const sha256 = crypto.createHash('sha256').update(content).digest('hex');
  const target = attachmentPath(dir, sha256);
  if (!fs.existsSync(target)) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, target);
  }
  return { sha256, size: content.length };
}
