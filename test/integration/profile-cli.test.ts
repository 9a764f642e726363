import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let data: string;
const env = { PCR_WORKBENCH_KEY_PASSPHRASE: 'profile test passphrase' };
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args], env);
const NAME = 'Siobhán Ngāti-Tūwharetoa';

beforeAll(() => {
  data = tempDir('pcr-profile-');
});
afterAll(() => removeDir(data));

describe('profile on the command line', () => {
  it('without a profile, changes are recorded as the OS account or PCR_WORKBENCH_USER, as before', () => {
    const shown = cli('profile', 'show', '--json');
    expect(shown.code).toBe(0);
    expect(shown.json()).toMatchObject({ profile: null, actor: 'CLI Tester', changes: [] });
    expect(cli('profile', 'show').stdout).toContain('No profile yet');
  });

  it('refuses a bad role or e-mail with exit 2 and keeps no profile', () => {
    expect(cli('profile', 'set', '--name', NAME, '--role', 'boss').code).toBe(2);
    const badEmail = cli('profile', 'set', '--name', NAME, '--role', 'moh_registries_manager', '--email', 'not-an-address', '--json');
    expect(badEmail.code).toBe(2);
    expect(badEmail.json().error.message).toContain('e-mail');
    expect(cli('profile', 'set', '--name', '  ', '--role', 'cis').code).toBe(2);
    expect(cli('profile', 'show', '--json').json().profile).toBeNull();
  });

  it('sets the profile; it becomes the actor of changes, the preparer of documents and the default identity of a new key', () => {
    const set = cli('profile', 'set', '--name', NAME, '--role', 'moh_registries_manager', '--organization', 'Ministry of Health', '--email', 'siobhan@gov.bc.ca', '--json');
    expect(set.code).toBe(0);
    expect(set.json()).toMatchObject({ name: NAME, role: 'moh_registries_manager', organization: 'Ministry of Health', email: 'siobhan@gov.bc.ca' });

    const dossier = cli('dossier', 'create', '--org', 'Island Clinic', '--app', 'EMR', '--json').json();
    const history = cli('history', dossier.reference, '--changes', '--json').json();
    expect(history.length).toBeGreaterThan(0);
    expect(new Set(history.map((e: { actor: string }) => e.actor))).toEqual(new Set([NAME]));

    const out = path.join(data, 'plan.pdf');
    expect(cli('generate', 'deployment-plan', dossier.reference, '--format', 'pdf', '--out', out).code).toBe(0);
    const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(`Prepared by ${NAME} (MoH Health Registries manager, Ministry of Health)`);
    const info = spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(new RegExp(`Author:\\s+${NAME}`));

    const key = cli('keys', 'init', '--json');
    expect(key.code).toBe(0);
    expect(key.json()).toMatchObject({ name: NAME, role: 'moh_registries_manager' });
  });

  it('--as still wins for one command', () => {
    const dossier = cli('--as', 'Script Runner', 'dossier', 'create', '--org', 'Other Clinic', '--app', 'EMR', '--json').json();
    const history = cli('history', dossier.reference, '--changes', '--json').json();
    expect(new Set(history.map((e: { actor: string }) => e.actor))).toEqual(new Set(['Script Runner']));
  });

  it('audits each change of the profile, naming who made it and what it was before', () => {
    expect(cli('profile', 'set', '--name', NAME, '--role', 'cis').code).toBe(0);
    const shown = cli('profile', 'show', '--json').json();
    expect(shown.profile).toMatchObject({ role: 'cis', organization: 'Ministry of Health', email: 'siobhan@gov.bc.ca' });
    expect(shown.changes[0]).toMatchObject({ field: 'role', old_value: 'moh_registries_manager', new_value: 'cis', changed_by: NAME });
    const first = shown.changes.filter((c: { field: string }) => c.field === 'name');
    expect(first).toEqual([expect.objectContaining({ old_value: null, new_value: NAME, changed_by: 'CLI Tester' })]);
    expect(cli('profile', 'show').stdout).toContain('Conformance and Integration Services');
    // An unchanged profile adds nothing to the history.
    expect(cli('profile', 'set', '--name', NAME, '--role', 'cis').code).toBe(0);
    expect(cli('profile', 'show', '--json').json().changes).toHaveLength(shown.changes.length);
    expect(fs.existsSync(path.join(data, 'workbench.sqlite'))).toBe(true);
  });
});
