/**
 * Trust that sync cannot forge, through a real sync server (SQLite): keys received through sync
 * are known, not trusted; a second editor's key made under a manager's name, published by sync,
 * signing an edited manifest, is refused (exit 3) by `package verify` on every other workbench —
 * the one that trusts the real manager (a conflicting key) and the one that trusts no one yet
 * (an unconfirmed key). Trusting by fingerprint makes the real manager's signature verify.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { PASSPHRASE_ENV, defaultKeyVault, keysDirOf, readArchive, writeArchive } from '../../electron/packages/index';
import { spawnSync } from 'node:child_process';
import { verificationText } from '../../electron/cli/packageCommands';
import { REPO } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';
import { addUser, startServer, type ServerProcess } from './sync-harness';

const PASSPHRASE = { [PASSPHRASE_ENV]: 'a passphrase for the trust test' };

interface Workbench {
  engine: Engine;
  dataDir: string;
  sync(): ReturnType<Engine['sync']['run']>;
}

let server: ServerProcess;
let db: string;
const benches: Workbench[] = [];
let work: string;

function workbench(user: string): Workbench {
  const token = addUser(db, user);
  const dataDir = tempDir('pcr-trust-');
  const engine = createEngine({ dataDir, actor: user, syncToken: () => token, keyVault: defaultKeyVault(keysDirOf(dataDir), PASSPHRASE) });
  const bench = { engine, dataDir, sync: () => engine.sync.run({ server_url: server.url, allow_mass_delete: false, accept_new_server: false }) };
  benches.push(bench);
  return bench;
}

/** The real CLI, with room for a heavily loaded machine. */
function runCliProcess(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'electron/cli/main.ts'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, PCR_WORKBENCH_USER: 'CLI Tester' },
    timeout: 300_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json: () => JSON.parse(result.stdout) };
}
const verify = (bench: Workbench, file: string) => runCliProcess(['--data', bench.dataDir, 'package', 'verify', file, '--json']);
const verifyInProcess = (bench: Workbench, file: string) => bench.engine.handlers['package.verify']({ content_base64: fs.readFileSync(file).toString('base64') });
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

beforeAll(async () => {
  db = `sqlite:${path.join(tempDir('pcr-trust-srv-'), 'sync.sqlite')}`;
  addUser(db, 'setup');
  server = await startServer(db);
  work = tempDir('pcr-trust-files-');
});

afterAll(async () => {
  for (const b of benches) {
    b.engine.close();
    removeDir(b.dataDir);
  }
  await server?.stop();
  removeDir(work);
});

describe('team keys through sync', () => {
  it('a key made under a manager’s name, synced, re-signing an edited manifest, exits 3 on every other workbench', async () => {
    const manager = workbench('maya');
    const reviewer = workbench('ravi');
    const newcomer = workbench('nora');
    const forger = workbench('eve');

    await manager.engine.handlers['profile.set']({ name: 'Maya Manager', role: 'moh_registries_manager' });
    const managerKey = await manager.engine.handlers['keys.init']({ force: false });
    expect(managerKey).toMatchObject({ name: 'Maya Manager', role: 'moh_registries_manager' });
    await manager.sync();

    // The reviewer receives the manager's key: known, not trusted.
    const received = await reviewer.sync();
    expect(received.keys_received).toBe(1);
    let status = await reviewer.engine.handlers['keys.status']({});
    expect(status.trusted_keys).toEqual([]);
    expect(status.known_keys).toEqual([expect.objectContaining({ key_id: managerKey.key_id, name: 'Maya Manager', published_by: 'maya', flags: [] })]);

    // The reviewer exports a package; the manager signs it.
    const dossier = await reviewer.engine.handlers['dossier.create']({ fields: { 'organization.legal_name': 'Fraser Clinic', 'application.name': 'EMR' } });
    const exported = await reviewer.engine.handlers['package.export']({ id: dossier.id });
    const signed = await manager.engine.handlers['package.sign']({ content_base64: exported.content_base64, decision: 'approved', comment: '', replace: false });
    const genuine = path.join(work, 'genuine.zip');
    fs.writeFileSync(genuine, Buffer.from(signed.content_base64, 'base64'));

    // Known but unconfirmed: not verified.
    let report = await verifyInProcess(reviewer, genuine);
    expect(report.ok).toBe(false);
    expect(report.signatures[0]!.trust).toBe('known_untrusted');

    // The reviewer checks the fingerprint with Maya and trusts it (written as people read it aloud).
    const spaced = managerKey.key_id.match(/.{4}/g)!.join(' ');
    const trusted = runCliProcess(['--data', reviewer.dataDir, 'keys', 'trust', spaced, '--json']);
    expect(trusted.code).toBe(0);
    expect(trusted.json()).toMatchObject({ key_id: managerKey.key_id, name: 'Maya Manager' });
    report = await verifyInProcess(reviewer, genuine);
    expect(report.ok).toBe(true);
    expect(report.signatures[0]!.trust).toBe('trusted');

    // A second editor makes a key under the manager's name and syncs it.
    const forged = await forger.engine.handlers['keys.init']({ name: 'Maya Manager', role: 'moh_registries_manager', force: false });
    await forger.sync();
    // Edits the manifest, drops the manager's now-broken signature and re-signs with the forged key.
    const entries = readArchive(Buffer.from(signed.content_base64, 'base64'))
      .filter((e) => !e.name.startsWith('signatures/'))
      .map((e) => {
        if (e.name !== 'manifest.json') return { name: e.name, bytes: e.bytes! };
        const manifest = JSON.parse(Buffer.from(e.bytes!).toString('utf8'));
        manifest.created_at = '2026-01-01T00:00:00.000Z';
        return { name: e.name, bytes: new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n') };
      });
    const reSigned = await forger.engine.handlers['package.sign']({ content_base64: b64(writeArchive(entries)), decision: 'approved', comment: '', replace: false });
    const forgery = path.join(work, 'forged.zip');
    fs.writeFileSync(forgery, Buffer.from(reSigned.content_base64, 'base64'));

    // Every workbench syncs, then refuses it.
    for (const bench of [manager, reviewer, newcomer]) await bench.sync();
    status = await reviewer.engine.handlers['keys.status']({});
    const forgedKnown = status.known_keys.find((k) => k.key_id === forged.key_id)!;
    expect(forgedKnown).toMatchObject({ name: 'Maya Manager', published_by: 'eve' });
    expect(forgedKnown.flags.join(' ')).toContain('Claims the name Maya Manager');

    let run = verify(reviewer, forgery);
    expect(run.code).toBe(3);
    expect(run.json().signatures).toEqual([expect.objectContaining({ key_id: forged.key_id, status: 'valid', trust: 'conflicting' })]);
    expect(run.json().problems.join(' ')).toContain('possibly an impostor');
    expect(verificationText(run.json())).toContain('CONFLICTING KEY');

    for (const bench of [manager, newcomer]) {
      run = verify(bench, forgery);
      expect(run.code).toBe(3);
      expect(['known_untrusted', 'conflicting']).toContain(run.json().signatures[0].trust);
    }

    // Trusting the impostor's key by its fingerprint is refused while the name is held (exit 3).
    const refused = runCliProcess(['--data', reviewer.dataDir, 'keys', 'trust', forged.key_id]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('may be an impostor');
    expect((await reviewer.engine.handlers['keys.status']({})).trusted_keys.map((k) => k.key_id)).toEqual([managerKey.key_id]);
  }, 900_000);
});
