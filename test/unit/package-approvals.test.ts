/**
 * Decisions recorded from signed packages, in process: two approvers on their own data folders,
 * the import recorded once (a second import writes nothing), the approval status against the
 * required roles, the Deployment gate's reason while an approval is awaited, and the signed copy.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { PASSPHRASE_ENV, approvalGateReasons, defaultKeyVault, keysDirOf } from '../../electron/packages/index';
import { removeDir, tempDir } from '../support/tempData';

const dirs: string[] = [];
const engines: Engine[] = [];
function bench(name: string, role: 'moh_registries_manager' | 'cis' | 'moh_registries_admin') {
  const dataDir = tempDir('pcr-approvals-unit-');
  dirs.push(dataDir);
  const engine = createEngine({ dataDir, actor: name, keyVault: defaultKeyVault(keysDirOf(dataDir), { [PASSPHRASE_ENV]: 'unit test passphrase' }) });
  engines.push(engine);
  return { engine, dataDir, init: async () => {
    await engine.handlers['profile.set']({ name, role });
    await engine.handlers['keys.init']({ force: false });
    return engine.handlers['keys.export']({});
  } };
}
afterAll(() => {
  for (const e of engines) e.close();
  for (const d of dirs) removeDir(d);
});

describe('package approvals', () => {
  it('records each decision once, tracks the required roles, feeds the gate, and fills the signed copy', async () => {
    const lead = bench('Lee Lead', 'moh_registries_admin');
    const manager = bench('Mīria Manager', 'moh_registries_manager');
    const cis = bench('Émile Tester', 'cis');
    await lead.engine.handlers['profile.set']({ name: 'Lee Lead', role: 'moh_registries_admin' });
    for (const approver of [manager, cis]) {
      const key = await approver.init();
      await lead.engine.handlers['keys.trust']({ public_key_json: JSON.stringify(key), allow_conflict: false });
    }
    const dossier = await lead.engine.handlers['dossier.create']({ fields: { 'organization.legal_name': 'Fraser Clinic', 'application.name': 'EMR' } });
    expect(approvalGateReasons(lead.engine.store, dossier.id, 'deployment')[0]).toMatch(/has not been exported and approved yet \(required: MoH Health Registries manager, Conformance and Integration Services \(CIS\)\)/);
    expect(approvalGateReasons(lead.engine.store, dossier.id, 'implementation')).toEqual([]);

    const exported = await lead.engine.handlers['package.export']({ id: dossier.id });
    // The exported version waits in each approver role's work queue until that role's decision comes back.
    const awaiting = async (role: 'moh_registries_manager' | 'cis') =>
      (await lead.engine.handlers['work.list']({ role })).items.filter((i) => i.kind === 'package-approval').map((i) => [i.reference, i.title, i.target.tab]);
    expect(await awaiting('cis')).toEqual([[dossier.reference, 'Approve the approval package, version 1', 'documents']]);
    const byManager = await manager.engine.handlers['package.sign']({ content_base64: exported.content_base64, decision: 'approved', comment: '', replace: false });

    const first = await lead.engine.handlers['package.import']({ content_base64: byManager.content_base64 });
    expect(first).toMatchObject({ recorded: 1, unchanged: 0, status: { complete: false } });
    expect(first.status.required.map((r) => [r.role, r.status])).toEqual([
      ['moh_registries_manager', 'approved'],
      ['cis', 'awaited'],
    ]);
    expect(approvalGateReasons(lead.engine.store, dossier.id, 'deployment')).toEqual(['Approval package version 1 awaits the approval of Conformance and Integration Services (CIS).']);
    expect(await awaiting('moh_registries_manager')).toEqual([]);
    expect(await awaiting('cis')).toHaveLength(1);

    const both = await cis.engine.handlers['package.sign']({ content_base64: byManager.content_base64, decision: 'approved_with_conditions', comment: 'Monitor the first week', replace: false });
    const logBefore = (lead.engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;
    const second = await lead.engine.handlers['package.import']({ content_base64: both.content_base64 });
    expect(second).toMatchObject({ recorded: 1, unchanged: 1, status: { complete: true } });
    const logAfter = (lead.engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;
    expect(await lead.engine.handlers['package.import']({ content_base64: both.content_base64 })).toMatchObject({ recorded: 0, unchanged: 2 });
    expect((lead.engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n).toBe(logAfter);
    expect(logAfter).toBeGreaterThan(logBefore);
    expect(approvalGateReasons(lead.engine.store, dossier.id, 'deployment')).toEqual([]);
    expect(await awaiting('cis')).toEqual([]);
    // Recording decisions does not make the package outdated.
    const history = await lead.engine.handlers['package.history']({ id: dossier.id });
    expect(history[0]).toMatchObject({ current: true });
    expect(history[0]!.decisions.map((d) => d.signer_name).sort()).toEqual(['Mīria Manager', 'Émile Tester']);

    const copy = await lead.engine.handlers['package.render_signed']({ content_base64: both.content_base64 });
    expect(copy.signers).toBe(2);
    const file = path.join(lead.dataDir, 'signed.pdf');
    fs.writeFileSync(file, Buffer.from(copy.content_base64, 'base64'));
    const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    for (const expected of ['Recorded decisions', 'Mīria Manager', 'Émile Tester', 'Approved with conditions', 'Monitor the first week']) expect(text).toContain(expected);

    // A package from a workbench that trusts no one is refused whole.
    const stranger = bench('Sam Stranger', 'cis');
    const refused = await Promise.resolve(stranger.engine.handlers['package.import']({ content_base64: both.content_base64 })).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/does not verify, so no decision was recorded/);
  }, 600_000);
});
