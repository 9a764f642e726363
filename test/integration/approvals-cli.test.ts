/**
 * Decisions come back: a package exported by the lead, signed by a manager and by CIS on their own
 * data folders, imported back (recorded once; a second import changes nothing), shown by
 * `package history`, and rendered as a signed copy whose approvals page names both approvers
 * and their decisions. A package that does not verify is refused with exit 3.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let root: string;
const folder = (name: string) => path.join(root, name);
/** The real CLI, with room for a heavily loaded machine. */
function cli(data: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'electron/cli/main.ts'), '--data', folder(data), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, PCR_WORKBENCH_USER: 'CLI Tester', PCR_WORKBENCH_KEY_PASSPHRASE: 'approvals test passphrase' },
    timeout: 300_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json: () => JSON.parse(result.stdout) };
}

beforeAll(() => {
  root = tempDir('pcr-approvals-');
});
afterAll(() => removeDir(root));

describe('package import and the signed copy', () => {
  it('records both approvers’ decisions once, shows them, and renders them on the approvals page', () => {
    const pkg = path.join(root, 'package.zip');
    expect(cli('lead', 'profile', 'set', '--name', 'Lee Lead', '--role', 'moh_registries_admin').code).toBe(0);
    const dossier = cli('lead', 'dossier', 'create', '--org', 'Fraser Clinic', '--app', 'EMR', '--json').json();
    expect(cli('lead', 'package', 'export', dossier.reference, '--out', pkg).code).toBe(0);

    for (const [data, name, role] of [
      ['manager', 'Mīria Manager', 'moh_registries_manager'],
      ['cis', 'Émile Tester', 'cis'],
    ] as const) {
      expect(cli(data, 'profile', 'set', '--name', name, '--role', role).code).toBe(0);
      expect(cli(data, 'keys', 'init').code).toBe(0);
      expect(cli(data, 'keys', 'export', '--out', path.join(root, `${data}.json`)).code).toBe(0);
      expect(cli('lead', 'keys', 'trust', path.join(root, `${data}.json`)).code).toBe(0);
    }
    expect(cli('manager', 'package', 'sign', pkg, '--decision', 'approved').code).toBe(0);
    expect(cli('cis', 'package', 'sign', pkg, '--decision', 'approved_with_conditions', '--comment', 'Monitor the first week of updates').code).toBe(0);

    // A workbench that trusts neither key refuses to record anything.
    expect(cli('stranger', 'dossier', 'list').code).toBe(0);
    const refused = cli('stranger', 'package', 'import', pkg);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('does not verify, so no decision was recorded');

    const imported = cli('lead', 'package', 'import', pkg, '--json');
    expect(imported.code).toBe(0);
    expect(imported.json()).toMatchObject({ reference: dossier.reference, package_version: 1, recorded: 2, unchanged: 0, status: { complete: true } });
    const again = cli('lead', 'package', 'import', pkg, '--json');
    expect(again.json()).toMatchObject({ recorded: 0, unchanged: 2 });

    const history = cli('lead', 'package', 'history', dossier.reference, '--json').json();
    expect(history[0].decisions.map((d: { signer_name: string; decision: string }) => [d.signer_name, d.decision]).sort()).toEqual([
      ['Mīria Manager', 'approved'],
      ['Émile Tester', 'approved_with_conditions'],
    ]);
    const text = cli('lead', 'package', 'history', dossier.reference).stdout;
    expect(text).toContain('APPROVED by every required approver');
    expect(text).toContain('Monitor the first week of updates');

    const signedCopy = path.join(root, 'signed.pdf');
    const rendered = cli('lead', 'package', 'render-signed', pkg, '--out', signedCopy, '--json');
    expect(rendered.code).toBe(0);
    expect(rendered.json().signers).toBe(2);
    const pages = spawnSync('pdftotext', [signedCopy, '-'], { encoding: 'utf8' }).stdout.split('\f');
    const first = pages.findIndex((p) => p.includes('Each approver records a decision'));
    expect(first).toBeGreaterThan(0);
    const approvalsPage = pages.slice(first).join('\n').replace(/\s+/g, ' ');
    for (const expected of ['Mīria Manager', 'Émile Tester', 'Approved with conditions', 'Monitor the first week of updates', 'Recorded decisions']) {
      expect(approvalsPage).toContain(expected);
    }
    expect(approvalsPage).toMatch(/Approved\b/);
    expect(approvalsPage).not.toMatch(/package verify/);
  }, 900_000);
});
