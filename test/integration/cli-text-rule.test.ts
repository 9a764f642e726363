/**
 * The text rule on the command line: a control character typed in is refused (exit 2, the field
 * named, nothing written), and a value stored before the rule is printed as a visible escape —
 * `dossier show` and `dossier list` never send a terminal control sequence.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let data: string;
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args]);
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

beforeAll(() => {
  data = tempDir('pcr-cli-text-');
});
afterAll(() => removeDir(data));

describe('text rule on the command line', () => {
  it('refuses a control character with exit 2 naming the field, and prints stored ones as escapes', () => {
    const created = cli('--json', 'dossier', 'create', '--org', 'Fraser Clinic', '--app', 'EMR');
    expect(created.code).toBe(0);
    const { id } = created.json<{ id: string }>();
    const refused = cli('dossier', 'set', id, 'application.vendor=Acme\u001b[31m');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/application\.vendor \(Vendor\): contains an escape character/);
    expect(refused.stderr).not.toMatch(CONTROL);

    // Stored before the rule existed (or by another tool): shown, never executed, never rewritten.
    const db = new Database(path.join(data, 'workbench.sqlite'));
    db.prepare("UPDATE dossiers SET organization__legal_name = ?, status__phase = 'bogus' WHERE id = ?").run('Fraser\u001b[31m Clinic\u0007', id);
    db.close();
    const shown = cli('dossier', 'show', id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toMatch(CONTROL);
    expect(shown.stdout).toContain('Fraser\\u001b[31m Clinic\\u0007');
    expect(shown.stdout).toMatch(/invalid/i);
    const asJson = cli('--json', 'dossier', 'show', id);
    expect(asJson.code).toBe(0);
    expect(asJson.stdout).not.toMatch(CONTROL);
    expect(asJson.json<{ organization: { legal_name: string } }>().organization.legal_name).toBe('Fraser\u001b[31m Clinic\u0007');
    const listed = cli('dossier', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toMatch(CONTROL);
    expect(listed.stdout).toMatch(/invalid/i);
  });
});
