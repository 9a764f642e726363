/**
 * One bad change cannot break the team (issue #10), on SQLite and PostgreSQL, through a real server
 * process: the server refuses an invalid change and tells the pusher which and why (NUL included,
 * the same 400 on both backends); a change that reaches clients anyway (written straight into the
 * server's database) or names a record that does not exist is quarantined by every client while
 * reads and later syncs keep working and a fresh client gets the real data; a person drops it after
 * review. Also: malformed requests are answered 400 and the server keeps serving.
 */
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { dispatch } from '../../shared/api/dispatch';
import { SYNC_PATHS } from '../../shared/sync/protocol';
import { ServerStore } from '../../server/db';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';
import { addUser, replicaContent, startServer, type ServerProcess } from './sync-harness';
import { backends } from './sync-backends';

interface Client extends Engine {
  dataDir: string;
  run(): ReturnType<Engine['sync']['run']>;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
let stampCounter = 0;
/** A clock stamp of device `dev-poison`, unique within the run. */
const stamp = () => `${String(Date.now()).padStart(15, '0')}:${String(++stampCounter).padStart(5, '0')}:dev-poison`;

for (const backend of backends()) {
  describe(`poisoned changes (${backend.name})`, () => {
    let server: ServerProcess;
    let db: string;
    let token: string;
    const clients: Client[] = [];

    beforeAll(async () => {
      await backend.setup();
    });
    afterAll(() => backend.teardown());
    afterEach(async () => {
      for (const c of clients.splice(0)) {
        c.close();
        removeDir(c.dataDir);
      }
      await server?.stop();
    });

    const freshServer = async () => {
      db = backend.freshDb();
      token = addUser(db, 'lead');
      server = await startServer(db);
    };
    const client = (actor: string): Client => {
      const dataDir = tempDir('pcr-poison-client-');
      const engine = createEngine({ dataDir, actor, syncToken: () => token });
      const c: Client = { ...engine, dataDir, run: () => engine.sync.run({ server_url: server.url, allow_mass_delete: false, accept_new_server: false }) };
      clients.push(c);
      return c;
    };
    const newDossier = (c: Client) =>
      c.handlers['dossier.create']({ fields: { 'organization.legal_name': 'Fraser Clinic', 'application.name': 'EMR' } }) as { id: string; reference: string };
    const file = (c: Client) => path.join(c.dataDir, 'workbench.sqlite');
    const push = (changes: Record<string, unknown>[]) =>
      fetch(new URL(SYNC_PATHS.push, server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ device_id: 'dev-poison', changes }),
      });
    const wire = (over: Record<string, unknown>) => ({
      change_id: stamp(),
      entity: 'dossiers',
      row_id: 'd-poison',
      field: 'organization__legal_name',
      value: '"Fraser Clinic"',
      device_id: 'dev-poison',
      actor: 'Mallory',
      dossier_id: 'd-poison',
      base: null,
      ...over,
    });

    it('refuses an invalid change at push, naming it and why; NUL in any column is the same 400 on every backend; nothing is stored', async () => {
      await freshServer();
      const bogus = wire({ field: 'status__phase', value: '"bogus"' });
      const good = wire({ field: 'reference', value: '"PCR-2026-0001"' });
      const refused = await push([good, bogus]);
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { error: { code: string; message: string; refused: { change_id: string; reason: string }[] } };
      expect(body.error.code).toBe('invalid');
      expect(body.error.message).toMatch(/1 change is not valid and nothing of this push was stored/);
      expect(body.error.refused).toEqual([{ change_id: bogus.change_id, reason: expect.stringMatching(/Phase.*"bogus" is not one of intake, implementation, deployment, live/) }]);

      for (const [column, over] of [
        ['value', { value: JSON.stringify('Fraser\u0000Clinic') }],
        ['value (raw)', { value: '"Fraser\u0000Clinic"' }],
        ['actor', { actor: 'Mal\u0000lory' }],
        ['dossier_id', { dossier_id: 'd-poison\u0000', row_id: 'd-poison\u0000' }],
        ['row_id', { entity: 'activities', field: 'notes', row_id: 'a\u0000b' }],
        ['terminal escape', { value: JSON.stringify('Fraser\u001b[31m') }],
        ['no dossier', { dossier_id: null }],
      ] as const) {
        const answer = await push([wire(over)]);
        expect(answer.status, column).toBe(400);
        const error = ((await answer.json()) as { error: { code: string; refused: unknown[] } }).error;
        expect(error.code, column).toBe('invalid');
        expect(error.refused, column).toHaveLength(1);
      }
      const accepted = await push([good]);
      expect(accepted.status).toBe(200);
      const pulled = (await (await fetch(new URL(`${SYNC_PATHS.pull}?after=0`, server.url), { headers: { authorization: `Bearer ${token}` } })).json()) as { changes: { change_id: string }[] };
      expect(pulled.changes.map((c) => c.change_id)).toEqual([good.change_id]);
      expect(server.log.some((l) => l.includes('"status":500'))).toBe(false);
    });

    it('tells the workbench that pushed an invalid change which and why, keeps it aside, and sends the rest', async () => {
      await freshServer();
      const a = client('Ava');
      const d = newDossier(a);
      await a.run();
      // An older workbench let this into its outbox (written around today's write path).
      const poisoned = a.store.clock.next();
      a.store.db
        .prepare('INSERT INTO change_log(change_id, entity, row_id, field, value, old_value, dossier_id, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(poisoned, 'dossiers', d.id, 'status__phase', '"bogus"', '"intake"', d.id, new Date().toISOString(), 'Ava');
      a.handlers['dossier.update']({ id: d.id, changes: { 'application.vendor': 'Acme' } });
      const result = await a.run();
      expect(result.refused).toBe(1);
      expect(result.pushed).toBe(1);
      const status = a.sync.status();
      expect(status.waiting).toBe(0);
      expect(status.quarantined).toBe(1);
      expect(status.quarantine_reasons?.[0]).toMatch(/Phase.*"bogus"/);
      const [kept] = a.handlers['sync.quarantine.list']({ include_dropped: false }) as { id: string; direction: string; reason: string; reference: string }[];
      expect(kept).toMatchObject({ id: poisoned, direction: 'refused', reference: d.reference });
      // Later syncs are clean; the team gets the valid change and never the invalid one.
      expect((await a.run()).refused).toBe(0);
      const b = client('Ben');
      await b.run();
      const seen = b.handlers['dossier.get']({ id: d.id }) as { fields: Record<string, unknown> };
      expect(seen.fields['application.vendor']).toBe('Acme');
      expect(seen.fields['status.phase']).toBe('intake');
      a.handlers['sync.quarantine.drop']({ id: poisoned });
      expect(a.sync.status().quarantined).toBe(0);
    });

    it('quarantines changes that bypassed the server, on every client; reads, later syncs and a fresh client keep working; dropped after review', async () => {
      await freshServer();
      const a = client('Ava');
      const d = newDossier(a);
      await a.run();
      // Written straight into the server's database, around its validation.
      const poison = [
        { ...wire({ row_id: d.id, dossier_id: d.id, field: 'status__phase', value: '"bogus"' }), why: /Phase.*"bogus" is not one of/ },
        { ...wire({ row_id: d.id, dossier_id: d.id, field: 'application__vendor', value: JSON.stringify('Acme\u001b[31m\u0007') }), why: /Vendor.*escape character/ },
        { ...wire({ row_id: 'no-such-dossier', dossier_id: 'no-such-dossier' }), why: /names dossier no-such-dossier, which does not exist here/ },
        { ...wire({ entity: 'activities', row_id: 'no-such-activity', dossier_id: d.id, field: 'notes', value: '"hello"' }), why: /record \(no-such-activity\) that does not exist here/ },
        { ...wire({ entity: 'activities', row_id: 'orphan-activity', dossier_id: 'ghost-dossier', field: 'dossier_id', value: '"ghost-dossier"' }), why: /names dossier ghost-dossier/ },
      ];
      const serverDb = await ServerStore.open(db);
      try {
        await serverDb.db
          .insertInto('changes')
          .values(poison.map(({ why: _why, ...c }) => ({ ...c, user_name: 'mallory', received_at: new Date().toISOString() })))
          .execute();
      } finally {
        await serverDb.close();
      }

      const first = await a.run();
      expect(first.quarantined).toBe(poison.length);
      expect(first.applied).toBe(0);
      const listed = a.handlers['sync.quarantine.list']({ include_dropped: false }) as { id: string; direction: string; reason: string; user: string | null }[];
      for (const p of poison) expect(listed.find((q) => q.id === p.change_id), String(p.why)).toMatchObject({ direction: 'received', reason: expect.stringMatching(p.why), user: 'mallory' });

      // Reads keep working: the phase is Intake, nothing invalid got in, no orphan rows.
      expect((await dispatch(a.handlers, 'dossier.list', {})).ok).toBe(true);
      const shown = a.handlers['dossier.get']({ id: d.id }) as { fields: Record<string, unknown>; invalid?: unknown[] };
      expect(shown.fields['status.phase']).toBe('intake');
      expect(shown.fields['application.vendor']).toBeNull();
      expect(shown.invalid).toBeUndefined();
      expect(a.store.db.prepare("SELECT COUNT(*) AS n FROM dossiers WHERE id IN ('no-such-dossier', 'ghost-dossier')").get()).toEqual({ n: 0 });
      expect(a.store.db.prepare("SELECT COUNT(*) AS n FROM activities WHERE id IN ('no-such-activity', 'orphan-activity')").get()).toEqual({ n: 0 });
      for (const args of [['dossier', 'list'], ['dossier', 'show', d.reference], ['sync', 'status']]) {
        const run = runCliProcess(['--data', a.dataDir, ...args]);
        expect(run.code, args.join(' ')).toBe(0);
        expect(run.stdout, args.join(' ')).not.toMatch(CONTROL);
        if (args[1] === 'status') {
          expect(run.stdout).toMatch(/Quarantined changes: 5/);
          expect(run.stdout).toMatch(/Phase.*"bogus"/);
        }
      }

      // Later syncs keep working, both ways.
      a.handlers['dossier.update']({ id: d.id, changes: { 'application.vendor': 'Acme' } });
      const later = await a.run();
      expect(later).toMatchObject({ pushed: 1, quarantined: 0 });
      // A fresh workbench receives the real data (and keeps the same poison aside).
      const b = client('Ben');
      const fresh = await b.run();
      expect(fresh.quarantined).toBe(poison.length);
      expect(replicaContent(file(b))).toEqual(replicaContent(file(a)));
      expect(b.sync.status().quarantined).toBe(poison.length);

      // A person drops one after review; it is no longer counted, still on record.
      const dropped = a.handlers['sync.quarantine.drop']({ id: poison[0]!.change_id }) as { dropped_by: string };
      expect(dropped.dropped_by).toBe('Ava');
      expect(a.sync.status().quarantined).toBe(poison.length - 1);
      expect((a.handlers['sync.quarantine.list']({ include_dropped: true }) as unknown[]).length).toBe(poison.length);
      const again = await dispatch(a.handlers, 'sync.quarantine.drop', { id: poison[0]!.change_id });
      expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(await dispatch(a.handlers, 'sync.quarantine.drop', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const cliDrop = runCliProcess(['--data', a.dataDir, 'sync', 'quarantine', 'drop', poison[1]!.change_id]);
      expect(cliDrop.code).toBe(0);
      expect(a.sync.status().quarantined).toBe(poison.length - 2);
      // Nothing pulled again brings a dropped change back.
      expect((await a.run()).quarantined).toBe(0);
    });

    it('answers malformed requests with 400 and keeps serving', async () => {
      await freshServer();
      const raw = (request: string) =>
        new Promise<string>((resolve) => {
          const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
          let answer = '';
          socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
          socket.on('error', () => resolve(answer));
          socket.on('close', () => resolve(answer));
          socket.write(request);
        });
      for (const target of ['/%E0%A4%A', '/%', '/v1/pull/%ZZ']) {
        const answer = await raw(`GET ${target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
        expect(answer, target).toMatch(/^HTTP\/1\.1 400 /);
      }
      expect(await raw('THIS IS NOT HTTP\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
      const health = await fetch(new URL(SYNC_PATHS.health, server.url));
      expect(health.status).toBe(200);
      expect(server.process.exitCode).toBeNull();
      expect(server.log.join('\n')).not.toContain(token);
    });
  });
}

