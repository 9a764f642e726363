/**
 * For sync tests: a real sync server process on 127.0.0.1 (started as the README says), users made
 * with its CLI, and, for PostgreSQL, a throwaway cluster this test run creates and removes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO } from '../support/cli';
import { ENTITIES } from '../../electron/store/entities';
import { loggedChanges } from '../support/changeLog';

const SERVER_MAIN = path.join(REPO, 'server/main.ts');

export interface ServerProcess {
  url: string;
  port: number;
  db: string;
  process: ChildProcess;
  /** The server's log lines so far. */
  readonly log: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `server/main.ts start --db DB --port PORT` and waits for its "listening" log line. The
 * log goes to a file, not a pipe: tests that block in spawnSync would otherwise let the pipe fill
 * and stall the server.
 */
export async function startServer(db: string, port = 0, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pcr-sync-log-')), 'server.log');
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_MAIN, 'start', '--db', db, '--port', String(port), '--host', '127.0.0.1', ...extra], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  let kept: string[] | undefined;
  const readLog = () => kept ?? (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : []);
  let exited = false;
  // Once the server has exited its log is complete: kept in memory, its folder removed.
  child.once('exit', () => {
    exited = true;
    kept = readLog();
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  });
  // A tsx-compiled server can take minutes to start on a loaded machine; the hook timeout bounds it.
  const deadline = Date.now() + 180_000;
  let url: string | undefined;
  while (!url) {
    for (const line of readLog()) {
      try {
        const entry = JSON.parse(line) as { event?: string; url?: string };
        if (entry.event === 'listening' && entry.url) url = entry.url;
      } catch {
        /* not a log line */
      }
    }
    if (url) break;
    if (exited || Date.now() > deadline) throw new Error(`The sync server did not start:\n${readLog().join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port: Number(new URL(url).port),
    db,
    process: child,
    get log() {
      return readLog();
    },
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

export function serverCli(args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', SERVER_MAIN, ...args], { cwd: REPO, encoding: 'utf8', timeout: 240_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** `user add NAME --role ROLE --db DB`: returns the token it prints once. */
export function addUser(db: string, name: string, role = 'editor'): string {
  const result = serverCli(['user', 'add', name, '--role', role, '--db', db]);
  if (result.code !== 0) throw new Error(`user add failed: ${result.stderr}`);
  return result.stdout.trim();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The synced content of a data file: every synced table's whitelisted columns, sorted. */
export function replicaContent(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const [table, columns] of Object.entries(ENTITIES)) {
      const cols = ['id', ...[...(columns as ReadonlySet<string>)].sort()].map((c) => `"${c}"`).join(', ');
      out[table] = db.prepare(`SELECT ${cols} FROM "${table}" ORDER BY id`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

export function changeIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return loggedChanges(db)
      .map((c) => c.change_id)
      .sort();
  } finally {
    db.close();
  }
}

// PostgreSQL: a throwaway cluster in a temp dir, reachable only through its unix socket there.

export interface PostgresCluster {
  url: string;
  stop(): void;
}

export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (Debian package postgresql; .ci/run installs it).');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcr-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // initdb refuses to run as root: run the cluster as the postgres user, in a folder it owns.
  if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (cmd: string, args: string[]) => {
    const result = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { encoding: 'utf8', cwd: dir })
      : spawnSync(path.join(bin, cmd), args, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
  };
  fs.chmodSync(dir, 0o755);
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=off`, 'start']);
  return {
    url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Makes a fresh database in the cluster, so each test starts from an empty server. */
export function createDatabase(clusterUrl: string, name: string): string {
  const url = new URL(clusterUrl);
  const host = url.searchParams.get('host')!;
  const port = url.searchParams.get('port')!;
  const bin = postgresBinDir()!;
  const args = ['-h', host, '-p', port, '-U', 'postgres', '-c', `CREATE DATABASE ${name}`];
  const result = spawnSync(path.join(bin, 'psql'), args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`CREATE DATABASE failed: ${result.stderr}`);
  return `postgres://postgres@localhost/${name}?host=${encodeURIComponent(host)}&port=${port}`;
}
