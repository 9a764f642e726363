import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { OperationOutput } from '../../shared/api/contract';
import type { Dossier } from '../../shared/api/types';
import { tempDir, removeDir, tempEngine } from '../support/tempData';

const HAS_CALC = fs.existsSync('/usr/lib/libreoffice/program/libscfiltlo.so');
if (!HAS_CALC) console.warn('LibreOffice Calc is not installed (libreoffice-calc-nogui): the LibreOffice check of the XLSX is skipped.');

let engine: ReturnType<typeof tempEngine>;
const out = tempDir('pcr-export-');
const refs: string[] = [];
const ok = async <T>(name: string, input: unknown): Promise<T> => {
  const result = await dispatch(engine.handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value as T;
};

beforeAll(async () => {
  engine = tempEngine({ today: '2026-12-07' });
  for (const [org, goLive] of [
    ['Sḵwx̱wú7mesh Úxwumixw, "Health" Services', '2027-01-15'],
    ['=HYPERLINK("http://example.org")', null],
    ['Island Health', '2027-03-01'],
  ] as const) {
    const d = await ok<Dossier>('dossier.create', { fields: { 'organization.legal_name': org, 'application.name': 'EMR', 'integration.standard': 'fhir' } });
    if (goLive) await ok('dossier.update', { id: d.id, changes: { 'targets.go_live_date': goLive } });
    refs.push(d.reference);
  }
});
afterAll(() => {
  engine.close();
  removeDir(out);
});

const exported = async (input: object) => {
  const file = await ok<OperationOutput<'dossier.export'>>('dossier.export', input);
  return { file, bytes: Buffer.from(file.content_base64, 'base64') };
};

describe('dossier.export', () => {
  it('writes CSV in the order and with the filters of the list, quoting what needs it and defusing formulas', async () => {
    const { file, bytes } = await exported({ format: 'csv', sort: 'reference', direction: 'asc' });
    expect(file).toMatchObject({ file_name: 'pcr-dossiers-2026-12-07.csv', media_type: 'text/csv', rows: 3 });
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFFReference,Organization,Application,Phase,RAG,Business support lead,Go-live target,Open activities,Overdue activities,Last changed\r\n')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[1]).toMatch(new RegExp(`^${refs[0]},"Sḵwx̱wú7mesh Úxwumixw, ""Health"" Services",EMR,Intake,,,2027-01-15,7,0,\\d{4}-\\d{2}-\\d{2}$`));
    expect(lines[2]).toContain(`'=HYPERLINK(""http://example.org"")"`);
    const filtered = await exported({ format: 'csv', search: 'Island' });
    expect(filtered.file.rows).toBe(1);
  });

  it('writes XLSX with typed date and number cells, a frozen header and an autofilter', async () => {
    const { file, bytes } = await exported({ format: 'xlsx', sort: 'reference', direction: 'asc' });
    expect(file.media_type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Dossiers')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getRow(1).getCell(7).value).toBe('Go-live target');
    const goLive = sheet.getRow(2).getCell(7);
    expect(goLive.type).toBe(ExcelJS.ValueType.Date);
    expect((goLive.value as Date).toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(goLive.numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getRow(2).getCell(8).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(3).getCell(7).value).toBeNull();
    expect(sheet.getRow(2).getCell(2).value).toBe('Sḵwx̱wú7mesh Úxwumixw, "Health" Services');
  });

  // LibreOffice's Writer is enough for the document tests; this one needs its spreadsheet part
  // (Debian: libreoffice-calc-nogui). Without it the cell types are checked by exceljs above only.
  it.skipIf(!HAS_CALC)('opens in LibreOffice Calc with the go-live column as dates', async () => {
    const { bytes } = await exported({ format: 'xlsx', sort: 'reference', direction: 'asc' });
    const xlsx = path.join(out, 'dossiers.xlsx');
    fs.writeFileSync(xlsx, bytes);
    execFileSync('libreoffice', [`-env:UserInstallation=file://${path.join(out, 'lo-profile')}`, '--headless', '--convert-to', 'fods', '--outdir', out, xlsx], { timeout: 170_000, stdio: 'pipe' });
    const fods = fs.readFileSync(path.join(out, 'dossiers.fods'), 'utf8');
    expect(fods).toMatch(/office:value-type="date" office:date-value="2027-01-15"/);
    expect(fods).toMatch(/office:value-type="float" office:value="7"/);
  });
});
