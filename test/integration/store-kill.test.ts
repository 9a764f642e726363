/**
 * Durability under kill -9: a child process writes bursts through Store.write and is SIGKILLed in
 * the middle of them, several times on the same data file; afterwards SQLite's integrity check is
 * ok and every change whose write had returned (acknowledged on the child's stdout before the kill)
 * is present in its table and in the change log.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loggedChanges } from '../support/changeLog';
import { REPO } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

const WRITER = path.join(REPO, 'test/integration/store-writer.ts');
const dir = tempDir('pcr-kill-');
afterAll(() => removeDir(dir));

/** Runs the writer until it has acknowledged `acks` writes (or more), then kills it with SIGKILL. */
function writeThenKill(file: string, tag: string, acks: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, tag], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, string>();
    let pending = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const match = /^ack (\S+) (.+)$/.exec(line);
        if (match) acked.set(match[1]!, match[2]!);
      }
      if (!killed && acked.size >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`The writer ended without being killed: ${stderr}`));
    });
  });
}

describe('kill -9 during writes', () => {
  it('keeps the file intact and every acknowledged change, over repeated kills', async () => {
    const file = path.join(dir, 'workbench.sqlite');
    const acknowledged = new Map<string, string>();
    // Different amounts of work before each kill, so the kill lands at different points of a burst.
    for (const [round, acks] of [25, 80, 7, 150, 40].entries()) {
      for (const [id, value] of await writeThenKill(file, `r${round}`, acks)) acknowledged.set(id, value);
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(25 + 80 + 7 + 150 + 40);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Map((db.prepare('SELECT id, organization__legal_name AS v FROM dossiers').all() as { id: string; v: string }[]).map((r) => [r.id, r.v]));
      const missing = [...acknowledged].filter(([id, value]) => stored.get(id) !== value);
      expect(missing).toEqual([]);
      // Read as field changes: a row created in one write is a single entry holding all its values.
      const logged = new Map(loggedChanges(db).filter((c) => c.field === 'organization__legal_name').map((c) => [c.row_id, JSON.parse(c.value) as unknown]));
      expect([...acknowledged].filter(([id, value]) => logged.get(id) !== value)).toEqual([]);
      // A write is one transaction: no row is ever half there.
      expect(db.prepare("SELECT COUNT(*) AS n FROM dossiers WHERE reference IS NULL OR organization__legal_name IS NULL OR status__phase IS NULL").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
