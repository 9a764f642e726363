/**
 * The sync server and client against each other, on SQLite and PostgreSQL: authentication and
 * body limits, server identity (lineage), tombstones and resurrection, the mass-delete guard,
 * clock skew, attachments and keys. Clients are engines in this process; the server is a real
 * process on 127.0.0.1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { SyncService, fetchTransport, type Transport } from '../../electron/sync/index';
import { WorkbenchError } from '../../shared/api/errors';
import { SYNC_HEADERS, SYNC_PATHS } from '../../shared/sync/protocol';
import { ServerStore } from '../../server/db';
import { removeDir, tempDir } from '../support/tempData';
import { addUser, replicaContent, serverCli, startServer, type ServerProcess } from './sync-harness';
import { POSTGRES_AVAILABLE, POSTGRES_SKIP_REASON, backends } from './sync-backends';

interface Client extends Engine {
  dataDir: string;
  sync: Engine['sync'];
  run(extra?: { allow_mass_delete?: boolean; accept_new_server?: boolean }): ReturnType<Engine['sync']['run']>;
}

for (const backend of backends()) {
  describe(`sync protocol (${backend.name})`, () => {
    let server: ServerProcess;
    let db: string;
    let token: string;
    const clients: Client[] = [];
    const servers: ServerProcess[] = [];

    beforeAll(async () => {
      await backend.setup();
    });
    afterAll(() => backend.teardown());
    afterEach(async () => {
      for (const c of clients.splice(0)) {
        c.close();
        removeDir(c.dataDir);
      }
      for (const s of servers.splice(0)) await s.stop();
    });

    const freshServer = async () => {
      db = backend.freshDb();
      token = addUser(db, 'lead');
      server = await startServer(db);
      servers.push(server);
      return server;
    };

    const client = (actor: string): Client => {
      const dataDir = tempDir('pcr-sync-client-');
      const engine = createEngine({ dataDir, actor, syncToken: () => token });
      const c: Client = {
        ...engine,
        dataDir,
        run: (extra = {}) => engine.sync.run({ server_url: server.url, allow_mass_delete: false, accept_new_server: false, ...extra }),
      };
      clients.push(c);
      return c;
    };

    const newDossier = (c: Client) => c.handlers['dossier.create']({ fields: { 'organization.legal_name': 'Fraser Clinic', 'application.name': 'EMR' } }) as ReturnType<Engine['handlers']['dossier.create']> & { id: string; reference: string };
    const activityRows = (c: Client, dossierId: string) =>
      c.store.db.prepare('SELECT id, deleted_at, notes FROM activities WHERE dossier_id = ? ORDER BY key').all(dossierId) as { id: string; deleted_at: string | null; notes: string | null }[];
    const file = (c: Client) => path.join(c.dataDir, 'workbench.sqlite');

    it('refuses requests without a valid token, oversized bodies, and pushes from a viewer', async () => {
      await freshServer();
      const viewer = addUser(db, 'auditor', 'viewer');
      const call = (p: string, init: RequestInit = {}) => fetch(new URL(p, server.url), init);
      expect((await call(SYNC_PATHS.health)).status).toBe(200);
      const none = await call(SYNC_PATHS.hello);
      expect(none.status).toBe(401);
      expect((await none.json()).error.code).toBe('unauthorized');
      expect((await call(SYNC_PATHS.hello, { headers: { authorization: 'Bearer pcrs_wrong' } })).status).toBe(401);
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const huge = await call(SYNC_PATHS.push, { method: 'POST', headers: auth, body: 'x'.repeat(5 * 1024 * 1024) });
      expect(huge.status).toBe(413);
      expect((await huge.json()).error.code).toBe('too_large');
      const bad = await call(SYNC_PATHS.push, { method: 'POST', headers: auth, body: JSON.stringify({ device_id: 'd', changes: [{ change_id: 'nope' }] }) });
      expect(bad.status).toBe(400);
      const asViewer = await call(SYNC_PATHS.push, { method: 'POST', headers: { ...auth, authorization: `Bearer ${viewer}` }, body: JSON.stringify({ device_id: 'd', changes: [] }) });
      expect(asViewer.status).toBe(403);
      // A change stamped far in the future is refused with the server's time.
      const future = Date.now() + 3_600_000;
      const stamp = `${String(future).padStart(15, '0')}:00000:dev-1`;
      const skewed = await call(SYNC_PATHS.push, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ device_id: 'dev-1', changes: [{ change_id: stamp, entity: 'dossiers', row_id: 'x', field: 'reference', value: '"PCR"', device_id: 'dev-1', actor: 'a', dossier_id: 'x', base: null }] }),
      });
      expect(skewed.status).toBe(409);
      const body = await skewed.json();
      expect(body.error.code).toBe('clock_skew');
      expect(typeof body.server_time).toBe('number');
      const revoke = serverCli(['user', 'revoke', 'auditor', '--db', db]);
      expect(revoke.code).toBe(0);
      expect((await call(SYNC_PATHS.hello, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(401);
    });

    it('stops when the server lost its identity, and resends everything once accepted', async () => {
      await freshServer();
      const a = client('Ava');
      const d = newDossier(a);
      await a.run();
      await server.stop();
      // A new, empty server on the same address (a reset).
      const port = server.port;
      db = backend.freshDb();
      token = addUser(db, 'lead');
      server = await startServer(db, port);
      servers.push(server);
      a.handlers['dossier.update']({ id: d.id, changes: { 'application.vendor': 'Acme' } });
      const before = replicaContent(file(a));
      const stopped = await a.run().catch((e: unknown) => e);
      expect(stopped).toBeInstanceOf(WorkbenchError);
      expect((stopped as WorkbenchError).message).toMatch(/not the one this workbench synced with before.*accept the new server and sync again/);
      // The engine speaks to every transport: no command-line flag (the CLI adds its own).
      expect((stopped as WorkbenchError).message).not.toMatch(/--/);
      expect((stopped as WorkbenchError).details?.sync_failure).toBe('lineage');
      expect(replicaContent(file(a))).toEqual(before);
      expect(a.sync.status().last_error?.kind).toBe('lineage');
      const accepted = await a.run({ accept_new_server: true });
      expect(accepted.pushed).toBeGreaterThan(20);
      const b = client('Ben');
      await b.run();
      expect(replicaContent(file(b))).toEqual(replicaContent(file(a)));
    });

    it('keeps tombstones, and brings back a row deleted on one side while edited on the other', async () => {
      await freshServer();
      const a = client('Ava');
      const b = client('Ben');
      const d = newDossier(a);
      await a.run();
      await b.run();
      const [first, second, third] = activityRows(a, d.id);
      const del = (c: Client, id: string) => c.store.write(c.context.actor, [{ entity: 'activities', rowId: id, field: 'deleted_at', value: new Date().toISOString(), dossierId: d.id }]);
      const note = (c: Client, id: string, text: string) => c.store.write(c.context.actor, [{ entity: 'activities', rowId: id, field: 'notes', value: text, dossierId: d.id }]);

      // A plain delete travels as a tombstone.
      del(a, first!.id);
      await a.run();
      await b.run();
      expect(activityRows(b, d.id).find((r) => r.id === first!.id)?.deleted_at).not.toBeNull();

      // Ben deletes, Ava edits meanwhile: Ava's sync brings the row back with a conflict.
      del(b, second!.id);
      await b.run();
      note(a, second!.id, 'Kick-off moved to Tuesday');
      const resurrected = await a.run();
      expect(resurrected.new_conflicts).toBe(1);
      // Ava deletes, Ben edits and syncs first: Ava's sync brings it back too.
      del(a, third!.id);
      note(b, third!.id, 'Vendor confirmed');
      await b.run();
      await a.run();
      await b.run();
      await a.run();
      for (const c of [a, b]) {
        const rows = activityRows(c, d.id);
        expect(rows.find((r) => r.id === second!.id)).toMatchObject({ deleted_at: null, notes: 'Kick-off moved to Tuesday' });
        expect(rows.find((r) => r.id === third!.id)).toMatchObject({ deleted_at: null, notes: 'Vendor confirmed' });
      }
      const conflicts = a.handlers['conflicts.list']({ include_resolved: false, limit: 100 }) as { kind: string; row_id: string }[];
      expect(conflicts.filter((c) => c.kind === 'delete').map((c) => c.row_id).sort()).toEqual([second!.id, third!.id].sort());
      expect(replicaContent(file(a))).toEqual(replicaContent(file(b)));
    });

    it('stops a pull that would delete most of a dossier until allowed', async () => {
      await freshServer();
      const a = client('Ava');
      const b = client('Ben');
      const d = newDossier(a);
      await a.run();
      await b.run();
      const rows = activityRows(a, d.id);
      a.store.write(
        'Ava',
        rows.slice(0, 7).map((r) => ({ entity: 'activities' as const, rowId: r.id, field: 'deleted_at', value: new Date().toISOString(), dossierId: d.id })),
      );
      await a.run();
      const before = replicaContent(file(b));
      const cursor = b.sync.status().cursor;
      const refused = await b.run().catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(WorkbenchError);
      expect((refused as WorkbenchError).code).toBe('conflict');
      expect((refused as WorkbenchError).details?.reasons?.[0]).toMatch(new RegExp(`${d.reference}: 7 of 10 records would be deleted`));
      expect((refused as WorkbenchError).message).toMatch(/allow the deletion and sync again\.$/);
      expect((refused as WorkbenchError).message).not.toMatch(/--/);
      expect((refused as WorkbenchError).details?.sync_failure).toBe('mass_delete');
      expect(replicaContent(file(b))).toEqual(before);
      expect(b.sync.status().cursor).toBe(cursor);
      await b.run({ allow_mass_delete: true });
      expect(replicaContent(file(b))).toEqual(replicaContent(file(a)));
    });

    it('asks for the next page where the server says a page ends, and reads each page as sent when that hint is wrong or missing', async () => {
      await freshServer();
      const a = client('Ava');
      for (let i = 0; i < 3; i += 1) newDossier(a);
      const pushed = (await a.run()).pushed;
      const asked: number[] = [];
      let hinted = 0;
      // Of the answers that hint where their page ends, one in three hints wrong and one in three says nothing (as an older server).
      const misleading: Transport = async (request) => {
        const url = new URL(request.url);
        if (url.pathname === SYNC_PATHS.pull) asked.push(Number(url.searchParams.get('after')));
        const response = await fetchTransport(request);
        const hint = response.headers?.[SYNC_HEADERS.nextAfter];
        if (url.pathname !== SYNC_PATHS.pull || hint === undefined) return response;
        hinted += 1;
        if (hinted % 3 === 1) return { ...response, headers: { ...response.headers, [SYNC_HEADERS.nextAfter]: String(Number(hint) - 2) } };
        if (hinted % 3 === 2) return { ...response, headers: {} };
        return response;
      };
      const b = client('Ben');
      const reader = new SyncService({ store: b.store, actor: 'Ben', dataDir: b.dataDir, token: () => token, transport: misleading, pullPageSize: 7 });
      const result = await reader.run({ server_url: server.url, allow_mass_delete: false, accept_new_server: false });
      expect(result.cursor).toBe(pushed);
      expect(replicaContent(file(b))).toEqual(replicaContent(file(a)));
      // Every page was asked for where the one before ended; the wrong hints were asked for too, and not read.
      const pageStarts = Array.from({ length: Math.ceil(pushed / 7) }, (_, k) => k * 7);
      expect(asked).toEqual(expect.arrayContaining(pageStarts));
      expect(asked.filter((after) => after % 7 !== 0).length).toBeGreaterThan(0);
    });

    it('reports a skewed clock with the server time, before merging anything', async () => {
      await freshServer();
      const a = client('Ava');
      newDossier(a);
      const skewed = new SyncService({ store: a.store, actor: 'Ava', dataDir: a.dataDir, token: () => token, now: () => Date.now() + 20 * 60_000 });
      const error = await skewed.run({ server_url: server.url, allow_mass_delete: false, accept_new_server: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkbenchError);
      expect((error as WorkbenchError).message).toMatch(/clock is 20 min ahead of the sync server's \(server time \d{4}-\d\d-\d\dT/);
      expect(a.sync.status().waiting).toBeGreaterThan(0);
    });

    it('keeps a change from a newer version aside, and applies it once the version knows it', async () => {
      await freshServer();
      const a = client('Ava');
      const d = newDossier(a);
      await a.run();
      const activity = activityRows(a, d.id)[0]!;
      const stamp = `${String(Date.now()).padStart(15, '0')}:00000:dev-future`;
      const future = { change_id: stamp, entity: 'partner_contracts', row_id: activity.id, field: 'notes', value: '"From a newer workbench"', device_id: 'dev-future', actor: 'Zoe', dossier_id: d.id, base: null };
      // This server checks every change against the schema it knows: it refuses a table it does not
      // know (upgrade the server first). A newer server accepts it; older workbenches keep it aside.
      const pushed = await fetch(new URL(SYNC_PATHS.push, server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ device_id: 'dev-future', changes: [future] }),
      });
      expect(pushed.status).toBe(400);
      expect(((await pushed.json()) as { error: { refused: { reason: string }[] } }).error.refused[0]!.reason).toBe('unknown table "partner_contracts"');
      const newerServer = await ServerStore.open(db);
      try {
        await newerServer.db.insertInto('changes').values({ ...future, user_name: 'lead', received_at: new Date().toISOString() }).execute();
      } finally {
        await newerServer.close();
      }
      const result = await a.run();
      expect(result.deferred).toBe(1);
      expect(a.store.db.prepare('SELECT COUNT(*) AS n FROM sync_deferred').get()).toEqual({ n: 1 });
      // As if the workbench were upgraded and now knew that table: the kept change applies.
      a.store.db.prepare('UPDATE sync_deferred SET body = ?').run(JSON.stringify({ ...future, entity: 'activities', seq: 1, user: 'lead' }));
      await a.run();
      expect(activityRows(a, d.id)[0]!.notes).toBe('From a newer workbench');
      expect(a.store.db.prepare('SELECT COUNT(*) AS n FROM sync_deferred').get()).toEqual({ n: 0 });
    });

    it('carries evidence files by hash, and the team’s public keys as known until a person trusts one', async () => {
      await freshServer();
      const a = client('Ava');
      const b = client('Ben');
      const d = newDossier(a);
      // The partner's evidence comes once the gap analysis was handed off, after the kick-off.
      await a.handlers['activity.update']({ id: d.id, activity: 'kickoff', changes: { status: 'done' } });
      await a.handlers['questionnaire.provide']({ id: d.id });
      const questionnaire = await a.handlers['questionnaire.get']({ id: d.id });
      const question = questionnaire.template.sections[0]!.questions[0]!.id;
      const content = Buffer.from('%PDF-1.4 evidence of a privacy impact assessment');
      await a.handlers['questionnaire.evidence.add']({ id: d.id, question, file: { name: 'pia.pdf', content_base64: content.toString('base64') } });
      process.env.PCR_WORKBENCH_KEY_PASSPHRASE = 'a long enough passphrase';
      let avaKey: string;
      try {
        avaKey = (await a.handlers['keys.init']({ role: 'moh_registries_manager', name: 'Ava Singh', force: false })).key_id;
      } finally {
        delete process.env.PCR_WORKBENCH_KEY_PASSPHRASE;
      }
      const sent = await a.run();
      expect(sent.attachments_sent).toBe(1);
      const got = await b.run();
      expect(got.attachments_received).toBe(1);
      expect(got.keys_received).toBe(1);
      const evidence = b.store.db.prepare('SELECT sha256 FROM questionnaire_evidence WHERE dossier_id = ?').get(d.id) as { sha256: string };
      expect(fs.readFileSync(path.join(b.dataDir, 'attachments', evidence.sha256.slice(0, 2), evidence.sha256))).toEqual(content);
      // A key from the server is known, never trusted by that alone: a person confirms it.
      type KeyStatus = { trusted_keys: { key_id: string; name: string }[]; known_keys: { key_id: string; name: string; published_by: string | null }[] };
      const keys = (await b.handlers['keys.status']({})) as KeyStatus;
      expect(keys.trusted_keys.map((k) => k.name)).not.toContain('Ava Singh');
      expect(keys.known_keys).toEqual([expect.objectContaining({ key_id: avaKey, name: 'Ava Singh', published_by: 'lead' })]);
      // Ben checked the fingerprint with Ava: now the key is trusted on his workbench, and no longer waits.
      await b.handlers['keys.trust']({ key_id: avaKey, allow_conflict: false });
      const confirmed = (await b.handlers['keys.status']({})) as KeyStatus;
      expect(confirmed.trusted_keys.map((k) => k.name)).toEqual(['Ava Singh']);
      expect(confirmed.known_keys).toEqual([]);
    });
  });
}

if (!POSTGRES_AVAILABLE) it.skip(`sync protocol on PostgreSQL: ${POSTGRES_SKIP_REASON}`, () => undefined);
