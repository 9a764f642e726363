import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let data: string;
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args]);

beforeAll(() => {
  data = tempDir('pcr-similar-cli-');
});
afterAll(() => removeDir(data));

describe('dossier create warns about a similar organization', () => {
  it('creates the second dossier all the same, and names the first one', () => {
    const first = cli('dossier', 'create', '--org', 'Sḵwx̱wú7mesh Úxwumixw Health Services', '--app', 'Clinic EMR', '--json').json();
    const second = cli('dossier', 'create', '--org', 'Skwxwu7mesh Uxwumixw', '--app', 'Lab system');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Note: a dossier already exists for a similar organization');
    expect(second.stdout).toContain(`${first.reference}  Sḵwx̱wú7mesh Úxwumixw Health Services — Clinic EMR (Intake)`);

    const third = cli('dossier', 'create', '--org', 'Northern Health', '--app', 'EMR', '--json');
    expect(third.code).toBe(0);
    expect(third.json().similar_organizations).toEqual([]);
    expect(cli('dossier', 'list', '--json').json().total).toBe(3);
  });
});
