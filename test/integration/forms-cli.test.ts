/** Partner forms from the command line: list, blank, import (inspect), import --apply, exit codes. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectStreamBomb } from '../support/hostileFiles';
import { fillDocx } from '../unit/forms-fillers';
import { runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let data: string;
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args]);

beforeAll(() => {
  data = tempDir('pcr-forms-cli-');
});
afterAll(() => removeDir(data));

describe('partner forms from the command line', () => {
  it('lists the three forms', () => {
    const list = cli('forms', 'list', '--json').json();
    expect(list.map((f: { id: string }) => f.id)).toEqual(['pcr-onboarding', 'privacy-security-volume2', 'request-for-integration']);
  });

  it('writes blank PDF and DOCX forms', () => {
    for (const format of ['pdf', 'docx']) {
      const out = path.join(data, `rfi.${format}`);
      const run = cli('forms', 'blank', 'request-for-integration', '--format', format, '--out', out);
      expect(run.code).toBe(0);
      expect(fs.statSync(out).size).toBeGreaterThan(1000);
    }
    expect(fs.readFileSync(path.join(data, 'rfi.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('imports a filled DOCX: inspect writes nothing, --apply creates the dossier, a second --apply is a no-op', () => {
    const filled = path.join(data, 'filled.docx');
    fs.writeFileSync(
      filled,
      fillDocx(fs.readFileSync(path.join(data, 'rfi.docx')), {
        org_legal_name: 'Sḵwx̱wú7mesh Úxwumixw Health',
        app_name: 'ʔaq̓am Clinic EMR',
        integration_standard: 'FHIR',
        transactions__find_candidates: true,
      }),
    );
    const inspect = cli('import', filled, '--json');
    expect(inspect.code).toBe(0);
    const report = inspect.json();
    expect(report.inspection.form.id).toBe('request-for-integration');
    expect(report.inspection.missing.length).toBeGreaterThan(0);
    expect(cli('dossier', 'list', '--json').json().total).toBe(0);

    const applied = cli('import', filled, '--apply', '--json').json();
    expect(applied.created).toBe(true);
    const dossier = cli('dossier', 'show', applied.dossier.reference, '--json').json();
    expect(dossier.organization.legal_name).toBe('Sḵwx̱wú7mesh Úxwumixw Health');

    const again = cli('import', filled, '--dossier', applied.dossier.reference, '--apply');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to apply');
  });

  it('exits 2 for an unreadable file and for invalid values', () => {
    const renamed = path.join(data, 'renamed.docx');
    fs.copyFileSync(path.join(data, 'rfi.pdf'), renamed);
    const run = cli('import', renamed);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is named .docx but is a PDF');

    const bad = path.join(data, 'bad.docx');
    fs.writeFileSync(bad, fillDocx(fs.readFileSync(path.join(data, 'rfi.docx')), { org_legal_name: 'Org', app_name: 'App', sponsor_email: 'nope' }));
    const inspect = cli('import', bad);
    expect(inspect.code).toBe(2);
    expect(inspect.stdout).toContain('"nope" is not an e-mail address');
    const apply = cli('import', bad, '--apply');
    expect(apply.code).toBe(2);
    expect(cli('dossier', 'list', '--json').json().total).toBe(1);

    // A decompression bomb is read in the worker and refused; the command ends (the idle worker does not hold it).
    const bomb = path.join(data, 'bomb.pdf');
    fs.writeFileSync(bomb, objectStreamBomb());
    const exploded = cli('import', bomb, '--apply');
    expect(exploded.code).toBe(2);
    expect(exploded.stderr).toContain('"bomb.pdf" has a compressed stream that expands past 16 MB; it is built to exhaust the reader');
    expect(cli('dossier', 'list', '--json').json().total).toBe(1);
    // Seven command runs: on a loaded 2-core machine each start can take many seconds.
  }, 600_000);

  it('asks for the dossier of a form that names none, with the flag that gives it', () => {
    const blank = path.join(data, 'onboarding.docx');
    expect(cli('forms', 'blank', 'pcr-onboarding', '--format', 'docx', '--out', blank).code).toBe(0);
    const run = cli('import', blank);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('belongs to an existing dossier: choose the dossier to compare it with. Give it with --dossier ID|REF.');
    expect(cli('import', blank, '--apply').stderr).toContain('Give it with --dossier ID|REF.');
  });
});
