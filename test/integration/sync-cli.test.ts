/**
 * The check, as two leads would do it: a server started as the README says, two data
 * folders used through the CLI, edits on both sides while apart, sync in turns. Both end equal,
 * edits of different fields are both kept, the same field edited on both sides gives one value and
 * one kept conflict, and a wrong token is refused. Runs on SQLite and PostgreSQL.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/index';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';
import { addUser, replicaContent, serverCli, startServer, type ServerProcess } from './sync-harness';
import { POSTGRES_AVAILABLE, POSTGRES_SKIP_REASON, backends } from './sync-backends';

for (const backend of backends()) {
  describe(`sync through the CLI (${backend.name})`, () => {
    let server: ServerProcess;
    let db: string;
    let tokens: { ava: string; ben: string };
    const dirs: string[] = [];

    beforeAll(async () => {
      await backend.setup();
      db = backend.freshDb();
      tokens = { ava: addUser(db, 'ava'), ben: addUser(db, 'ben') };
      server = await startServer(db);
    });
    afterAll(async () => {
      await server?.stop();
      backend.teardown();
      dirs.forEach(removeDir);
    });

    const lead = (name: 'ava' | 'ben') => {
      const data = tempDir(`pcr-sync-${name}-`);
      dirs.push(data);
      const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
        runCliProcess(['--data', data, '--as', name === 'ava' ? 'Ava Singh' : 'Ben Okafor', ...args], { PCR_WORKBENCH_SYNC_TOKEN: tokens[name], ...env });
      return { data, cli, file: path.join(data, 'workbench.sqlite') };
    };

    it('two leads edit apart, sync in turns, and end equal with one conflict kept', () => {
      const ava = lead('ava');
      const ben = lead('ben');
      const created = ava.cli(['--json', 'dossier', 'create', '--org', 'Sḵwx̱wú7mesh Health', '--app', 'Clinic EMR']);
      expect(created.code, created.stderr).toBe(0);
      const ref = created.json<{ reference: string }>().reference;

      const first = ava.cli(['--json', 'sync', '--server', server.url]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.json().pushed).toBeGreaterThan(0);
      const join = ben.cli(['--json', 'sync', '--server', server.url]);
      expect(join.code, join.stderr).toBe(0);
      expect(join.json().pulled).toBe(first.json().pushed);

      // Apart: different fields, and one field both change.
      expect(ava.cli(['dossier', 'set', ref, 'application.vendor=Acme Health', 'contacts.sponsor.name=Ava Singh']).code).toBe(0);
      expect(ben.cli(['dossier', 'set', ref, 'application.vendor=Zeta Systems', 'application.version=4.2']).code).toBe(0);
      expect(ben.cli(['activity', 'set', ref, 'kickoff', '--status', 'in_progress']).code).toBe(0);

      // In turns; the server address is remembered.
      for (const step of [ava, ben, ava]) {
        const run = step.cli(['--json', 'sync']);
        expect(run.code, run.stderr).toBe(0);
      }
      expect(replicaContent(ava.file)).toEqual(replicaContent(ben.file));

      type Shown = { contacts: { sponsor: { name: string } }; application: { vendor: string; version: string }; activities: { key: string; status: string }[] };
      const show = (who: typeof ava) => who.cli(['--json', 'dossier', 'show', ref]).json<Shown>();
      for (const who of [ava, ben]) {
        const d = show(who);
        expect(d.contacts.sponsor.name).toBe('Ava Singh');
        expect(d.application.version).toBe('4.2');
        expect(d.activities.find((a) => a.key === 'kickoff')?.status).toBe('in_progress');
        // Ben wrote later, so his value wins everywhere.
        expect(d.application.vendor).toBe('Zeta Systems');
      }
      for (const who of [ava, ben]) {
        const conflicts = who.cli(['--json', 'conflicts', 'list']).json<{ field: string; local: { value: string }; remote: { value: string }; reference: string }[]>();
        expect(conflicts).toHaveLength(1);
        expect(conflicts[0]!.field).toBe('application__vendor');
        expect(conflicts[0]!.reference).toBe(ref);
        expect([conflicts[0]!.local.value, conflicts[0]!.remote.value].sort()).toEqual(['Acme Health', 'Zeta Systems']);
      }

      // Ava keeps her value; it reaches Ben, whose copy of the conflict is settled by it.
      const avaConflict = ava.cli(['--json', 'conflicts', 'list']).json<{ id: string; local: { value: string } }[]>()[0]!;
      expect(avaConflict.local.value).toBe('Acme Health');
      // In words: the dossier, its organization and the field as the History names it.
      expect(ava.cli(['conflicts', 'list']).stdout).toContain(`${avaConflict.id}  ${ref} (Sḵwx̱wú7mesh Health)  Vendor\n`);
      const resolved = ava.cli(['conflicts', 'resolve', avaConflict.id, '--keep', 'local']);
      expect(resolved.code, resolved.stderr).toBe(0);
      expect(resolved.stdout).toContain(`Kept the local value of Vendor on ${ref}: Acme Health.`);
      expect(ava.cli(['sync']).code).toBe(0);
      expect(ben.cli(['sync']).code).toBe(0);
      expect(show(ben).application.vendor).toBe('Acme Health');
      expect(ben.cli(['--json', 'conflicts', 'list']).json()).toEqual([]);
      expect(replicaContent(ava.file)).toEqual(replicaContent(ben.file));

      // A wrong token is refused, with a clear message, and changes nothing.
      expect(ava.cli(['dossier', 'set', ref, 'application.version=5']).code).toBe(0);
      const before = replicaContent(ava.file);
      const refused = ava.cli(['sync', '--token', 'pcrs_not-a-real-token']);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/refused the token/);
      expect(replicaContent(ava.file)).toEqual(before);
      const status = ava.cli(['--json', 'sync', 'status']).json<{ waiting: number; last_error: { kind: string } }>();
      expect(status.waiting).toBe(1);
      expect(status.last_error.kind).toBe('unauthorized');

      // The server's log names users and counts, never tokens or dossier contents.
      const log = server.log.join('\n');
      expect(log).toContain('"user":"ava"');
      for (const secret of [tokens.ava, tokens.ben, 'Acme Health', 'Zeta Systems', 'Sḵwx̱wú7mesh']) expect(log).not.toContain(secret);
    });

    it('a revoked user is refused at once', () => {
      const token = addUser(db, 'carmen');
      const carmen = lead('ava');
      expect(carmen.cli(['sync', '--server', server.url, '--token', token]).code).toBe(0);
      const revoke = serverCli(['user', 'revoke', 'carmen', '--db', db]);
      expect(revoke.code, revoke.stderr).toBe(0);
      const again = carmen.cli(['sync', '--token', token]);
      expect(again.code).toBe(3);
      expect(again.stderr).toMatch(/wrong or has been revoked/);
    });
  });
}

describe('a stopped sync on the command line', () => {
  it('says what to decide in the engine’s words and adds the flag that does it (mass delete, a new server)', async () => {
    const dir = tempDir('pcr-sync-stops-');
    const servers: ServerProcess[] = [];
    try {
      const dbA = `sqlite:${path.join(dir, 'a.sqlite')}`;
      const tokens = { ava: addUser(dbA, 'ava'), ben: addUser(dbA, 'ben') };
      const serverA = await startServer(dbA);
      servers.push(serverA);
      const data = { ava: path.join(dir, 'ava'), ben: path.join(dir, 'ben') };
      const cli = (who: 'ava' | 'ben', args: string[], token = tokens[who]) => runCliProcess(['--data', data[who], '--as', who, ...args], { PCR_WORKBENCH_SYNC_TOKEN: token });
      const ref = cli('ava', ['--json', 'dossier', 'create', '--org', 'Fraser Clinic', '--app', 'EMR']).json<{ reference: string }>().reference;
      expect(cli('ava', ['sync', '--server', serverA.url]).code).toBe(0);
      expect(cli('ben', ['sync', '--server', serverA.url]).code).toBe(0);

      // Ben deletes most of the dossier's activities (in the engine: the CLI has no such command).
      const ben = createEngine({ dataDir: data.ben, actor: 'ben' });
      const dossierId = (ben.store.prepare('SELECT id FROM dossiers WHERE reference = ?').get(ref) as { id: string }).id;
      const activities = ben.store.prepare('SELECT id FROM activities WHERE dossier_id = ?').all(dossierId) as { id: string }[];
      ben.store.write('ben', activities.slice(0, 7).map((a) => ({ entity: 'activities' as const, rowId: a.id, field: 'deleted_at', value: new Date().toISOString(), dossierId })));
      ben.close();
      expect(cli('ben', ['sync']).code).toBe(0);
      const mass = cli('ava', ['sync']);
      expect(mass.code).toBe(3);
      expect(mass.stderr).toContain('Check with the team, then allow the deletion and sync again. On the command line: add --allow-mass-delete.');
      expect(mass.stderr).toContain(`${ref}: 7 of 10 records would be deleted`);
      expect(cli('ava', ['sync', '--allow-mass-delete']).code).toBe(0);

      // Another server on another address: its identity is not the one Ava synced with.
      const dbB = `sqlite:${path.join(dir, 'b.sqlite')}`;
      const tokenB = addUser(dbB, 'ava');
      const serverB = await startServer(dbB);
      servers.push(serverB);
      const lineage = cli('ava', ['sync', '--server', serverB.url], tokenB);
      expect(lineage.code).toBe(3);
      expect(lineage.stderr).toMatch(/not the one this workbench synced with before.*accept the new server and sync again: every local change is then sent to it again\. On the command line: add --accept-new-server\./);
      const json = cli('ava', ['--json', 'sync', '--server', serverB.url], tokenB);
      expect(json.json<{ error: { details: { sync_failure: string } } }>().error.details.sync_failure).toBe('lineage');
      const accepted = cli('ava', ['--json', 'sync', '--server', serverB.url, '--accept-new-server'], tokenB);
      expect(accepted.code, accepted.stderr).toBe(0);
      expect(accepted.json<{ pushed: number }>().pushed).toBeGreaterThan(0);
    } finally {
      for (const s of servers) await s.stop();
      removeDir(dir);
    }
  });
});

const OPENSSL = spawnSync('openssl', ['version']).status === 0;

describe('sync over TLS', () => {
  it.skipIf(!OPENSSL)('serves HTTPS with --tls-cert/--tls-key; a client trusting the certificate syncs, one that does not is told why', async () => {
    const dir = tempDir('pcr-sync-tls-');
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const db = `sqlite:${path.join(dir, 'sync.sqlite')}`;
    const token = addUser(db, 'ava');
    const server = await startServer(db, 0, ['--tls-cert', cert, '--tls-key', key]);
    try {
      expect(server.url).toMatch(/^https:/);
      const data = path.join(dir, 'client');
      const env = { PCR_WORKBENCH_SYNC_TOKEN: token };
      expect(runCliProcess(['--data', data, 'dossier', 'create', '--org', 'TLS Clinic', '--app', 'EMR']).code).toBe(0);
      const untrusted = runCliProcess(['--data', data, 'sync', '--server', server.url], env);
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toMatch(/Could not reach the sync server.*certificate/i);
      const trusted = runCliProcess(['--data', data, '--json', 'sync', '--server', server.url], { ...env, NODE_EXTRA_CA_CERTS: cert });
      expect(trusted.code, trusted.stderr).toBe(0);
      expect(trusted.json().pushed).toBeGreaterThan(0);
    } finally {
      await server.stop();
      removeDir(dir);
    }
  });
});

if (!POSTGRES_AVAILABLE) it.skip(`sync through the CLI on PostgreSQL: ${POSTGRES_SKIP_REASON}`, () => undefined);
